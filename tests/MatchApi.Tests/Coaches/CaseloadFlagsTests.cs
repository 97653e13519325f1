using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Common;
using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.Security;

namespace MatchApi.Tests.Coaches;

/// <summary>The caseload tells the coach where to act: flags, next steps, search and order.</summary>
public abstract class CaseloadFlagsTests(MatchApiFactory api)
{
    private static DateOnly Today => SwedishTime.DateOf(DateTimeOffset.UtcNow);

    private static DateTimeOffset NoonDaysAgo(int days) => SwedishTime.StartOf(Today.AddDays(-days)).AddHours(12);

    private sealed record Setup(TenantClient Tenant, long CoachId, long EmployerId);

    private async Task<Setup> NewSetupAsync()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Coop Hisingen", municipalityCode = "1480" });
        return new Setup(tenant, coachId, employerId);
    }

    private static Task<long> EnrolAsync(Setup s, string externalRef, int daysAgo, string? callingName = null, string status = "active") =>
        s.Tenant.Http.CreateAsync("/v1/participants", new { externalRef, coachId = s.CoachId, enrolmentDate = Today.AddDays(-daysAgo), status, callingName });

    private static Task<long> ContactAsync(Setup s, long participantId, int daysAgo) =>
        s.Tenant.Http.CreateAsync($"/v1/employers/{s.EmployerId}/contacts",
            new { coachId = s.CoachId, contactedAt = NoonDaysAgo(daysAgo), kind = "faceToFace", participantId });

    private static async Task<JsonNode> CaseloadAsync(Setup s, string query = "") =>
        await (await s.Tenant.Http.GetAsync($"/v1/coaches/{s.CoachId}/caseload{query}")).ReadJsonAsync(HttpStatusCode.OK);

    private static JsonNode Row(JsonNode caseload, long id) => caseload["participants"]!.AsArray().Single(p => (long)p!["id"]! == id)!;

    private static string[] Flags(JsonNode caseload, long id) => Row(caseload, id)["flags"]!.AsArray().Select(f => (string)f!).ToArray();

    [Fact]
    public async Task A_follow_up_counts_from_the_first_swedish_hour_of_the_start_day()
    {
        var s = await NewSetupAsync();
        var early = await EnrolAsync(s, "IPS-early", 40);
        var before = await EnrolAsync(s, "IPS-before", 40);
        var start = Today.AddDays(-10);
        foreach (var id in new[] { early, before })
        {
            await ContactAsync(s, id, 20);
            await s.Tenant.Http.CreateAsync($"/v1/participants/{id}/placements",
                new { employerId = s.EmployerId, kind = "competitive", startDate = start, hoursPerWeek = 20 });
        }
        // 00:30 on the start day in Sweden is 23:30 (or 22:30 in summer) on the day before in UTC.
        await s.Tenant.Http.CreateAsync($"/v1/employers/{s.EmployerId}/contacts",
            new { coachId = s.CoachId, contactedAt = SwedishTime.StartOf(start).AddMinutes(30), kind = "faceToFace", participantId = early });
        await s.Tenant.Http.CreateAsync($"/v1/employers/{s.EmployerId}/contacts",
            new { coachId = s.CoachId, contactedAt = SwedishTime.StartOf(start).AddMinutes(-30), kind = "faceToFace", participantId = before });

        var caseload = await CaseloadAsync(s);

        Assert.Empty(Flags(caseload, early));
        Assert.Equal(["jobStartWithoutFollowUp"], Flags(caseload, before));
    }

    [Fact]
    public async Task Each_flag_is_raised_where_the_coach_should_act_and_not_elsewhere()
    {
        var s = await NewSetupAsync();
        var fine = await EnrolAsync(s, "IPS-fine", 40);
        var quiet = await EnrolAsync(s, "IPS-quiet", 40);
        var pausedQuiet = await EnrolAsync(s, "IPS-paused", 40, status: "paused");
        var overdue = await EnrolAsync(s, "IPS-overdue", 5);
        var started = await EnrolAsync(s, "IPS-started", 40);
        var followedUp = await EnrolAsync(s, "IPS-followed", 40);
        foreach (var id in new[] { fine, quiet, pausedQuiet, started, followedUp }) await ContactAsync(s, id, 35);
        await ContactAsync(s, fine, 3);
        await ContactAsync(s, started, 12);
        await ContactAsync(s, followedUp, 12);
        await s.Tenant.Http.CreateAsync($"/v1/participants/{overdue}/next-steps", new { what = "Ring tillbaka", dueOn = Today.AddDays(-1) });
        await s.Tenant.Http.CreateAsync($"/v1/participants/{overdue}/next-steps", new { what = "Skicka CV", dueOn = Today });
        await s.Tenant.Http.CreateAsync($"/v1/participants/{fine}/next-steps", new { what = "Klart", dueOn = Today.AddDays(-3), done = true });
        foreach (var id in new[] { started, followedUp })
            await s.Tenant.Http.CreateAsync($"/v1/participants/{id}/placements",
                new { employerId = s.EmployerId, kind = "competitive", startDate = Today.AddDays(-10), hoursPerWeek = 20 });
        await ContactAsync(s, followedUp, 2);

        var caseload = await CaseloadAsync(s);

        Assert.Empty(Flags(caseload, fine));
        Assert.Equal(["noRecentContact"], Flags(caseload, quiet));
        Assert.Empty(Flags(caseload, pausedQuiet));
        Assert.Equal(["overdueNextStep"], Flags(caseload, overdue));
        Assert.Equal(1, (int)Row(caseload, overdue)["nextStepsOverdue"]!);
        Assert.Equal(1, (int)Row(caseload, overdue)["nextStepsDueToday"]!);
        Assert.Equal(Today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)Row(caseload, overdue)["nextStepDueOn"]!);
        Assert.Equal(["jobStartWithoutFollowUp"], Flags(caseload, started));
        Assert.Equal(Today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)Row(caseload, started)["jobStartWithoutFollowUpOn"]!);
        Assert.Empty(Flags(caseload, followedUp));
        Assert.Equal(14, (int)caseload["recentContactDays"]!);
        Assert.Equal(30, (int)caseload["jobStartFollowUpDays"]!);
    }

    [Fact]
    public async Task No_first_contact_in_time_is_a_flag_too()
    {
        var s = await NewSetupAsync();
        var late = await EnrolAsync(s, "IPS-late", 31);
        Assert.Contains("noFirstContactInTime", Flags(await CaseloadAsync(s), late));
    }

    [Fact]
    public async Task The_caseload_is_searched_by_case_reference_and_calling_name_ignoring_case_and_punctuation()
    {
        var s = await NewSetupAsync();
        var asa = await EnrolAsync(s, "IPS-abc", 5, "Åsa");
        var kim = await EnrolAsync(s, "IPS-kim-x", 5, "Kim");

        Assert.Equal([asa], (await CaseloadAsync(s, "?q=" + Uri.EscapeDataString("åSA")))["participants"]!.AsArray().Select(p => (long)p!["id"]!));
        Assert.Equal([kim], (await CaseloadAsync(s, "?q=KIMX"))["participants"]!.AsArray().Select(p => (long)p!["id"]!));
        var none = await CaseloadAsync(s, "?q=nobody");
        Assert.Empty(none["participants"]!.AsArray());
        Assert.Equal(2, (int)none["count"]!);
        Assert.Equal("Åsa", (string)Row(await CaseloadAsync(s), asa)["callingName"]!);
    }

    [Fact]
    public async Task The_caseload_is_sorted_on_request()
    {
        var s = await NewSetupAsync();
        var bo = await EnrolAsync(s, "IPS-b", 50, "Bo");
        // Örjan has two flags (no first contact in 30 days, none in 14), Bo one (his first came late), Adam none.
        var orjan = await EnrolAsync(s, "IPS-o", 35, "Örjan");
        var adam = await EnrolAsync(s, "IPS-a", 10, "Adam");
        await ContactAsync(s, adam, 1);
        await ContactAsync(s, bo, 9);
        await s.Tenant.Http.CreateAsync($"/v1/participants/{orjan}/next-steps", new { what = "Ring", dueOn = Today.AddDays(2) });
        await s.Tenant.Http.CreateAsync($"/v1/participants/{adam}/next-steps", new { what = "Ring", dueOn = Today.AddDays(5) });

        async Task<long[]> Order(string sort) =>
            (await CaseloadAsync(s, $"?sort={sort}"))["participants"]!.AsArray().Select(p => (long)p!["id"]!).ToArray();

        Assert.Equal([bo, orjan, adam], await Order("enrolment"));
        // Swedish order: Ö comes after A and B.
        Assert.Equal([adam, bo, orjan], await Order("name"));
        Assert.Equal([orjan, bo, adam], await Order("lastContact"));
        Assert.Equal([orjan, adam, bo], await Order("nextStep"));
        Assert.Equal([orjan, bo, adam], await Order("flags"));
        await (await s.Tenant.Http.GetAsync($"/v1/coaches/{s.CoachId}/caseload?sort=shoeSize")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await s.Tenant.Http.GetAsync($"/v1/coaches/{s.CoachId}/caseload?q={new string('x', 101)}")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Thresholds_come_from_configuration()
    {
        var s = await NewSetupAsync();
        var quiet = await EnrolAsync(s, "IPS-q", 20);
        await ContactAsync(s, quiet, 10);
        Assert.Empty(Flags(await CaseloadAsync(s), quiet));

        await using var app = api.WithSettings([new("Caseload:RecentContactDays", "7")]);
        var (client, _) = await app.KeyClientAsync(api, s.Tenant.TenantId);
        var caseload = await (await client.GetAsync($"/v1/coaches/{s.CoachId}/caseload")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["noRecentContact"], Flags(caseload, quiet));
        Assert.Equal(7, (int)caseload["recentContactDays"]!);
    }
}

public sealed class CaseloadFlagsTestsOnSqlite(SqliteApiFactory api) : CaseloadFlagsTests(api);
public sealed class CaseloadFlagsTestsOnSqlServer(SqlServerApiFactory api) : CaseloadFlagsTests(api);
