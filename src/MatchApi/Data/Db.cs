using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace MatchApi.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite file; relative paths are resolved against the content root.</summary>
    public string SqlitePath { get; set; } = "data/matchapi.db";

    /// <summary>SQL Server / Azure SQL connection string (ConnectionStrings:SqlServer also works).</summary>
    public string? SqlServerConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up. The <c>migrate</c> command always does.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// Seconds a single SQL command may run before it is cancelled (SQL Server; SQLite only waits this
    /// long for a busy database). Bounds the expensive match and report queries.
    /// </summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Seconds SQLite waits for a file locked by another process before the request is answered 503. Kept well under
    /// the request time limit (30 s), since one request may wait twice (its transaction, then its audit row).
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 10;

    public bool IsValid() =>
        Provider switch
        {
            DatabaseProvider.Sqlite => !string.IsNullOrWhiteSpace(SqlitePath),
            DatabaseProvider.SqlServer => !string.IsNullOrWhiteSpace(SqlServerConnectionString),
            _ => false,
        }
        && CommandTimeoutSeconds is >= 1 and <= 3600 && BusyTimeoutSeconds is >= 0 and <= 3600;
}

/// <summary>
/// The one connection factory: picks the provider from configuration and the text of each <see cref="Sql"/>. On SQLite a
/// database is two files: the main one (<see cref="SqlitePath"/>) and the audit log's (<see cref="SqliteAuditPath"/>), so
/// that the audit row every participant request commits does not make the readers of the main file drop their page caches
/// (docs/performance.md). On SQL Server both are the one database.
/// </summary>
public sealed class Db
{
    public Db(DatabaseOptions options, string contentRoot)
    {
        Provider = options.Provider;
        // Timeouts belong to this Db's connections (not Dapper's process-wide setting), so that two apps in one
        // process (tests, the benchmark) keep their own: SQL Server's Command Timeout, SQLite's busy wait.
        if (Provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(options.SqlServerConnectionString))
                throw new InvalidOperationException(
                    "Database:Provider is SqlServer but no connection string is set (Database:SqlServerConnectionString or ConnectionStrings:SqlServer).");
            // Transient faults (failover, throttling on Azure SQL) are retried by SqlClient itself.
            ConnectionString = new SqlConnectionStringBuilder(options.SqlServerConnectionString)
            {
                CommandTimeout = options.CommandTimeoutSeconds,
            }.ToString();
            AuditConnectionString = ConnectionString;
        }
        else
        {
            var path = Path.IsPathRooted(options.SqlitePath)
                ? options.SqlitePath
                : Path.GetFullPath(Path.Combine(contentRoot, options.SqlitePath));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            SqlitePath = path;
            SqliteAuditPath = AuditPathOf(path);
            string Sqlite(string file) => new SqliteConnectionStringBuilder
            {
                DataSource = file,
                ForeignKeys = true,
                Pooling = true,
                // Microsoft.Data.Sqlite retries a busy database until this timeout (seconds).
                DefaultTimeout = Math.Min(options.CommandTimeoutSeconds, options.BusyTimeoutSeconds),
            }.ToString();
            ConnectionString = Sqlite(path);
            AuditConnectionString = Sqlite(SqliteAuditPath);
        }
    }

    /// <summary>The audit log's file next to a main SQLite file: data/matchapi.db → data/matchapi.audit.db.</summary>
    public static string AuditPathOf(string sqlitePath) =>
        Path.Combine(Path.GetDirectoryName(sqlitePath) ?? "", $"{Path.GetFileNameWithoutExtension(sqlitePath)}.audit{Path.GetExtension(sqlitePath)}");

    /// <summary>
    /// Deletes every file of a SQLite database at <paramref name="sqlitePath"/>, e.g. a temporary one: the main file and the
    /// audit log's, each with its WAL and shared-memory index. Files that are not there are skipped.
    /// </summary>
    public static void DeleteSqliteFiles(string sqlitePath)
    {
        foreach (var file in new[] { sqlitePath, AuditPathOf(sqlitePath) })
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
    }

    public DatabaseProvider Provider { get; }

    public string? SqlitePath { get; }

    /// <summary>SQLite: the audit log's file (<see cref="AuditPathOf"/>); null on SQL Server.</summary>
    public string? SqliteAuditPath { get; }

    public string ConnectionString { get; }

    /// <summary>Where the audit log is: the audit file on SQLite, the one database on SQL Server.</summary>
    public string AuditConnectionString { get; }

    public string Text(Sql sql) => Provider == DatabaseProvider.SqlServer ? sql.SqlServer : sql.Sqlite;

    public Task<DbConnection> OpenAsync(CancellationToken ct) => Open(ConnectionString, SqlitePath, ct);

    /// <summary>
    /// A connection to the audit log: the audit file on SQLite (its transactions take that file's own writer gate), the one
    /// database on SQL Server. Only the audit log is read or written on it.
    /// </summary>
    public Task<DbConnection> OpenAuditAsync(CancellationToken ct) => Open(AuditConnectionString, SqliteAuditPath, ct);

    private async Task<DbConnection> Open(string connectionString, string? sqliteFile, CancellationToken ct)
    {
        DbConnection connection = Provider == DatabaseProvider.SqlServer
            ? new SqlConnection(connectionString) { RetryLogicProvider = SqlRetry.Provider }
            : new WriterGatedSqliteConnection(connectionString, SqliteWriterGate.For(sqliteFile!));
        await connection.OpenAsync(ct);
        return connection;
    }
}

/// <summary>
/// One writer path per SQLite file. SQLite lets one transaction write at a time; a second writer that
/// finds the file locked gets SQLITE_BUSY, and Microsoft.Data.Sqlite then sleeps 150 ms (blocking a
/// thread) before it retries. So every transaction on a file first takes this file's gate, shared by
/// every <see cref="Db"/> of the process on that file, and waits its turn without sleeping: the
/// lock SQLite sees is always free. SQL Server locks rows and needs no gate.
/// </summary>
internal static class SqliteWriterGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    public static SemaphoreSlim For(string path) => Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
}

/// <summary>
/// A SQLite connection whose transactions take the file's writer gate (<see cref="SqliteWriterGate"/>).
/// The gate is held from BEGIN until the connection is closed or disposed, which every caller does right
/// after its commit (<c>await using</c>); reads outside a transaction never wait for it (WAL).
/// </summary>
internal sealed class WriterGatedSqliteConnection(string connectionString, SemaphoreSlim gate) : SqliteConnection(connectionString)
{
    private bool _holdsGate;

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken ct)
    {
        if (!_holdsGate)
        {
            if (!await gate.WaitAsync(BusyTimeout, ct)) throw Busy();
            _holdsGate = true;
        }
        return Begin(isolationLevel);
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        if (!_holdsGate)
        {
            if (!gate.Wait(BusyTimeout)) throw Busy();
            _holdsGate = true;
        }
        return Begin(isolationLevel);
    }

    // A writer waits for the gate as long as SQLite itself would wait for a lock (Database:BusyTimeoutSeconds), then gives up
    // the way a locked file does: DbErrors counts it as the database being unavailable (503 with Retry-After), never a hang.
    private TimeSpan BusyTimeout => TimeSpan.FromSeconds(Math.Max(1, DefaultTimeout));

    private TimeoutException Busy() =>
        new($"The database file is busy: another writer held it for more than {BusyTimeout.TotalSeconds:0} s.");

    private DbTransaction Begin(IsolationLevel isolationLevel)
    {
        try
        {
            return base.BeginDbTransaction(isolationLevel);
        }
        catch
        {
            Release();
            throw;
        }
    }

    public override void Close()
    {
        try
        {
            base.Close();
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Gives the gate back after a commit or rollback on a connection that stays open (the audit writer's, which keeps
    /// its insert compiled): every other writer gives it back by closing its connection.
    /// </summary>
    public void ReleaseWriterGate() => Release();

    private void Release()
    {
        if (!_holdsGate) return;
        _holdsGate = false;
        gate.Release();
    }
}

internal static class SqlRetry
{
    // Exponential back-off on the transient error numbers SqlClient knows about.
    public static readonly SqlRetryLogicBaseProvider Provider = SqlConfigurableRetryFactory.CreateExponentialRetryProvider(
        new SqlRetryLogicOption
        {
            NumberOfTries = 4,
            DeltaTime = TimeSpan.FromMilliseconds(200),
            MaxTimeInterval = TimeSpan.FromSeconds(5),
        });
}
