using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using FluentValidation;
using MatchApi.Data;
using MatchApi.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Options;

namespace MatchApi.Sync;

/// <summary>What one sync asks for. The tenant comes from the caller's key, never from the body.</summary>
/// <summary>A sync to run; <paramref name="SkipInvalid"/> writes the valid rows of a list and reports the others instead of refusing it.</summary>
/// <paramref name="IfMatch"/> (one row by reference): the version the stored row must still have, else nothing is written (412).
/// <paramref name="ReadVersion"/>: the written row's version is returned, for its ETag.
public sealed record SyncRequest(long TenantId, string Source, SyncMode Mode, bool DryRun, string? IdempotencyKey, bool SkipInvalid = false,
    long? IfMatch = null, bool ReadVersion = false);

/// <summary>The rows of a request, and the hash of the whole request once they have been read (null when no key was sent).</summary>
public sealed record SyncInput<TItem>(IAsyncEnumerable<ParsedRow<TItem>> Rows, Func<CancellationToken, Task<string>>? RequestHash)
    where TItem : class;

/// <summary>How a sync ended, before it becomes HTTP.</summary>
public abstract record SyncResult
{
    /// <summary>Done; <paramref name="Version"/> is the row's version when one row by reference was asked for.</summary>
    public sealed record Synced(SyncReport Report, long? Version = null) : SyncResult;

    /// <summary>At least one row is invalid; every invalid row is listed and nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<SyncRowError> Errors) : SyncResult;

    /// <summary>The request as a whole cannot be carried out (unreadable body, reused key, empty mirror list).</summary>
    public sealed record Rejected(int Status, string Title, string Detail) : SyncResult;

    /// <summary>The stored answer to an earlier request with the same Idempotency-Key and the same content.</summary>
    public sealed record Replayed(int Status, string Json) : SyncResult;
}

/// <summary>The statements of one table's sync, each in both dialects.</summary>
/// <param name="LoadExisting">The source's stored rows of the tenant: id, external_ref and the compared columns.</param>
/// <param name="CreateStage">A TEMP (SQLite) or #temp (SQL Server) table for the rows to write.</param>
/// <param name="StageRow">One row into the stage: SQLite always, SQL Server for short lists.</param>
/// <param name="Apply">Writes the staged rows (upsert / MERGE) and returns id and external_ref of each.</param>
/// <param name="DropStage">Drops the stage; pooled SQLite connections would otherwise keep it.</param>
/// <param name="SqlServerStage">The #temp table's name, for SqlBulkCopy.</param>
/// <param name="Version">One stored row's version by source and reference (SQL Server: locked until commit), for If-Match and ETag.</param>
public sealed record SyncStatements(Sql LoadExisting, Sql CreateStage, Sql StageRow, Sql Apply, Sql DropStage, string SqlServerStage, Sql Version);

/// <summary>A stored row of the source: its id and its values (without the id, so that they compare with incoming values).</summary>
public sealed record ExistingRow<TColumns>(long Id, string ExternalRef, TColumns Values);

/// <summary>
/// One kind of row the engine syncs (employers, openings): how an item becomes stored values, what
/// deactivating means, and its statements. One instance serves one request.
/// </summary>
public abstract class SyncTable<TItem, TColumns> where TItem : class where TColumns : class
{
    public abstract SyncStatements Statements { get; }

    /// <summary>The table's column list: the stage table's columns, StageRow's parameters, what LoadExisting reads.</summary>
    public abstract TableColumns<TColumns> StageColumns { get; }

    public abstract string? ExternalRefOf(TItem item);

    public abstract TItem WithExternalRef(TItem item, string externalRef);

    /// <summary>Reads what turning items into values needs from the database, before the rows arrive.</summary>
    public virtual Task PrepareAsync(Db db, long tenantId, string source, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The stored values of a valid item, or null after reporting what only the database can tell (e.g. an unknown employer).</summary>
    public abstract TColumns? ToValues(TItem item, string source, Action<string, string> error);

    /// <summary>The source's stored rows: id and external_ref, then the list's columns read by name (see <see cref="SyncSql.LoadExisting"/>).</summary>
    public async Task<List<ExistingRow<TColumns>>> LoadAsync(Db db, DbConnection connection, DbTransaction? tx, long tenantId,
        string source, CancellationToken ct)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(db.Text(Statements.LoadExisting),
            new { TenantId = tenantId, Source = source }, tx, cancellationToken: ct));
        var values = reader.GetRowParser<TColumns>(startIndex: 2);
        var rows = new List<ExistingRow<TColumns>>();
        while (await reader.ReadAsync(ct))
            rows.Add(new ExistingRow<TColumns>(reader.GetInt64(0), reader.GetString(1), values(reader)));
        return rows;
    }

    /// <summary>True when the item leaves the stored row's state (active, status) as it is.</summary>
    public virtual bool KeepsState(TItem item) => false;

    /// <summary>Incoming values with the state of the stored ones.</summary>
    public virtual TColumns WithStateOf(TColumns incoming, TColumns stored) => incoming;

    public abstract bool IsActive(TColumns values);

    /// <summary>The stored values of a row that a mirror list left out: inactive (employers) or closed (openings).</summary>
    public abstract TColumns Deactivated(TColumns values);
}

/// <summary>
/// Runs a sync: every row is read and checked first (the body is parsed as it arrives and held only as
/// validated values); if any row is invalid, all of them are reported and nothing is written. Otherwise
/// the changes are written in one transaction through a stage table: SQLite fills it with one prepared
/// command, SQL Server with SqlBulkCopy, and one upsert (SQLite) or MERGE (SQL Server) applies it.
/// </summary>
public sealed class SyncEngine(Db db, TimeProvider clock, IOptions<JsonOptions> jsonOptions)
{
    /// <summary>Above this many changed rows SQL Server loads the stage with SqlBulkCopy instead of row by row.</summary>
    public const int BulkCopyThreshold = 100;

    private const int ApplyTimeoutSeconds = 600;

    private sealed record Staged<TColumns>(int Row, string ExternalRef, TColumns Values, bool KeepsState);

    private sealed record Change<TColumns>(int RowNo, string ExternalRef, TColumns Values);

    private sealed class Applied
    {
        public long Id { get; init; }
        public string ExternalRef { get; init; } = "";
    }

    public async Task<SyncResult> RunAsync<TItem, TColumns>(SyncTable<TItem, TColumns> table, SyncRequest request, SyncInput<TItem> input,
        IValidator<TItem> validator, CancellationToken ct) where TItem : class where TColumns : class
    {
        using var activity = Telemetry.Source.StartActivity("sync");
        var started = Stopwatch.GetTimestamp();
        var refs = RefComparer(db);
        await table.PrepareAsync(db, request.TenantId, request.Source, ct);

        var staged = new List<Staged<TColumns>>();
        var errors = new List<SyncRowError>();
        var firstRowOf = new Dictionary<string, int>(refs);
        try
        {
            await foreach (var row in input.Rows.WithCancellation(ct))
                Check(table, request, validator, row, firstRowOf, staged, errors);
        }
        catch (SyncBodyException e)
        {
            return Unreadable(e.Message);
        }
        catch (JsonException e)
        {
            return Unreadable($"The body must be a JSON array of rows: {Common.ProblemExceptionHandler.Simplify(e.Message)}");
        }

        string? requestHash = null;
        if (request.IdempotencyKey is { } key && !request.DryRun && input.RequestHash is { } hashOf)
        {
            requestHash = await hashOf(ct);
            await using var connection = await db.OpenAsync(ct);
            if (await ReplayAsync(connection, null, request, key, requestHash, ct) is { } earlier) return earlier;
        }
        if (errors.Count > 0 && !request.SkipInvalid) return new SyncResult.Invalid(errors);
        if (request.Mode == SyncMode.Mirror && staged.Count == 0)
            return new SyncResult.Rejected(StatusCodes.Status400BadRequest, "The list is empty.",
                $"An empty list in mirror mode would deactivate every row of source '{request.Source}'; send at least one row.");

        var result = await WriteAsync(table, request, requestHash, staged, errors, ct);
        if (result is SyncResult.Synced { Report.DryRun: false })
            Telemetry.Synced(table.GetType().Name, staged.Count, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private void Check<TItem, TColumns>(SyncTable<TItem, TColumns> table, SyncRequest request, IValidator<TItem> validator,
        ParsedRow<TItem> row, Dictionary<string, int> firstRowOf, List<Staged<TColumns>> staged, List<SyncRowError> errors)
        where TItem : class where TColumns : class
    {
        var externalRef = row.Item is { } parsed ? table.ExternalRefOf(parsed) : null;
        var before = errors.Count;
        void Error(string field, string message) =>
            errors.Add(new SyncRowError(row.Row, row.Line, externalRef, Common.ErrorKeys.Field(field), row.Headers?.GetValueOrDefault(field), message));

        foreach (var cell in row.CellErrors) Error(cell.Field, cell.Message);
        if (row.Item is not { } item)
        {
            Error("", "The row is empty.");
            return;
        }
        // The same plain-text rule as every validated request body: no control characters or bidirectional overrides.
        if (Common.PlainText.Errors(item) is { } text)
            foreach (var (field, messages) in text)
                foreach (var message in messages) Error(PropertyPath(field), message);
        // A cell that could not be read is already reported; the validator would only add that it is missing.
        foreach (var failure in validator.Validate(item).Errors)
            if (!row.CellErrors.Any(c => c.Field == failure.PropertyName)) Error(failure.PropertyName, failure.ErrorMessage);
        if (string.IsNullOrWhiteSpace(externalRef))
            Error("ExternalRef", "'External Ref' must not be empty: rows are matched by it.");
        else if (!firstRowOf.TryAdd(externalRef, row.Row))
            Error("ExternalRef", $"'{externalRef}' is also on row {firstRowOf[externalRef]}; a reference may appear once in a list.");
        if (errors.Count > before) return;

        if (table.ToValues(item, request.Source, Error) is { } values && errors.Count == before)
            staged.Add(new Staged<TColumns>(row.Row, externalRef!, values, table.KeepsState(item)));
    }

    private async Task<SyncResult> WriteAsync<TItem, TColumns>(SyncTable<TItem, TColumns> table, SyncRequest request, string? requestHash,
        List<Staged<TColumns>> staged, List<SyncRowError> skipped, CancellationToken ct) where TItem : class where TColumns : class
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        // SQLite's transaction takes the write lock at once, so what is loaded below stays true until commit.
        await using var tx = request.DryRun ? null : await connection.BeginTransactionAsync(ct);
        if (tx is not null && request.IdempotencyKey is { } key && requestHash is not null
            && await ReplayAsync(connection, tx, request, key, requestHash, ct) is { } earlier)
            return earlier;

        // If-Match is compared inside the write transaction, so no other write comes between the check and this one.
        if (tx is not null && request.IfMatch is { } expected && staged is [var only]
            && await VersionAsync(table, connection, tx, request, only.ExternalRef, ct) != expected)
        {
            await tx.RollbackAsync(ct);
            return new SyncResult.Rejected(StatusCodes.Status412PreconditionFailed, Common.ETags.StaleTitle, Common.ETags.StaleDetail);
        }

        var existing = (await table.LoadAsync(db, connection, tx, request.TenantId, request.Source, ct))
            .ToDictionary(e => e.ExternalRef, RefComparer(db));
        var (items, changes) = Plan(table, request, staged, existing);
        // The ids of every written row by reference; the new rows' ids come from here.
        var written = new Dictionary<string, long>(RefComparer(db));
        if (tx is not null && changes.Count > 0)
            written = await ApplyAsync(table, connection, tx, request, changes, now, ct);

        var report = new SyncReport(request.Source, request.Mode, request.DryRun, staged.Count + skipped.Select(e => e.Row).Distinct().Count(),
            Count(items, SyncOutcome.Created), Count(items, SyncOutcome.Updated), Count(items, SyncOutcome.Unchanged),
            Count(items, SyncOutcome.Deactivated),
            items.Select(i => i.Id is null && written.TryGetValue(i.ExternalRef, out var id) ? i with { Id = id } : i).ToList(),
            skipped);
        if (tx is null) return new SyncResult.Synced(report);

        if (request.IdempotencyKey is { } idempotencyKey && requestHash is not null)
        {
            var json = JsonSerializer.Serialize(report, jsonOptions.Value.SerializerOptions);
            try
            {
                await IdempotencyKeys.SaveAsync(db, connection, tx, request.TenantId, idempotencyKey, requestHash,
                    StatusCodes.Status200OK, json, now, ct);
            }
            catch (DbException e) when (DbErrors.IsUniqueViolation(e))
            {
                // A request with the same key committed first (SQL Server): its answer stands and this one writes nothing.
                await tx.RollbackAsync(ct);
                await using var fresh = await db.OpenAsync(ct);
                return await ReplayAsync(fresh, null, request, idempotencyKey, requestHash, ct)
                    ?? throw new InvalidOperationException("An Idempotency-Key conflicted but its stored response was not found.", e);
            }
        }
        long? version = request.ReadVersion && staged is [var row] ? await VersionAsync(table, connection, tx, request, row.ExternalRef, ct) : null;
        await tx.CommitAsync(ct);
        return new SyncResult.Synced(report, version);
    }

    private async Task<long?> VersionAsync<TItem, TColumns>(SyncTable<TItem, TColumns> table, DbConnection connection, DbTransaction tx,
        SyncRequest request, string externalRef, CancellationToken ct) where TItem : class where TColumns : class =>
        await connection.QuerySingleOrDefaultAsync<long?>(db, table.Statements.Version,
            new { request.TenantId, request.Source, ExternalRef = externalRef }, tx, ct);

    private static (List<SyncItemResult> Items, List<Change<TColumns>> Changes) Plan<TItem, TColumns>(SyncTable<TItem, TColumns> table,
        SyncRequest request, List<Staged<TColumns>> staged, Dictionary<string, ExistingRow<TColumns>> existing)
        where TItem : class where TColumns : class
    {
        var items = new List<SyncItemResult>(staged.Count);
        var changes = new List<Change<TColumns>>();
        var listed = new HashSet<string>(existing.Comparer);
        foreach (var row in staged)
        {
            if (!existing.TryGetValue(row.ExternalRef, out var stored))
            {
                changes.Add(new Change<TColumns>(row.Row, row.ExternalRef, row.Values));
                items.Add(new SyncItemResult(row.Row, row.ExternalRef, null, SyncOutcome.Created));
                continue;
            }
            listed.Add(row.ExternalRef);
            var values = row.KeepsState ? table.WithStateOf(row.Values, stored.Values) : row.Values;
            var unchanged = values.Equals(stored.Values);
            if (!unchanged) changes.Add(new Change<TColumns>(row.Row, row.ExternalRef, values));
            items.Add(new SyncItemResult(row.Row, row.ExternalRef, stored.Id, unchanged ? SyncOutcome.Unchanged : SyncOutcome.Updated));
        }
        if (request.Mode != SyncMode.Mirror) return (items, changes);

        // Only this source's rows were loaded, so another source's rows can never be deactivated here.
        var rowNo = staged.Count;
        foreach (var stored in existing.Values.Where(e => !listed.Contains(e.ExternalRef) && table.IsActive(e.Values)).OrderBy(e => e.Id))
        {
            changes.Add(new Change<TColumns>(++rowNo, stored.ExternalRef, table.Deactivated(stored.Values)));
            items.Add(new SyncItemResult(null, stored.ExternalRef, stored.Id, SyncOutcome.Deactivated));
        }
        return (items, changes);
    }

    private async Task<Dictionary<string, long>> ApplyAsync<TItem, TColumns>(SyncTable<TItem, TColumns> table, DbConnection connection,
        DbTransaction tx, SyncRequest request, List<Change<TColumns>> changes, DateTimeOffset now, CancellationToken ct)
        where TItem : class where TColumns : class
    {
        var sql = table.Statements;
        // Before the first write: the rows written are stamped with the tenant's new change counter (Data/TenantChanges.cs).
        var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, request.TenantId, ct);
        await connection.ExecuteAsync(new CommandDefinition(db.Text(sql.CreateStage), transaction: tx, cancellationToken: ct));
        if (db.Provider == DatabaseProvider.SqlServer && changes.Count > BulkCopyThreshold)
            await BulkCopyAsync(connection, tx, sql.SqlServerStage, table.StageColumns.Columns, changes, ct);
        else
            await InsertStageRowsAsync(connection, tx, sql.StageRow, table.StageColumns.Columns, changes, ct);
        var applied = await connection.QueryAsync<Applied>(new CommandDefinition(db.Text(sql.Apply),
            new { request.TenantId, request.Source, Now = now, ChangeSeq = changeSeq }, tx, ApplyTimeoutSeconds, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(db.Text(sql.DropStage), transaction: tx, cancellationToken: ct));
        return applied.ToDictionary(a => a.ExternalRef, a => a.Id, RefComparer(db));
    }

    // One command, bound again for every row: SQLite compiles it once.
    private async Task InsertStageRowsAsync<TColumns>(DbConnection connection, DbTransaction tx, Sql stageRow,
        IReadOnlyList<TableColumn<TColumns>> columns, List<Change<TColumns>> changes, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = db.Text(stageRow);
        var rowNo = Parameter(command, "RowNo");
        var externalRef = Parameter(command, "ExternalRef");
        var parameters = columns.Select(c => Parameter(command, c.Property)).ToArray();
        // SqlClient can only prepare commands whose text parameters have sizes; SQL Server caches the plan anyway.
        if (db.Provider == DatabaseProvider.Sqlite) command.Prepare();
        foreach (var change in changes)
        {
            rowNo.Value = change.RowNo;
            externalRef.Value = change.ExternalRef;
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = columns[i].Value(change.Values) ?? DBNull.Value;
            // Microsoft.Data.Sqlite runs every command synchronously; its async wrapper only adds a task per row.
            if (db.Provider == DatabaseProvider.Sqlite) command.ExecuteNonQuery();
            else await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task BulkCopyAsync<TColumns>(DbConnection connection, DbTransaction tx, string stageTable,
        IReadOnlyList<TableColumn<TColumns>> columns, List<Change<TColumns>> changes, CancellationToken ct)
    {
        using var data = new DataTable();
        data.Columns.Add("row_no", typeof(int));
        data.Columns.Add("external_ref", typeof(string));
        foreach (var column in columns) data.Columns.Add(column.Name, column.Type.Clr == typeof(DateOnly) ? typeof(DateTime) : column.Type.Clr);
        var values = new object[columns.Count + 2];
        foreach (var change in changes)
        {
            values[0] = change.RowNo;
            values[1] = change.ExternalRef;
            for (var i = 0; i < columns.Count; i++)
                values[i + 2] = columns[i].Value(change.Values) switch
                {
                    null => DBNull.Value,
                    DateOnly day => day.ToDateTime(TimeOnly.MinValue),
                    var value => value,
                };
            data.Rows.Add(values);
        }
        using var bulk = new SqlBulkCopy((SqlConnection)connection, SqlBulkCopyOptions.Default, (SqlTransaction)tx)
        {
            DestinationTableName = stageTable,
            BulkCopyTimeout = ApplyTimeoutSeconds,
            BatchSize = 10_000,
        };
        foreach (DataColumn column in data.Columns) bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        await bulk.WriteToServerAsync(data, ct);
    }

    private async Task<SyncResult?> ReplayAsync(DbConnection connection, DbTransaction? tx, SyncRequest request, string key,
        string requestHash, CancellationToken ct)
    {
        var stored = await IdempotencyKeys.FindAsync(db, connection, tx, request.TenantId, key, clock.GetUtcNow(), ct);
        if (stored is null) return null;
        return stored.RequestHash == requestHash
            ? new SyncResult.Replayed(stored.StatusCode, stored.ResponseJson)
            : new SyncResult.Rejected(StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for another request.",
                $"Within {IdempotencyKeys.Lifetime.TotalHours:0} hours an {IdempotencyKeys.Header} answers one request only "
                + "(the same method, path, query and body). Use a new key for a different list.");
    }

    // PlainText names fields as sent (location.latitude); rows and CSV headers know them as properties (Location.Latitude).
    private static string PropertyPath(string jsonPath) =>
        string.Join('.', jsonPath.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToUpperInvariant(segment[0]) + segment[1..]));

    /// <summary>How references compare, as the database's unique index compares them: SQL Server without case, SQLite exactly.</summary>
    public static StringComparer RefComparer(Db db) =>
        db.Provider == DatabaseProvider.SqlServer ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static int Count(List<SyncItemResult> items, SyncOutcome outcome) => items.Count(i => i.Outcome == outcome);

    private static SyncResult.Rejected Unreadable(string detail) =>
        new(StatusCodes.Status400BadRequest, "The list cannot be read.", detail);
}
