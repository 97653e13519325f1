using MatchApi.BrowserTests.Infrastructure;
using MatchApi.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

public sealed class OverviewTests(BrowserApp app)
{
    [Fact]
    public async Task A_team_lead_sees_outcomes_and_fidelity_as_charts_with_tables()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.TeamLeadUsername);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Översikt" }).ClickAsync();
        await Expect(session.Heading("Översikt")).ToBeVisibleAsync();
        await Expect(page.GetByText("Deltagare under perioden: 4")).ToBeVisibleAsync();

        var outcomes = page.GetByRole(AriaRole.Img, new() { Name = "Vad deltagarna började med under perioden" });
        await Expect(outcomes).ToBeVisibleAsync();
        Assert.Equal(5, (await outcomes.Locator("rect.chart-bar").CountAsync()));
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Vad deltagarna började med under perioden" });
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = "Inget ännu 4 100 %" })).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Poäng per punkt i IPS-25 (1–5)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Poäng per punkt i IPS-25 (1–5)" })
            .GetByRole(AriaRole.Rowheader, new() { Name = "Caseload per coach" })).ToBeVisibleAsync();
        // Values that are not shares carry their unit in Swedish, never a bare ratio among percentages.
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Poäng per punkt i IPS-25 (1–5)" })
            .GetByRole(AriaRole.Row, new() { Name = "Caseload per coach" })).ToContainTextAsync("deltagare per coach");
        await session.CheckPageAsync("overview");
    }

    [Fact]
    public async Task The_dashboard_draws_the_quarters_with_benchmark_lines_and_a_table_of_the_same_numbers()
    {
        var world = await World.CreateAsync(app);
        // Six more of the colleague's participants, enrolled 200 days ago; three have held an ordinary job for 100 days.
        var today = SwedishTime.DateOf(DateTimeOffset.UtcNow);
        var colleague = (await world.GetAsync("/v1/coaches")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "Björn Ek").GetProperty("id").GetInt64();
        for (var i = 0; i < 6; i++)
        {
            var id = await World.CreateAsync(world.Api, "/v1/participants",
                new { externalRef = $"IPS-Q-{Guid.NewGuid():N}", coachId = colleague, enrolmentDate = today.AddDays(-200) });
            if (i < 3)
                await World.CreateAsync(world.Api, $"/v1/participants/{id}/placements",
                    new { employerId = world.Coop, kind = "competitive", ssykCode = "5223", startDate = today.AddDays(-100), hoursPerWeek = 30 });
        }

        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.TeamLeadUsername);
        await session.GotoAsync("/app/overview");
        var page = session.Page;
        // Two reports over a year of quarters: give a machine under load time to draw them.
        await Expect(page.GetByText("Deltagare under perioden: 10")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        const string title = "Andel som arbetat i vanligt jobb per kvartal (IPS sysselsättningsgrad), med riktmärkena";
        var chart = page.GetByRole(AriaRole.Img, new() { Name = title });
        await Expect(chart).ToBeVisibleAsync();
        // One dashed line per benchmark: 31, 41 and 50 %.
        Assert.Equal(3, (await chart.Locator("line.chart-line").CountAsync()));
        await Expect(chart.Locator("text.chart-line-label")).ToHaveTextAsync(["31 %", "41 %", "50 %"]);

        // This quarter: all 10 served, the three with jobs worked; a quarter cut short by today has no level.
        var quarter = (today.Month - 1) / 3 + 1;
        var lastDay = new DateOnly(today.Year, quarter * 3, 1).AddMonths(1).AddDays(-1);
        var row = today == lastDay
            ? $"{today.Year} kv {quarter} 10 3 30 % Under lägsta godtagbara"
            : $"{today.Year} kv {quarter} (del) 10 3 30 % Inte helt kvartal";
        var table = page.GetByRole(AriaRole.Table, new() { Name = title });
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = row })).ToBeVisibleAsync();
        // A bar for each quarter that is shown; the quarter a year ago had no one served and is withheld.
        var shown = await table.Locator("tbody tr").Filter(new() { HasNotText = "Dolt" }).CountAsync();
        Assert.Equal(shown, (await chart.Locator("rect.chart-bar").CountAsync()));
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Dolt (färre än 5)" }).First).ToBeVisibleAsync();

        var selfSupport = page.GetByRole(AriaRole.Img, new() { Name = "Andel av de avslutade som blev självförsörjande, per kvartal, med målet" });
        await Expect(selfSupport.Locator("text.chart-line-label")).ToHaveTextAsync(["40 %", "45 %"]);
        await Expect(page.GetByText("Mål: 40 %–45 % av de avslutade blir självförsörjande")).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Poäng per punkt och kvartal" })
            .GetByRole(AriaRole.Rowheader, new() { Name = "Uppföljning efter jobbstart" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Disclosure" })).ToBeVisibleAsync();
        await session.CheckPageAsync("overview-trend");
    }

    [Fact]
    public async Task A_coach_opening_the_dashboard_is_told_it_needs_permission()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        await session.GotoAsync("/app/overview");

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Översikten kräver behörighet att läsa rapporter");
        session.AssertNoProblems();
    }
}
