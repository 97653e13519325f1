using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace MatchApi.Data;

/// <summary>
/// Applies the numbered scripts under db/sqlite or db/sqlserver (embedded in the assembly),
/// one transaction per script. Applied scripts are journaled in SchemaVersions and never run twice.
/// </summary>
public static class Migrations
{
    public static async Task<MigrationResult> ApplyAsync(Db db, ILogger logger, CancellationToken ct = default)
    {
        var prefix = db.Provider == DatabaseProvider.SqlServer ? "sqlserver." : "sqlite.";
        UpgradeEngineBuilder builder;
        if (db.Provider == DatabaseProvider.SqlServer)
        {
            EnsureDatabase.For.SqlDatabase(db.ConnectionString, new LoggerLog(logger));
            builder = DeployChanges.To.SqlDatabase(db.ConnectionString);
        }
        else
        {
            // WAL lets readers work while a writer commits; it is persistent in the file.
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
            builder = DeployChanges.To.SqliteDatabase(db.ConnectionString);
        }

        var engine = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new LoggerLog(logger))
            .Build();

        var result = engine.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration failed in script {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        var applied = result.Scripts.Select(s => s.Name).ToList();
        if (applied.Count > 0)
            logger.LogInformation("Applied {Count} migration script(s) to the {Provider} database: {Scripts}", applied.Count, db.Provider, string.Join(", ", applied));
        return new MigrationResult(applied);
    }

    public static IReadOnlyList<string> ScriptNames(DatabaseProvider provider)
    {
        var prefix = provider == DatabaseProvider.SqlServer ? "sqlserver." : "sqlite.";
        return Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2254", Justification = "Forwards DbUp's own format strings; the template is DbUp's, not ours.")]
    private sealed class LoggerLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}

public sealed record MigrationResult(IReadOnlyList<string> Applied);
