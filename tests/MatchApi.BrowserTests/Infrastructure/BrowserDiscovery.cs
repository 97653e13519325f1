using MatchApi.BrowserTests.Infrastructure;
using MatchApi.Tests.Infrastructure;
using Xunit.Sdk;

[assembly: TestFramework(typeof(BrowserDiscovery.Framework))]

namespace MatchApi.BrowserTests.Infrastructure;

/// <summary>
/// Without chromium (and without <see cref="BrowserApp.RequireVariable"/>=1) the browser tests are left out at discovery
/// and <see cref="BrowserSuiteTests"/> skips once in their place, saying how many and why (see <see cref="Prerequisite"/>).
/// </summary>
public static class BrowserDiscovery
{
    public static readonly Prerequisite Chromium = new("browser test", BrowserApp.RequireVariable,
        () => File.Exists(BrowserApp.ChromiumPath) ? null : BrowserApp.NoChromiumReason);

    public sealed class Framework : LeavingOutFramework
    {
        protected override IEnumerable<Prerequisite> Needs(ITestCase testCase) =>
            testCase.TestClassName == typeof(BrowserSuiteTests).FullName ? [] : [Chromium];
    }
}

/// <summary>Stands in for the browser tests where discovery leaves them out; where they run, checks that chromium reaches the app.</summary>
public sealed class BrowserSuiteTests(BrowserApp app)
{
    [Fact]
    public async Task The_browser_tests_run_in_chromium()
    {
        if (BrowserDiscovery.Chromium.LeavesOut) Assert.Skip(BrowserDiscovery.Chromium.Summary);
        app.EnsureUsable();
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(app.BaseUrl, "health/live").ToString());
        Assert.Equal(200, response?.Status);
    }
}
