using System.Net.Http.Headers;
using MatchApi.Data;
using MatchApi.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP on a real database. One factory per database kind is shared by the
/// whole assembly; every test creates its own tenant, so tests own their data and never see
/// each other's, whatever order they run in.
/// </summary>
public abstract class MatchApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private int _tenantCounter;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Why this database cannot be used here, so its tests skip (null when it can).</summary>
    public string? SkipReason { get; protected set; }

    /// <summary>Why this database should be usable here but is not, so its tests fail (null when it is fine).</summary>
    public string? FailReason { get; protected set; }

    /// <summary>Configuration that points the app at this factory's database.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string?>> DatabaseSettings();

    /// <summary>
    /// Starts the app before any test runs: WebApplicationFactory does not lock its lazy start, so
    /// tests that touch it at once could otherwise start two apps migrating the same database.
    /// </summary>
    public virtual ValueTask InitializeAsync()
    {
        _ = Services;
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Demo:Seed", "false");
        // Bearer tokens are checked with a test key, never against a network authority.
        builder.UseSetting("Authentication:Jwt:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Authentication:Jwt:Issuer", TestTokens.Issuer);
        builder.UseSetting("Authentication:Jwt:Audience", TestTokens.Audience);
        // Every test client comes from the same (unknown) address; the limit itself is tested on its own app.
        builder.UseSetting("RateLimiting:AnonymousPermitsPerMinute", "100000");
        // Tests never reach JobTech's API; JobTechTests serve its answers from a loopback server.
        builder.UseSetting("Taxonomy:Fetch", "false");
        foreach (var (key, value) in DatabaseSettings()) builder.UseSetting(key, value);
        // Every response any suite receives must be one the committed OpenAPI document allows.
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ResponseValidation>());
    }

    public Db Db => Services.GetRequiredService<Db>();

    /// <summary>A fresh tenant and a client whose API key has the given scopes (all scopes when none are named).</summary>
    public async Task<TenantClient> NewTenantAsync(params string[] scopes)
    {
        EnsureUsable();
        var n = Interlocked.Increment(ref _tenantCounter);
        var tenant = await Tenants.Tenants.CreateAsync(Db, $"Test tenant {Guid.NewGuid():N} {n}", "1480", DateTimeOffset.UtcNow, default);
        var client = await ClientForAsync(tenant.Id, scopes.Length == 0 ? Scopes.All.ToArray() : scopes);
        return new TenantClient(this, tenant.Id, client);
    }

    public async Task<HttpClient> ClientForAsync(long tenantId, params string[] scopes)
    {
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(Db, tenantId, "test key", scopes, key, null, default);
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>A client without any credentials.</summary>
    public HttpClient Anonymous()
    {
        EnsureUsable();
        return CreateClient();
    }

    /// <summary>Skips (or fails) the calling test when this database is not usable here.</summary>
    public void EnsureUsable()
    {
        if (FailReason is { } failure) Assert.Fail(failure);
        if (SkipReason is { } reason) Assert.Skip(reason);
    }
}

/// <summary>A tenant of a test, with a client authenticated as that tenant.</summary>
public sealed record TenantClient(MatchApiFactory Api, long TenantId, HttpClient Http)
{
    public Task<HttpClient> WithScopesAsync(params string[] scopes) => Api.ClientForAsync(TenantId, scopes);
}

/// <summary>SQLite on a temporary file, the embedded default.</summary>
public sealed class SqliteApiFactory : MatchApiFactory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"matchapi-tests-{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string DatabasePath => _path;

    protected override IEnumerable<KeyValuePair<string, string?>> DatabaseSettings() =>
    [
        new("Database:Provider", "Sqlite"),
        new("Database:SqlitePath", _path),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Db.DeleteSqliteFiles(_path);
        GC.SuppressFinalize(this);
    }
}
