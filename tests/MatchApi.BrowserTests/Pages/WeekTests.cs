using System.Globalization;
using System.Text.Json;
using MatchApi.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

/// <summary>
/// A coach's whole IPS week on a phone, step by step through the client only: enrol, goals, matches,
/// an employer contact (and undoing a mis-tap), a next step, a job start from a match card, the
/// follow-up with the employer, and the exit. Every page is checked with axe-core at 375×812 and
/// 1280×800 and photographed. Taps per task and the caseload's page weight are written to
/// TestResults/screenshots/week-measurements.txt.
/// </summary>
public sealed class WeekTests(BrowserApp app)
{
    private readonly List<string> _measurements = [];
    private int _taps;

    private async Task TapAsync(ILocator target)
    {
        _taps++;
        await target.ClickAsync();
    }

    private void Done(string name)
    {
        _measurements.Add($"{name}: {_taps} taps");
        _taps = 0;
    }

    [Fact]
    public async Task A_coach_runs_a_whole_week_from_a_phone()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        var page = session.Page;
        var tag = Guid.NewGuid().ToString("N")[..6].Replace('1', 'x').Replace('2', 'y').Replace('3', 'z');
        var reference = $"IPS-vecka-{tag}";

        await session.SignInAsync(world.CoachUsername);
        await Expect(session.Heading("Min caseload")).ToBeVisibleAsync();
        _measurements.Add($"caseload page weight on the phone: {await PageWeightAsync(page)} bytes transferred (all files, cold cache)");
        _taps = 0;

        // Enrol, with the name the participant wants to be called by.
        await TapAsync(page.GetByText("Skriv in en deltagare"));
        await page.GetByLabel("Ärendereferens").FillAsync(reference);
        await page.GetByLabel("Tilltalsnamn (valfritt)").FillAsync("Kim");
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Skriv in", Exact = true }));
        await Expect(session.Heading($"Deltagare Kim ({reference})")).ToBeVisibleAsync();
        Done("enrol");
        var participantId = long.Parse(page.Url.Split('/').Last(), CultureInfo.InvariantCulture);

        // Goals in the participant's own words and an occupation.
        await page.GetByLabel("Målet med deltagarens egna ord").FillAsync("Jobba i butik, dagtid.");
        var occupations = page.GetByRole(AriaRole.Group, new() { Name = "Önskade yrken" });
        await occupations.GetByLabel("Sök yrke").FillAsync("5223");
        await TapAsync(occupations.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }));
        await TapAsync(occupations.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Lägg till 5223 ") }));
        // The only hit is added: the picker no longer says there are no hits.
        await Expect(occupations.Locator(".picker-count")).ToHaveTextAsync("Alla träffar är tillagda.");
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Spara målen" }));
        await Expect(page.GetByRole(AriaRole.Status).GetByText("Målen är sparade.")).ToBeVisibleAsync();
        Done("goals");
        await session.CheckPageAsync("week-participant");

        // Matches: the first result is on the first screen; a contact is logged, undone and logged again.
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "Visa matchningar" }));
        var first = page.Locator("ol.matches > li").First;
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Butikssäljare, dagtid" })).ToBeInViewportAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "träff" })).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(1 träff|[0-9]+ träffar)$"));
        // Nothing to undo before anything is logged.
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Ångra kontakten" })).ToBeHiddenAsync();
        await session.CheckPageAsync("week-matches");
        Done("open matches");
        await TapAsync(first.GetByRole(AriaRole.Button, new() { Name = "Jag har kontaktat Coop Hisingen om deltagaren" }));
        await Expect(first.Locator(".card-feedback")).ToHaveTextAsync("Kontakten med Coop Hisingen är loggad.");
        Done("log a contact from a match");
        await TapAsync(first.GetByRole(AriaRole.Button, new() { Name = "Ångra kontakten" }));
        await Expect(first.Locator(".card-feedback")).ToHaveTextAsync("Kontakten är ångrad och räknas inte.");
        Done("undo a mis-tapped contact");
        // Withdrawn, it counts nowhere: the participant has no employer contact yet.
        Assert.Equal(0, (await world.GetAsync($"/v1/participants/{participantId}/contacts")).GetProperty("total").GetInt64());

        // The print view fits one page, and the shareable list has no scores and no case reference.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var printHeight = await page.EvaluateAsync<int>("() => Math.ceil(Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().bottom)))");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        _measurements.Add($"matches print view (3 results): the content is {printHeight} px high at 375 px (an A4 page is about 1123 px)");
        Assert.True(printHeight < 1123, $"{printHeight} is not < {1123}");
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "Lista till deltagaren" }));
        await Expect(session.Heading("Jobb som passar dina mål")).ToBeVisibleAsync();
        var share = page.Locator("main");
        await Expect(share).ToContainTextAsync("Hej Kim!");
        await Expect(share).ToContainTextAsync("Butikssäljare, dagtid");
        await Expect(share).ToContainTextAsync("Anna Lindqvist");
        await Expect(share.GetByRole(AriaRole.Link, new() { Name = "031-123 45 67" })).ToBeVisibleAsync();
        await Expect(share.GetByRole(AriaRole.Link, new() { Name = "anna.lindqvist@goteborg.example" })).ToBeVisibleAsync();
        await Expect(share).Not.ToContainTextAsync("Passar");
        await Expect(share).Not.ToContainTextAsync(reference);
        await Expect(share).Not.ToContainTextAsync(world.WithGoals.Ref);
        Done("shareable list");
        await session.CheckPageAsync("week-share");

        // A next step.
        await session.GotoAsync($"/app/participants/{participantId}");
        await Expect(session.Heading($"Deltagare Kim ({reference})")).ToBeVisibleAsync();
        _taps = 0;
        var steps = page.GetByRole(AriaRole.Region, new() { Name = "Nästa steg" });
        await steps.GetByLabel("Vad ska göras").FillAsync("Ring tillbaka på måndag");
        await TapAsync(steps.GetByRole(AriaRole.Button, new() { Name = "Lägg till nästa steg" }));
        await Expect(steps.Locator("li.step")).ToContainTextAsync("Ring tillbaka på måndag");
        Done("add a next step");

        // A job start from the match card, and the opening marked filled.
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "Visa matchningar" }));
        first = page.Locator("ol.matches > li").First;
        await TapAsync(first.GetByText("Fick jobbet"));
        await first.GetByLabel("Timmar per vecka").FillAsync("25");
        await TapAsync(first.GetByRole(AriaRole.Button, new() { Name = "Registrera jobbstart" }));
        await Expect(first.GetByText("Jobbstarten är registrerad.")).ToBeVisibleAsync();
        Done("record a job start from a match");
        await TapAsync(first.GetByRole(AriaRole.Button, new() { Name = "Markera platsen som tillsatt" }));
        await Expect(first.GetByText("Platsen är markerad som tillsatt.")).ToBeVisibleAsync();
        Done("mark the opening filled");

        // The caseload says the job start needs a follow-up with the employer.
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "Min caseload" }));
        var card = page.Locator($"[data-participant='{participantId}']");
        await Expect(card.GetByText("ingen uppföljning med arbetsgivaren ännu")).ToBeVisibleAsync();
        await Expect(Facts.Value(card, "Nästa steg")).ToContainTextAsync("1 idag");
        await page.GetByLabel("Sök deltagare").FillAsync("kim");
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Visa", Exact = true }));
        await Expect(page.Locator("[data-participant]")).ToHaveCountAsync(1);
        await session.CheckPageAsync("week-caseload");
        Done("find the participant on the caseload");

        // The follow-up: a contact with the employer about the participant, from the participant page.
        await TapAsync(card.GetByRole(AriaRole.Link, new() { Name = $"Deltagare Kim ({reference})" }));
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "Följ upp hos Coop Hisingen" }));
        await Expect(session.Heading("Coop Hisingen")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Om deltagare")).ToHaveValueAsync(participantId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logga kontakt" })).ToBeInViewportAsync();
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Logga kontakt" }));
        await Expect(page.GetByRole(AriaRole.Status).GetByText("Kontakten är loggad.")).ToBeVisibleAsync();
        Done("follow up with the employer");
        await session.CheckPageAsync("week-employer");
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "Min caseload" }));
        await Expect(page.Locator($"[data-participant='{participantId}']").GetByText("ingen uppföljning")).ToHaveCountAsync(0);

        // The exit.
        await session.GotoAsync($"/app/participants/{participantId}");
        _taps = 0;
        await TapAsync(page.GetByText("Avsluta deltagaren"));
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Avsluta", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Avslut" })).ToContainTextAsync("Egen försörjning");
        Done("exit");
        var placements = await world.GetAsync($"/v1/participants/{participantId}/placements");
        Assert.Equal(1, placements.GetProperty("total").GetInt64());
        session.AssertNoProblems();

        await File.WriteAllLinesAsync(Path.Combine(Session.ScreenshotFolder, "week-measurements.txt"), _measurements);
    }

    [Fact]
    public async Task Employers_are_added_with_a_contact_person_and_found_with_swedish_spelling()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Arbetsgivare" }).ClickAsync();
        await Expect(session.Heading("Arbetsgivare")).ToBeVisibleAsync();

        await page.GetByText("Lägg till arbetsgivare").ClickAsync();
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Café Hisingen");
        await page.GetByLabel("Kontaktperson", new() { Exact = true }).FillAsync("Lisa Berg");
        await page.GetByLabel("Telefon", new() { Exact = true }).FillAsync("031-12 34 56");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara arbetsgivaren" }).ClickAsync();
        await Expect(session.Heading("Café Hisingen")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "031-12 34 56" })).ToBeVisibleAsync();

        await page.GetByText("Lägg till ledigt jobb").ClickAsync();
        await page.GetByLabel("Titel").FillAsync("Barista");
        await page.GetByLabel("Yrke (SSYK-kod, 4 siffror)").FillAsync("5120");
        await page.GetByLabel("Kommun (kod, 4 siffror)").Last.FillAsync("1480");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara jobbet" }).ClickAsync();
        var openings = page.GetByRole(AriaRole.Region, new() { Name = "Lediga jobb" });
        await Expect(openings).ToContainTextAsync("Barista");
        await session.CheckPageAsync("week-new-employer");
        await openings.GetByRole(AriaRole.Button, new() { Name = "Stängd: Barista" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Lediga jobb" })).ToContainTextAsync("Inga lediga jobb registrerade.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Arbetsgivare" }).ClickAsync();
        await page.GetByLabel("Sök arbetsgivare på namn").FillAsync("kafé");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 arbetsgivare");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Café Hisingen" })).ToBeVisibleAsync();
        await session.CheckPageAsync("week-employers");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task A_team_lead_lands_on_the_overview()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        await session.SignInAsync(world.TeamLeadUsername);
        await Expect(session.Heading("Översikt")).ToBeVisibleAsync();
        Assert.Contains("/app/overview", session.Page.Url);
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Touch_targets_are_at_least_44_pixels()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        await session.SignInAsync(world.CoachUsername);
        await Expect(session.Heading("Min caseload")).ToBeVisibleAsync();
        var small = await session.Page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), summary, a.button')]
              .filter(e => e.offsetParent !== null)
              .map(e => ({ text: (e.textContent || e.getAttribute('aria-label') || e.id).trim(), h: e.getBoundingClientRect().height }))
              .filter(e => e.h < 44)
            """);
        Assert.True(small.GetArrayLength() == 0, small.ToString());
    }

    private static async Task<long> PageWeightAsync(IPage page) =>
        await page.EvaluateAsync<long>("""
            () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
              .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0)
            """);
}
