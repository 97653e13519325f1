using Dapper;
using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace MatchApi.Tests.SqlServer;

public sealed class SqliteMigrationTests
{
    [Fact]
    public async Task Applying_migrations_twice_applies_nothing_the_second_time()
    {
        await using var database = await TempSqliteDatabase.CreateAsync();
        Assert.Equal(Migrations.ScriptNames(DatabaseProvider.Sqlite), database.FirstRun.Applied);

        var second = await Migrations.ApplyAsync(database.Db, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Empty(second.Applied);
    }

    [Fact]
    public async Task Sqlite_file_uses_wal_and_enforces_foreign_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TempSqliteDatabase.CreateAsync();
        await using var connection = await database.Db.OpenAsync(ct);

        Assert.Equal("wal", (await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode;", cancellationToken: ct))));
        var orphan = new CommandDefinition(
            "INSERT INTO coaches (tenant_id, name, created_at, updated_at) VALUES (987654321, 'Orphan', '2026-01-01', '2026-01-01');",
            cancellationToken: ct);
        var error = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(orphan));
        Assert.Contains("FOREIGN KEY", error.Message);
        Assert.Equal(0, (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(1) FROM coaches;", cancellationToken: ct))));
    }
}

/// <summary>The shared test app migrated its database at start-up; migrating again must find nothing to do, on every database.</summary>
public abstract class MigrationTests(MatchApiFactory api)
{
    [Fact]
    public async Task Migrating_a_migrated_database_applies_no_script()
    {
        api.EnsureUsable();
        var result = await Migrations.ApplyAsync(api.Db, NullLogger.Instance, TestContext.Current.CancellationToken);
        Assert.Empty(result.Applied);
    }
}

public sealed class MigrationTestsOnSqlite(SqliteApiFactory api) : MigrationTests(api);
public sealed class MigrationTestsOnSqlServer(SqlServerApiFactory api) : MigrationTests(api);
