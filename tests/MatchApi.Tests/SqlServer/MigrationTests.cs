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

    [Fact]
    public async Task The_audit_log_has_a_wal_file_of_its_own_next_to_the_main_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TempSqliteDatabase.CreateAsync();
        Assert.Equal(Db.AuditPathOf(database.Db.SqlitePath!), database.Db.SqliteAuditPath);
        Assert.EndsWith(".audit.db", database.Db.SqliteAuditPath);
        await using var main = await database.Db.OpenAsync(ct);
        await using var audit = await database.Db.OpenAuditAsync(ct);

        Assert.Equal("wal", await audit.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode;", cancellationToken: ct)));
        Assert.Equal(1, await audit.ExecuteScalarAsync<long>(new CommandDefinition(HasAuditLog, cancellationToken: ct)));
        Assert.Equal(0, await main.ExecuteScalarAsync<long>(new CommandDefinition(HasAuditLog, cancellationToken: ct)));
    }

    [Fact]
    public async Task A_file_from_before_the_move_gives_its_audit_rows_to_the_audit_file_once_with_their_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TempSqliteDatabase.CreateAsync();
        var tenant = await MatchApi.Tenants.Tenants.CreateAsync(database.Db, "Före flytten", "1480", DateTimeOffset.UtcNow, ct);
        // The layout of db/sqlite/0007 before 0014: the audit log in the main file, with two rows.
        await using (var main = await database.Db.OpenAsync(ct))
        {
            await main.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenants(id), occurred_at TEXT NOT NULL,
                    actor TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL, participant_id INTEGER NULL,
                    http_method TEXT NOT NULL, path TEXT NOT NULL, remote_ip TEXT NULL, status_code INTEGER NOT NULL);
                CREATE TRIGGER tr_audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                INSERT INTO audit_log VALUES (7, @Tenant, '2026-11-30 10:00:00', 'key:1', 'Read', 'goals', 12, 'GET', '/v1/participants/{id:long}/goals', '10.0.0.1', 200);
                INSERT INTO audit_log VALUES (8, @Tenant, '2026-11-30 10:01:00', 'key:1', 'Match', 'matches', 12, 'GET', '/v1/participants/{id:long}/matches', NULL, 404);
                DELETE FROM SchemaVersions WHERE ScriptName = 'sqlite.0014_audit_log_own_file.sql';
                """, new { Tenant = tenant.Id }, cancellationToken: ct));
        }
        // A start that stopped after copying row 7 and before dropping the table.
        await using (var audit = await database.Db.OpenAuditAsync(ct))
            await audit.ExecuteAsync(new CommandDefinition(
                "INSERT INTO audit_log VALUES (7, @Tenant, '2026-11-30 10:00:00', 'key:1', 'Read', 'goals', 12, 'GET', '/v1/participants/{id:long}/goals', '10.0.0.1', 200);",
                new { Tenant = tenant.Id }, cancellationToken: ct));

        var result = await Migrations.ApplyAsync(database.Db, NullLogger.Instance, ct);

        Assert.Equal(["sqlite.0014_audit_log_own_file.sql"], result.Applied);
        await using var after = await database.Db.OpenAsync(ct);
        Assert.Equal(0, await after.ExecuteScalarAsync<long>(new CommandDefinition(HasAuditLog, cancellationToken: ct)));
        await using var moved = await database.Db.OpenAuditAsync(ct);
        var rows = (await moved.QueryAsync<(long Id, string Resource, int StatusCode)>(new CommandDefinition(
            "SELECT id, resource, status_code FROM audit_log WHERE tenant_id = @Tenant ORDER BY id;", new { Tenant = tenant.Id }, cancellationToken: ct))).ToList();
        Assert.Equal([(7L, "goals", 200), (8L, "matches", 404)], rows);
        // Still append-only where it now lives.
        await Assert.ThrowsAsync<SqliteException>(() => moved.ExecuteAsync(new CommandDefinition("DELETE FROM audit_log WHERE id = 8;", cancellationToken: ct)));
        // And nothing more to do on the next start.
        Assert.Empty((await Migrations.ApplyAsync(database.Db, NullLogger.Instance, ct)).Applied);
    }

    private const string HasAuditLog = "SELECT COUNT(1) FROM sqlite_master WHERE type = 'table' AND name = 'audit_log';";
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
