using Microsoft.Playwright;

namespace MatchApi.BrowserTests.Infrastructure;

/// <summary>Reads the client's definition lists (term → value).</summary>
public static class Facts
{
    public static ILocator Value(ILocator within, string term) =>
        within.Locator("dl > div").Filter(new() { Has = within.Page.Locator("dt", new() { HasText = term }) }).Locator("dd");
}
