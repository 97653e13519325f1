using MatchApi.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

public sealed class SignInTests(BrowserApp app)
{
    [Fact]
    public async Task Signing_in_shows_my_caseload_with_days_since_contact_and_the_30_day_flag()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.GotoAsync("/app/");
        await Expect(session.Heading("Logga in")).ToBeVisibleAsync();
        await session.CheckPageAsync("login");

        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;
        await Expect(session.Heading("Min caseload")).ToBeVisibleAsync();
        await Expect(page.GetByText("3 av 20 deltagare")).ToBeVisibleAsync();

        var waiting = page.Locator($"[data-participant='{world.Waiting.Id}']");
        await Expect(waiting.GetByText("Ingen arbetsgivarkontakt inom 30 dagar från inskrivning")).ToBeVisibleAsync();
        await Expect(Facts.Value(waiting, "Sedan inskrivning")).ToHaveTextAsync("45 dagar");
        await Expect(Facts.Value(waiting, "Sedan senaste arbetsgivarkontakt")).ToHaveTextAsync("Ingen kontakt ännu");

        var contacted = page.Locator($"[data-participant='{world.Contacted.Id}']");
        await Expect(Facts.Value(contacted, "Sedan senaste arbetsgivarkontakt")).ToHaveTextAsync("3 dagar");
        await Expect(contacted.GetByText("Ingen arbetsgivarkontakt inom")).ToHaveCountAsync(0);

        // A coach cannot read reports, so the menu does not offer the dashboard.
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Översikt" })).ToHaveCountAsync(0);
        await session.CheckPageAsync("caseload");
    }

    [Fact]
    public async Task A_wrong_password_is_explained_in_swedish_and_the_username_is_kept()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.GotoAsync("/app/login");
        var page = session.Page;
        await page.GetByLabel("Användarnamn").FillAsync(world.CoachUsername);
        await page.GetByLabel("Lösenord").FillAsync("fel lösenord");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Fel användarnamn eller lösenord.");
        await Expect(page.GetByLabel("Användarnamn")).ToHaveValueAsync(world.CoachUsername);
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("{");
        await session.AssertAccessibleAsync("the sign-in page with an error");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task A_deep_link_asks_for_sign_in_and_then_opens_that_page()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.GotoAsync($"/app/participants/{world.WithGoals.Id}");
        await Expect(session.Heading("Logga in")).ToBeVisibleAsync();

        await session.SignInAsync(world.CoachUsername);
        await Expect(session.Heading($"Deltagare {world.WithGoals.Ref}")).ToBeVisibleAsync();
        Assert.EndsWith($"/app/participants/{world.WithGoals.Id}", session.Page.Url);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();

        await Expect(session.Heading("Logga in")).ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.Status).GetByText("Du är utloggad.")).ToBeVisibleAsync();
        await session.GotoAsync("/app/employers");
        await Expect(session.Heading("Logga in")).ToBeVisibleAsync();
        session.AssertNoProblems();
    }
}
