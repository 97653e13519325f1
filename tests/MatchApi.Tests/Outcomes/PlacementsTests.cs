using System.Globalization;
using System.Net;
using MatchApi.Employers;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Outcomes;

public abstract class PlacementsTests(MatchApiFactory api)
{
    private static readonly DateOnly Enrolled = new(2025, 1, 15);

    private sealed record Setup(TenantClient Tenant, OutcomesData Data, long Participant, long Employer, long Opening);

    private async Task<Setup> SetUpAsync()
    {
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var coach = await d.CoachAsync("Anna Lindqvist");
        var participant = await d.ParticipantAsync(coach, Enrolled);
        var employer = await d.EmployerAsync(Sector.Private, "Kocks Café AB");
        var opening = await d.OpeningAsync(employer, "5120");
        return new Setup(tenant, d, participant, employer, opening);
    }

    private static object Competitive(long employerId, long? openingId = null, string? ssykCode = "5223") =>
        new { employerId, openingId, kind = "competitive", ssykCode, startDate = "2025-03-01", hoursPerWeek = 25 };

    private static string Placements(long participant) => $"/v1/participants/{participant}/placements";

    [Fact]
    public async Task Recorded_start_can_be_read_back_with_an_etag_and_is_listed()
    {
        var s = await SetUpAsync();
        var created = await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), new
        {
            employerId = s.Employer, kind = "subsidised", subsidyType = "nystartsjobb", ssykCode = "9412", startDate = "2025-02-03", hoursPerWeek = 30.5,
        });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"{Placements(s.Participant)}/{body["id"]}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        var fetched = await s.Tenant.Http.GetAsync(created.Headers.Location);
        var placement = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Equal(s.Participant, (long)placement["participantId"]!);
        Assert.Equal(s.Employer, (long)placement["employerId"]!);
        Assert.Null(placement["openingId"]);
        Assert.Equal("subsidised", (string)placement["kind"]!);
        Assert.Equal("nystartsjobb", (string)placement["subsidyType"]!);
        Assert.Equal("9412", (string)placement["ssykCode"]!);
        Assert.Equal("2025-02-03", (string)placement["startDate"]!);
        Assert.Equal(30.5, (double)placement["hoursPerWeek"]!);
        Assert.Null(placement["endDate"]);
        Assert.Null(placement["endReason"]);
        Assert.Null(placement["tenantId"]);
        Assert.Null(placement["version"]);

        var later = await s.Tenant.Http.CreateAsync(Placements(s.Participant), Competitive(s.Employer));
        var list = await (await s.Tenant.Http.GetAsync(Placements(s.Participant))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (long)list["total"]!);
        Assert.Equal([later, (long)body["id"]!], list["items"]!.AsArray().Select(p => (long)p!["id"]!));
        var page = await (await s.Tenant.Http.GetAsync($"{Placements(s.Participant)}?pageSize=1&page=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([(long)body["id"]!], page["items"]!.AsArray().Select(p => (long)p!["id"]!));
    }

    [Fact]
    public async Task Occupation_defaults_to_the_openings()
    {
        var s = await SetUpAsync();
        var created = await (await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), Competitive(s.Employer, s.Opening, ssykCode: null)))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(s.Opening, (long)created["openingId"]!);
        Assert.Equal("5120", (string)created["ssykCode"]!);

        var chosen = await (await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), Competitive(s.Employer, s.Opening, ssykCode: "5223")))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("5223", (string)chosen["ssykCode"]!);
    }

    [Theory]
    [InlineData("""{"kind":"competitive","startDate":"2025-03-01","hoursPerWeek":20}""", "employerId")]
    [InlineData("""{"employerId":EMPLOYER,"startDate":"2025-03-01","hoursPerWeek":20}""", "kind")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"competitive","hoursPerWeek":20}""", "startDate")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"competitive","startDate":"2025-03-01"}""", "hoursPerWeek")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"competitive","startDate":"2025-03-01","hoursPerWeek":0}""", "hoursPerWeek")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"competitive","startDate":"2025-03-01","hoursPerWeek":80.5}""", "hoursPerWeek")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"subsidised","startDate":"2025-03-01","hoursPerWeek":20}""", "subsidyType")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"competitive","subsidyType":"lonebidrag","startDate":"2025-03-01","hoursPerWeek":20}""", "subsidyType")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"internship","ssykCode":"9999","startDate":"2025-03-01","hoursPerWeek":20}""", "ssykCode")]
    [InlineData("""{"employerId":EMPLOYER,"openingId":0,"kind":"internship","startDate":"2025-03-01","hoursPerWeek":20}""", "openingId")]
    [InlineData("""{"employerId":987654321,"kind":"competitive","startDate":"2025-03-01","hoursPerWeek":20}""", "employerId")]
    [InlineData("""{"employerId":EMPLOYER,"openingId":987654321,"kind":"competitive","startDate":"2025-03-01","hoursPerWeek":20}""", "openingId")]
    [InlineData("""{"employerId":EMPLOYER,"kind":"competitive","startDate":"2025-01-14","hoursPerWeek":20}""", "startDate")]
    public async Task Invalid_start_is_rejected_and_nothing_is_written(string json, string field)
    {
        var s = await SetUpAsync();
        var response = await s.Tenant.Http.SendRawJsonAsync(HttpMethod.Post, Placements(s.Participant), json.Replace("EMPLOYER", s.Employer.ToString(CultureInfo.InvariantCulture)));
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        Assert.Equal(0, await s.Data.PlacementCountAsync());
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once()
    {
        var s = await SetUpAsync();
        var response = await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), new { kind = "subsidised", ssykCode = "0000", hoursPerWeek = -1 });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(["employerId", "hoursPerWeek", "ssykCode", "startDate", "subsidyType"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Unknown_kind_or_property_is_a_400_problem()
    {
        var s = await SetUpAsync();
        var kind = await s.Tenant.Http.SendRawJsonAsync(HttpMethod.Post, Placements(s.Participant),
            $$"""{"employerId":{{s.Employer}},"kind":"sheltered","startDate":"2025-03-01","hoursPerWeek":20}""");
        await kind.ReadProblemAsync(HttpStatusCode.BadRequest);
        var property = await s.Tenant.Http.SendRawJsonAsync(HttpMethod.Post, Placements(s.Participant),
            $$"""{"employerId":{{s.Employer}},"kind":"competitive","startDate":"2025-03-01","hoursPerWeek":20,"workAbility":"low"}""");
        Assert.Contains("workAbility", (string)(await property.ReadProblemAsync(HttpStatusCode.BadRequest))["detail"]!);
        Assert.Equal(0, await s.Data.PlacementCountAsync());
    }

    [Fact]
    public async Task Another_tenants_employer_or_opening_cannot_be_used()
    {
        var s = await SetUpAsync();
        var other = await SetUpAsync();
        var employer = await (await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), Competitive(other.Employer))).ReadValidationErrorsAsync();
        Assert.True(employer.ContainsKey("employerId"));
        var opening = await (await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), Competitive(s.Employer, other.Opening))).ReadValidationErrorsAsync();
        Assert.True(opening.ContainsKey("openingId"));
        Assert.Equal(0, await s.Data.PlacementCountAsync());
    }

    [Fact]
    public async Task Opening_must_belong_to_the_employer()
    {
        var s = await SetUpAsync();
        var otherEmployer = await s.Data.EmployerAsync(Sector.Public, "Göteborgs Stad");
        var errors = await (await s.Tenant.Http.PostJsonAsync(Placements(s.Participant), Competitive(otherEmployer, s.Opening))).ReadValidationErrorsAsync();
        Assert.Contains("another employer", (string)errors["openingId"]![0]!);
    }

    [Fact]
    public async Task End_is_recorded_with_etag_and_a_stale_etag_is_412()
    {
        var s = await SetUpAsync();
        var id = await s.Tenant.Http.CreateAsync(Placements(s.Participant), Competitive(s.Employer));
        var url = $"{Placements(s.Participant)}/{id}";

        var ended = await s.Tenant.Http.PutJsonAsync(url, new { endDate = "2025-06-30", endReason = "contractEnded" }, "\"1\"");
        var body = await ended.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2025-06-30", (string)body["endDate"]!);
        Assert.Equal("contractEnded", (string)body["endReason"]!);
        Assert.Equal("\"2\"", ended.Headers.ETag?.Tag);

        var stale = await s.Tenant.Http.PutJsonAsync(url, new { endDate = "2025-05-31", endReason = "resigned" }, "\"1\"");
        await stale.ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await s.Tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2025-06-30", (string)current["endDate"]!);

        var corrected = await s.Tenant.Http.PutJsonAsync(url, new { endDate = "2025-03-01", endReason = "movedToOtherJob" });
        Assert.Equal("2025-03-01", (string)(await corrected.ReadJsonAsync(HttpStatusCode.OK))["endDate"]!);
    }

    [Fact]
    public async Task Malformed_if_match_is_400()
    {
        var s = await SetUpAsync();
        var id = await s.Tenant.Http.CreateAsync(Placements(s.Participant), Competitive(s.Employer));
        await (await s.Tenant.Http.PutJsonAsync($"{Placements(s.Participant)}/{id}", new { endDate = "2025-06-30", endReason = "other" }, "yesterday"))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"endDate":"2025-02-28","endReason":"resigned"}""", "endDate")]
    [InlineData("""{"endDate":"FUTURE","endReason":"resigned"}""", "endDate")]
    [InlineData("""{"endReason":"resigned"}""", "endDate")]
    [InlineData("""{"endDate":"2025-06-30"}""", "endReason")]
    public async Task Invalid_end_is_rejected_and_the_placement_is_unchanged(string json, string field)
    {
        var s = await SetUpAsync();
        var id = await s.Tenant.Http.CreateAsync(Placements(s.Participant), Competitive(s.Employer));
        var url = $"{Placements(s.Participant)}/{id}";
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var errors = await (await s.Tenant.Http.SendRawJsonAsync(HttpMethod.Put, url, json.Replace("FUTURE", future))).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());

        var unchanged = await s.Tenant.Http.GetAsync(url);
        Assert.Null((await unchanged.ReadJsonAsync(HttpStatusCode.OK))["endDate"]);
        Assert.Equal("\"1\"", unchanged.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Exit_sets_the_participant_exited_and_can_be_read_back()
    {
        var s = await SetUpAsync();
        var exit = $"/v1/participants/{s.Participant}/exit";
        await (await s.Tenant.Http.GetAsync(exit)).ReadProblemAsync(HttpStatusCode.NotFound);

        var created = await s.Tenant.Http.PostJsonAsync(exit, new { exitedOn = "2025-06-30", reason = "selfSupporting" });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(exit, created.Headers.Location?.OriginalString);
        Assert.Equal(s.Participant, (long)body["participantId"]!);
        Assert.Equal("2025-06-30", (string)body["exitedOn"]!);
        Assert.Equal("selfSupporting", (string)body["reason"]!);
        Assert.Equal("Exited", await s.Data.StatusAsync(s.Participant));

        var read = await (await s.Tenant.Http.GetAsync(exit)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2025-06-30", (string)read["exitedOn"]!);
        Assert.Equal("selfSupporting", (string)read["reason"]!);
    }

    [Fact]
    public async Task A_second_exit_is_a_409_and_changes_nothing()
    {
        var s = await SetUpAsync();
        var exit = $"/v1/participants/{s.Participant}/exit";
        await s.Data.ExitAsync(s.Participant, new(2025, 6, 30));
        var again = await s.Tenant.Http.PostJsonAsync(exit, new { exitedOn = "2025-07-31", reason = "moved" });
        Assert.Contains("2025-06-30", (string)(await again.ReadProblemAsync(HttpStatusCode.Conflict))["detail"]!);
        Assert.Equal("2025-06-30", (string)(await (await s.Tenant.Http.GetAsync(exit)).ReadJsonAsync(HttpStatusCode.OK))["exitedOn"]!);
    }

    [Theory]
    [InlineData("""{"exitedOn":"2025-01-14","reason":"moved"}""", "exitedOn")]
    [InlineData("""{"exitedOn":"FUTURE","reason":"moved"}""", "exitedOn")]
    [InlineData("""{"reason":"moved"}""", "exitedOn")]
    [InlineData("""{"exitedOn":"2025-06-30"}""", "reason")]
    public async Task Invalid_exit_is_rejected_and_the_participant_stays_active(string json, string field)
    {
        var s = await SetUpAsync();
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var response = await s.Tenant.Http.SendRawJsonAsync(HttpMethod.Post, $"/v1/participants/{s.Participant}/exit", json.Replace("FUTURE", future));
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        Assert.Equal("Active", await s.Data.StatusAsync(s.Participant));
        await (await s.Tenant.Http.GetAsync($"/v1/participants/{s.Participant}/exit")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Missing_participant_or_placement_is_404_on_every_route()
    {
        var s = await SetUpAsync();
        var id = await s.Tenant.Http.CreateAsync(Placements(s.Participant), Competitive(s.Employer));
        var http = s.Tenant.Http;
        const long missing = 987654321;

        await (await http.GetAsync(Placements(missing))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PostJsonAsync(Placements(missing), Competitive(s.Employer))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"{Placements(missing)}/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PutJsonAsync($"{Placements(missing)}/{id}", new { endDate = "2025-06-30", endReason = "other" })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"/v1/participants/{missing}/exit")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PostJsonAsync($"/v1/participants/{missing}/exit", new { exitedOn = "2025-06-30", reason = "moved" })).ReadProblemAsync(HttpStatusCode.NotFound);

        var problem = await (await http.GetAsync($"{Placements(s.Participant)}/{missing}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(missing.ToString(CultureInfo.InvariantCulture), (string)problem["detail"]!);
        await (await http.PutJsonAsync($"{Placements(s.Participant)}/{missing}", new { endDate = "2025-06-30", endReason = "other" })).ReadProblemAsync(HttpStatusCode.NotFound);

        // A placement is reached only through its own participant.
        var sibling = await s.Data.ParticipantAsync(null, Enrolled);
        await (await http.GetAsync($"{Placements(sibling)}/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PutJsonAsync($"{Placements(sibling)}/{id}", new { endDate = "2025-06-30", endReason = "other" })).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenants_participant_and_placement_are_not_found_for_read_or_write()
    {
        var owner = await SetUpAsync();
        var other = await SetUpAsync();
        var id = await owner.Tenant.Http.CreateAsync(Placements(owner.Participant), Competitive(owner.Employer));
        var http = other.Tenant.Http;

        await (await http.GetAsync(Placements(owner.Participant))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PostJsonAsync(Placements(owner.Participant), Competitive(other.Employer))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"{Placements(owner.Participant)}/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PutJsonAsync($"{Placements(owner.Participant)}/{id}", new { endDate = "2025-06-30", endReason = "other" }))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        // Nor through one of the caller's own participants.
        await (await http.GetAsync($"{Placements(other.Participant)}/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PutJsonAsync($"{Placements(other.Participant)}/{id}", new { endDate = "2025-06-30", endReason = "other" }))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync($"/v1/participants/{owner.Participant}/exit")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await http.PostJsonAsync($"/v1/participants/{owner.Participant}/exit", new { exitedOn = "2025-06-30", reason = "moved" }))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await http.GetAsync(Placements(other.Participant))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);

        var unchanged = await owner.Tenant.Http.GetAsync($"{Placements(owner.Participant)}/{id}");
        Assert.Null((await unchanged.ReadJsonAsync(HttpStatusCode.OK))["endDate"]);
        Assert.Equal("Active", await owner.Data.StatusAsync(owner.Participant));
        Assert.Equal(1, await owner.Data.PlacementCountAsync());
        Assert.Equal(0, await other.Data.PlacementCountAsync());
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query, string field)
    {
        var s = await SetUpAsync();
        var errors = await (await s.Tenant.Http.GetAsync($"{Placements(s.Participant)}?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
    }

    [Fact]
    public async Task Without_a_key_every_route_is_401()
    {
        var client = api.Anonymous();
        await (await client.GetAsync("/v1/participants/1/placements")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/v1/participants/1/placements/1")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/v1/participants/1/placements", Competitive(1))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PutJsonAsync("/v1/participants/1/placements/1", new { endDate = "2025-06-30", endReason = "other" }))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/v1/participants/1/exit")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/v1/participants/1/exit", new { exitedOn = "2025-06-30", reason = "moved" }))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_key_can_read_but_not_write_and_other_scopes_can_do_neither()
    {
        var s = await SetUpAsync();
        var id = await s.Tenant.Http.CreateAsync(Placements(s.Participant), Competitive(s.Employer));
        var placement = $"{Placements(s.Participant)}/{id}";
        var exit = $"/v1/participants/{s.Participant}/exit";

        var reader = await s.Tenant.WithScopesAsync(Scopes.ParticipantsRead);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Placements(s.Participant))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(placement)).StatusCode);
        await (await reader.PostJsonAsync(Placements(s.Participant), Competitive(s.Employer))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PutJsonAsync(placement, new { endDate = "2025-06-30", endReason = "other" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PostJsonAsync(exit, new { exitedOn = "2025-06-30", reason = "moved" })).ReadProblemAsync(HttpStatusCode.Forbidden);

        var reports = await s.Tenant.WithScopesAsync(Scopes.ReportsRead, Scopes.EmployersWrite);
        await (await reports.GetAsync(Placements(s.Participant))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reports.GetAsync(placement)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reports.GetAsync(exit)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reports.PostJsonAsync(Placements(s.Participant), Competitive(s.Employer))).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(1, await s.Data.PlacementCountAsync());
        Assert.Equal("Active", await s.Data.StatusAsync(s.Participant));
    }
}

public sealed class PlacementsTestsOnSqlite(SqliteApiFactory api) : PlacementsTests(api);
public sealed class PlacementsTestsOnSqlServer(SqlServerApiFactory api) : PlacementsTests(api);
