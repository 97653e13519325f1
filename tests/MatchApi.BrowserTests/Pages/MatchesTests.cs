using MatchApi.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

public sealed class MatchesTests(BrowserApp app)
{
    [Fact]
    public async Task Matches_show_reasons_and_one_tap_logs_a_contact_that_appears_in_the_history_and_the_caseload()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = $"Matchningar för {world.WithGoals.Ref}" }).ClickAsync();
        await Expect(session.Heading($"Matchningar för {world.WithGoals.Ref}")).ToBeVisibleAsync();
        var first = page.Locator("ol.matches > li").First;
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Butikssäljare, dagtid" })).ToBeVisibleAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Därför passar jobbet" })).ToBeVisibleAsync();
        (await first.Locator(".reasons li").CountAsync()).ShouldBeGreaterThan(0);
        await Expect(first.Locator(".reasons")).Not.ToContainTextAsync("{");
        await session.CheckPageAsync("matches");

        await first.GetByRole(AriaRole.Button, new() { Name = "Jag har kontaktat Coop Hisingen om deltagaren" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kontakten med Coop Hisingen är loggad.");
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Kontakt loggad" })).ToBeDisabledAsync();

        // The employer's history shows it, about this participant…
        await first.GetByRole(AriaRole.Link, new() { Name = "Coop Hisingen" }).ClickAsync();
        await Expect(session.Heading("Coop Hisingen")).ToBeVisibleAsync();
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Kontakthistorik" });
        await Expect(history.Locator("li").First).ToContainTextAsync($"om {world.WithGoals.Ref}");
        await Expect(history.Locator("li").First).ToContainTextAsync("Matchning: Butikssäljare, dagtid");

        // …and the caseload counts it as the participant's latest employer contact.
        await page.GetByRole(AriaRole.Link, new() { Name = "Min caseload" }).ClickAsync();
        var card = page.Locator($"[data-participant='{world.WithGoals.Id}']");
        await Expect(Facts.Value(card, "Sedan senaste arbetsgivarkontakt")).ToHaveTextAsync("0 dagar");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Filters_narrow_the_matches_to_a_job_type_and_place()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        await session.GotoAsync($"/app/participants/{world.WithGoals.Id}/matches");
        var page = session.Page;
        await Expect(page.Locator("ol.matches > li").First).ToBeVisibleAsync();

        // The filters are folded behind one button, so that the results come first.
        await page.GetByText("Filter", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Ort").SelectOptionAsync(new SelectOptionValue { Label = "Mölndal" });
        await page.GetByLabel("Typ av jobb", new() { Exact = true }).SelectOptionAsync("internship");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Inga lediga jobb" })).ToBeVisibleAsync();
        page.Url.ShouldContain("jobType=internship");
        page.Url.ShouldContain("municipalityCode=1481");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task A_participant_without_goals_gets_a_readable_message_and_a_way_to_the_goals()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        await session.GotoAsync($"/app/participants/{world.Waiting.Id}/matches");
        var page = session.Page;

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Deltagaren har inga mål ännu.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fyll i målen" }).ClickAsync();
        await Expect(session.Heading($"Deltagare {world.Waiting.Ref}")).ToBeVisibleAsync();
        session.AssertNoProblems();
    }
}
