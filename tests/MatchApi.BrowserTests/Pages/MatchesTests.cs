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
        Assert.True((await first.Locator(".reasons li").CountAsync()) > 0);
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
    public async Task A_platsbanken_opening_links_its_ad_from_the_match_without_fetching_each_opening()
    {
        var world = await World.CreateAsync(app);
        // One ad in JobStream's format, imported as Platsbanken's would be.
        const string feed = """
            [{"id": "98765432", "headline": "Butikssäljare, Platsbanken", "webpage_url": "https://arbetsformedlingen.se/platsbanken/annonser/98765432",
              "application_deadline": "2099-03-28T23:59:59", "description": {"text": "Vi söker en butikssäljare."},
              "employer": {"organization_number": "5566778899", "name": "Butiken i Göteborg AB"},
              "occupation_group": {"legacy_ams_taxonomy_id": "5223"}, "employment_type": {"label": "Vanlig anställning"},
              "duration": {"label": "Tills vidare"}, "scope_of_work": {"min": 100, "max": 100},
              "workplace_address": {"municipality_code": "1480"}}]
            """;
        var import = await world.Api.PostAsync("/v1/openings/import/jobtech", new StringContent(feed, System.Text.Encoding.UTF8, "application/json"));
        import.EnsureSuccessStatusCode();
        Assert.Contains("\"created\":1", (await import.Content.ReadAsStringAsync()));

        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;
        var openingRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(new Uri(request.Url).AbsolutePath, @"^/v1/openings/\d+$")) openingRequests.Add(request.Url);
        };
        await session.GotoAsync($"/app/participants/{world.WithGoals.Id}/matches");
        var card = page.Locator("ol.matches > li").Filter(new() { HasText = "Butikssäljare, Platsbanken" });
        var ad = card.GetByRole(AriaRole.Link, new() { Name = "Annonsen för Butikssäljare, Platsbanken (öppnas i ny flik)" });
        await Expect(ad).ToHaveAttributeAsync("href", "https://arbetsformedlingen.se/platsbanken/annonser/98765432");
        await Expect(Facts.Value(card, "Sista ansökningsdag")).ToContainTextAsync("2099");
        // An opening typed in by hand has no ad, so its card has no link.
        var own = page.Locator("ol.matches > li").Filter(new() { HasText = "Butikssäljare, dagtid" });
        await Expect(own.Locator(".ad-link")).ToHaveCountAsync(0);
        Assert.Empty(openingRequests);
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
        Assert.Contains("jobType=internship", page.Url);
        Assert.Contains("municipalityCode=1481", page.Url);
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
