using System.Net;
using MatchApi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MatchApi.BrowserTests.Infrastructure;

/// <summary>
/// The real app listening on 127.0.0.1 (Kestrel, a free port) on a temporary SQLite file, and
/// Debian's chromium driven by Playwright. Without chromium the tests skip with the reason; with
/// MATCHAPI_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead, so CI cannot pass without them.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string RequireVariable = "MATCHAPI_REQUIRE_BROWSER";
    public const string PathVariable = "MATCHAPI_CHROMIUM";

    /// <summary>Debian's chromium, unless MATCHAPI_CHROMIUM names another chromium executable.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static readonly string NoChromiumReason =
        $"Browser tests need chromium at {ChromiumPath} (apt-get install -y chromium, or set {PathVariable}); it is not installed here.";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"matchapi-browser-{Guid.NewGuid():N}.db");
    private Factory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string? SkipReason { get; private set; }
    public string? FailReason { get; private set; }

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not running.");

    public Db Db => _factory!.Services.GetRequiredService<Db>();

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (Required) FailReason = $"{NoChromiumReason} {RequireVariable}=1 makes that a failure.";
            else SkipReason = NoChromiumReason;
            return;
        }
        try
        {
            _factory = new Factory(_databasePath);
            _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();
            var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            BaseUrl = new Uri(addresses.Single().TrimEnd('/') + "/");

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                ],
            });
        }
        catch (Exception ex)
        {
            // Chromium is there, so the browser should start: every browser test fails with the cause.
            FailReason = $"The app or chromium could not be started: {ex}";
        }
    }

    /// <summary>Skips (or fails) the calling test when the browser tests cannot run here.</summary>
    public void EnsureUsable()
    {
        if (FailReason is { } failure) Assert.Fail(failure);
        if (SkipReason is { } reason) Assert.Skip(reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Db.DeleteSqliteFiles(_databasePath);
    }

    private sealed class Factory(string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:SqlitePath", databasePath);
        }
    }
}
