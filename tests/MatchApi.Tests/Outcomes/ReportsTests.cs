using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MatchApi.Employers;
using MatchApi.Participants;
using MatchApi.Placements;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MatchApi.Tests.Outcomes;

public abstract class ReportsTests(MatchApiFactory api)
{
    [Fact]
    public async Task Outcomes_report_counts_every_number_of_the_scenario()
    {
        var s = await Scenario.BuildAsync(api);
        var r = await (await s.Tenant.Http.GetAsync($"/v1/reports/outcomes?{Scenario.Query}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("2025-01-01", (string)r["from"]!);
        Assert.Equal("2025-03-25", (string)r["to"]!);
        Assert.Null(r["coachId"]);
        // a1–a6, b1–b5, c1–c2: a7 exited the day before, b6 enrolled the day after.
        Assert.Equal(13, (int)r["served"]!);

        var o = r["outcomes"]!;
        AssertShare(o["competitive"]!, 6, 0.4615);   // a1 a2 b1 b2 b4 c1
        AssertShare(o["anyPaidJob"]!, 7, 0.5385);    // + a3
        AssertShare(o["internship"]!, 2, 0.1538);    // a4 c2
        AssertShare(o["education"]!, 2, 0.1538);     // a5 c2
        AssertShare(o["none"]!, 3, 0.2308);          // a6 b3 b5
        Assert.StartsWith("Start-based", (string)o["definition"]!);

        // Worked in a competitive job while served: the six starters, a6 (job since November, served on 1 January) and b5 (since 31 December).
        var rate = r["employmentRate"]!;
        Assert.Equal(0.6154, (double)rate["rate"]!);
        Assert.Equal(8, (int)rate["participants"]!);
        Assert.Equal(0.31, (double)rate["benchmarks"]!["minimum"]!);
        Assert.Equal(0.41, (double)rate["benchmarks"]!["average"]!);
        Assert.Equal(0.5, (double)rate["benchmarks"]!["excellent"]!);
        // 1 January – 25 March is not a whole quarter: no benchmark level.
        Assert.Null(rate["level"]);
        var quarter = r["quarters"]!.AsArray().Single()!;
        AssertQuarter(quarter, "2025-Q1", "2025-01-01", "2025-03-25", whole: false, served: 13, worked: 8, rate: 0.6154, level: null);

        // One exit in the period (a6, self-supporting): too few to show.
        var selfSupport = r["selfSupport"]!;
        Assert.Equal(0.4, (double)selfSupport["aim"]!["low"]!);
        Assert.Equal(0.45, (double)selfSupport["aim"]!["high"]!);
        Assert.Contains("IPS Hisingen", (string)selfSupport["aim"]!["source"]!);
        Assert.Equal("2025", (string)selfSupport["byYear"]![0]!["period"]!);
        Assert.True((bool)selfSupport["byYear"]![0]!["suppressed"]!);
        Assert.Null(selfSupport["byYear"]![0]!["exited"]);
        Assert.True((bool)selfSupport["byQuarter"]![0]!["suppressed"]!);

        // First contact: a2 16, a3 30, a5 19, b1 40, b4 12, c1 15 days (a1's was before the period, b2's after it).
        Assert.Equal(17.5, (double)r["medianDays"]!["toFirstEmployerContact"]!["days"]!);
        Assert.Equal(6, (int)r["medianDays"]!["toFirstEmployerContact"]!["participants"]!);
        // First competitive job: a1 101, a2 43, b1 31, b2 69, b4 49, c1 46 days (a6's was before the period).
        Assert.Equal(47.5, (double)r["medianDays"]!["toFirstCompetitiveJob"]!["days"]!);
        Assert.Equal(6, (int)r["medianDays"]!["toFirstCompetitiveJob"]!["participants"]!);

        var starts = r["jobStarts"]!;
        Assert.Equal(10, (int)starts["total"]!);
        var fields = starts["byOccupationField"]!.AsArray();
        Assert.Equal(3, fields.Count);
        AssertGroup(fields[0]!, "field", "4", null);
        Assert.Equal("Administration and customer service clerks", (string)fields[0]!["name"]!);
        AssertGroup(fields[1]!, "field", "5", 6);
        Assert.Equal("Service, care and shop sales workers", (string)fields[1]!["name"]!);
        AssertGroup(fields[2]!, "field", "9", null);
        Assert.Equal("Elementary occupations", (string)fields[2]!["name"]!);
        var sectors = starts["bySector"]!.AsArray();
        Assert.Equal(3, sectors.Count);
        AssertGroup(sectors[0]!, "sector", "private", 6);
        AssertGroup(sectors[1]!, "sector", "public", null);
        AssertGroup(sectors[2]!, "sector", "nonProfit", null);

        var coaches = r["byCoach"]!.AsArray();
        Assert.Equal(3, coaches.Count);
        AssertCoach(coaches[0]!, s.Anna, "Anna Lindqvist", 6, 2, 3, 0.3333);
        // Cecilia served 2; with only her withheld, 13 − 6 − 5 would give her number, so Bertil (the next smallest) is withheld too.
        Assert.Equal([s.Anna, s.Bertil, s.Cecilia], coaches.Select(c => (long)c!["coachId"]!));
        foreach (var coach in coaches.Skip(1))
        {
            Assert.True((bool)coach!["suppressed"]!);
            foreach (var field in new[] { "served", "competitive", "anyPaidJob", "employmentRate" }) Assert.Null(coach[field]);
        }
    }

    [Fact]
    public async Task Fidelity_report_scores_every_item_of_the_scenario()
    {
        var s = await Scenario.BuildAsync(api);
        var r = await (await s.Tenant.Http.GetAsync($"/v1/reports/fidelity?{Scenario.Query}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2025-01-01", (string)r["from"]!);
        Assert.Equal("2025-03-25", (string)r["to"]!);

        var items = r["items"]!.AsArray();
        Assert.Equal(ItemOrder, items.Select(i => (string)i!["item"]!));
        // Caseloads on 25 March: Anna 5 (a6, a7 exited), Bertil 5 (b3 enrolled that day), Cecilia 2.
        AssertItem(items[0]!, 4, 5, 3);
        // First face-to-face contact in the period: a2 16, a3 45, a5 19, b1 40, b4 12, c1 15 days; mean 147 / 6 (b2's was after the period).
        AssertItem(items[1]!, 24.5, 5, 6);
        // Enrolled in the period: a5, b4, c1 met an employer within 30 days; a3, b2 did not; b3 is still inside the 30 days.
        AssertItem(items[2]!, 0.6, 3, 5);
        // Contacts about participants with goals: a2 ×3 at E1 (5223) and a3 ×2 at E3 (91 → 9111) and b1 at E2 (4 → 4321) fit; c1 ×2 at E3 (2512) do not.
        AssertItem(items[3]!, 0.75, 4, 8);
        // 144 face-to-face contacts / 3 coaches / 12 weeks.
        AssertItem(items[4]!, 4, 3, 3);
        // Met face to face: E1, E2, E3 many times, E4 once (E5 only after the period).
        AssertItem(items[5]!, 0.75, 5, 4);
        // 10 job starts at 5 employers: half were at an employer that already had one.
        AssertItem(items[6]!, 0.5, 2, 10);
        // 7 distinct SSYK codes among 10 job starts.
        AssertItem(items[7]!, 0.7, 4, 10);
        // 6 of 10 job starts are competitive.
        AssertItem(items[8]!, 0.6, 1, 10);
        // Competitive starts followed up: a2 (days 1 and 19); not a1, b1 (one call on day 9), c1; b2 and b4 are still inside their first month.
        AssertItem(items[9]!, 0.25, 2, 4);
        Assert.Contains("≤ 20, 4 if ≤ 25, 3 if ≤ 30, 2 if ≤ 40", (string)items[0]!["rule"]!);
        Assert.Contains("5 if ≤ 30, 4 if ≤ 60, 3 if ≤ 150, 2 if ≤ 270, otherwise 1 days", (string)items[1]!["rule"]!);
        Assert.Contains("could not be checked", (string)items[1]!["rule"]!);
        Assert.Contains("≥ 95%", (string)items[8]!["rule"]!);

        var notMeasured = f(r["notMeasured"]!);
        Assert.Contains("Disclosure", notMeasured);
        Assert.Contains("Work incentives planning (benefits counselling)", notMeasured);
        Assert.Contains("Community-based services", notMeasured);
        Assert.Contains("Role of employment supervisor (supervision)", notMeasured);
        Assert.All(r["notMeasured"]!.AsArray(), n => Assert.Equal("not measured by MatchApi", (string)n!["status"]!));
        static List<string> f(JsonNode list) => list.AsArray().Select(n => (string)n!["title"]!).ToList();

        // The period is one (partial) quarter: its items are the period's.
        var quarter = r["quarters"]!.AsArray().Single()!;
        Assert.Equal("2025-Q1", (string)quarter["quarter"]!);
        Assert.False((bool)quarter["wholeQuarter"]!);
        Assert.False((bool)quarter["suppressed"]!);
        Assert.Equal(items.Select(i => ((string)i!["item"]!, (double?)i["value"], (int?)i["score"])),
            quarter["items"]!.AsArray().Select(i => ((string)i!["item"]!, (double?)i["value"], (int?)i["score"])));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace((string)i!["title"]!)));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace((string)i!["unit"]!)));

        var coaches = r["byCoach"]!.AsArray();
        Assert.Equal(3, coaches.Count);
        AssertCoachFidelity(coaches[0]!, s.Anna, "Anna Lindqvist", 5, 5, 6, 5);
        // Cecilia is withheld, and so is Bertil: the caseload item's mean and the contact total would give her numbers away.
        Assert.Equal([s.Anna, s.Bertil, s.Cecilia], coaches.Select(c => (long)c!["coachId"]!));
        foreach (var coach in coaches.Skip(1))
        {
            Assert.True((bool)coach!["suppressed"]!);
            foreach (var field in new[] { "caseload", "caseloadScore", "faceToFaceContactsPerWeek", "jobDevelopmentScore" }) Assert.Null(coach[field]);
        }
    }

    [Fact]
    public async Task Reports_for_one_coach_count_only_that_coachs_participants_and_contacts()
    {
        var s = await Scenario.BuildAsync(api);
        var r = await (await s.Tenant.Http.GetAsync($"/v1/reports/outcomes?{Scenario.Query}&coachId={s.Bertil}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(s.Bertil, (long)r["coachId"]!);
        Assert.Equal(5, (int)r["served"]!);
        AssertShare(r["outcomes"]!["competitive"]!, 3, 0.6);
        AssertShare(r["outcomes"]!["anyPaidJob"]!, 3, 0.6);
        AssertShare(r["outcomes"]!["internship"]!, 0, 0);
        AssertShare(r["outcomes"]!["education"]!, 0, 0);
        AssertShare(r["outcomes"]!["none"]!, 2, 0.4);
        Assert.Equal(26, (double)r["medianDays"]!["toFirstEmployerContact"]!["days"]!);
        Assert.Equal(49, (double)r["medianDays"]!["toFirstCompetitiveJob"]!["days"]!);
        Assert.Equal(4, (int)r["jobStarts"]!["total"]!);
        // Bertil's four job starts come from three participants: every field and sector group is too small to show.
        Assert.All(r["jobStarts"]!["byOccupationField"]!.AsArray(), g => Assert.True((bool)g!["suppressed"]!));
        Assert.All(r["jobStarts"]!["bySector"]!.AsArray(), g => Assert.True((bool)g!["suppressed"]!));
        AssertCoach(r["byCoach"]!.AsArray().Single()!, s.Bertil, "Bertil Ek", 5, 3, 3, 0.6);

        var f = await (await s.Tenant.Http.GetAsync($"/v1/reports/fidelity?{Scenario.Query}&coachId={s.Bertil}")).ReadJsonAsync(HttpStatusCode.OK);
        var items = f["items"]!.AsArray();
        AssertItem(items[0]!, 5, 5, 1);
        AssertItem(items[1]!, 26, 5, 2);     // b1 40, b4 12 days
        AssertItem(items[2]!, 0.5, 2, 2);
        AssertItem(items[3]!, 1, 5, 1);      // b1's contact at E2
        AssertItem(items[4]!, 4, 3, 1);
        AssertItem(items[5]!, 0.5, 5, 2);    // E2 many times, E3 once
        AssertItem(items[6]!, 0, 5, 4);
        AssertItem(items[7]!, 1, 5, 4);
        AssertItem(items[8]!, 0.75, 3, 4);
        AssertItem(items[9]!, 0, 1, 1);      // b1 only (b2, b4 still inside the month)
        Assert.Equal([s.Bertil], f["byCoach"]!.AsArray().Select(c => (long)c!["coachId"]!));
    }

    [Fact]
    public async Task Period_boundaries_include_both_ends_and_nothing_outside()
    {
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var coach = await d.CoachAsync("Anna Lindqvist");
        var employer = await d.EmployerAsync(Sector.Private);
        var enrolled = new DateOnly(2024, 6, 1);
        var onFrom = await d.ParticipantAsync(coach, enrolled);
        var onTo = await d.ParticipantAsync(coach, enrolled);
        var dayBefore = await d.ParticipantAsync(coach, enrolled);
        var dayAfter = await d.ParticipantAsync(coach, enrolled);
        var exitedOnFrom = await d.ParticipantAsync(coach, enrolled);
        var exitedDayBefore = await d.ParticipantAsync(coach, enrolled);
        await d.ParticipantAsync(coach, new(2025, 6, 30));
        await d.ParticipantAsync(coach, new(2025, 7, 1));
        await d.PlaceAsync(onFrom, employer, PlacementKind.Competitive, new(2025, 1, 1), "5223");
        await d.PlaceAsync(onTo, employer, PlacementKind.Competitive, new(2025, 6, 30), "5223");
        await d.PlaceAsync(dayBefore, employer, PlacementKind.Competitive, new(2024, 12, 31), "5223");
        await d.PlaceAsync(dayAfter, employer, PlacementKind.Competitive, new(2025, 7, 1), "5223");
        await d.ExitAsync(exitedOnFrom, new(2025, 1, 1));
        await d.ExitAsync(exitedDayBefore, new(2024, 12, 31));

        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        // Served: the four with starts, the one exited on the first day and the one enrolled on the last.
        Assert.Equal(6, (int)r["served"]!);
        AssertShare(r["outcomes"]!["competitive"]!, 2, 0.3333);
        Assert.Equal(2, (int)r["jobStarts"]!["total"]!);
        AssertShare(r["outcomes"]!["none"]!, 4, 0.6667);
    }

    [Fact]
    public async Task A_participant_exited_without_an_exit_record_stops_counting_from_their_last_change()
    {
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var coach = await d.CoachAsync("Anna Lindqvist");
        await d.ParticipantAsync(coach, new(2024, 1, 1), ParticipantStatus.Exited, new DateTimeOffset(2024, 12, 15, 9, 0, 0, TimeSpan.Zero));
        await d.ParticipantAsync(coach, new(2024, 1, 1), ParticipantStatus.Exited, new DateTimeOffset(2025, 2, 15, 9, 0, 0, TimeSpan.Zero));
        await d.ParticipantAsync(coach, new(2024, 1, 1), ParticipantStatus.Paused);

        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)r["served"]!);
        var f = await (await tenant.Http.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-06-30")).ReadJsonAsync(HttpStatusCode.OK);
        AssertItem(f["items"]![0]!, 1, 5, 1);
    }

    [Fact]
    public async Task An_empty_period_has_zero_counts_and_no_shares_or_scores()
    {
        var tenant = await api.NewTenantAsync();
        var r = await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-01-31")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)r["served"]!);
        Assert.Equal(0, (int)r["outcomes"]!["competitive"]!["participants"]!);
        Assert.Null(r["outcomes"]!["competitive"]!["share"]);
        Assert.Null(r["employmentRate"]!["rate"]);
        Assert.Null(r["employmentRate"]!["level"]);
        Assert.Null(r["medianDays"]!["toFirstEmployerContact"]!["days"]);
        Assert.Empty(r["byCoach"]!.AsArray());
        Assert.True((bool)r["quarters"]![0]!["suppressed"]!);
        Assert.Null(r["quarters"]![0]!["served"]);

        var f = await (await tenant.Http.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-01-31")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.All(f["items"]!.AsArray(), i =>
        {
            Assert.Null(i!["value"]);
            Assert.Null(i["score"]);
            Assert.Equal(0, (int)i["basis"]!);
        });
    }

    [Fact]
    public async Task Reports_never_show_who_the_participants_are()
    {
        var s = await Scenario.BuildAsync(api);
        foreach (var url in new[] { "/v1/reports/outcomes", "/v1/reports/fidelity" })
        {
            var json = await (await s.Tenant.Http.GetAsync($"{url}?{Scenario.Query}")).Content.ReadAsStringAsync();
            var csv = await (await GetCsvAsync(s.Tenant.Http, $"{url}?{Scenario.Query}")).Content.ReadAsStringAsync();
            foreach (var externalRef in s.ExternalRefs)
            {
                Assert.DoesNotContain(externalRef, json);
                Assert.DoesNotContain(externalRef, csv);
            }
            Assert.DoesNotContain("participantId", json);
        }
    }

    [Fact]
    public async Task Outcomes_as_csv_is_semicolon_separated_utf8_with_bom_one_row_per_number()
    {
        var s = await Scenario.BuildAsync(api);
        var response = await GetCsvAsync(s.Tenant.Http, $"/v1/reports/outcomes?{Scenario.Query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("outcomes-2025-01-01-2025-03-25.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("Accept", response.Headers.Vary);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section;metric;value", lines[0]);
        Assert.All(lines, l => Assert.Equal(2, l.Count(c => c == ';')));
        Assert.Contains("report;from;2025-01-01", lines);
        Assert.Contains("report;coachId;", lines);
        Assert.Contains("participants;served;13", lines);
        Assert.Contains("outcomes;competitive.participants;6", lines);
        Assert.Contains("outcomes;competitive.share;0.4615", lines);
        Assert.Contains("outcomes;none.share;0.2308", lines);
        Assert.Contains("employmentRate;benchmark.excellent;0.5", lines);
        Assert.Contains("employmentRate;rate;0.6154", lines);
        Assert.Contains("employmentRate;level;", lines);
        Assert.Contains("employmentRateByQuarter;2025-Q1.wholeQuarter;false", lines);
        Assert.Contains("employmentRateByQuarter;2025-Q1.to;2025-03-25", lines);
        Assert.Contains("employmentRateByQuarter;2025-Q1.served;13", lines);
        Assert.Contains("employmentRateByQuarter;2025-Q1.workedCompetitive;8", lines);
        Assert.Contains("employmentRateByQuarter;2025-Q1.rate;0.6154", lines);
        Assert.Contains("selfSupport;aim.low;0.4", lines);
        Assert.Contains("selfSupportByYear;2025.exited;suppressed", lines);
        Assert.Contains("selfSupportByQuarter;2025-Q1.shareOfExited;suppressed", lines);
        Assert.Contains(lines, l => l.StartsWith("outcomes;definition;Start-based", StringComparison.Ordinal));
        Assert.Contains("medianDays;toFirstEmployerContact.days;17.5", lines);
        Assert.Contains("jobStarts;total;10", lines);
        Assert.Contains("jobStartsByOccupationField;5 Service, care and shop sales workers;6", lines);
        Assert.Contains("jobStartsByOccupationField;9 Elementary occupations;suppressed", lines);
        Assert.Contains("jobStartsBySector;public;suppressed", lines);
        Assert.Contains($"byCoach;coach {s.Anna}.name;Anna Lindqvist", lines);
        Assert.Contains($"byCoach;coach {s.Anna}.employmentRate;0.3333", lines);
        Assert.Contains($"byCoach;coach {s.Bertil}.served;suppressed", lines);
        Assert.Contains($"byCoach;coach {s.Cecilia}.served;suppressed", lines);
    }

    [Fact]
    public async Task Fidelity_as_csv_has_value_score_and_rule_rows()
    {
        var s = await Scenario.BuildAsync(api);
        var response = await GetCsvAsync(s.Tenant.Http, $"/v1/reports/fidelity?{Scenario.Query}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section;metric;value", lines[0]);
        Assert.Contains("caseloadSize;value;4", lines);
        Assert.Contains("caseloadSize;score;5", lines);
        Assert.Contains("caseloadSize;basis;3", lines);
        Assert.Contains("rapidJobSearch;value;24.5", lines);
        Assert.Contains("rapidJobSearchShare;value;0.6", lines);
        Assert.Contains("individualizedJobSearch;value;0.75", lines);
        Assert.Contains("jobDevelopmentQuality;basis;4", lines);
        Assert.Contains("followAlong;score;2", lines);
        Assert.Contains("notMeasured;Disclosure;not measured by MatchApi", lines);
        Assert.Contains("byQuarter;2025-Q1.suppressed;false", lines);
        Assert.Contains("byQuarter;2025-Q1.rapidJobSearch.value;24.5", lines);
        Assert.Contains("byQuarter;2025-Q1.followAlong.basis;4", lines);
        Assert.Contains("jobDevelopmentFrequency;score;3", lines);
        Assert.Contains("competitiveJobs;score;1", lines);
        Assert.All(lines, l => Assert.Equal(2, l.Count(c => c == ';')));
        Assert.Contains("caseloadSize;rule;IPS-25 item 1. Participants on each coach's caseload on 2025-03-25 (enrolled by then and not exited), "
            + "averaged over coaches with a caseload. Participants without a coach are not counted. 5 if ≤ 20, 4 if ≤ 25, 3 if ≤ 30, 2 if ≤ 40, otherwise 1.", lines);
        Assert.Contains($"byCoach;coach {s.Anna}.faceToFaceContactsPerWeek;6", lines);
        Assert.Contains($"byCoach;coach {s.Cecilia}.caseload;suppressed", lines);
        Assert.Contains($"byCoach;coach {s.Bertil}.caseload;suppressed", lines);
    }

    [Fact]
    public async Task Json_is_the_default_and_is_chosen_when_preferred()
    {
        var tenant = await api.NewTenantAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/reports/outcomes?from=2025-01-01&to=2025-01-31");
        request.Headers.Accept.ParseAdd("text/csv;q=0.5, application/json");
        var response = await tenant.Http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        var noAccept = await tenant.WithScopesAsync(Scopes.ReportsRead);
        noAccept.DefaultRequestHeaders.Accept.Clear();
        var plain = await noAccept.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-01-31");
        Assert.Equal("application/json", plain.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Coach_names_cannot_become_formulas_in_excel()
    {
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var coach = await d.CoachAsync("=HYPERLINK(\"http://evil.example\";\"x\")");
        for (var i = 0; i < 5; i++) await d.ParticipantAsync(coach, new(2025, 1, 1));
        var csv = await (await GetCsvAsync(tenant.Http, "/v1/reports/outcomes?from=2025-01-01&to=2025-01-31")).Content.ReadAsStringAsync();
        Assert.Contains($"byCoach;coach {coach}.name;\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"x\"\")\"", csv);
    }

    [Fact]
    public async Task Fidelity_thresholds_come_from_configuration()
    {
        await using var strict = api.WithWebHostBuilder(b => b
            .UseSetting("Reports:Fidelity:CaseloadSize:FiveAt", "1")
            .UseSetting("Reports:Fidelity:CaseloadSize:FourAt", "2")
            .UseSetting("Reports:Fidelity:CaseloadSize:ThreeAt", "3")
            .UseSetting("Reports:Fidelity:CaseloadSize:TwoAt", "4"));
        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var coach = await d.CoachAsync("Anna Lindqvist");
        for (var i = 0; i < 3; i++) await d.ParticipantAsync(coach, new(2025, 1, 1));
        var client = strict.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, await NewKeyAsync(tenant.TenantId));

        var f = await (await client.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-01-31")).ReadJsonAsync(HttpStatusCode.OK);
        AssertItem(f["items"]![0]!, 3, 3, 1);
        Assert.Contains("5 if ≤ 1, 4 if ≤ 2, 3 if ≤ 3, 2 if ≤ 4, otherwise 1", (string)f["items"]![0]!["rule"]!);
    }

    [Theory]
    [InlineData("CompetitiveJobs:FiveAt", "0.5", "CompetitiveJobs:FourAt", "0.9")]
    // Mean days: lower is better, so 5 points need the fewest days.
    [InlineData("RapidJobSearch:FiveAt", "90", "RapidJobSearch:FourAt", "60")]
    [InlineData("FollowAlong:FirstContactDays", "30", "FollowAlong:SecondContactDays", "30")]
    [InlineData("JobDevelopmentQuality:TwoAt", "0.6", "JobDevelopmentQuality:ThreeAt", "0.3")]
    public async Task Thresholds_out_of_order_stop_the_app_at_start(string key, string value, string otherKey, string otherValue)
    {
        // The shared app migrates the database first, so that this second app does not migrate it concurrently.
        await api.NewTenantAsync();
        await using var broken = api.WithWebHostBuilder(b => b
            .UseSetting($"Reports:Fidelity:{key}", value)
            .UseSetting($"Reports:Fidelity:{otherKey}", otherValue));
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Reports:Fidelity", error.ToString());
    }

    [Theory]
    [InlineData("to=2025-03-31", "from")]
    [InlineData("from=2025-01-01", "to")]
    [InlineData("from=2025-02-01&to=2025-01-31", "to")]
    [InlineData("from=2020-01-01&to=2025-01-01", "to")]
    [InlineData("from=2025-01-01&to=2025-01-31&coachId=987654321", "coachId")]
    public async Task Invalid_period_or_coach_is_a_validation_problem(string query, string field)
    {
        var tenant = await api.NewTenantAsync();
        foreach (var report in new[] { "outcomes", "fidelity" })
        {
            var errors = await (await tenant.Http.GetAsync($"/v1/reports/{report}?{query}")).ReadValidationErrorsAsync();
            Assert.True(errors.ContainsKey(field), $"{report}: {errors.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Missing_from_and_to_are_both_reported()
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync("/v1/reports/outcomes")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("from"));
        Assert.True(errors.ContainsKey("to"));
    }

    [Fact]
    public async Task A_period_of_exactly_five_years_is_allowed()
    {
        var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2020-01-01&to=2024-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-01-01")).StatusCode);
    }

    [Fact]
    public async Task A_malformed_date_is_a_400_problem()
    {
        var tenant = await api.NewTenantAsync();
        await (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2025-13-01&to=2025-12-31")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await tenant.Http.GetAsync("/v1/reports/fidelity?from=yesterday&to=2025-12-31")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_tenants_coach_cannot_be_used_as_a_filter()
    {
        var s = await Scenario.BuildAsync(api);
        foreach (var report in new[] { "outcomes", "fidelity" })
        {
            var errors = await (await s.Tenant.Http.GetAsync($"/v1/reports/{report}?{Scenario.Query}&coachId={s.OtherTenantCoach}")).ReadValidationErrorsAsync();
            Assert.True(errors.ContainsKey("coachId"));
        }
    }

    [Fact]
    public async Task Reports_need_a_key_with_the_reports_scope()
    {
        var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-01-31")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-01-31")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        var tenant = await api.NewTenantAsync();
        var noReports = await tenant.WithScopesAsync(Scopes.ParticipantsRead, Scopes.ParticipantsWrite, Scopes.CoachesRead);
        await (await noReports.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-01-31")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await noReports.GetAsync("/v1/reports/fidelity?from=2025-01-01&to=2025-01-31")).ReadProblemAsync(HttpStatusCode.Forbidden);
        var reports = await tenant.WithScopesAsync(Scopes.ReportsRead);
        Assert.Equal(HttpStatusCode.OK, (await reports.GetAsync("/v1/reports/outcomes?from=2025-01-01&to=2025-01-31")).StatusCode);
    }

    private static readonly string[] ItemOrder =
    [
        "caseloadSize", "rapidJobSearch", "rapidJobSearchShare", "individualizedJobSearch", "jobDevelopmentFrequency", "jobDevelopmentQuality",
        "diversityOfEmployers", "diversityOfJobTypes", "competitiveJobs", "followAlong",
    ];

    internal static void AssertQuarter(JsonNode q, string quarter, string from, string to, bool whole, int? served, int? worked, double? rate, string? level)
    {
        Assert.Equal(quarter, (string)q["quarter"]!);
        Assert.Equal(from, (string)q["from"]!);
        Assert.Equal(to, (string)q["to"]!);
        Assert.Equal(whole, (bool)q["wholeQuarter"]!);
        Assert.Equal(served, (int?)q["served"]);
        Assert.Equal(worked, (int?)q["workedCompetitive"]);
        Assert.Equal(rate, (double?)q["rate"]);
        Assert.Equal(level, (string?)q["level"]);
        Assert.Equal(served is null, (bool)q["suppressed"]!);
    }

    private Task<string> NewKeyAsync(long tenantId) => NewReportsKeyAsync(api, tenantId);

    /// <summary>An API key with only the reports scope, for an app built with other settings.</summary>
    internal static async Task<string> NewReportsKeyAsync(MatchApiFactory api, long tenantId)
    {
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(api.Db, tenantId, "test key", [Scopes.ReportsRead], key, null, default);
        return key;
    }

    internal static Task<HttpResponseMessage> GetCsvAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        return client.SendAsync(request);
    }

    private static void AssertShare(JsonNode share, int participants, double value)
    {
        Assert.Equal(participants, (int)share["participants"]!);
        Assert.Equal(value, (double)share["share"]!);
    }

    private static void AssertGroup(JsonNode group, string key, string expectedKey, int? jobStarts)
    {
        Assert.Equal(expectedKey, (string)group[key]!);
        Assert.Equal(jobStarts, (int?)group["jobStarts"]);
        Assert.Equal(jobStarts is null, (bool)group["suppressed"]!);
    }

    private static void AssertCoach(JsonNode coach, long id, string name, int served, int competitive, int anyPaidJob, double rate)
    {
        Assert.Equal(id, (long)coach["coachId"]!);
        Assert.Equal(name, (string)coach["coachName"]!);
        Assert.Equal(served, (int)coach["served"]!);
        Assert.Equal(competitive, (int)coach["competitive"]!);
        Assert.Equal(anyPaidJob, (int)coach["anyPaidJob"]!);
        Assert.Equal(rate, (double)coach["employmentRate"]!);
        Assert.False((bool)coach["suppressed"]!);
    }

    private static void AssertItem(JsonNode item, double value, int score, int basis)
    {
        Assert.True(value == (double)item["value"]!, $"{item["item"]}: value {item["value"]}, expected {value}");
        Assert.True(score == (int)item["score"]!, $"{item["item"]}: score {item["score"]}, expected {score}");
        Assert.True(basis == (int)item["basis"]!, $"{item["item"]}: basis {item["basis"]}, expected {basis}");
        Assert.False(string.IsNullOrWhiteSpace((string)item["rule"]!));
    }

    private static void AssertCoachFidelity(JsonNode coach, long id, string name, int caseload, int caseloadScore, double perWeek, int jobDevelopmentScore)
    {
        Assert.Equal(id, (long)coach["coachId"]!);
        Assert.Equal(name, (string)coach["coachName"]!);
        Assert.Equal(caseload, (int)coach["caseload"]!);
        Assert.Equal(caseloadScore, (int)coach["caseloadScore"]!);
        Assert.Equal(perWeek, (double)coach["faceToFaceContactsPerWeek"]!);
        Assert.Equal(jobDevelopmentScore, (int)coach["jobDevelopmentScore"]!);
        Assert.False((bool)coach["suppressed"]!);
    }
}

public sealed class ReportsTestsOnSqlite(SqliteApiFactory api) : ReportsTests(api);
public sealed class ReportsTestsOnSqlServer(SqlServerApiFactory api) : ReportsTests(api);
