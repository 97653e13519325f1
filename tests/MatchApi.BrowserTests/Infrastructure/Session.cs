using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MatchApi.BrowserTests.Infrastructure;

/// <summary>
/// One browser context (its own cookies and storage) with one page, axe-core loaded into every
/// document, and a record of what the page complained about: script errors and anything the
/// Content-Security-Policy blocked.
/// </summary>
public sealed class Session : IAsyncDisposable
{
    public static readonly (int Width, int Height) Phone = (375, 812);
    public static readonly (int Width, int Height) Desktop = (1280, 800);

    private static readonly string AxePath = Path.Combine(AppContext.BaseDirectory, "Accessibility", "axe.min.js");
    private readonly List<string> _problems = [];

    private Session(BrowserApp app, IBrowserContext context, IPage page)
    {
        App = app;
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.Contains("Refused to", StringComparison.Ordinal)))
                _problems.Add($"CSP: {message.Text}");
        };
        page.PageError += (_, error) => _problems.Add($"Script error: {error}");
    }

    public BrowserApp App { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static async Task<Session> OpenAsync(BrowserApp app, (int Width, int Height)? size = null)
    {
        app.EnsureUsable();
        var (width, height) = size ?? Desktop;
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "sv-SE",
            TimezoneId = "Europe/Stockholm",
        });
        // Injected by the browser itself, which the page's policy does not govern: the app's own policy stays as strict as in production.
        await context.AddInitScriptAsync(scriptPath: AxePath);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new Session(app, context, page);
    }

    public Task GotoAsync(string path) => Page.GotoAsync(path);

    /// <summary>Signs in through the sign-in page and waits for the caseload (or the page the sign-in was asked for).</summary>
    public async Task SignInAsync(string username, string password = World.Password)
    {
        if (!Page.Url.Contains("/app/login", StringComparison.Ordinal)) await GotoAsync("/app/login");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Logga in", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByLabel("Användarnamn").FillAsync(username);
        await Page.GetByLabel("Lösenord").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" })).ToBeVisibleAsync();
    }

    /// <summary>The page's h1 once it has rendered.</summary>
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 });

    /// <summary>
    /// Checks the page with axe-core (WCAG 2.1 A and AA, and best practices) and saves a full-page
    /// screenshot, at phone and at desktop size; then returns to the size the session had.
    /// </summary>
    public async Task CheckPageAsync(string name)
    {
        var original = Page.ViewportSize;
        foreach (var (width, height) in new[] { Phone, Desktop })
        {
            await Page.SetViewportSizeAsync(width, height);
            await Page.EvaluateAsync("() => document.fonts.ready");
            await AssertAccessibleAsync($"{name} at {width}×{height}");
            await Page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(ScreenshotFolder, $"{name}-{width}x{height}.png"),
                FullPage = true,
            });
        }
        if (original is not null) await Page.SetViewportSizeAsync(original.Width, original.Height);
        AssertNoProblems();
    }

    public async Task AssertAccessibleAsync(string what)
    {
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
              });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
              }));
            }
            """);
        if (violations.GetArrayLength() == 0) return;
        var report = new StringBuilder($"axe-core found {violations.GetArrayLength()} violation(s) on {what}:");
        foreach (var v in violations.EnumerateArray())
        {
            report.Append(CultureInfo.InvariantCulture, $"\n- {v.GetProperty("id")} ({v.GetProperty("impact")}): {v.GetProperty("help")}");
            foreach (var node in v.GetProperty("nodes").EnumerateArray()) report.Append(CultureInfo.InvariantCulture, $"\n    {node}");
        }
        Assert.Fail(report.ToString());
    }

    /// <summary>Fails on script errors and on anything the Content-Security-Policy blocked.</summary>
    public void AssertNoProblems() => Assert.Empty(_problems);

    public static string ScreenshotFolder
    {
        get
        {
            // TestResults/screenshots at the repository root, next to the TRX files CI keeps as artifacts.
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MatchApi.sln"))) dir = dir.Parent;
            var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
    }
}
