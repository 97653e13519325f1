using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Hosting;
using MatchApi.Openings;
using EmployerRow = MatchApi.Employers.EmployerColumns;
using OpeningRow = MatchApi.Openings.OpeningColumns;

namespace MatchApi.Matching;

public sealed class MatchingOptions
{
    /// <summary>Read every tenant's candidates in the background at start-up, so that no tenant's first match waits for them.</summary>
    public bool WarmOnStart { get; set; } = true;
}

/// <summary>
/// A tenant's open openings, employers and recent face-to-face contacts, packed for the matcher and kept
/// per tenant and per service instance, never stale: every match first reads the tenant's change counter
/// (<see cref="TenantChanges"/>, one primary-key read) and, when it moved, reads only the openings,
/// employers and employers' contacts stamped after the snapshot, applies them to the unpacked records this
/// store keeps, and derives the next <see cref="MatchCandidateSet"/> from the current one with only those rows
/// packed (<see cref="MatchCandidateSet.With"/>; copy-on-write: a published set is never changed, so concurrent
/// matches keep the one they took). A write committed on any instance is
/// therefore in the very next match on every instance. A new day reads the whole tenant again (expiry
/// and the contact window move with the date).
/// </summary>
public sealed class CandidateStore(Db db, TimeProvider clock, ILogger<CandidateStore> logger, Reference.ReferenceData reference)
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    /// <summary>The tenant's candidates as of its change counter read now.</summary>
    public Task<CandidateSnapshot> GetAsync(long tenantId, DateOnly today, CancellationToken ct) => GetAsync(tenantId, today, null, ct);

    /// <summary>
    /// The tenant's candidates as of its change counter read now, on <paramref name="connection"/> when given: a match
    /// reads the counter and its returned openings on its request's one read connection, where the statements stay
    /// compiled (<see cref="ReadConnections"/>; a refresh opens its own).
    /// </summary>
    public async Task<CandidateSnapshot> GetAsync(long tenantId, DateOnly today, ReadConnection? connection, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(tenantId, _ => new Entry());
        long seq;
        if (connection is not null) seq = await TenantChanges.ReadAsync(db, connection, tenantId, ct);
        else
            await using (var own = await db.OpenAsync(ct))
                seq = await TenantChanges.ReadAsync(db, own, tenantId, ct);
        if (entry.Current is { } current && current.Today == today && current.Seq >= seq)
        {
            Telemetry.CandidatesUsed(tenantId, clock.GetElapsedTime(current.BuiltAt));
            return current;
        }
        // One refresh per tenant at a time; a match that waited finds the snapshot another one built.
        await entry.Gate.WaitAsync(ct);
        try
        {
            if (entry.Current is { } c && c.Today == today && c.Seq >= seq) return c;
            // Not cancelled half-way: the unpacked records must stay whole for the next caller.
            var next = await RefreshAsync(entry, tenantId, today, seq);
            entry.Current = next;
            return next;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Reads the candidates of every tenant with open openings, one tenant after the other (see <see cref="CandidateWarmUp"/>).</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        List<long> tenants;
        await using (var connection = await db.OpenAsync(ct))
            tenants = (await connection.QueryAsync<long>(new CommandDefinition(db.Text(Sqls.TenantsWithOpenings), cancellationToken: ct))).ToList();
        foreach (var tenantId in tenants) await GetAsync(tenantId, clock.Today(), ct);
    }

    /// <summary>True when the tenant's candidates of <paramref name="today"/> are in the store.</summary>
    internal bool Holds(long tenantId, DateOnly today) => _entries.TryGetValue(tenantId, out var entry) && entry.Current?.Today == today;

    /// <summary>
    /// Re-reads the returned openings by key: those still open and unexpired, with their versions (see
    /// <see cref="AreCurrent"/>) and their ad's web address, display data the matcher does not carry. The match reads
    /// them on its request's one read connection; on SQLite the statement is compiled once per connection (compiling it
    /// cost more than running it), on SQL Server it runs through Dapper.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, CurrentOpening>> ReadCurrentAsync(long tenantId, IReadOnlyList<MatchResult> results,
        DateOnly today, ReadConnection connection, CancellationToken ct)
    {
        if (results.Count == 0) return new Dictionary<long, CurrentOpening>();
        var ids = "[" + string.Join(',', results.Select(r => r.Opening.Id.ToString(CultureInfo.InvariantCulture))) + "]";
        if (connection.Prepared(Sqls.Current, ("@TenantId", tenantId), ("@Ids", ids), ("@Today", today)) is not { } command)
            return (await connection.Connection.QueryAsync<CurrentOpening>(new CommandDefinition(db.Text(Sqls.Current),
                new { TenantId = tenantId, Ids = ids, Today = today }, cancellationToken: ct))).ToDictionary(r => r.Id);
        var current = new Dictionary<long, CurrentOpening>(results.Count);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var row = new CurrentOpening { Id = r.GetInt64(0), Version = r.GetInt64(1), EmployerVersion = r.GetInt64(2), WebUrl = r.IsDBNull(3) ? null : r.GetString(3) };
            current.Add(row.Id, row);
        }
        return current;
    }

    /// <summary>True when every returned opening is still open, unexpired and unchanged, with an unchanged employer.</summary>
    public static bool AreCurrent(IReadOnlyList<MatchResult> results, IReadOnlyDictionary<long, CurrentOpening> current) =>
        results.All(r => current.TryGetValue(r.Opening.Id, out var row)
            && row.Version == r.Opening.Version && row.EmployerVersion == r.Employer.Version);

    private async Task<CandidateSnapshot> RefreshAsync(Entry entry, long tenantId, DateOnly today, long seq)
    {
        await Task.Yield();
        var started = clock.GetTimestamp();
        var full = entry.Current is null || entry.Current.Today != today || entry.Records is null;
        using var activity = Telemetry.Source.StartActivity(full ? "candidates.read" : "candidates.delta");
        var args = new
        {
            TenantId = tenantId,
            Today = today,
            Since = SwedishTime.StartOf(today.AddDays(-MatchWeights.ContactWindowDays)),
            After = full ? 0 : entry.Current!.Seq,
        };
        await using var connection = await db.OpenAsync(CancellationToken.None);
        Records records;
        MatchCandidateSet set;
        if (full)
        {
            // The counter is read again before the rows: every row stamped up to it is then in what follows.
            seq = await TenantChanges.ReadAsync(db, connection, tenantId, CancellationToken.None);
            entry.Records = null;
            records = new Records();
            await foreach (var e in EmployersAsync(connection, Sqls.Employers, args)) records.Employers[e.Id] = e;
            await foreach (var o in OpeningsAsync(connection, Sqls.Openings, args)) records.Openings[o.Id] = o;
            await foreach (var c in ContactsAsync(connection, Sqls.Contacts, args)) records.Contact(c);
            set = new MatchCandidateSet(records.Openings.Values, records.Employers.Values, records.Contacts.Values.SelectMany(c => c));
        }
        else
        {
            records = entry.Records!;
            List<CandidateEmployer> employers = [];
            List<CandidateOpening> openings = [];
            List<long> removed = [];
            await foreach (var e in EmployersAsync(connection, Sqls.ChangedEmployers, args)) employers.Add(records.Employers[e.Id] = e);
            await foreach (var o in OpeningsAsync(connection, Sqls.ChangedOpenings, args))
            {
                if (o.Status == OpeningStatus.Open && (o.ExpiresOn is not { } expires || expires >= today)) openings.Add(records.Openings[o.Id] = o);
                else if (records.Openings.Remove(o.Id)) removed.Add(o.Id);
            }
            // A changed contact re-reads its employer's contact days (a count per day, not a row per contact).
            var contactEmployers = (await connection.QueryAsync<long>(new CommandDefinition(db.Text(Sqls.ChangedContactEmployers), args))).ToList();
            foreach (var employerId in contactEmployers) records.Contacts.Remove(employerId);
            await foreach (var c in ContactsAsync(connection, Sqls.ChangedContacts, args)) records.Contact(c);
            // Only the changed rows are packed into the next set (see MatchCandidateSet.With).
            var contacts = contactEmployers.ToDictionary(id => id,
                id => records.Contacts.TryGetValue(id, out var days) ? (IReadOnlyList<FaceToFaceContact>)days.ToArray() : []);
            set = entry.Current!.Set.With(openings, removed, employers, contacts);
        }
        entry.Records = records;
        var snapshot = new CandidateSnapshot(set, seq, today, clock.GetTimestamp());
        var elapsed = clock.GetElapsedTime(started);
        Telemetry.CandidatesRead(tenantId, elapsed);
        logger.LogDebug("{Kind} {Openings} open openings, {Employers} employers and {Contacts} contact days for tenant {TenantId} at change {Seq} in {Elapsed} ms",
            full ? "Read" : "Updated", records.Openings.Count, records.Employers.Count, records.Contacts.Count, tenantId, seq, elapsed.TotalMilliseconds);
        return snapshot;
    }

    // 100,000 rows per tenant: read column by column without per-row mapping objects, each column by its name
    // (the statements select the tables' column lists, see Sqls), its ordinal looked up once per read.
    private async IAsyncEnumerable<CandidateEmployer> EmployersAsync(DbConnection connection, Sql sql, object args)
    {
        await using var r = await ReaderAsync(connection, sql, args);
        int id = r.GetOrdinal("Id"), name = r.GetOrdinal(nameof(EmployerRow.Name)), sector = r.GetOrdinal(nameof(EmployerRow.Sector)),
            sni = r.GetOrdinal(nameof(EmployerRow.SniCode)), municipality = r.GetOrdinal(nameof(EmployerRow.MunicipalityCode)),
            latitude = r.GetOrdinal(nameof(EmployerRow.Latitude)), longitude = r.GetOrdinal(nameof(EmployerRow.Longitude)),
            version = r.GetOrdinal("Version"), active = r.GetOrdinal(nameof(EmployerRow.Active));
        while (await r.ReadAsync())
        {
            yield return new CandidateEmployer
            {
                Id = Long(r, id),
                Name = r.GetString(name),
                Sector = Enum.Parse<Sector>(r.GetString(sector)),
                SniCode = r.IsDBNull(sni) ? null : string.Intern(r.GetString(sni)),
                MunicipalityCode = r.IsDBNull(municipality) ? null : string.Intern(r.GetString(municipality)),
                Location = Point(r, latitude, longitude),
                Version = Long(r, version),
                Active = Long(r, active) != 0,
            };
        }
    }

    private static readonly Dictionary<string, Schedule> Schedules = Enum.GetValues<Schedule>().ToDictionary(v => v.ToString(), v => v);
    private static readonly Dictionary<string, EmploymentForm> Forms = Enum.GetValues<EmploymentForm>().ToDictionary(v => v.ToString(), v => v);
    private static readonly Dictionary<string, JobType> Types = Enum.GetValues<JobType>().ToDictionary(v => v.ToString(), v => v);
    private static readonly Dictionary<string, OpeningStatus> Statuses = Enum.GetValues<OpeningStatus>().ToDictionary(v => v.ToString(), v => v);

    private async IAsyncEnumerable<CandidateOpening> OpeningsAsync(DbConnection connection, Sql sql, object args)
    {
        await using var r = await ReaderAsync(connection, sql, args);
        int id = r.GetOrdinal("Id"), employerId = r.GetOrdinal(nameof(OpeningRow.EmployerId)), title = r.GetOrdinal(nameof(OpeningRow.Title)),
            ssyk = r.GetOrdinal(nameof(OpeningRow.SsykCode)), municipality = r.GetOrdinal(nameof(OpeningRow.MunicipalityCode)),
            latitude = r.GetOrdinal(nameof(OpeningRow.Latitude)), longitude = r.GetOrdinal(nameof(OpeningRow.Longitude)),
            hours = r.GetOrdinal(nameof(OpeningRow.HoursPerWeek)), schedule = r.GetOrdinal(nameof(OpeningRow.Schedule)),
            form = r.GetOrdinal(nameof(OpeningRow.EmploymentForm)), jobType = r.GetOrdinal(nameof(OpeningRow.JobType)),
            remote = r.GetOrdinal(nameof(OpeningRow.Remote)), start = r.GetOrdinal(nameof(OpeningRow.StartDate)),
            expires = r.GetOrdinal(nameof(OpeningRow.ExpiresOn)), status = r.GetOrdinal(nameof(OpeningRow.Status)),
            version = r.GetOrdinal("Version"), description = r.GetOrdinal(nameof(OpeningRow.Description));
        while (await r.ReadAsync())
        {
            yield return new CandidateOpening
            {
                Id = Long(r, id),
                EmployerId = Long(r, employerId),
                Title = r.GetString(title),
                // JobTech's code for an SCB code it covers: an ad coded 1210 and a goal for 1211 meet (Reference.ReferenceData.MatchingCode).
                SsykCode = string.Intern(reference.MatchingCode(r.GetString(ssyk))),
                MunicipalityCode = string.Intern(r.GetString(municipality)),
                Location = Point(r, latitude, longitude),
                HoursPerWeek = r.IsDBNull(hours) ? null : r.GetDouble(hours),
                Schedule = r.IsDBNull(schedule) ? null : Schedules[r.GetString(schedule)],
                EmploymentForm = Forms[r.GetString(form)],
                JobType = Types[r.GetString(jobType)],
                Remote = Long(r, remote) != 0,
                StartDate = Date(r, start),
                ExpiresOn = Date(r, expires),
                Status = Statuses[r.GetString(status)],
                Version = Long(r, version),
                Description = r.IsDBNull(description) ? null : r.GetString(description),
            };
        }
    }

    // Contacts are counted per UTC hour in SQL and summed here per Swedish day: a contact at 23:30 UTC
    // on 1 December is on 2 December in Sweden, and a meeting planned for tomorrow must not count as today's.
    private async IAsyncEnumerable<FaceToFaceContact> ContactsAsync(DbConnection connection, Sql sql, object args)
    {
        var days = new Dictionary<(long Employer, long Coach, DateOnly Day), int>();
        await using (var r = await ReaderAsync(connection, sql, args))
        {
            while (await r.ReadAsync())
            {
                var key = (Long(r, 0), Long(r, 1), SwedishTime.DateOf(HourStart(r, 2)));
                days[key] = days.GetValueOrDefault(key) + (int)Long(r, 3);
            }
        }
        foreach (var ((employer, coach, day), count) in days) yield return new FaceToFaceContact(employer, coach, day, count);
    }

    // SQLite gives the hour as ISO text ("2026-12-01 23"), SQL Server as datetime; both in UTC.
    private static DateTimeOffset HourStart(DbDataReader r, int i) => r.GetFieldType(i) == typeof(string)
        ? new DateTimeOffset(DateTime.ParseExact(r.GetString(i), "yyyy-MM-dd HH", CultureInfo.InvariantCulture), TimeSpan.Zero)
        : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    private Task<DbDataReader> ReaderAsync(DbConnection connection, Sql sql, object args) =>
        connection.ExecuteReaderAsync(new CommandDefinition(db.Text(sql), args));

    // SQLite gives INTEGER for ids, versions and flags; SQL Server bigint, int or bit.
    private static long Long(DbDataReader r, int i) => r.GetFieldType(i) == typeof(long) ? r.GetInt64(i) : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    private static GeoPoint? Point(DbDataReader r, int latitude, int longitude) =>
        r.IsDBNull(latitude) || r.IsDBNull(longitude) ? null : new GeoPoint(r.GetDouble(latitude), r.GetDouble(longitude));

    // SQLite stores dates as ISO text, SQL Server as date.
    private static DateOnly? Date(DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) return null;
        if (r.GetFieldType(i) != typeof(string)) return DateOnly.FromDateTime(r.GetDateTime(i));
        var s = r.GetString(i).AsSpan();
        return DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "One entry per tenant for the singleton's lifetime; the SemaphoreSlim never creates its wait handle.")]
    private sealed class Entry
    {
        public volatile CandidateSnapshot? Current;
        /// <summary>The unpacked records the current set was packed from; changed only under <see cref="Gate"/>.</summary>
        public Records? Records;
        public readonly SemaphoreSlim Gate = new(1, 1);
    }

    /// <summary>A tenant's candidates unpacked, keyed by id, for applying changed rows; contact days grouped by employer.</summary>
    private sealed class Records
    {
        public readonly Dictionary<long, CandidateOpening> Openings = [];
        public readonly Dictionary<long, CandidateEmployer> Employers = [];
        public readonly Dictionary<long, List<FaceToFaceContact>> Contacts = [];

        public void Contact(FaceToFaceContact c)
        {
            if (!Contacts.TryGetValue(c.EmployerId, out var list)) Contacts[c.EmployerId] = list = [];
            list.Add(c);
        }
    }

    private static class Sqls
    {
        public static readonly Sql TenantsWithOpenings = new("SELECT DISTINCT tenant_id FROM openings WHERE status = 'Open';");

        // The tables' column lists (Openings/OpeningsTable.cs, Employers/EmployersTable.cs) with id and version, for the
        // whole tenant and for the rows changed since a snapshot (with status: a changed one may have closed).
        private static readonly string OpeningRead = $"id AS Id, {OpeningsTable.Columns.Select()}, version AS Version";

        private static readonly string EmployerRead = $"id AS Id, {EmployersTable.Columns.Select()}, version AS Version";

        public static readonly Sql Openings = new($"""
            SELECT {OpeningRead}
            FROM openings
            WHERE tenant_id = @TenantId AND status = 'Open' AND (expires_on IS NULL OR expires_on >= @Today);
            """);

        public static readonly Sql ChangedOpenings = new($"SELECT {OpeningRead} FROM openings WHERE tenant_id = @TenantId AND change_seq > @After;");

        public static readonly Sql Employers = new($"SELECT {EmployerRead} FROM employers WHERE tenant_id = @TenantId;");

        public static readonly Sql ChangedEmployers = new($"SELECT {EmployerRead} FROM employers WHERE tenant_id = @TenantId AND change_seq > @After;");

        private const string ChangedContactsOf = "SELECT employer_id FROM employer_contacts WHERE tenant_id = @TenantId AND change_seq > @After";

        public static readonly Sql ChangedContactEmployers = new($"SELECT DISTINCT employer_id FROM ({ChangedContactsOf}) AS c;");

        public static readonly Sql Contacts = ContactDays("");

        public static readonly Sql ChangedContacts = ContactDays($"AND employer_id IN ({ChangedContactsOf})");

        // One row per employer, coach and UTC hour (the decay needs the age of each contact, not just the latest);
        // ContactsAsync sums the hours into Swedish days, which SQLite cannot compute.
        private static Sql ContactDays(string filter) => new(
            Sqlite: $"""
                SELECT employer_id AS EmployerId, coach_id AS CoachId, substr(contacted_at, 1, 13) AS Hour, COUNT(1) AS Count
                FROM employer_contacts
                WHERE tenant_id = @TenantId AND kind = 'FaceToFace' AND contacted_at >= @Since AND {CountedContacts.Condition} {filter}
                GROUP BY employer_id, coach_id, substr(contacted_at, 1, 13);
                """,
            SqlServer: $"""
                SELECT employer_id AS EmployerId, coach_id AS CoachId, DATEADD(hour, DATEDIFF(hour, 0, contacted_at), 0) AS Hour, COUNT_BIG(1) AS Count
                FROM employer_contacts
                WHERE tenant_id = @TenantId AND kind = 'FaceToFace' AND contacted_at >= @Since AND {CountedContacts.Condition} {filter}
                GROUP BY employer_id, coach_id, DATEADD(hour, DATEDIFF(hour, 0, contacted_at), 0);
                """);

        // Driven from the returned ids: one primary-key look-up each. (Left to itself, SQLite's planner
        // walks every open opening of the tenant by the status index and tests each against the list;
        // CROSS JOIN fixes the join order in SQLite.)
        public static readonly Sql Current = new(
            Sqlite: """
                SELECT o.id AS Id, o.version AS Version, e.version AS EmployerVersion, o.web_url AS WebUrl
                FROM json_each(@Ids) AS j
                CROSS JOIN openings AS o
                JOIN employers AS e ON e.id = o.employer_id AND e.tenant_id = o.tenant_id
                WHERE o.id = j.value AND o.tenant_id = @TenantId AND o.status = 'Open' AND (o.expires_on IS NULL OR o.expires_on >= @Today);
                """,
            SqlServer: """
                SELECT o.id AS Id, o.version AS Version, e.version AS EmployerVersion, o.web_url AS WebUrl
                FROM OPENJSON(@Ids) WITH (Id bigint '$') AS j
                JOIN openings AS o ON o.id = j.Id
                JOIN employers AS e ON e.id = o.employer_id AND e.tenant_id = o.tenant_id
                WHERE o.tenant_id = @TenantId AND o.status = 'Open' AND (o.expires_on IS NULL OR o.expires_on >= @Today);
                """);
    }
}

/// <summary>A tenant's packed candidates and the change counter they reflect (every change up to it is in them).</summary>
public sealed record CandidateSnapshot(MatchCandidateSet Set, long Seq, DateOnly Today, long BuiltAt);

/// <summary>A returned opening as it is now: its versions, to tell a stale snapshot, and the ad's web address.</summary>
public sealed class CurrentOpening
{
    public long Id { get; init; }
    public long Version { get; init; }
    public long EmployerVersion { get; init; }
    public string? WebUrl { get; init; }
}
