using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FluentValidation;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.Matching;

public abstract class MatchingTests(MatchApiFactory api)
{
    private static readonly ParticipantGoals ShopGoals = new()
    {
        OwnWords = "Jag vill jobba i en klädbutik nära hemmet",
        DesiredOccupations = ["5223", "9111"],
        AcceptableMunicipalities = ["1480"],
        HomeLocation = MatchTestData.Home,
        MaxTravelKm = 20,
    };

    private async Task<(TenantClient Tenant, MatchTestData Data)> NewAsync()
    {
        var tenant = await api.NewTenantAsync();
        return (tenant, new MatchTestData(api.Db, tenant.TenantId));
    }

    private static long[] OpeningIds(JsonNode body) => body["results"]!.AsArray().Select(r => (long)r!["opening"]!["id"]!).ToArray();

    private static IEnumerable<string> Reasons(JsonNode result, string language) =>
        result["reasons"]!.AsArray().Select(r => (string)r![language]!);

    [Fact]
    public async Task Participant_matches_are_ranked_by_their_own_goals_and_explained()
    {
        var (tenant, data) = await NewAsync();
        var coach = await data.CoachAsync();
        var shop = await data.EmployerAsync("Kläder & Co", Sector.Private);
        var city = await data.EmployerAsync("Göteborgs Stad", Sector.Public);
        var wanted = await data.OpeningAsync(shop, "Butikssäljare", "5223", location: MatchTestData.North(9));
        var other = await data.OpeningAsync(city, "Lokalvårdare", "9111", location: MatchTestData.North(2));
        for (var i = 0; i < 3; i++) await data.ContactAsync(shop, coach, daysAgo: 10 + i);
        var participant = await data.ParticipantAsync(coach, ShopGoals);

        var body = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([wanted, other], OpeningIds(body));
        Assert.Equal(0, ((long)body["weightsVersion"]!));
        Assert.NotNull(body["generatedAt"]);
        var best = body["results"]![0]!;
        Assert.Equal("Butikssäljare", ((string)best["opening"]!["title"]!));
        Assert.Equal("5223", ((string)best["opening"]!["ssykCode"]!));
        Assert.Equal("competitive", ((string)best["opening"]!["jobType"]!));
        Assert.Equal("permanent", ((string)best["opening"]!["employmentForm"]!));
        Assert.Equal("Kläder & Co", ((string)best["employer"]!["name"]!));
        Assert.Equal("private", ((string)best["employer"]!["sector"]!));
        Assert.InRange(((double)best["score"]!), 0, 100);
        Assert.Equal(MatchApi.Matching.Matcher.FactorNames, best["factors"]!.AsArray().Select(f => (string)f!["name"]!));
        Assert.Contains("Ditt förstahandsval: Butikssäljare", Reasons(best, "sv"));
        Assert.Contains("Your first choice: shop sales, specialty stores", Reasons(best, "en"));
        Assert.Contains("9 km från hemmet", Reasons(best, "sv"));
        Assert.Contains("Privat arbetsgivare som din coach träffat 3 gånger senaste 90 dagarna", Reasons(best, "sv"));
        Assert.Contains("Private employer your coach has met 3 times in the last 90 days", Reasons(best, "en"));
        Assert.Null(best["tenantId"]);
    }

    [Fact]
    public async Task Closed_expired_and_avoided_openings_never_appear_and_nothing_else_is_left_out()
    {
        var (tenant, data) = await NewAsync();
        var employer = await data.EmployerAsync("Kläder & Co");
        var avoided = await data.EmployerAsync("Undvik AB");
        var open = await data.OpeningAsync(employer);
        var unrelatedFarInternship = await data.OpeningAsync(employer, "Praktik lager", "9333", "1401", MatchTestData.North(60), JobType.Internship,
            hoursPerWeek: 5, schedule: Schedule.Night, employmentForm: EmploymentForm.Hourly);
        await data.OpeningAsync(employer, status: OpeningStatus.Closed);
        await data.OpeningAsync(employer, status: OpeningStatus.Filled);
        await data.OpeningAsync(employer, expiresOn: MatchTestData.Today.AddDays(-1));
        await data.OpeningAsync(avoided);
        await data.OpeningAsync(employer, ssykCode: "5120");
        var participant = await data.ParticipantAsync(goals: ShopGoals with { Avoid = new Avoidances { EmployerIds = [avoided], Occupations = ["51"] } });

        var body = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([open, unrelatedFarInternship], OpeningIds(body));
    }

    [Fact]
    public async Task An_opening_closed_after_a_match_is_gone_from_the_next_match_at_once()
    {
        var (tenant, data) = await NewAsync();
        var employer = await data.EmployerAsync("Kläder & Co");
        var first = await data.OpeningAsync(employer);
        var second = await data.OpeningAsync(employer, ssykCode: "9111");
        var participant = await data.ParticipantAsync(goals: ShopGoals);
        var url = $"/v1/participants/{participant}/matches";
        Assert.Equal([first, second], OpeningIds(await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK)));

        await data.CloseOpeningAsync(first);

        Assert.Equal([second], OpeningIds(await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task Limit_and_filters_narrow_the_results()
    {
        var (tenant, data) = await NewAsync();
        var shop = await data.EmployerAsync("Kläder & Co", Sector.Private);
        var city = await data.EmployerAsync("Göteborgs Stad", Sector.Public);
        var competitive = await data.OpeningAsync(shop);
        var subsidised = await data.OpeningAsync(city, jobType: JobType.Subsidised);
        var elsewhere = await data.OpeningAsync(city, municipalityCode: "1401");
        var participant = await data.ParticipantAsync(goals: ShopGoals);
        var url = $"/v1/participants/{participant}/matches";

        Assert.Equal([competitive], OpeningIds(await (await tenant.Http.GetAsync($"{url}?limit=1")).ReadJsonAsync(HttpStatusCode.OK)));
        Assert.Equal([subsidised], OpeningIds(await (await tenant.Http.GetAsync($"{url}?jobType=subsidised")).ReadJsonAsync(HttpStatusCode.OK)));
        Assert.Equal([elsewhere], OpeningIds(await (await tenant.Http.GetAsync($"{url}?municipalityCode=1401")).ReadJsonAsync(HttpStatusCode.OK)));
        var publicOnly = await (await tenant.Http.GetAsync($"{url}?sector=public")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { subsidised, elsewhere }.Order(), OpeningIds(publicOnly).Order());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("municipalityCode=9999", "municipalityCode")]
    [InlineData("jobType=sheltered", "jobType")]
    [InlineData("sector=2", "sector")]
    public async Task Out_of_range_query_parameters_are_a_validation_problem(string query, string field)
    {
        var (tenant, data) = await NewAsync();
        var participant = await data.ParticipantAsync(goals: ShopGoals);
        var errors = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
        var post = await (await tenant.Http.PostJsonAsync($"/v1/matches?{query}", new { goals = ShopGoals })).ReadValidationErrorsAsync();
        Assert.True(post.ContainsKey(field));
    }

    [Fact]
    public async Task Missing_participant_is_404_problem()
    {
        var (tenant, _) = await NewAsync();
        var problem = await (await tenant.Http.GetAsync("/v1/participants/987654321/matches")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", ((string)problem["detail"]!));
    }

    [Fact]
    public async Task Another_tenants_participant_is_not_found_and_their_openings_never_appear()
    {
        var (owner, ownerData) = await NewAsync();
        var (other, otherData) = await NewAsync();
        var participant = await ownerData.ParticipantAsync(goals: ShopGoals);
        await ownerData.OpeningAsync(await ownerData.EmployerAsync("Ägarens butik"));

        await (await other.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadProblemAsync(HttpStatusCode.NotFound);
        var otherParticipant = await otherData.ParticipantAsync(goals: ShopGoals);
        var body = await (await other.Http.GetAsync($"/v1/participants/{otherParticipant}/matches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(OpeningIds(body));
        Assert.Empty(OpeningIds(await (await other.Http.PostJsonAsync("/v1/matches", new { goals = ShopGoals })).ReadJsonAsync(HttpStatusCode.OK)));
        Assert.Single(OpeningIds(await (await owner.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadJsonAsync(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task A_participant_without_goals_is_a_409_problem_asking_for_goals_first()
    {
        var (tenant, data) = await NewAsync();
        var participant = await data.ParticipantAsync();
        var problem = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("goals first", ((string)problem["detail"]!));
    }

    [Fact]
    public async Task Goals_in_the_body_are_ranked_the_same_way_and_the_coach_counts()
    {
        var (tenant, data) = await NewAsync();
        var coach = await data.CoachAsync();
        var known = await data.EmployerAsync("Känd AB");
        var unknown = await data.EmployerAsync("Okänd AB");
        var atUnknown = await data.OpeningAsync(unknown);
        var atKnown = await data.OpeningAsync(known);
        await data.ContactAsync(known, coach, daysAgo: 3);

        var body = await (await tenant.Http.PostJsonAsync("/v1/matches?limit=5", new { goals = ShopGoals, coachId = coach })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([atKnown, atUnknown], OpeningIds(body));
        Assert.Contains("Privat arbetsgivare som din coach träffat 1 gång senaste 90 dagarna", Reasons(body["results"]![0]!, "sv"));
        Assert.Equal(0, (await data.CountAsync(MatchTestData.Sqls.StoredGoals)));
    }

    [Fact]
    public async Task Invalid_goals_in_the_body_are_each_reported()
    {
        var (tenant, _) = await NewAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/matches", new
        {
            goals = new
            {
                desiredOccupations = new[] { "12345" },
                acceptableMunicipalities = new[] { "9999" },
                maxTravelKm = -1,
                minHoursPerWeek = 30,
                maxHoursPerWeek = 20,
                avoid = new { industries = new[] { "x" } },
            },
        });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("goals.desiredOccupations[0]"));
        Assert.True(errors.ContainsKey("goals.acceptableMunicipalities[0]"));
        Assert.True(errors.ContainsKey("goals.maxTravelKm"));
        Assert.True(errors.ContainsKey("goals.minHoursPerWeek"));
        Assert.True(errors.ContainsKey("goals.avoid.industries[0]"));
    }

    [Fact]
    public async Task The_goal_rules_of_the_body_fail_as_FluentValidations_own_nesting_does()
    {
        // The route runs the shared goal rules through NestedValidator (paths added after the rules, not built before each
        // one); FluentValidation's SetValidator is the reference: the same failures, in the same order, with the same paths.
        var goals = api.Services.GetRequiredService<ParticipantGoalsValidator>();
        var reference = new InlineValidator<MatchApi.Matching.MatchRequest>();
        reference.RuleFor(x => x.Goals).NotNull().SetValidator(goals);
        reference.RuleFor(x => x.CoachId).GreaterThan(0).When(x => x.CoachId is not null);
        var service = api.Services.GetRequiredService<IValidator<MatchApi.Matching.MatchRequest>>();
        MatchApi.Matching.MatchRequest[] requests =
        [
            new(ShopGoals, 1),
            new(null!, 0),
            new(new ParticipantGoals
            {
                OwnWords = new string('a', 2001),
                DesiredOccupations = ["12345", "5223", "5223"],
                AcceptableMunicipalities = ["9999"],
                HomeLocation = new(40, 30),
                MaxTravelKm = -1,
                MinHoursPerWeek = 30,
                MaxHoursPerWeek = 20,
                Schedules = [(Schedule)99],
                Avoid = new() { Occupations = ["x"], Industries = ["x", "01"], EmployerIds = [0, 0] },
                Interests = ["a", "kläder", "Kläder"],
                PreferredEmployerIds = [-1],
                AvoidSchedules = [(Schedule)99],
            }, -5),
            new(ShopGoals with { TravelLimitIsHard = true, MaxTravelKm = null, HomeLocation = null, DesiredOccupations = null!, Avoid = null!, Firm = new() { Hours = true, Schedules = true } }, null),
        ];
        foreach (var request in requests)
        {
            static string[] Failures(FluentValidation.Results.ValidationResult r) =>
                r.Errors.Select(e => $"{e.PropertyName} | {e.ErrorMessage} | {e.ErrorCode} | {e.Severity}").ToArray();
            var expected = Failures(await reference.ValidateAsync(request, TestContext.Current.CancellationToken));
            if (request.Goals != ShopGoals) Assert.NotEmpty(expected);
            Assert.Equal(expected, Failures(await service.ValidateAsync(request, TestContext.Current.CancellationToken)));
            Assert.Equal(expected, Failures(service.Validate(request)));
        }
    }

    [Fact]
    public async Task Another_tenants_coach_in_the_body_is_a_validation_problem()
    {
        var (tenant, _) = await NewAsync();
        var (_, otherData) = await NewAsync();
        var foreignCoach = await otherData.CoachAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/matches", new { goals = ShopGoals, coachId = foreignCoach })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("coachId"));
    }

    [Fact]
    public async Task A_field_for_work_ability_is_rejected_as_unknown()
    {
        var (tenant, _) = await NewAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/matches",
            """{"goals":{"desiredOccupations":["5223"],"workAbility":"low"}}""");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("workAbility", ((string)problem["detail"]!));
    }

    [Fact]
    public async Task Goals_sent_for_matching_are_not_logged()
    {
        var (tenant, data) = await NewAsync();
        await data.OpeningAsync(await data.EmployerAsync("Kläder & Co"));
        var logs = new LogCapture();
        await using var logged = api.WithWebHostBuilder(b => b.ConfigureLogging(l =>
        {
            l.SetMinimumLevel(LogLevel.Trace);
            l.AddProvider(logs);
        }));
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(api.Db, tenant.TenantId, "log test", [Scopes.Match], key, null, default);
        var client = logged.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        const string secret = "Mina egna ord som aldrig får loggas 7f3a";

        await (await client.PostJsonAsync("/v1/matches", new { goals = ShopGoals with { OwnWords = secret } })).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync("/v1/matches?limit=0", new { goals = ShopGoals with { OwnWords = secret } })).ReadValidationErrorsAsync();

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Texts(), line => line.Contains("7f3a"));
        Assert.Equal(0, (await data.CountAsync(MatchTestData.Sqls.StoredGoals)));
    }

    [Fact]
    public async Task Weights_default_to_version_0_and_each_update_appends_a_version()
    {
        var (tenant, data) = await NewAsync();
        var initial = await tenant.Http.GetAsync("/v1/matching/weights");
        var defaults = await initial.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, ((long)defaults["version"]!));
        Assert.Equal(30, ((double)defaults["weights"]!["occupation"]!));
        Assert.Equal(90, ((double)defaults["weights"]!["knownEmployerHalfLifeDays"]!));
        Assert.Equal("\"0\"", initial.Headers.ETag?.Tag);

        var updated = await tenant.Http.PutJsonAsync("/v1/matching/weights", new { occupation = 50, place = 10 }, "\"0\"");
        var v1 = await updated.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, ((long)v1["version"]!));
        Assert.Equal(50, ((double)v1["weights"]!["occupation"]!));
        Assert.Equal("\"1\"", updated.Headers.ETag?.Tag);
        await (await tenant.Http.PutJsonAsync("/v1/matching/weights", new { occupation = 40 })).ReadJsonAsync(HttpStatusCode.OK);

        var current = await (await tenant.Http.GetAsync("/v1/matching/weights")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, ((long)current["version"]!));
        Assert.Equal(40, ((double)current["weights"]!["occupation"]!));
        Assert.Equal(2, (await data.CountAsync(MatchTestData.Sqls.WeightVersions)));
        var matches = await (await tenant.Http.PostJsonAsync("/v1/matches", new { goals = ShopGoals })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, ((long)matches["weightsVersion"]!));
    }

    [Fact]
    public async Task Contacts_count_on_their_swedish_day_not_their_utc_day()
    {
        // 23:30 UTC on 1 December is 00:30 on 2 December in Sweden: "today" is the 2nd.
        var clock = new TestClock(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));
        await using var app = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (tenant, data) = await NewAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, tenant.Http.DefaultRequestHeaders.GetValues(ApiKeys.Header).Single());
        var coach = await data.CoachAsync();
        var planned = await data.EmployerAsync("Planerat AB");
        var met = await data.EmployerAsync("Träffat AB");
        var plannedOpening = await data.OpeningAsync(planned);
        var metOpening = await data.OpeningAsync(met);
        // 23:15 UTC on the 2nd is 00:15 on the 3rd in Sweden (tomorrow): still planned, though its UTC date is "today".
        await data.ContactAtAsync(planned, coach, new DateTimeOffset(2026, 12, 2, 23, 15, 0, TimeSpan.Zero));
        // 23:10 UTC on 1 December is 00:10 on the 2nd in Sweden: held today, though its UTC date is yesterday.
        await data.ContactAtAsync(met, coach, new DateTimeOffset(2026, 12, 1, 23, 10, 0, TimeSpan.Zero));
        var participant = await data.ParticipantAsync(coach, ShopGoals);

        var body = await (await client.GetAsync($"/v1/participants/{participant}/matches")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([metOpening, plannedOpening], OpeningIds(body));
        Assert.Contains("Din coach har ett möte inplanerat med arbetsgivaren (räknas när det har hållits)", Reasons(Result(body, plannedOpening), "sv"));
        Assert.DoesNotContain(Reasons(Result(body, plannedOpening), "sv"), r => r.Contains("träffat"));
        Assert.Contains("Privat arbetsgivare som din coach träffat 1 gång senaste 90 dagarna", Reasons(Result(body, metOpening), "sv"));
    }

    [Fact]
    public async Task Weights_set_through_another_instance_are_used_here_within_five_seconds()
    {
        var (tenant, data) = await NewAsync();
        await data.OpeningAsync(await data.EmployerAsync("Kläder & Co"));
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var other = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = other.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, tenant.Http.DefaultRequestHeaders.GetValues(ApiKeys.Header).Single());
        var before = await (await client.PostJsonAsync("/v1/matches", new { goals = ShopGoals })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, ((long)before["weightsVersion"]!));

        await (await tenant.Http.PutJsonAsync("/v1/matching/weights", new { occupation = 50 })).ReadJsonAsync(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(5));
        var after = await (await client.PostJsonAsync("/v1/matches", new { goals = ShopGoals })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, ((long)after["weightsVersion"]!));
    }

    [Fact]
    public async Task Stale_if_match_on_weights_is_412_and_changes_nothing()
    {
        var (tenant, data) = await NewAsync();
        await (await tenant.Http.PutJsonAsync("/v1/matching/weights", new { occupation = 50 }, "\"0\"")).ReadJsonAsync(HttpStatusCode.OK);
        await (await tenant.Http.PutJsonAsync("/v1/matching/weights", new { occupation = 10 }, "\"0\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await tenant.Http.PutJsonAsync("/v1/matching/weights", new { occupation = 10 }, "yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1, (await data.CountAsync(MatchTestData.Sqls.WeightVersions)));
    }

    [Theory]
    [InlineData("""{"occupation":-1}""", "occupation")]
    [InlineData("""{"sector":101}""", "sector")]
    [InlineData("""{"knownEmployerHalfLifeDays":0}""", "knownEmployerHalfLifeDays")]
    [InlineData("""{"ownCoachMultiplier":11}""", "ownCoachMultiplier")]
    [InlineData("""{"occupation":0,"place":0,"hours":0,"schedule":0,"employmentForm":0,"startDate":0,"jobType":0,"sector":0,"knownEmployer":0,"interests":0,"preferredEmployer":0}""", "weights")]
    public async Task Invalid_weights_are_a_validation_problem_and_store_nothing(string json, string field)
    {
        var (tenant, data) = await NewAsync();
        var errors = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Put, "/v1/matching/weights", json)).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
        Assert.Equal(0, (await data.CountAsync(MatchTestData.Sqls.WeightVersions)));
    }

    [Fact]
    public async Task Weights_change_the_ranking_and_belong_to_one_tenant()
    {
        var (tenant, data) = await NewAsync();
        var (other, _) = await NewAsync();
        var publicWanted = await data.OpeningAsync(await data.EmployerAsync("Stad", Sector.Public));
        var privateUnrelated = await data.OpeningAsync(await data.EmployerAsync("Privat AB", Sector.Private), ssykCode: "8332");
        var participant = await data.ParticipantAsync(goals: ShopGoals);
        var url = $"/v1/participants/{participant}/matches";
        Assert.Equal([publicWanted, privateUnrelated], OpeningIds(await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK)));

        await (await tenant.Http.PutJsonAsync("/v1/matching/weights", new
        {
            occupation = 0, place = 0, hours = 0, schedule = 0, employmentForm = 0, startDate = 0, jobType = 0, sector = 10, knownEmployer = 0,
        })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([privateUnrelated, publicWanted], OpeningIds(await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK)));
        Assert.Equal(0, ((long)(await (await other.Http.GetAsync("/v1/matching/weights")).ReadJsonAsync(HttpStatusCode.OK))["version"]!));
    }

    [Fact]
    public async Task Without_a_key_every_matching_route_is_401()
    {
        var client = api.Anonymous();
        await (await client.GetAsync("/v1/participants/1/matches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/v1/matches", new { goals = ShopGoals })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/v1/matching/weights")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PutJsonAsync("/v1/matching/weights", new { occupation = 1 })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Matching_needs_the_match_scope_and_weights_need_admin()
    {
        var (tenant, data) = await NewAsync();
        var participant = await data.ParticipantAsync(goals: ShopGoals);
        var reader = await tenant.WithScopesAsync(Scopes.ParticipantsRead, Scopes.OpeningsRead);
        await (await reader.GetAsync($"/v1/participants/{participant}/matches")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PostJsonAsync("/v1/matches", new { goals = ShopGoals })).ReadProblemAsync(HttpStatusCode.Forbidden);

        var matcher = await tenant.WithScopesAsync(Scopes.Match);
        Assert.Equal(HttpStatusCode.OK, (await matcher.GetAsync($"/v1/participants/{participant}/matches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await matcher.GetAsync("/v1/matching/weights")).StatusCode);
        await (await matcher.PutJsonAsync("/v1/matching/weights", new { occupation = 1 })).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await data.CountAsync(MatchTestData.Sqls.WeightVersions)));
    }

    // Issue 14: the participant's own words, firm limits and honest reasons, over HTTP.

    private static JsonNode Result(JsonNode body, long openingId) =>
        body["results"]!.AsArray().Single(r => (long)r!["opening"]!["id"]! == openingId)!;

    [Fact]
    public async Task Interests_and_preferred_employers_lift_openings_and_say_why()
    {
        var (tenant, data) = await NewAsync();
        var zoo = await data.EmployerAsync("Djurens Hus", sniCode: "75000");
        var store = await data.EmployerAsync("Lagret AB", sniCode: "52100");
        var liked = await data.EmployerAsync("Favoriten AB", sniCode: "47190");
        var dogs = await data.OpeningAsync(zoo, "Hunddagis", "5223", description: "Vi söker en djurskötare till vårt hunddagis.");
        var warehouse = await data.OpeningAsync(store, "Lagerarbetare", "5223");
        var favourite = await data.OpeningAsync(liked, "Lagerarbetare", "5223");

        var body = await (await tenant.Http.PostJsonAsync("/v1/matches", new
        {
            goals = new { desiredOccupations = new[] { "5223" }, interests = new[] { "djur" }, preferredEmployerIds = new[] { liked } },
        })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(dogs, OpeningIds(body)[0]);
        Assert.Equal(warehouse, OpeningIds(body).Last());
        Assert.Contains("Nämner ”djur”, som du är intresserad av", Reasons(Result(body, dogs), "sv"));
        Assert.Contains("Mentions “djur”, which you are interested in", Reasons(Result(body, dogs), "en"));
        Assert.Contains("En arbetsgivare du gärna vill arbeta hos", Reasons(Result(body, favourite), "sv"));
        var kinds = Result(body, warehouse)["reasons"]!.AsArray().Where(r => (string)r!["factor"]! == "interests").Select(r => (string)r!["kind"]!);
        Assert.Equal(["doesNotFit"], kinds);
    }

    [Fact]
    public async Task Firm_limits_exclude_like_the_avoid_list_and_soft_ones_are_said()
    {
        var (tenant, data) = await NewAsync();
        var employer = await data.EmployerAsync("Restaurangen");
        var day = await data.OpeningAsync(employer, "Kock", "5120", hoursPerWeek: 20, schedule: Schedule.Day);
        var evening = await data.OpeningAsync(employer, "Kock", "5120", hoursPerWeek: 20, schedule: Schedule.Evening);
        var fullTime = await data.OpeningAsync(employer, "Kock", "5120", hoursPerWeek: 40, schedule: Schedule.Day);
        var unknown = await data.OpeningAsync(employer, "Kock", "5120", hoursPerWeek: null, schedule: null);
        var goals = new JsonObject
        {
            ["desiredOccupations"] = new JsonArray("5120"), ["schedules"] = new JsonArray("day"), ["maxHoursPerWeek"] = 20,
        };

        var soft = await (await tenant.Http.PostJsonAsync("/v1/matches", new JsonObject { ["goals"] = goals.DeepClone() })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equivalent(new[] { day, evening, fullTime, unknown }, OpeningIds(soft), strict: true);
        Assert.Contains("Kvällsarbete – du önskade dagtid", Reasons(Result(soft, evening), "sv"));
        Assert.Contains("40 timmar i veckan – du önskade högst 20", Reasons(Result(soft, fullTime), "sv"));
        Assert.Contains("40 hours a week – you wished for at most 20", Reasons(Result(soft, fullTime), "en"));
        Assert.Contains("Arbetstid anges inte", Reasons(Result(soft, unknown), "sv"));

        goals["firm"] = new JsonObject { ["hours"] = true, ["schedules"] = true };
        var firm = await (await tenant.Http.PostJsonAsync("/v1/matches", new JsonObject { ["goals"] = goals.DeepClone() })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([day, unknown], OpeningIds(firm));

        goals.Remove("firm");
        goals["schedules"] = new JsonArray();
        goals["avoidSchedules"] = new JsonArray("evening");
        var never = await (await tenant.Http.PostJsonAsync("/v1/matches", new JsonObject { ["goals"] = goals })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(evening, OpeningIds(never));
        Assert.Equal(3, OpeningIds(never).Length);
    }

    [Fact]
    public async Task Stored_goals_with_the_new_fields_are_used_by_the_participant_match_route()
    {
        var (tenant, data) = await NewAsync();
        var employer = await data.EmployerAsync("Gröna Fingrar");
        var garden = await data.OpeningAsync(employer, "Trädgårdsarbetare", "6113");
        var evening = await data.OpeningAsync(employer, "Trädgårdsarbetare", "6113", schedule: Schedule.Evening);
        var other = await data.OpeningAsync(employer, "Parkarbetare", "6113");
        var participant = await data.ParticipantAsync();
        var put = await tenant.Http.PutJsonAsync($"/v1/participants/{participant}/goals", new
        {
            desiredOccupations = new[] { "6113" }, interests = new[] { "trädgård" }, avoidSchedules = new[] { "evening" },
            preferredIndustries = new[] { "81" },
        });
        await put.ReadJsonAsync(HttpStatusCode.OK);

        var body = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([garden, other], OpeningIds(body));
        Assert.DoesNotContain(evening, OpeningIds(body));
    }

    [Fact]
    public async Task A_planned_meeting_is_not_counted_as_held_and_inactive_employers_are_not_shown()
    {
        var (tenant, data) = await NewAsync();
        var coach = await data.CoachAsync();
        var planned = await data.EmployerAsync("Planerat AB");
        var met = await data.EmployerAsync("Träffat AB");
        var gone = await data.EmployerAsync("Nedlagt AB", active: false);
        var plannedOpening = await data.OpeningAsync(planned);
        var metOpening = await data.OpeningAsync(met);
        await data.OpeningAsync(gone);
        await data.ContactAsync(planned, coach, daysAgo: -1);
        await data.ContactAsync(met, coach, daysAgo: 5);
        var participant = await data.ParticipantAsync(coach, ShopGoals);

        var body = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([metOpening, plannedOpening], OpeningIds(body));
        Assert.DoesNotContain(Reasons(Result(body, plannedOpening), "sv"), r => r.Contains("träffat"));
        Assert.Contains("Din coach har ett möte inplanerat med arbetsgivaren (räknas när det har hållits)", Reasons(Result(body, plannedOpening), "sv"));
        Assert.Contains("Privat arbetsgivare som din coach träffat 1 gång senaste 90 dagarna", Reasons(Result(body, metOpening), "sv"));
    }

    [Fact]
    public async Task Distances_are_great_circle_and_a_hard_limit_compares_the_distance_shown()
    {
        var (tenant, data) = await NewAsync();
        var employer = await data.EmployerAsync("Huvudstaden AB");
        var stockholm = await data.OpeningAsync(employer, location: new MatchApi.Common.GeoPoint(59.3293, 18.0686));
        object Goals(double km) => new { goals = new { homeLocation = MatchTestData.Home, maxTravelKm = km, travelLimitIsHard = true } };

        var within = await (await tenant.Http.PostJsonAsync("/v1/matches", Goals(397))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([stockholm], OpeningIds(within));
        Assert.Contains("397 km från hemmet", Reasons(Result(within, stockholm), "sv"));
        var beyond = await (await tenant.Http.PostJsonAsync("/v1/matches", Goals(396))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(OpeningIds(beyond));
    }

    [Fact]
    public async Task Results_lifted_by_the_employer_diversity_rule_are_marked()
    {
        var (tenant, data) = await NewAsync();
        var big = await data.EmployerAsync("Stora Butiken");
        var small = await data.EmployerAsync("Lilla Butiken");
        var bigOpenings = new List<long>();
        for (var i = 0; i < 3; i++) bigOpenings.Add(await data.OpeningAsync(big));
        var lifted = await data.OpeningAsync(small, jobType: JobType.Internship);

        var body = await (await tenant.Http.PostJsonAsync("/v1/matches?limit=3", new { goals = ShopGoals })).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal([bigOpenings[0], bigOpenings[1], lifted], OpeningIds(body));
        Assert.Equal([false, false, true], body["results"]!.AsArray().Select(r => (bool)r!["liftedByDiversity"]!));
    }

    /// <summary>Bodies the stored goals refuse: the stateless route refuses each too, and neither answers 500.</summary>
    public static TheoryData<string, string> RefusedGoals => new()
    {
        { """{"desiredOccupations":["5223","5222","5221","5241","5120","5311","9111","9112","2512","4111","8332"]}""", "desiredOccupations" },
        { """{"desiredOccupations":["5223","5223"]}""", "desiredOccupations" },
        { """{"homeLocation":{"latitude":60.39,"longitude":5.32},"maxTravelKm":20}""", "homeLocation.longitude" },
        { """{"homeLocation":{"latitude":57.7,"longitude":11.97},"maxTravelKm":1500}""", "maxTravelKm" },
        { """{"maxTravelKm":20,"travelLimitIsHard":true}""", "homeLocation" },
        { """{"avoid":{"industries":[null]}}""", "avoid.industries[0]" },
        { """{"avoid":{"occupations":null}}""", "avoid.occupations" },
        { """{"avoid":null}""", "avoid" },
        { """{"desiredOccupations":[null]}""", "desiredOccupations[0]" },
        { """{"interests":[null]}""", "interests[0]" },
        { """{"interests":["a"]}""", "interests[0]" },
        { """{"interests":["djur","Djur"]}""", "interests" },
        { """{"interests":["1","2","3","4","5","6","7","8","9","10","11"]}""", "interests" },
        { """{"preferredIndustries":["x"]}""", "preferredIndustries[0]" },
        { """{"preferredEmployerIds":[0]}""", "preferredEmployerIds[0]" },
        { """{"avoidSchedules":["day","evening","night","weekend"]}""", "avoidSchedules" },
        { """{"schedules":["day"],"avoidSchedules":["day"]}""", "avoidSchedules" },
        { """{"firm":{"hours":true}}""", "firm.hours" },
        { """{"firm":{"schedules":true}}""", "firm.schedules" },
        { """{"firm":null}""", "firm" },
        { """{"minHoursPerWeek":30,"maxHoursPerWeek":20}""", "minHoursPerWeek" },
    };

    [Theory]
    [MemberData(nameof(RefusedGoals))]
    public async Task Goals_refused_when_stored_are_refused_by_the_stateless_match_too(string goalsJson, string field)
    {
        var (tenant, data) = await NewAsync();
        var participant = await data.ParticipantAsync();
        var goals = JsonNode.Parse(goalsJson)!;

        var put = await tenant.Http.PutJsonAsync($"/v1/participants/{participant}/goals", goals.DeepClone());
        Assert.True((await put.ReadValidationErrorsAsync()).ContainsKey(field), field);
        var post = await tenant.Http.PostJsonAsync("/v1/matches", new JsonObject { ["goals"] = goals });
        Assert.True((await post.ReadValidationErrorsAsync()).ContainsKey($"goals.{field}"), field);
        Assert.Equal(0, (await data.CountAsync(MatchTestData.Sqls.StoredGoals)));
    }

    [Fact]
    public async Task Employers_of_another_organisation_are_refused_on_both_goal_routes()
    {
        var (tenant, data) = await NewAsync();
        var (_, otherData) = await NewAsync();
        var foreign = await otherData.EmployerAsync("Någon Annans AB");
        var participant = await data.ParticipantAsync();
        var goals = new { preferredEmployerIds = new[] { foreign } };

        var put = await tenant.Http.PutJsonAsync($"/v1/participants/{participant}/goals", goals);
        Assert.True((await put.ReadValidationErrorsAsync()).ContainsKey("preferredEmployerIds[0]"));
        var post = await tenant.Http.PostJsonAsync("/v1/matches", new { goals });
        Assert.True((await post.ReadValidationErrorsAsync()).ContainsKey("goals.preferredEmployerIds[0]"));
    }

    [Fact]
    public async Task A_participant_without_goals_gets_the_declared_409()
    {
        var (tenant, data) = await NewAsync();
        var participant = await data.ParticipantAsync();
        var problem = await (await tenant.Http.GetAsync($"/v1/participants/{participant}/matches")).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("The participant has no goals yet.", ((string)problem["title"]!));

        var document = JsonNode.Parse(await (await tenant.Http.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var responses = document["paths"]!["/v1/participants/{id}/matches"]!["get"]!["responses"]!.AsObject();
        Assert.Equivalent(new[] { "200", "400", "401", "403", "404", "409", "429" }, responses.Select(r => r.Key), strict: true);
        Assert.Equivalent(new[] { "200", "400", "401", "403", "413", "415", "429" }, document["paths"]!["/v1/matches"]!["post"]!["responses"]!.AsObject().Select(r => r.Key), strict: true);
    }
}

public sealed class MatchingTestsOnSqlite(SqliteApiFactory api) : MatchingTests(api);
public sealed class MatchingTestsOnSqlServer(SqlServerApiFactory api) : MatchingTests(api);
