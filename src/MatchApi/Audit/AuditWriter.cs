using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using MatchApi.Data;
using MatchApi.Hosting;
using Microsoft.Data.Sqlite;

namespace MatchApi.Audit;

/// <summary>One row of the audit log, as <see cref="AuditLog.UseAuditLog"/> hands it to the <see cref="AuditWriter"/>.</summary>
public sealed record AuditEntry(long TenantId, DateTimeOffset OccurredAt, string Actor, string Action, string Resource,
    long? ParticipantId, string HttpMethod, string Path, string? RemoteIp, int StatusCode);

/// <summary>
/// The one writer of audit rows: requests queue their row and wait for its commit; a single loop
/// commits whatever has queued in one transaction (group commit), so 16 concurrent requests cost one
/// commit instead of 16 writers queuing for SQLite's write lock. A failed commit fails every request
/// of that batch, so no data leaves without its row. The same design serves SQL Server, where it
/// only saves log flushes (row locks let concurrent inserts proceed anyway).
/// </summary>
public sealed class AuditWriter : IAsyncDisposable
{
    /// <summary>At most this many rows per transaction; the rest wait for the next one.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// How long the loop waits for more rows before a commit when its last batch had several, so that it takes more rows
    /// per commit (PostgreSQL's commit_delay with commit_siblings, in effect). A lone request never waits: its batch was one
    /// row. At 100,000 openings and 16 connections it halved the commits (0.10 fsync per request against 0.20) and moved
    /// GET …/matches from a median 89 % of POST /v1/matches' requests/s to 93 %, for at most half a millisecond per request.
    /// </summary>
    public static readonly TimeSpan GatherDelay = TimeSpan.FromMicroseconds(500);

    private readonly Db _db;
    private readonly ILogger<AuditWriter> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    // SQLite only, used by the loop alone: its connection and compiled insert (CommitOnKeptConnectionAsync).
    private WriterGatedSqliteConnection? _writer;
    private SqliteCommand? _insert;

    public AuditWriter(Db db, ILogger<AuditWriter> logger)
    {
        _db = db;
        _logger = logger;
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Completes when the row is committed; throws when it could not be.</summary>
    public Task WriteAsync(AuditEntry entry)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("The audit writer has stopped; nothing can be recorded.");
        return pending.Committed.Task;
    }

    /// <summary>
    /// The loop, on a thread of its own (LongRunning), waiting and committing synchronously. A SQLite commit holds its thread
    /// until the WAL's fsync returns (Microsoft.Data.Sqlite does its I/O synchronously, behind async methods too), and on a
    /// 2-core machine the thread pool starts with two workers: run on a pool thread, each commit took one of the two away from
    /// the requests for the length of its fsync. Measured at 100,000 openings and 16 connections, GET …/matches went from a
    /// median 80 % of POST /v1/matches' requests/s to 89 % (docs/performance.md). On SQL Server the thread waits for the
    /// asynchronous commit instead, which is as cheap.
    /// </summary>
    private void Run()
    {
        var batch = new List<Pending>(MaxBatch);
        var lastBatch = 0;
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (lastBatch > 1) Thread.Sleep(GatherDelay);
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            lastBatch = batch.Count;
            try
            {
                CommitAsync(batch).GetAwaiter().GetResult();
                foreach (var pending in batch) pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Could not commit {Count} audit row(s); their requests fail.", batch.Count);
                foreach (var pending in batch) pending.Committed.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        var start = Stopwatch.GetTimestamp();
        if (_db.Provider == DatabaseProvider.Sqlite) await CommitOnKeptConnectionAsync(batch);
        else
        {
            // Not a request's token: a caller that hangs up after its data was read is still recorded.
            await using var connection = await _db.OpenAuditAsync(CancellationToken.None);
            await using var tx = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(new CommandDefinition(_db.Text(Sqls.Insert), batch.Select(p => p.Entry), tx));
            await tx.CommitAsync();
        }
        Telemetry.AuditCommitted(batch.Count, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// SQLite: the loop keeps one connection open with the insert compiled once (Microsoft.Data.Sqlite compiles a statement
    /// again for every new command, and opening a pooled connection runs its pragmas again). Each transaction still takes the
    /// file's writer gate, and gives it back at commit. A connection that failed is closed (which rolls back and gives the
    /// gate back) and opened anew for the next batch.
    /// </summary>
    private async Task CommitOnKeptConnectionAsync(List<Pending> batch)
    {
        if (_writer is null)
        {
            var connection = (WriterGatedSqliteConnection)await _db.OpenAuditAsync(CancellationToken.None);
            var insert = connection.CreateCommand();
            insert.CommandText = _db.Text(Sqls.Insert);
            foreach (var (name, _) in Row(batch[0].Entry)) insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            insert.Prepare();
            (_writer, _insert) = (connection, insert);
        }
        try
        {
            await using (var tx = (SqliteTransaction)await _writer.BeginTransactionAsync())
            {
                _insert!.Transaction = tx;
                foreach (var pending in batch)
                {
                    var row = Row(pending.Entry);
                    for (var i = 0; i < row.Length; i++) _insert.Parameters[i].Value = row[i].Value ?? DBNull.Value;
                    await _insert.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }
            _writer.ReleaseWriterGate();
        }
        catch
        {
            await CloseWriterAsync();
            throw;
        }
    }

    /// <summary>An entry's values by the insert's parameter names, as Dapper binds them (Data/TypeHandlers.cs: times as UTC without offset).</summary>
    private static (string Name, object? Value)[] Row(AuditEntry e) =>
    [
        ("@TenantId", e.TenantId), ("@OccurredAt", e.OccurredAt.UtcDateTime), ("@Actor", e.Actor), ("@Action", e.Action),
        ("@Resource", e.Resource), ("@ParticipantId", e.ParticipantId), ("@HttpMethod", e.HttpMethod), ("@Path", e.Path),
        ("@RemoteIp", e.RemoteIp), ("@StatusCode", e.StatusCode),
    ];

    private async Task CloseWriterAsync()
    {
        if (_insert is not null) await _insert.DisposeAsync();
        if (_writer is not null) await _writer.DisposeAsync();
        (_writer, _insert) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await CloseWriterAsync();
    }

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Committed);

    private static class Sqls
    {
        public static readonly Sql Insert = new("""
            INSERT INTO audit_log (tenant_id, occurred_at, actor, action, resource, participant_id, http_method, path, remote_ip, status_code)
            VALUES (@TenantId, @OccurredAt, @Actor, @Action, @Resource, @ParticipantId, @HttpMethod, @Path, @RemoteIp, @StatusCode);
            """);
    }
}
