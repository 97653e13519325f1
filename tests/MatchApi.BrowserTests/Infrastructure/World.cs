using System.Net.Http.Json;
using System.Text.Json;
using MatchApi.Common;
using MatchApi.Security;

namespace MatchApi.BrowserTests.Infrastructure;

/// <summary>
/// One test's data, made through the API with an all-scopes key: a tenant with a coach (and a
/// sign-in linked to them), a colleague, a team lead, three participants, employers and openings.
/// </summary>
public sealed class World
{
    public const string Password = "ett långt och hemligt lösenord";

    public required long TenantId { get; init; }
    public required HttpClient Api { get; init; }
    public required long CoachId { get; init; }
    public required string CoachUsername { get; init; }
    public required string TeamLeadUsername { get; init; }

    /// <summary>Has goals (a shop job in Göteborg); enrolled 10 days ago.</summary>
    public required Participant WithGoals { get; init; }

    /// <summary>No goals and no employer contact, 45 days after enrolment: flagged.</summary>
    public required Participant Waiting { get; init; }

    /// <summary>Contacted 3 days ago, enrolled 20 days ago.</summary>
    public required Participant Contacted { get; init; }

    public required long Coop { get; init; }
    public required long GoteborgsStad { get; init; }
    public required long Ahlsell { get; init; }

    public sealed record Participant(long Id, string Ref);

    public static async Task<World> CreateAsync(BrowserApp app)
    {
        app.EnsureUsable();
        var now = DateTimeOffset.UtcNow;
        var today = SwedishTime.DateOf(now);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var tenant = await Tenants.Tenants.CreateAsync(app.Db, $"Göteborgs IPS {tag}", "1480", now, default);
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(app.Db, tenant.Id, "browser tests", Scopes.All, key, null, default);
        var api = new HttpClient { BaseAddress = app.BaseUrl };
        api.DefaultRequestHeaders.Add(ApiKeys.Header, key);

        var coach = await CreateAsync(api, "/v1/coaches", new { name = "Anna Lindqvist", email = "anna.lindqvist@goteborg.example", phone = "031-123 45 67" });
        var colleague = await CreateAsync(api, "/v1/coaches", new { name = "Björn Ek" });
        var coachUser = $"anna.{tag}";
        var leadUser = $"lead.{tag}";
        await Accounts.CreateAsync(app.Db, tenant.Id, coachUser, Password, Role.Coach, coach, now, default);
        await Accounts.CreateAsync(app.Db, tenant.Id, leadUser, Password, Role.TeamLead, colleague, now, default);

        var coop = await CreateAsync(api, "/v1/employers", new { name = "Coop Hisingen", municipalityCode = "1480", sector = "private" });
        var stad = await CreateAsync(api, "/v1/employers", new { name = "Göteborgs Stad", municipalityCode = "1480", sector = "public" });
        var ahlsell = await CreateAsync(api, "/v1/employers", new { name = "Ahlsell", municipalityCode = "1481", sector = "private" });
        await CreateAsync(api, "/v1/openings", new
        {
            employerId = coop, title = "Butikssäljare, dagtid", ssykCode = "5223", municipalityCode = "1480",
            employmentForm = "permanent", jobType = "competitive", hoursPerWeek = 25, schedule = "day",
        });
        await CreateAsync(api, "/v1/openings", new
        {
            employerId = stad, title = "Lokalvårdare", ssykCode = "9111", municipalityCode = "1480",
            employmentForm = "temporary", jobType = "competitive", hoursPerWeek = 30, schedule = "day",
        });
        await CreateAsync(api, "/v1/openings", new
        {
            employerId = ahlsell, title = "Lagerarbetare", ssykCode = "4321", municipalityCode = "1481",
            employmentForm = "permanent", jobType = "competitive", hoursPerWeek = 40, schedule = "day",
        });

        var withGoals = await EnrolAsync(api, $"IPS-{tag}-A", coach, today.AddDays(-10));
        var waiting = await EnrolAsync(api, $"IPS-{tag}-B", coach, today.AddDays(-45));
        var contacted = await EnrolAsync(api, $"IPS-{tag}-C", coach, today.AddDays(-20));
        await EnrolAsync(api, $"IPS-{tag}-D", colleague, today.AddDays(-5));
        var put = await api.PutAsJsonAsync($"/v1/participants/{withGoals.Id}/goals", new
        {
            ownWords = "Jag vill jobba i en butik nära hemmet, gärna på dagtid.",
            desiredOccupations = new[] { "5223" },
            acceptableMunicipalities = new[] { "1480" },
            minHoursPerWeek = 20,
            maxHoursPerWeek = 30,
            schedules = new[] { "day" },
            jobTypes = new[] { "competitive" },
        });
        await EnsureSuccessAsync(put);
        await CreateAsync(api, $"/v1/employers/{ahlsell}/contacts", new
        {
            coachId = coach, contactedAt = now.AddDays(-3), kind = "phone", participantId = contacted.Id,
            purpose = "Fråga om lagerjobb",
        });

        return new World
        {
            TenantId = tenant.Id, Api = api, CoachId = coach, CoachUsername = coachUser, TeamLeadUsername = leadUser,
            WithGoals = withGoals, Waiting = waiting, Contacted = contacted, Coop = coop, GoteborgsStad = stad, Ahlsell = ahlsell,
        };
    }

    private static async Task<Participant> EnrolAsync(HttpClient api, string reference, long coachId, DateOnly enrolled) =>
        new(await CreateAsync(api, "/v1/participants", new { externalRef = reference, coachId, enrolmentDate = enrolled }), reference);

    public static async Task<long> CreateAsync(HttpClient api, string url, object body)
    {
        var response = await api.PostAsJsonAsync(url, body);
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task<JsonElement> GetAsync(string url)
    {
        var response = await Api.GetAsync(url);
        await EnsureSuccessAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
