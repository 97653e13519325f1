using MatchApi.BrowserTests.Infrastructure;
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
        (await outcomes.Locator("rect.chart-bar").CountAsync()).ShouldBe(5);
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Vad deltagarna började med under perioden" });
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = "Inget ännu 4 100 %" })).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Poäng per punkt i IPS-25 (1–5)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Poäng per punkt i IPS-25 (1–5)" })
            .GetByRole(AriaRole.Rowheader, new() { Name = "Caseload per coach" })).ToBeVisibleAsync();
        await session.CheckPageAsync("overview");
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
