using System.Collections.Concurrent;
using System.Net.Http.Headers;
using MatchApi.Data;
using MatchApi.JobTech;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.JobTech;

/// <summary>
/// The app on a database of its own, for tests that import JobTech's taxonomy: the taxonomy is shared by all tenants, so
/// importing it into the assembly's shared database would change names and SNI checks under every other test.
/// The database kind is the suite's (SQLite file or a second SQL Server database in the same container).
/// </summary>
public sealed class TaxonomyApp
{
    private static readonly ConcurrentDictionary<(DatabaseProvider, string), Lazy<Task<TaxonomyApp>>> Apps = new();

    private TaxonomyApp(WebApplicationFactory<Program> factory, TaxonomyGraphQlServer server)
    {
        Factory = factory;
        Server = server;
    }

    public WebApplicationFactory<Program> Factory { get; }

    public TaxonomyGraphQlServer Server { get; }

    public Db Db => Factory.Services.GetRequiredService<Db>();

    /// <summary>One app per database kind and purpose, created once; <paramref name="import"/> fetches the taxonomy from the loopback API.</summary>
    public static Task<TaxonomyApp> GetAsync(MatchApiFactory api, string purpose, bool import = true)
    {
        api.EnsureUsable();
        JobTechData.Require();
        return Apps.GetOrAdd((api.Provider, purpose), _ => new Lazy<Task<TaxonomyApp>>(() => StartAsync(api, import))).Value;
    }

    private static async Task<TaxonomyApp> StartAsync(MatchApiFactory api, bool import)
    {
        var server = await TaxonomyGraphQlServer.StartAsync();
        var name = $"jobtech{Guid.NewGuid():N}";
        KeyValuePair<string, string?> database = api.Provider == DatabaseProvider.Sqlite
            ? new("Database:SqlitePath", Path.Combine(Path.GetTempPath(), $"matchapi-tests-{name}.db"))
            : new("Database:SqlServerConnectionString", new SqlConnectionStringBuilder(api.Db.ConnectionString) { InitialCatalog = name }.ConnectionString);
        var factory = api.WithWebHostBuilder(b =>
        {
            b.UseSetting(database.Key, database.Value);
            b.UseSetting("Taxonomy:Source", import ? server.Url : server.DownUrl);
            b.UseSetting("Taxonomy:SupplementFolder", JobTechData.Taxonomy);
        });
        if (api.Provider == DatabaseProvider.Sqlite)
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Db.DeleteSqliteFiles(database.Value!);
        // Fetching is off in tests; this runs the service's own fetch once, against the loopback API.
        await factory.Services.GetRequiredService<TaxonomyRefresh>().RefreshIfStaleAsync(TestContext.Current.CancellationToken);
        return new TaxonomyApp(factory, server);
    }

    public async Task<JobTechTenant> NewTenantAsync(string municipality = "1480", params string[] scopes)
    {
        var tenant = await Tenants.Tenants.CreateAsync(Db, $"JobTech tenant {Guid.NewGuid():N}", municipality, DateTimeOffset.UtcNow, default);
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(Db, tenant.Id, "test key", scopes.Length == 0 ? Scopes.All.ToArray() : scopes, key, null, default);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new JobTechTenant(tenant.Id, client);
    }
}

/// <summary>A tenant of the taxonomy app, with a client authenticated as that tenant.</summary>
public sealed record JobTechTenant(long TenantId, HttpClient Http);
