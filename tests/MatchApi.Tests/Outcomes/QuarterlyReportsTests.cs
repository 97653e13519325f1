using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Placements;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MatchApi.Tests.Outcomes;

/// <summary>
/// The IPS employment rate per quarter and self-support per year and quarter, on a half year with known data.
/// Everyone is enrolled on 2024-06-01 with coach Karin unless said otherwise:
///   p1  competitive 2024-09-01, ended 2025-01-15           worked Q1
///   p2  competitive 2025-03-31 (last day of Q1)             worked Q1 and Q2
///   p3  competitive 2025-04-01                              worked Q2
///   p4  subsidised 2025-01-10, competitive 2025-05-01       worked Q2 (a subsidised job is not competitive)
///   p5  competitive 2024-05-01, ended 2024-12-31            worked in neither
///   p6  exited 2025-02-15 self-supporting; competitive 2025-03-01, after the exit: not counted
///   p7  competitive 2025-01-05; exited 2025-04-10 self-supporting   worked Q1 and Q2 (served 1–10 April)
///   p8  enrolled 2025-04-15, nothing                        served in Q2 only
///   p9  exited 2025-05-20, moved; p10 exited 2025-06-30 self-supporting; p11 exited 2025-06-01 for education;
///   p12 exited 2025-05-05 self-supporting
/// Q1: served p1–p7, p9–p12 (11), worked p1 p2 p7 (3) = 0.2727, below the minimum.
/// Q2: served p1–p5, p7–p12 (11), worked p2 p3 p4 p7 (4) = 0.3636, at least the minimum.
/// Exits: Q1 p6 (self-supporting); Q2 p7 p9 p10 p11 p12 (5, of whom 3 self-supporting).
/// </summary>
public abstract class QuarterlyReportsTests(MatchApiFactory api)
{
    private async Task<TenantClient> BuildAsync()
    {
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var karin = await d.CoachAsync("Karin Ström");
        var employer = await d.EmployerAsync(Sector.Private);
        var enrolled = new DateOnly(2024, 6, 1);
        var p = new long[13];
        for (var i = 1; i <= 12; i++) p[i] = await d.ParticipantAsync(karin, i == 8 ? new DateOnly(2025, 4, 15) : enrolled);

        var job1 = await d.PlaceAsync(p[1], employer, PlacementKind.Competitive, new(2024, 9, 1), "5223");
        await d.EndAsync(p[1], job1, new(2025, 1, 15));
        await d.PlaceAsync(p[2], employer, PlacementKind.Competitive, new(2025, 3, 31), "5223");
        await d.PlaceAsync(p[3], employer, PlacementKind.Competitive, new(2025, 4, 1), "5223");
        await d.PlaceAsync(p[4], employer, PlacementKind.Subsidised, new(2025, 1, 10), "5223", SubsidyType.Nystartsjobb);
        await d.PlaceAsync(p[4], employer, PlacementKind.Competitive, new(2025, 5, 1), "5223");
        var job5 = await d.PlaceAsync(p[5], employer, PlacementKind.Competitive, new(2024, 6, 1), "5223");
        await d.EndAsync(p[5], job5, new(2024, 12, 31));
        await d.PlaceAsync(p[6], employer, PlacementKind.Competitive, new(2025, 3, 1), "5223");
        await d.PlaceAsync(p[7], employer, PlacementKind.Competitive, new(2025, 1, 5), "5223");

        await d.ExitAsync(p[6], new(2025, 2, 15));
        await d.ExitAsync(p[7], new(2025, 4, 10));
        await d.ExitAsync(p[9], new(2025, 5, 20), ExitReason.Moved);
        await d.ExitAsync(p[10], new(2025, 6, 30));
        await d.ExitAsync(p[11], new(2025, 6, 1), ExitReason.Education);
        await d.ExitAsync(p[12], new(2025, 5, 5));
        return tenant;
    }

    [Fact]
    public async Task Employment_rate_counts_everyone_who_worked_in_a_competitive_job_in_each_quarter()
    {
        var tenant = await BuildAsync();
        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);

        var quarters = r["quarters"]!.AsArray();
        Assert.Equal(2, quarters.Count);
        ReportsTests.AssertQuarter(quarters[0]!, "2025-Q1", "2025-01-01", "2025-03-31", true, 11, 3, 0.2727, "belowMinimum");
        ReportsTests.AssertQuarter(quarters[1]!, "2025-Q2", "2025-04-01", "2025-06-30", true, 11, 4, 0.3636, "atLeastMinimum");

        // Over the half year: 12 served, p1 p2 p3 p4 p7 worked; two quarters, so no level.
        Assert.Equal(12, (int)r["served"]!);
        Assert.Equal(0.4167, (double)r["employmentRate"]!["rate"]!);
        Assert.Equal(5, (int)r["employmentRate"]!["participants"]!);
        Assert.Null(r["employmentRate"]!["level"]);
        // The start-based categories stay as they were: competitive starts in the period are p2 p3 p4 p6 p7.
        Assert.Equal(5, (int)r["outcomes"]!["competitive"]!["participants"]!);
    }

    [Fact]
    public async Task A_period_of_one_whole_quarter_has_a_level_and_a_partial_quarter_has_none()
    {
        var tenant = await BuildAsync();
        var q2 = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-04-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0.3636, (double)q2["employmentRate"]!["rate"]!);
        Assert.Equal("atLeastMinimum", (string)q2["employmentRate"]!["level"]!);

        // From 1 February: p1's job ended on 15 January, so Q1's part has p2 and p7 of 11 served; no level on a part.
        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-02-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        var quarters = r["quarters"]!.AsArray();
        ReportsTests.AssertQuarter(quarters[0]!, "2025-Q1", "2025-02-01", "2025-03-31", false, 11, 2, 0.1818, null);
        ReportsTests.AssertQuarter(quarters[1]!, "2025-Q2", "2025-04-01", "2025-06-30", true, 11, 4, 0.3636, "atLeastMinimum");
    }

    [Fact]
    public async Task Self_support_is_shown_per_year_and_quarter_beside_the_aim()
    {
        var tenant = await BuildAsync();
        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-04-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        var s = r["selfSupport"]!;
        Assert.Equal(0.4, (double)s["aim"]!["low"]!);
        Assert.Equal(0.45, (double)s["aim"]!["high"]!);
        // Q2: 11 served, 5 exited, 3 of them self-supporting.
        AssertPart(s["byQuarter"]!.AsArray().Single()!, "2025-Q2", true, 11, 5, 3, 0.6, 0.2727);
        AssertPart(s["byYear"]!.AsArray().Single()!, "2025", false, 11, 5, 3, 0.6, 0.2727);
    }

    [Fact]
    public async Task A_single_small_quarter_takes_a_second_quarter_of_its_year_with_it()
    {
        var tenant = await BuildAsync();
        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        var s = r["selfSupport"]!;
        // The half year: 12 served, 6 exited, 4 self-supporting.
        AssertPart(s["byYear"]!.AsArray().Single()!, "2025", false, 12, 6, 4, 0.6667, 0.3333);
        // Q1 had one exit: withheld. Q2 would then show it by subtraction from the year, so Q2 is withheld as well.
        var quarters = s["byQuarter"]!.AsArray();
        Assert.Equal(["2025-Q1", "2025-Q2"], quarters.Select(q => (string)q!["period"]!));
        Assert.All(quarters, q =>
        {
            Assert.True((bool)q!["suppressed"]!);
            foreach (var field in new[] { "served", "exited", "selfSupporting", "shareOfExited", "shareOfServed" }) Assert.Null(q[field]);
        });

        var csv = await CsvLinesAsync(tenant, "/v1/reports/outcomes?from=2025-01-01&to=2025-06-30");
        Assert.Contains("selfSupportByYear;2025.selfSupporting;4", csv);
        Assert.Contains("selfSupportByYear;2025.shareOfExited;0.6667", csv);
        Assert.Contains("selfSupportByQuarter;2025-Q2.exited;suppressed", csv);
        Assert.Contains("employmentRateByQuarter;2025-Q2.level;atLeastMinimum", csv);
        Assert.Contains("employmentRateByQuarter;2025-Q1.workedCompetitive;3", csv);
    }

    [Fact]
    public async Task A_coach_with_few_participants_has_every_quarter_withheld_in_both_reports()
    {
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var coach = await d.CoachAsync("Lars Nord");
        for (var i = 0; i < 4; i++) await d.ParticipantAsync(coach, new(2025, 1, 1));
        foreach (var report in new[] { "outcomes", "fidelity" })
        {
            var r = await (await tenant.Http.GetAsync($"/v1/reports/{report}?from=2025-01-01&to=2025-06-30&coachId={coach}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(2, r["quarters"]!.AsArray().Count);
            Assert.All(r["quarters"]!.AsArray(), q => Assert.True((bool)q!["suppressed"]!));
        }
    }

    [Fact]
    public async Task The_self_support_aim_comes_from_configuration_and_is_checked_at_start()
    {
        await api.NewTenantAsync();
        await using var custom = api.WithWebHostBuilder(b => b
            .UseSetting("Reports:SelfSupport:AimLow", "0.3")
            .UseSetting("Reports:SelfSupport:AimHigh", "0.35")
            .UseSetting("Reports:SelfSupport:Source", "Kommunens egen målsättning"));
        var client = custom.CreateClient();
        var tenant = await api.NewTenantAsync();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, await ReportsTests.NewReportsKeyAsync(api, tenant.TenantId));
        var r = await (await client.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-03-31")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0.3, (double)r["selfSupport"]!["aim"]!["low"]!);
        Assert.Equal(0.35, (double)r["selfSupport"]!["aim"]!["high"]!);
        Assert.Equal("Kommunens egen målsättning", (string)r["selfSupport"]!["aim"]!["source"]!);

        await using var broken = api.WithWebHostBuilder(b => b.UseSetting("Reports:SelfSupport:AimLow", "0.5"));
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Reports:SelfSupport", error.ToString());
    }

    private static async Task<string[]> CsvLinesAsync(TenantClient tenant, string url)
    {
        var text = await (await ReportsTests.GetCsvAsync(tenant.Http, url)).Content.ReadAsStringAsync();
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static void AssertPart(JsonNode p, string period, bool whole, int served, int exited, int selfSupporting, double shareOfExited, double shareOfServed)
    {
        Assert.Equal(period, (string)p["period"]!);
        Assert.Equal(whole, (bool)p["whole"]!);
        Assert.Equal(served, (int)p["served"]!);
        Assert.Equal(exited, (int)p["exited"]!);
        Assert.Equal(selfSupporting, (int)p["selfSupporting"]!);
        Assert.Equal(shareOfExited, (double)p["shareOfExited"]!);
        Assert.Equal(shareOfServed, (double)p["shareOfServed"]!);
        Assert.False((bool)p["suppressed"]!);
    }
}

public sealed class QuarterlyReportsTestsOnSqlite(SqliteApiFactory api) : QuarterlyReportsTests(api);
public sealed class QuarterlyReportsTestsOnSqlServer(SqlServerApiFactory api) : QuarterlyReportsTests(api);
