using MatchApi.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

public sealed class ShellTests(BrowserApp app)
{
    [Fact]
    public async Task The_language_switch_shows_english_and_is_remembered()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Expect(session.Heading("My caseload")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.ReloadAsync();
        await Expect(session.Heading("My caseload")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Byt till svenska" })).ToBeVisibleAsync();
        await session.AssertAccessibleAsync("the caseload in English");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task The_keyboard_reaches_the_skip_link_first_and_it_moves_to_the_content()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;
        await Expect(session.Heading("Min caseload")).ToBeFocusedAsync();

        await page.ReloadAsync();
        await Expect(session.Heading("Min caseload")).ToBeVisibleAsync();
        // A freshly loaded page leaves focus at the top, so the first Tab reaches the skip link.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hoppa till innehållet" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();

        // From the content, the keyboard reaches the caseload's search (field, order, button), then the first participant's link.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Sök deltagare" })).ToBeFocusedAsync();
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Deltagare {world.Waiting.Ref}" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Heading($"Deltagare {world.Waiting.Ref}")).ToBeFocusedAsync();
        session.AssertNoProblems();
    }
}
