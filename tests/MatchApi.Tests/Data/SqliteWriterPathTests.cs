using Dapper;
using MatchApi.Audit;
using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MatchApi.Tests.Data;

/// <summary>One writer path per SQLite file, and the audit writer that commits rows together.</summary>
public sealed class SqliteWriterPathTests
{
    private static AuditEntry Entry(long tenantId, int status) =>
        new(tenantId, DateTimeOffset.UtcNow, "key:1", "Read", "participant", null, "GET", "/v1/participants/{id:long}", "127.0.0.1", status);

    [Fact]
    public async Task A_second_writer_on_the_same_file_waits_for_the_first_instead_of_meeting_a_busy_database()
    {
        await using var temp = await TempSqliteDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        // Two Db objects on one file, as two app instances in one process have.
        var other = new Db(new DatabaseOptions { SqlitePath = temp.Db.SqlitePath! }, Path.GetTempPath());

        var first = await temp.Db.OpenAsync(ct);
        var tx = await first.BeginTransactionAsync(ct);
        await using var second = await other.OpenAsync(ct);
        var waiting = second.BeginTransactionAsync(ct).AsTask();
        await Task.Delay(50, ct);
        Assert.False(waiting.IsCompleted);

        await tx.CommitAsync(ct);
        await first.DisposeAsync();
        await using var secondTx = await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await second.ExecuteAsync(new CommandDefinition("CREATE TABLE gate_check (id INTEGER);", transaction: secondTx, cancellationToken: ct));
        await secondTx.CommitAsync(ct);
    }

    [Fact]
    public async Task Reads_do_not_wait_for_a_writer()
    {
        await using var temp = await TempSqliteDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var writer = await temp.Db.OpenAsync(ct);
        await using var tx = await writer.BeginTransactionAsync(ct);

        await using var reader = await temp.Db.OpenAsync(ct);
        var read = reader.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(1) FROM tenants;", cancellationToken: ct));
        Assert.Equal(0, await read.WaitAsync(TimeSpan.FromSeconds(10), ct));
    }

    [Fact]
    public async Task Every_queued_audit_row_is_committed_before_its_wait_ends()
    {
        await using var temp = await TempSqliteDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await MatchApi.Tenants.Tenants.CreateAsync(temp.Db, "Audit writer", "1480", DateTimeOffset.UtcNow, ct);
        await using (var writer = new AuditWriter(temp.Db, NullLogger<AuditWriter>.Instance))
        {
            // More than one batch, queued at once.
            await Task.WhenAll(Enumerable.Range(0, AuditWriter.MaxBatch + 40).Select(i => writer.WriteAsync(Entry(tenant.Id, 200 + i % 3))));
        }

        await using var connection = await temp.Db.OpenAuditAsync(ct);
        Assert.Equal(AuditWriter.MaxBatch + 40, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(1) FROM audit_log WHERE tenant_id = @Id;", new { tenant.Id }, cancellationToken: ct)));
    }

    [Fact]
    public async Task A_row_that_cannot_be_committed_fails_the_wait_of_its_request()
    {
        await using var temp = await TempSqliteDatabase.CreateAsync();
        await using var writer = new AuditWriter(temp.Db, NullLogger<AuditWriter>.Instance);

        var tenant = await MatchApi.Tenants.Tenants.CreateAsync(temp.Db, "Audit writer", "1480", DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        // A row the table refuses (actor is NOT NULL) cannot be committed, so the request must not answer.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => writer.WriteAsync(Entry(tenant.Id, 200) with { Actor = null! }));
        // The writer goes on with the next rows.
        await writer.WriteAsync(Entry(tenant.Id, 200));
    }

    [Fact]
    public async Task The_audit_writer_keeps_its_connection_but_gives_the_writer_gate_back_at_each_commit()
    {
        await using var temp = await TempSqliteDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await MatchApi.Tenants.Tenants.CreateAsync(temp.Db, "Audit writer", "1480", DateTimeOffset.UtcNow, ct);
        var at = new DateTimeOffset(2026, 12, 2, 6, 10, 0, 123, TimeSpan.FromHours(1));
        await using var writer = new AuditWriter(temp.Db, NullLogger<AuditWriter>.Instance);
        for (var round = 0; round < 3; round++)
        {
            await writer.WriteAsync(Entry(tenant.Id, 200) with { OccurredAt = at.AddSeconds(round) });
            // Another writer gets the audit file's gate now: one still held would make it wait and then fail as busy.
            await using var other = await temp.Db.OpenAuditAsync(ct);
            await using var tx = await other.BeginTransactionAsync(ct);
            await other.ExecuteAsync(new CommandDefinition("UPDATE audit_log SET status_code = status_code WHERE id = -1;", null, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        // Times are stored as every other writer stores them (Dapper's handler: UTC without offset), so they sort as text.
        await using var connection = await temp.Db.OpenAuditAsync(ct);
        var stored = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT occurred_at FROM audit_log WHERE tenant_id = @Id ORDER BY id;", new { tenant.Id }, cancellationToken: ct))).ToList();
        var expected = new List<string>();
        for (var round = 0; round < 3; round++)
            expected.Add(await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT @At;", new { At = at.AddSeconds(round) }, cancellationToken: ct)) ?? "");
        Assert.Equal(expected, stored);
    }
}
