using MatchApi.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

public sealed class ParticipantTests(BrowserApp app)
{
    [Fact]
    public async Task A_coach_opens_a_participant_and_edits_the_goals_with_occupation_search_and_municipality_picker()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = $"Deltagare {world.WithGoals.Ref}" }).ClickAsync();
        await Expect(session.Heading($"Deltagare {world.WithGoals.Ref}")).ToBeVisibleAsync();
        var coachCard = page.GetByRole(AriaRole.Region, new() { Name = "Coachens kontaktuppgifter" });
        await Expect(coachCard.GetByRole(AriaRole.Link, new() { Name = "anna.lindqvist@goteborg.example" })).ToBeVisibleAsync();
        await Expect(coachCard.GetByRole(AriaRole.Link, new() { Name = "031-123 45 67" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Målet med deltagarens egna ord")).ToHaveValueAsync("Jag vill jobba i en butik nära hemmet, gärna på dagtid.");
        await session.CheckPageAsync("participant");

        await page.GetByLabel("Målet med deltagarens egna ord").FillAsync("Jobba i butik eller på ett lager, dagtid.");
        var occupations = page.GetByRole(AriaRole.Group, new() { Name = "Önskade yrken" });
        await occupations.GetByLabel("Sök yrke").FillAsync("4321");
        await occupations.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();
        await occupations.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Lägg till 4321 ") }).ClickAsync();
        await Expect(occupations.Locator(".chosen li")).ToHaveCountAsync(2);

        var places = page.GetByRole(AriaRole.Group, new() { Name = "Kommuner där deltagaren vill arbeta" });
        await places.GetByLabel("Kommun", new() { Exact = true }).FillAsync("Mölndal");
        await places.GetByRole(AriaRole.Button, new() { Name = "Lägg till Mölndal" }).ClickAsync();
        await page.GetByLabel("Högst antal timmar").FillAsync("35");
        await page.GetByRole(AriaRole.Group, new() { Name = "Tider deltagaren vill arbeta" }).GetByLabel("Kväll").CheckAsync();
        await page.GetByLabel("Intressen").FillAsync("djur, trädgård");
        await page.GetByLabel("Fast gräns: visa inga jobb utanför timmarna").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Tider deltagaren aldrig vill arbeta" }).GetByLabel("Natt").CheckAsync();
        await page.GetByLabel("Önskade branscher (SNI-koder)").FillAsync("01, 8130");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara målen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).GetByText("Målen är sparade.")).ToBeVisibleAsync();
        var goals = await world.GetAsync($"/v1/participants/{world.WithGoals.Id}/goals");
        Assert.Equal("Jobba i butik eller på ett lager, dagtid.", goals.GetProperty("ownWords").GetString());
        Assert.Equal(["5223", "4321"], goals.GetProperty("desiredOccupations").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["1480", "1481"], goals.GetProperty("acceptableMunicipalities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(35, goals.GetProperty("maxHoursPerWeek").GetDouble());
        Assert.Equal(["day", "evening"], goals.GetProperty("schedules").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["djur", "trädgård"], goals.GetProperty("interests").EnumerateArray().Select(e => e.GetString()));
        Assert.True(goals.GetProperty("firm").GetProperty("hours").GetBoolean());
        Assert.False(goals.GetProperty("firm").GetProperty("schedules").GetBoolean());
        Assert.Equal(["night"], goals.GetProperty("avoidSchedules").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["01", "8130"], goals.GetProperty("preferredIndustries").EnumerateArray().Select(e => e.GetString()));
        session.AssertNoProblems();
    }

    [Fact]
    public async Task A_validation_error_is_shown_in_swedish_next_to_the_field_and_nothing_typed_is_lost()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        await session.SignInAsync(world.CoachUsername);
        await session.GotoAsync($"/app/participants/{world.Waiting.Id}");
        var page = session.Page;
        await Expect(page.GetByText("Inga mål är registrerade ännu.")).ToBeVisibleAsync();

        await page.GetByLabel("Målet med deltagarens egna ord").FillAsync("Vill arbeta med djur.");
        await page.GetByLabel("Minst antal timmar").FillAsync("30");
        await page.GetByLabel("Högst antal timmar").FillAsync("20");
        await page.GetByLabel("Branscher att undvika (SNI-koder)").FillAsync("56, abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara målen" }).ClickAsync();

        var alert = page.Locator("form.goals").GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Några uppgifter behöver rättas.");
        await Expect(alert).ToContainTextAsync("Minsta antal timmar får inte vara fler än högsta antal timmar.");
        await Expect(alert).ToContainTextAsync("abc är ingen SNI-kod");
        await Expect(alert).Not.ToContainTextAsync("{");
        await Expect(page.GetByLabel("Minst antal timmar")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Målet med deltagarens egna ord")).ToHaveValueAsync("Vill arbeta med djur.");
        await Expect(page.GetByLabel("Minst antal timmar")).ToHaveValueAsync("30");
        await Expect(page.GetByLabel("Högst antal timmar")).ToHaveValueAsync("20");
        await Expect(page.GetByLabel("Branscher att undvika (SNI-koder)")).ToHaveValueAsync("56, abc");
        await session.AssertAccessibleAsync("the goals form with validation errors");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Session.ScreenshotFolder, "participant-validation-375x812.png"), FullPage = true });

        // Nothing was stored by the rejected request; correcting the fields saves.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await world.Api.GetAsync($"/v1/participants/{world.Waiting.Id}/goals")).StatusCode);
        await page.GetByLabel("Minst antal timmar").FillAsync("15");
        await page.GetByLabel("Branscher att undvika (SNI-koder)").FillAsync("56");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara målen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).GetByText("Målen är sparade.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Minst antal timmar")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task A_change_made_elsewhere_meanwhile_is_reported_and_the_coach_can_save_anyway()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        await session.GotoAsync($"/app/participants/{world.WithGoals.Id}");
        var page = session.Page;
        await Expect(page.GetByLabel("Målet med deltagarens egna ord")).Not.ToBeEmptyAsync();

        var changed = await world.Api.PutAsync($"/v1/participants/{world.WithGoals.Id}/goals",
            System.Net.Http.Json.JsonContent.Create(new { ownWords = "Ändrat av en kollega" }));
        changed.EnsureSuccessStatusCode();

        await page.GetByLabel("Målet med deltagarens egna ord").FillAsync("Min version");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara målen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Någon annan har ändrat uppgifterna");
        await Expect(page.GetByLabel("Målet med deltagarens egna ord")).ToHaveValueAsync("Min version");

        await page.GetByRole(AriaRole.Button, new() { Name = "Spara mina ändringar ändå" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).GetByText("Målen är sparade.")).ToBeVisibleAsync();
        Assert.Equal("Min version", (await world.GetAsync($"/v1/participants/{world.WithGoals.Id}/goals")).GetProperty("ownWords").GetString());
        session.AssertNoProblems();
    }
}
