using MatchApi.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace MatchApi.Tests.Infrastructure;

/// <summary>A fresh SQLite file migrated by the app's own migrations, deleted on dispose.</summary>
public sealed class TempSqliteDatabase : IAsyncDisposable
{
    private TempSqliteDatabase(Db db, MigrationResult firstRun)
    {
        Db = db;
        FirstRun = firstRun;
    }

    public Db Db { get; }

    /// <summary>What the first migration run applied.</summary>
    public MigrationResult FirstRun { get; }

    public static async Task<TempSqliteDatabase> CreateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matchapi-schema-{Guid.NewGuid():N}.db");
        var db = new Db(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, SqlitePath = path }, Path.GetTempPath());
        var result = await Migrations.ApplyAsync(db, NullLogger.Instance, TestContext.Current.CancellationToken);
        return new TempSqliteDatabase(db, result);
    }

    public ValueTask DisposeAsync()
    {
        // Only this file's pooled connections are closed; the shared test app's pool is left alone.
        foreach (var file in new[] { Db.ConnectionString, Db.AuditConnectionString })
            using (var connection = new SqliteConnection(file)) SqliteConnection.ClearPool(connection);
        Db.DeleteSqliteFiles(Db.SqlitePath!);
        return ValueTask.CompletedTask;
    }
}
