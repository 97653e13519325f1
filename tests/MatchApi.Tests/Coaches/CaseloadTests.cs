using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Common;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Coaches;

public abstract class CaseloadTests(MatchApiFactory api)
{
    private static DateOnly Today => SwedishTime.DateOf(DateTimeOffset.UtcNow);

    private sealed record Setup(TenantClient Tenant, long CoachId, long EmployerId);

    private async Task<Setup> NewSetupAsync()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Coop Hisingen", municipalityCode = "1480" });
        return new Setup(tenant, coachId, employerId);
    }

    private static Task<long> EnrolAsync(HttpClient http, long? coachId, int daysAgo, string status = "active") =>
        http.CreateAsync("/v1/participants", new
        {
            // Letters only, so that no run of digits can look like a personal identity number.
            externalRef = "IPS-" + Security.PersonalData.Marker(32),
            coachId,
            enrolmentDate = Today.AddDays(-daysAgo),
            status,
        });

    private static Task<long> ContactAsync(HttpClient http, long employerId, long coachId, long participantId, DateTimeOffset at) =>
        http.CreateAsync($"/v1/employers/{employerId}/contacts", new { coachId, contactedAt = at, kind = "faceToFace", participantId });

    // Noon Swedish time on a day in the past: safe from the UTC/Swedish date boundary.
    private static DateTimeOffset DaysAgo(int days) => SwedishTime.StartOf(Today.AddDays(-days)).AddHours(12);

    private static async Task<JsonNode> GetAsync(HttpClient http, long coachId) =>
        await (await http.GetAsync($"/v1/coaches/{coachId}/caseload")).ReadJsonAsync(HttpStatusCode.OK);

    private static JsonNode Row(JsonNode caseload, long participantId) =>
        caseload["participants"]!.AsArray().Single(p => (long)p!["id"]! == participantId)!;

    [Fact]
    public async Task Caseload_lists_the_coachs_active_and_paused_participants_longest_enrolled_first()
    {
        var (tenant, coachId, _) = await NewSetupAsync();
        var colleague = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Björn Ek" });
        var recent = await EnrolAsync(tenant.Http, coachId, 3);
        var paused = await EnrolAsync(tenant.Http, coachId, 40, "paused");
        var oldest = await EnrolAsync(tenant.Http, coachId, 90);
        await EnrolAsync(tenant.Http, coachId, 60, "exited");
        await EnrolAsync(tenant.Http, colleague, 10);
        await EnrolAsync(tenant.Http, null, 10);

        var caseload = await GetAsync(tenant.Http, coachId);

        Assert.Equal(coachId, (long)caseload["coachId"]!);
        Assert.Equal(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)caseload["today"]!);
        Assert.Equal(3, (int)caseload["count"]!);
        Assert.Equal(20, (int)caseload["limit"]!);
        Assert.Equal(30, (int)caseload["firstContactWithinDays"]!);
        Assert.Equal([oldest, paused, recent], caseload["participants"]!.AsArray().Select(p => (long)p!["id"]!));
        Assert.Equal("paused", (string)Row(caseload, paused)["status"]!);
        Assert.Equal(90, (int)Row(caseload, oldest)["daysSinceEnrolment"]!);
        Assert.Equal(3, (int)Row(caseload, recent)["daysSinceEnrolment"]!);
        Assert.Null(Row(caseload, oldest)["tenantId"]);
    }

    [Fact]
    public async Task Days_since_last_employer_contact_count_contacts_about_the_participant_by_any_coach()
    {
        var (tenant, coachId, employerId) = await NewSetupAsync();
        var colleague = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Björn Ek" });
        var participant = await EnrolAsync(tenant.Http, coachId, 50);
        var other = await EnrolAsync(tenant.Http, coachId, 50);
        await ContactAsync(tenant.Http, employerId, coachId, participant, DaysAgo(40));
        await ContactAsync(tenant.Http, employerId, colleague, participant, DaysAgo(6));
        // A contact about no participant, and one about another participant, leave this one's dates alone.
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", new { coachId, contactedAt = DaysAgo(1), kind = "phone" });
        await ContactAsync(tenant.Http, employerId, coachId, other, DaysAgo(2));

        var row = Row(await GetAsync(tenant.Http, coachId), participant);

        Assert.Equal(6, (int)row["daysSinceLastEmployerContact"]!);
        Assert.Equal(DaysAgo(6), DateTimeOffset.Parse((string)row["lastEmployerContactAt"]!, CultureInfo.InvariantCulture));
        Assert.Equal(DaysAgo(40), DateTimeOffset.Parse((string)row["firstEmployerContactAt"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_participant_without_contacts_has_no_days_since_contact()
    {
        var (tenant, coachId, _) = await NewSetupAsync();
        var participant = await EnrolAsync(tenant.Http, coachId, 5);

        var row = Row(await GetAsync(tenant.Http, coachId), participant);

        Assert.Null(row["daysSinceLastEmployerContact"]);
        Assert.Null(row["lastEmployerContactAt"]);
        Assert.Null(row["firstEmployerContactAt"]);
        Assert.False((bool)row["hasGoals"]!);
    }

    [Fact]
    public async Task Flag_is_raised_when_thirty_days_pass_without_an_employer_contact()
    {
        var (tenant, coachId, employerId) = await NewSetupAsync();
        var waitedTooLong = await EnrolAsync(tenant.Http, coachId, 31);
        var stillInTime = await EnrolAsync(tenant.Http, coachId, 30);
        var contactedInTime = await EnrolAsync(tenant.Http, coachId, 60);
        var contactedLate = await EnrolAsync(tenant.Http, coachId, 60);
        await ContactAsync(tenant.Http, employerId, coachId, contactedInTime, DaysAgo(30));
        await ContactAsync(tenant.Http, employerId, coachId, contactedLate, DaysAgo(29));

        var caseload = await GetAsync(tenant.Http, coachId);

        Assert.True((bool)Row(caseload, waitedTooLong)["noEmployerContactInTime"]!);
        Assert.False((bool)Row(caseload, stillInTime)["noEmployerContactInTime"]!);
        Assert.False((bool)Row(caseload, contactedInTime)["noEmployerContactInTime"]!);
        Assert.True((bool)Row(caseload, contactedLate)["noEmployerContactInTime"]!);
    }

    [Fact]
    public async Task Recorded_goals_are_shown()
    {
        var (tenant, coachId, _) = await NewSetupAsync();
        var participant = await EnrolAsync(tenant.Http, coachId, 5);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PutJsonAsync($"/v1/participants/{participant}/goals", new { ownWords = "Jobba i butik" }))
            .StatusCode);

        Assert.True((bool)Row(await GetAsync(tenant.Http, coachId), participant)["hasGoals"]!);
    }

    [Fact]
    public async Task A_coach_without_participants_has_an_empty_caseload()
    {
        var (tenant, coachId, _) = await NewSetupAsync();
        var caseload = await GetAsync(tenant.Http, coachId);
        Assert.Equal(0, (int)caseload["count"]!);
        Assert.Empty(caseload["participants"]!.AsArray());
    }

    [Fact]
    public async Task Missing_coach_is_not_found()
    {
        var (tenant, _, _) = await NewSetupAsync();
        var problem = await (await tenant.Http.GetAsync("/v1/coaches/999999999/caseload")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("999999999", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Another_tenants_coach_is_not_found_and_its_contacts_never_count()
    {
        var (tenant, coachId, _) = await NewSetupAsync();
        var participant = await EnrolAsync(tenant.Http, coachId, 50);
        var other = await NewSetupAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await other.Tenant.Http.GetAsync($"/v1/coaches/{coachId}/caseload")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync($"/v1/coaches/{other.CoachId}/caseload")).StatusCode);

        // The other tenant cannot log a contact about this participant; so its contacts never reach this caseload.
        var rejected = await other.Tenant.Http.PostJsonAsync($"/v1/employers/{other.EmployerId}/contacts",
            new { coachId = other.CoachId, contactedAt = DaysAgo(1), kind = "phone", participantId = participant });
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Null(Row(await GetAsync(tenant.Http, coachId), participant)["lastEmployerContactAt"]);
    }

    [Fact]
    public async Task Without_a_key_the_caseload_is_unauthorized()
    {
        var (_, coachId, _) = await NewSetupAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync($"/v1/coaches/{coachId}/caseload")).StatusCode);
    }

    [Theory]
    [InlineData(Scopes.ParticipantsRead)]
    [InlineData(Scopes.EmployersRead)]
    [InlineData(Scopes.CoachesRead)]
    public async Task Caseload_needs_both_participant_and_employer_read_scopes(string onlyScope)
    {
        var (tenant, coachId, _) = await NewSetupAsync();
        var limited = await tenant.WithScopesAsync(onlyScope);
        Assert.Equal(HttpStatusCode.Forbidden, (await limited.GetAsync($"/v1/coaches/{coachId}/caseload")).StatusCode);

        var both = await tenant.WithScopesAsync(Scopes.ParticipantsRead, Scopes.EmployersRead);
        Assert.Equal(HttpStatusCode.OK, (await both.GetAsync($"/v1/coaches/{coachId}/caseload")).StatusCode);
    }
}

public sealed class CaseloadTestsOnSqlite(SqliteApiFactory api) : CaseloadTests(api);
public sealed class CaseloadTestsOnSqlServer(SqlServerApiFactory api) : CaseloadTests(api);
