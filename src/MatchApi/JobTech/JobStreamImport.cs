using System.ComponentModel;
using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Reference;

namespace MatchApi.JobTech;

/// <summary>An ad that was not imported, and why.</summary>
public sealed record SkippedAd(
    [property: Description("The ad's id, when it has one.")] string? AdId,
    [property: Description("Why it was skipped.")] string Reason);

/// <summary>What an import of JobStream ads did.</summary>
public sealed record JobTechImportReport(
    [property: Description("Elements read from the feed (ads and removals).")] int Received,
    [property: Description("New openings.")] int Created,
    [property: Description("Openings whose ad changed.")] int Updated,
    [property: Description("Ads and removals that changed nothing (already imported as they are).")] int Unchanged,
    [property: Description("Openings closed because their ad was removed.")] int Closed,
    [property: Description("Ads left out because the work is outside the organisation's area.")] int OutsideArea,
    [property: Description("Removals of ads not stored here (outside the area, or never imported): nothing to close, nothing written.")] int UnknownRemovals,
    [property: Description("Employers created for organisation numbers not seen before.")] int EmployersCreated,
    [property: Description("How many ads were skipped.")] int SkippedCount,
    [property: Description("The skipped ads with their reasons (at most 1000).")] IReadOnlyList<SkippedAd> Skipped);

/// <summary>Which ads belong to the organisation: those whose work is in one of these municipalities.</summary>
public sealed record ImportArea(IReadOnlySet<string> Municipalities)
{
    public bool Contains(string municipalityCode) => Municipalities.Contains(municipalityCode);
}

/// <summary>The feed is not a JSON array of ads; nothing was written.</summary>
public sealed class JobStreamFormatException(string message) : Exception(message);

/// <summary>
/// Imports a JobStream answer into one tenant, reading the array element by element as it streams in (memory does not grow
/// with the file) and writing everything in one transaction, so a feed that turns out malformed halfway writes nothing.
/// An ad creates or updates its opening (found by the ad id with source platsbanken) and, for an organisation number not
/// seen before, an employer; a removal closes the opening. A coach's "filled" is never undone, the same feed twice changes
/// nothing, and an ad that cannot be mapped is skipped and reported without stopping the others.
/// </summary>
public static class JobStreamImport
{
    public const int MaxListedSkips = 1000;

    public static async Task<JobTechImportReport> ImportAsync(Stream feed, long tenantId, ImportArea area, Db db, ReferenceData reference,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var run = new Run(db, connection, tx, tenantId, now, ct);
        var counts = new Counts();
        var skipped = new List<SkippedAd>();
        void Skip(string? id, string reason)
        {
            counts.Skipped++;
            if (skipped.Count < MaxListedSkips) skipped.Add(new SkippedAd(id, reason));
        }

        try
        {
            await foreach (var ad in JsonSerializer.DeserializeAsyncEnumerable<JobStreamAd>(feed, JobStreamMapping.Json, ct))
            {
                counts.Received++;
                if (ad is null || ad.AdId is not { } id)
                {
                    Skip(null, "the element has no ad id");
                    continue;
                }
                if (ad.Removed)
                {
                    switch (await run.CloseAsync(id))
                    {
                        case CloseResult.Closed: counts.Closed++; break;
                        case CloseResult.Unchanged: counts.Unchanged++; break;
                        default: counts.UnknownRemovals++; break;
                    }
                    continue;
                }
                if (JobStreamMapping.Map(ad, reference, out var reason) is not { } mapped)
                {
                    Skip(id, reason!);
                    continue;
                }
                if (!area.Contains(mapped.Opening.MunicipalityCode))
                {
                    counts.OutsideArea++;
                    continue;
                }
                switch (await run.UpsertAsync(mapped, counts))
                {
                    case UpsertResult.Created: counts.Created++; break;
                    case UpsertResult.Updated: counts.Updated++; break;
                    default: counts.Unchanged++; break;
                }
            }
        }
        catch (JsonException ex)
        {
            // Nothing is committed: the transaction is rolled back when it is disposed.
            throw new JobStreamFormatException(
                $"The feed is not a JSON array of JobStream ads (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}");
        }
        await tx.CommitAsync(ct);
        return new JobTechImportReport(counts.Received, counts.Created, counts.Updated, counts.Unchanged, counts.Closed, counts.OutsideArea,
            counts.UnknownRemovals, counts.EmployersCreated, counts.Skipped, skipped);
    }

    /// <summary>The tenant's area: the given municipalities, or the given county, or else the county of the tenant's own municipality.</summary>
    public static async Task<ImportArea> AreaAsync(Db db, ReferenceData reference, long tenantId, IReadOnlyCollection<string>? municipalities,
        string? county, CancellationToken ct)
    {
        if (municipalities is { Count: > 0 }) return new ImportArea(municipalities.ToHashSet(StringComparer.Ordinal));
        if (county is null)
        {
            var own = await db.ExecuteScalarAsync<string>(Sqls.TenantMunicipality, new { TenantId = tenantId }, ct);
            county = own is { Length: 4 } ? own[..2] : "";
        }
        return new ImportArea(reference.Municipalities.Values.Where(m => m.CountyCode == county).Select(m => m.Code).ToHashSet(StringComparer.Ordinal));
    }

    private enum CloseResult { Closed, Unchanged, Unknown }

    private enum UpsertResult { Created, Updated, Unchanged }

    private sealed class Counts
    {
        public int Received, Created, Updated, Unchanged, Closed, OutsideArea, UnknownRemovals, EmployersCreated, Skipped;
    }

    /// <summary>
    /// The per-ad work of one import. The tenant's Platsbanken ad ids and its employers by organisation number are read once,
    /// so a new ad costs one INSERT and an unknown removal nothing; an ad already stored is read afresh by its id (a coach may
    /// have marked it filled meanwhile) and written only when it changed. The statements are prepared once and reused with new
    /// parameter values (the dictionaries hold about 100 bytes per stored ad, not the ads).
    /// </summary>
    private sealed class Run(Db db, DbConnection connection, DbTransaction tx, long tenantId, DateTimeOffset now, CancellationToken ct)
    {
        private Dictionary<string, long>? _employers;
        private Dictionary<string, long>? _openings;
        private Statement? _insert, _update, _read, _status, _setStatus, _insertEmployer;

        private long? _changeSeq;

        private CommandDefinition Command(Sql sql, object parameters) => new(db.Text(sql), parameters, tx, cancellationToken: ct);

        // The tenant's change counter moves once per import, before its first write (a feed that changes nothing leaves it).
        private async Task<long> ChangeSeqAsync() => _changeSeq ??= await TenantChanges.BumpAsync(db, connection, tx, tenantId, ct);

        private async Task LoadAsync()
        {
            if (_openings is not null) return;
            var source = new { TenantId = tenantId, Source = JobStreamMapping.Source };
            _openings = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var row in await connection.QueryAsync<(string ExternalRef, long Id)>(Command(Sqls.OpeningIds, source)))
                _openings[row.ExternalRef] = row.Id;
            _employers = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var row in await connection.QueryAsync<(string OrgNumber, long Id)>(Command(Sqls.EmployerIds, source)))
                _employers[row.OrgNumber] = row.Id;
        }

        private Statement Prepare(ref Statement? statement, Sql sql, params string[] names) =>
            statement ??= new Statement(db, connection, tx, sql, names);

        public async Task<CloseResult> CloseAsync(string adId)
        {
            await LoadAsync();
            if (!_openings!.TryGetValue(adId, out var id)) return CloseResult.Unknown;
            var read = Prepare(ref _status, Sqls.Status, "Id", "TenantId").Int64(0, id).Int64(1, tenantId);
            var status = (string?)await read.ScalarAsync(ct);
            if (status is null) return CloseResult.Unknown;
            // Filled is the coach's word and stays; closed is closed already.
            if (status != nameof(OpeningStatus.Open)) return CloseResult.Unchanged;
            await Prepare(ref _setStatus, Sqls.SetStatus, "Id", "TenantId", "Status", "Now", "ChangeSeq")
                .Int64(0, id).Int64(1, tenantId).String(2, nameof(OpeningStatus.Closed)).Time(3, now).Int64(4, await ChangeSeqAsync()).ExecuteAsync(ct);
            return CloseResult.Closed;
        }

        public async Task<UpsertResult> UpsertAsync(MappedAd ad, Counts counts)
        {
            await LoadAsync();
            var employerId = await EmployerAsync(ad, counts);
            var wanted = ad.Opening with { EmployerId = employerId };
            if (!_openings!.TryGetValue(ad.AdId, out var id))
            {
                var insert = Bind(Prepare(ref _insert, Sqls.Insert, OpeningParameters), wanted, ad, 0, await ChangeSeqAsync());
                _openings[ad.AdId] = Convert.ToInt64(await insert.ScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                return UpsertResult.Created;
            }
            var stored = await Prepare(ref _read, Sqls.Opening, "Id", "TenantId").Int64(0, id).Int64(1, tenantId).SingleOrDefaultAsync<StoredOpening>(ct);
            if (stored is null)
            {
                // Gone since the ids were read: stored anew.
                _openings.Remove(ad.AdId);
                return await UpsertAsync(ad, counts);
            }
            // The feed reopens an ad it closed, but never a job a coach marked filled.
            if (stored.Status == nameof(OpeningStatus.Filled)) wanted = wanted with { Status = stored.Status };
            if (stored.Values() == wanted && stored.WebUrl == ad.WebUrl) return UpsertResult.Unchanged;
            await Bind(Prepare(ref _update, Sqls.Update, OpeningParameters), wanted, ad, id, await ChangeSeqAsync()).ExecuteAsync(ct);
            return UpsertResult.Updated;
        }

        // The statements' parameters in binding order: the keys, the list's columns by name, then what the list leaves out.
        private static readonly string[] OpeningParameters =
        [
            "Id", "TenantId", .. OpeningsTable.Columns.Columns.Select(c => c.Property), "Source", "ExternalRef", "WebUrl", "Now", "ChangeSeq",
        ];

        private Statement Bind(Statement s, OpeningColumns o, MappedAd ad, long id, long changeSeq)
        {
            var columns = OpeningsTable.Columns.Columns;
            s.Int64(0, id).Int64(1, tenantId);
            for (var i = 0; i < columns.Count; i++) s.Value(2 + i, columns[i].Type.Clr, columns[i].Value(o));
            var next = 2 + columns.Count;
            return s.String(next, JobStreamMapping.Source).String(next + 1, ad.AdId).String(next + 2, ad.WebUrl).Time(next + 3, now)
                .Int64(next + 4, changeSeq);
        }

        private async Task<long> EmployerAsync(MappedAd ad, Counts counts)
        {
            if (_employers!.TryGetValue(ad.OrgNumber, out var known)) return known;
            var insert = Prepare(ref _insertEmployer, Sqls.InsertEmployer,
                "TenantId", "OrgNumber", "Name", "Sector", "MunicipalityCode", "Source", "ExternalRef", "Now", "ChangeSeq");
            var id = Convert.ToInt64(await insert.Int64(0, tenantId).String(1, ad.OrgNumber).String(2, ad.EmployerName)
                .String(3, OrganisationNumber.DefaultSector(ad.OrgNumber).ToString()).String(4, ad.Opening.MunicipalityCode)
                .String(5, JobStreamMapping.Source).String(6, ad.OrgNumber).Time(7, now).Int64(8, await ChangeSeqAsync()).ScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            counts.EmployersCreated++;
            _employers[ad.OrgNumber] = id;
            return id;
        }
    }

    /// <summary>
    /// One statement prepared once and executed many times with new values, bound the way Dapper and
    /// <see cref="TypeHandlers"/> bind them (so SQLite stores the same text): strings sized 4000 or unlimited, dates as
    /// <see cref="DbType.Date"/>, times as UTC <see cref="DbType.DateTime2"/>, null as <see cref="DBNull"/>.
    /// </summary>
    private sealed class Statement
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _parameters;

        public Statement(Db db, DbConnection connection, DbTransaction tx, Sql sql, string[] names)
        {
            _command = connection.CreateCommand();
            _command.Transaction = tx;
            _command.CommandText = db.Text(sql);
            _parameters = new DbParameter[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                var p = _command.CreateParameter();
                p.ParameterName = "@" + names[i];
                _command.Parameters.Add(p);
                _parameters[i] = p;
            }
        }

        private Statement Set(int i, DbType type, object? value, int size = 0)
        {
            var p = _parameters[i];
            p.DbType = type;
            // Only strings are sized (an explicit size would cut SQLite's date text).
            if (size != 0) p.Size = size;
            p.Value = value ?? DBNull.Value;
            return this;
        }

        public Statement Int64(int i, long value) => Set(i, DbType.Int64, value);

        public Statement Double(int i, double? value) => Set(i, DbType.Double, value);

        public Statement String(int i, string? value) => Set(i, DbType.String, value, value is { Length: > 4000 } ? -1 : 4000);

        public Statement Date(int i, DateOnly? value) => Set(i, DbType.Date, value);

        public Statement Time(int i, DateTimeOffset value) => Set(i, DbType.DateTime2, value.UtcDateTime);

        /// <summary>A column's value, bound as its stored type (see <see cref="ColumnType"/>).</summary>
        public Statement Value(int i, Type type, object? value) => type switch
        {
            _ when type == typeof(long) => Set(i, DbType.Int64, value),
            _ when type == typeof(double) => Set(i, DbType.Double, value),
            _ when type == typeof(bool) => Set(i, DbType.Boolean, value),
            _ when type == typeof(DateOnly) => Set(i, DbType.Date, value),
            _ when type == typeof(string) => String(i, (string?)value),
            _ => throw new ArgumentException($"No binding for a column of type {type.Name}.", nameof(type)),
        };

        public Task<int> ExecuteAsync(CancellationToken ct) => _command.ExecuteNonQueryAsync(ct);

        public Task<object?> ScalarAsync(CancellationToken ct) => _command.ExecuteScalarAsync(ct);

        public async Task<T?> SingleOrDefaultAsync<T>(CancellationToken ct) where T : class
        {
            await using var reader = await _command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? reader.GetRowParser<T>()(reader) : null;
        }
    }

    private sealed record StoredOpening : OpeningColumns
    {
        public long Id { get; init; }
        public string? WebUrl { get; init; }
    }

    private static class Sqls
    {
        public static readonly Sql TenantMunicipality = new("SELECT municipality_code FROM tenants WHERE id = @TenantId;");

        public static readonly Sql OpeningIds = new("""
            SELECT external_ref, id FROM openings
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref IS NOT NULL;
            """);

        public static readonly Sql EmployerIds = new("""
            SELECT org_number, MIN(id) FROM employers
            WHERE tenant_id = @TenantId AND org_number IS NOT NULL
            GROUP BY org_number;
            """);

        public static readonly Sql Status = new("SELECT status FROM openings WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql SetStatus = new("""
            UPDATE openings SET status = @Status, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql Opening = new($"""
            SELECT id AS Id, {OpeningsTable.Columns.Select()},
                web_url AS WebUrl
            FROM openings
            WHERE id = @Id AND tenant_id = @TenantId;
            """);

        // A new ad is stored with every listed column, as an update of the same ad would write it.
        public static readonly Sql Insert = new(
            Sqlite: $"""
                INSERT INTO openings (tenant_id, {OpeningsTable.Columns.Names()},
                    source, external_ref, web_url, created_at, updated_at, change_seq)
                VALUES (@TenantId, {OpeningsTable.Columns.Parameters},
                    @Source, @ExternalRef, @WebUrl, @Now, @Now, @ChangeSeq)
                RETURNING id;
                """,
            SqlServer: $"""
                INSERT INTO openings (tenant_id, {OpeningsTable.Columns.Names()},
                    source, external_ref, web_url, created_at, updated_at, change_seq)
                OUTPUT INSERTED.id
                VALUES (@TenantId, {OpeningsTable.Columns.Parameters},
                    @Source, @ExternalRef, @WebUrl, @Now, @Now, @ChangeSeq);
                """);

        // The ad's fields replace the stored ones (an ad names no schedule, subsidy, remote work or start date: those are null/false).
        public static readonly Sql Update = new($"""
            UPDATE openings SET {OpeningsTable.Columns.SetClause()},
                web_url = @WebUrl, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql InsertEmployer = new(
            Sqlite: """
                INSERT INTO employers (tenant_id, org_number, name, sector, municipality_code, source, external_ref, active, created_at, updated_at, change_seq)
                VALUES (@TenantId, @OrgNumber, @Name, @Sector, @MunicipalityCode, @Source, @ExternalRef, 1, @Now, @Now, @ChangeSeq)
                RETURNING id;
                """,
            SqlServer: """
                INSERT INTO employers (tenant_id, org_number, name, sector, municipality_code, source, external_ref, active, created_at, updated_at, change_seq)
                OUTPUT INSERTED.id
                VALUES (@TenantId, @OrgNumber, @Name, @Sector, @MunicipalityCode, @Source, @ExternalRef, 1, @Now, @Now, @ChangeSeq);
                """);
    }
}
