using MatchApi.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Pages;

public sealed class EmployerTests(BrowserApp app)
{
    [Fact]
    public async Task A_coach_finds_an_employer_and_logs_a_contact_with_two_taps_on_a_phone()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app, Session.Phone);
        await session.SignInAsync(world.CoachUsername);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Arbetsgivare" }).ClickAsync();
        await Expect(session.Heading("Arbetsgivare")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Mina senaste kontakter" })).ToContainTextAsync("Ahlsell");
        await page.GetByLabel("Sök arbetsgivare på namn").FillAsync("stad");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 arbetsgivare");
        await session.CheckPageAsync("employers");

        await page.GetByRole(AriaRole.Link, new() { Name = "Göteborgs Stad" }).ClickAsync();
        await Expect(session.Heading("Göteborgs Stad")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Lediga jobb" })).ToContainTextAsync("Lokalvårdare");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Träff" })).ToBeCheckedAsync();
        // On a phone the button is in view without scrolling.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logga kontakt" })).ToBeInViewportAsync();
        await session.CheckPageAsync("employer");

        // The defaults are now, face to face and me: choosing the participant and pressing the button is enough.
        await page.GetByLabel("Om deltagare").SelectOptionAsync(new SelectOptionValue { Label = world.Contacted.Ref });
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga kontakt" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).GetByText("Kontakten är loggad.")).ToBeVisibleAsync();

        var history = page.GetByRole(AriaRole.Region, new() { Name = "Kontakthistorik" });
        await Expect(history.Locator("li")).ToHaveCountAsync(1);
        await Expect(history.Locator("li").First).ToContainTextAsync("Träff");
        await Expect(history.Locator("li").First).ToContainTextAsync("av Anna Lindqvist");
        await Expect(history.Locator("li").First).ToContainTextAsync($"om {world.Contacted.Ref}");

        var contacts = await world.GetAsync($"/v1/employers/{world.GoteborgsStad}/contacts");
        var stored = contacts.GetProperty("items")[0];
        Assert.Equal("faceToFace", stored.GetProperty("kind").GetString());
        Assert.Equal(world.CoachId, stored.GetProperty("coachId").GetInt64());
        Assert.Equal(world.Contacted.Id, stored.GetProperty("participantId").GetInt64());
        Assert.True((DateTimeOffset.UtcNow - stored.GetProperty("contactedAt").GetDateTimeOffset()) < TimeSpan.FromMinutes(5));
        session.AssertNoProblems();
    }

    [Fact]
    public async Task A_contact_far_in_the_future_is_refused_with_a_swedish_message_and_the_note_is_kept()
    {
        var world = await World.CreateAsync(app);
        await using var session = await Session.OpenAsync(app);
        await session.SignInAsync(world.CoachUsername);
        await session.GotoAsync($"/app/employers/{world.Coop}");
        var page = session.Page;

        await page.GetByRole(AriaRole.Radio, new() { Name = "Telefon" }).CheckAsync();
        await page.GetByLabel("När").FillAsync($"{DateTime.Now.AddDays(5):yyyy-MM-dd}T10:00");
        await page.GetByText("Syfte, resultat och anteckning (valfritt)").ClickAsync();
        await page.GetByLabel("Anteckning").FillAsync("Ring tillbaka om sommarjobb");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga kontakt" }).ClickAsync();

        var alert = page.Locator("form.quick-contact").GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Får inte ligga mer än en dag fram i tiden.");
        await Expect(page.GetByLabel("När")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Anteckning")).ToHaveValueAsync("Ring tillbaka om sommarjobb");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Telefon" })).ToBeCheckedAsync();
        await session.AssertAccessibleAsync("the contact form with an error");
        session.AssertNoProblems();
    }
}
