using System.Data.Common;
using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace MatchApi.Data;

/// <summary>
/// Applies the numbered scripts under db/sqlserver, or on SQLite db/sqlite-audit (the audit log's own file, see
/// <see cref="Db"/>) and then db/sqlite (embedded in the assembly), one transaction per script. Applied scripts are
/// journaled in SchemaVersions (in each SQLite file its own) and never run twice.
/// </summary>
public static class Migrations
{
    private const string SqlServerScripts = "sqlserver.", SqliteScripts = "sqlite.", SqliteAuditScripts = "sqlite-audit.";

    public static async Task<MigrationResult> ApplyAsync(Db db, ILogger logger, CancellationToken ct = default)
    {
        var log = new LoggerLog(logger);
        List<string> applied;
        if (db.Provider == DatabaseProvider.SqlServer)
        {
            EnsureDatabase.For.SqlDatabase(db.ConnectionString, log);
            applied = Upgrade(DeployChanges.To.SqlDatabase(db.ConnectionString), SqlServerScripts, log);
        }
        else
        {
            // The audit file first, so that the rows of a file from before db/sqlite/0014 have somewhere to go.
            await UseWalAsync(await db.OpenAuditAsync(ct), ct);
            applied = Upgrade(DeployChanges.To.SqliteDatabase(db.AuditConnectionString), SqliteAuditScripts, log);
            await UseWalAsync(await db.OpenAsync(ct), ct);
            await MoveAuditRowsAsync(db, logger, ct);
            applied.AddRange(Upgrade(DeployChanges.To.SqliteDatabase(db.ConnectionString), SqliteScripts, log));
        }
        if (applied.Count > 0)
            logger.LogInformation("Applied {Count} migration script(s) to the {Provider} database: {Scripts}", applied.Count, db.Provider, string.Join(", ", applied));
        return new MigrationResult(applied);
    }

    /// <summary>Every script <see cref="ApplyAsync"/> can apply for a provider, in the order it applies them.</summary>
    public static IReadOnlyList<string> ScriptNames(DatabaseProvider provider) =>
        provider == DatabaseProvider.SqlServer ? Track(SqlServerScripts) : [.. Track(SqliteAuditScripts), .. Track(SqliteScripts)];

    private static List<string> Track(string prefix) =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<string> Upgrade(UpgradeEngineBuilder builder, string prefix, LoggerLog log)
    {
        var result = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(log)
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration failed in script {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        return result.Scripts.Select(s => s.Name).ToList();
    }

    // WAL lets readers work while a writer commits; it is persistent in the file.
    private static async Task UseWalAsync(DbConnection connection, CancellationToken ct)
    {
        await using (connection)
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
    }

    /// <summary>
    /// A SQLite file from before db/sqlite/0014 keeps its audit rows in its own audit_log: they are copied to the audit file,
    /// ids kept, and 0014 then drops the table. A copy that is repeated (a start that stopped between the two) skips the rows
    /// already there, so none is lost or doubled. Runs at start-up, before the service takes requests.
    /// </summary>
    private static async Task MoveAuditRowsAsync(Db db, ILogger logger, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(Sqls.MainHasAuditLog, cancellationToken: ct)) == 0) return;
        await connection.ExecuteAsync(new CommandDefinition(Sqls.AttachAudit, new { Path = db.SqliteAuditPath }, cancellationToken: ct));
        int moved;
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            moved = await connection.ExecuteAsync(new CommandDefinition(Sqls.CopyAuditRows, transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        await connection.ExecuteAsync(new CommandDefinition(Sqls.DetachAudit, cancellationToken: ct));
        logger.LogInformation("Moved {Count} audit row(s) from {Main} to the audit log's own file {Audit}.", moved, db.SqlitePath, db.SqliteAuditPath);
    }

    private static class Sqls
    {
        public const string MainHasAuditLog = "SELECT COUNT(1) FROM main.sqlite_master WHERE type = 'table' AND name = 'audit_log';";
        public const string AttachAudit = "ATTACH DATABASE @Path AS audit;";
        public const string DetachAudit = "DETACH DATABASE audit;";

        public const string CopyAuditRows = """
            INSERT OR IGNORE INTO audit.audit_log (id, tenant_id, occurred_at, actor, action, resource, participant_id, http_method, path, remote_ip, status_code)
            SELECT id, tenant_id, occurred_at, actor, action, resource, participant_id, http_method, path, remote_ip, status_code
            FROM main.audit_log;
            """;
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
