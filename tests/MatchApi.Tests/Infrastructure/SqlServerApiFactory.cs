using DotNet.Testcontainers.Builders;
using MatchApi.Data;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// SQL Server in a throwaway container (Testcontainers). Where no Docker engine is reachable the
/// SQL Server tests skip with one reason; with MATCHAPI_REQUIRE_SQLSERVER=1 (the GitHub workflow)
/// they fail instead, so CI cannot pass without really exercising SQL Server.
/// </summary>
public sealed class SqlServerApiFactory : MatchApiFactory
{
    /// <summary>Pinned so that CI does not change database engine under us; this is the tag Testcontainers.MsSql 4.16 is built against.</summary>
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    public const string NoDockerReason =
        "SQL Server tests need a Docker engine (Testcontainers); none is reachable here. They run in .github/workflows/ci.yml.";

    public const string RequireVariable = "MATCHAPI_REQUIRE_SQLSERVER";

    private MsSqlContainer? _container;
    private string? _connectionString;

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    protected override IEnumerable<KeyValuePair<string, string?>> DatabaseSettings() =>
    [
        new("Database:Provider", "SqlServer"),
        new("Database:SqlServerConnectionString", _connectionString),
    ];

    public override async ValueTask InitializeAsync()
    {
        try
        {
            // Build() looks for a Docker endpoint and pings it once; without one it throws at once, no retries.
            _container = new MsSqlBuilder(Image).Build();
        }
        catch (DockerUnavailableException ex)
        {
            if (Required) FailReason = $"{NoDockerReason} {RequireVariable}=1 makes that a failure. ({ex.Message})";
            else SkipReason = NoDockerReason;
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await _container.StartAsync(timeout.Token);
            // The app's own start-up creates the database (DbUp EnsureDatabase) and migrates it, as `migrate` would.
            _connectionString = new SqlConnectionStringBuilder(_container.GetConnectionString()) { InitialCatalog = "MatchApi" }.ConnectionString;
            await base.InitializeAsync();
        }
        catch (Exception ex)
        {
            // Docker is there, so SQL Server should work: every SQL Server test fails with the cause
            // (rather than each one trying to start the app again).
            FailReason = $"SQL Server ({Image}) could not be started or migrated: {ex}";
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_container is not null) await _container.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
