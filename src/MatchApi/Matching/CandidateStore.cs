using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Hosting;
using MatchApi.Openings;

namespace MatchApi.Matching;

public sealed class MatchingOptions
{
    /// <summary>
    /// How long a tenant's candidate snapshot is used before it is re-read (seconds). Between
    /// this and twice this age a request still uses it while a reload runs in the background;
    /// older, the request waits for a reload. 0 reads the database on every match.
    /// </summary>
    public double CandidateCacheSeconds { get; set; } = 30;

    /// <summary>
    /// How long a tenant's current weights are used before they are read again (seconds). A change
    /// through the same instance applies at once. 0 reads them on every match.
    /// </summary>
    public double WeightsCacheSeconds { get; set; } = 5;

    /// <summary>Read every tenant's candidates in the background at start-up, so that no tenant's first match waits for them.</summary>
    public bool WarmOnStart { get; set; } = true;
}

/// <summary>
/// A tenant's open openings, employers and recent face-to-face contacts, read with three narrow
/// queries and packed for the matcher. Reading 100,000 openings takes far longer than a match
/// may, so the packed set is kept per tenant and per service instance for a few seconds:
/// a new or changed opening, employer or contact is ranked at most 2 × CandidateCacheSeconds
/// (default 60 s) after it was committed, whichever instance wrote it. Results themselves are
/// never stale: before a response is sent, <see cref="AreCurrentAsync"/> re-reads the returned
/// openings by key, and a closed, filled, expired or edited one makes the caller reload and rank again.
/// </summary>
public sealed class CandidateStore(Db db, TimeProvider clock, MatchingOptions options, ILogger<CandidateStore> logger,
    Reference.ReferenceData reference)
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public async Task<MatchCandidateSet> GetAsync(long tenantId, DateOnly today, bool reload, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(tenantId, _ => new Entry());
        var now = clock.GetTimestamp();
        var ttl = TimeSpan.FromSeconds(options.CandidateCacheSeconds);
        if (!reload && entry.Current is { } current && current.Today == today)
        {
            var age = clock.GetElapsedTime(current.StartedAt, now);
            Telemetry.CandidatesUsed(tenantId, age);
            if (age < ttl) return current.Set;
            if (age < 2 * ttl)
            {
                // Off the request thread: SQLite's async calls complete synchronously.
                _ = Task.Run(() => LoadAsync(entry, tenantId, today, now))
                    .ContinueWith(t => logger.LogWarning(t.Exception, "Background reload of match candidates failed"),
                        TaskContinuationOptions.OnlyOnFaulted);
                return current.Set;
            }
        }
        var task = LoadAsync(entry, tenantId, today, reload ? now : now - (long)(ttl.TotalSeconds * clock.TimestampFrequency));
        return (await task.WaitAsync(ct)).Set;
    }

    /// <summary>Reads the candidates of every tenant with open openings, one tenant after the other (see <see cref="CandidateWarmUp"/>).</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        List<long> tenants;
        await using (var connection = await db.OpenAsync(ct))
            tenants = (await connection.QueryAsync<long>(new CommandDefinition(db.Text(Sqls.TenantsWithOpenings), cancellationToken: ct))).ToList();
        foreach (var tenantId in tenants) await GetAsync(tenantId, clock.Today(), reload: false, ct);
    }

    /// <summary>True when the tenant's candidates of <paramref name="today"/> are in the store.</summary>
    internal bool Holds(long tenantId, DateOnly today) => _entries.TryGetValue(tenantId, out var entry) && entry.Current?.Today == today;

    /// <summary>
    /// Re-reads the returned openings by key: those still open and unexpired, with their versions (see
    /// <see cref="AreCurrent"/>) and their ad's web address, display data the matcher does not carry.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, CurrentOpening>> ReadCurrentAsync(long tenantId, IReadOnlyList<MatchResult> results,
        DateOnly today, CancellationToken ct)
    {
        if (results.Count == 0) return new Dictionary<long, CurrentOpening>();
        var ids = "[" + string.Join(',', results.Select(r => r.Opening.Id.ToString(CultureInfo.InvariantCulture))) + "]";
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<CurrentOpening>(new CommandDefinition(db.Text(Sqls.Current),
            new { TenantId = tenantId, Ids = ids, Today = today }, cancellationToken: ct))).ToDictionary(r => r.Id);
    }

    /// <summary>True when every returned opening is still open, unexpired and unchanged, with an unchanged employer.</summary>
    public static bool AreCurrent(IReadOnlyList<MatchResult> results, IReadOnlyDictionary<long, CurrentOpening> current) =>
        results.All(r => current.TryGetValue(r.Opening.Id, out var row)
            && row.Version == r.Opening.Version && row.EmployerVersion == r.Employer.Version);

    private async Task<Snapshot> LoadAsync(Entry entry, long tenantId, DateOnly today, long startedNoEarlierThan)
    {
        while (true)
        {
            Task<Snapshot> loading;
            lock (entry)
            {
                if (entry.Current is { } c && c.Today == today && c.StartedAt >= startedNoEarlierThan) return c;
                if (entry.Loading is null || entry.Loading.IsCompleted) entry.Loading = ReadAsync(entry, tenantId, today);
                loading = entry.Loading;
            }
            // One load per tenant at a time; a load that began before this caller's cut-off is waited out and followed by a new one.
            var loaded = await loading;
            if (loaded.Today == today && loaded.StartedAt >= startedNoEarlierThan) return loaded;
        }
    }

    private async Task<Snapshot> ReadAsync(Entry entry, long tenantId, DateOnly today)
    {
        await Task.Yield();
        using var activity = Telemetry.Source.StartActivity("candidates.read");
        var started = clock.GetTimestamp();
        var args = new
        {
            TenantId = tenantId,
            Today = today,
            Since = new DateTimeOffset(today.AddDays(-MatchWeights.ContactWindowDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        await using var connection = await db.OpenAsync(CancellationToken.None);
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string Intern(string s) => strings.TryGetValue(s, out var x) ? x : strings[s] = s;

        // 100,000 rows per tenant: read column by column without per-row mapping objects.
        var employers = new List<CandidateEmployer>();
        await using (var r = await ReaderAsync(connection, Sqls.Employers, args))
        {
            while (await r.ReadAsync())
            {
                employers.Add(new CandidateEmployer
                {
                    Id = Long(r, 0),
                    Name = r.GetString(1),
                    Sector = Enum.Parse<Sector>(r.GetString(2)),
                    SniCode = r.IsDBNull(3) ? null : Intern(r.GetString(3)),
                    MunicipalityCode = r.IsDBNull(4) ? null : Intern(r.GetString(4)),
                    Location = Point(r, 5),
                    Version = Long(r, 7),
                    Active = Long(r, 8) != 0,
                });
            }
        }
        var openings = new List<CandidateOpening>();
        var schedules = Enum.GetValues<Schedule>().ToDictionary(v => v.ToString(), v => v);
        var forms = Enum.GetValues<EmploymentForm>().ToDictionary(v => v.ToString(), v => v);
        var types = Enum.GetValues<JobType>().ToDictionary(v => v.ToString(), v => v);
        await using (var r = await ReaderAsync(connection, Sqls.Openings, args))
        {
            while (await r.ReadAsync())
            {
                openings.Add(new CandidateOpening
                {
                    Id = Long(r, 0),
                    EmployerId = Long(r, 1),
                    Title = r.GetString(2),
                    // JobTech's code for an SCB code it covers: an ad coded 1210 and a goal for 1211 meet (Reference.ReferenceData.MatchingCode).
                    SsykCode = Intern(reference.MatchingCode(r.GetString(3))),
                    MunicipalityCode = Intern(r.GetString(4)),
                    Location = Point(r, 5),
                    HoursPerWeek = r.IsDBNull(7) ? null : r.GetDouble(7),
                    Schedule = r.IsDBNull(8) ? null : schedules[r.GetString(8)],
                    EmploymentForm = forms[r.GetString(9)],
                    JobType = types[r.GetString(10)],
                    Remote = Long(r, 11) != 0,
                    StartDate = Date(r, 12),
                    ExpiresOn = Date(r, 13),
                    Status = OpeningStatus.Open,
                    Version = Long(r, 14),
                    Description = r.IsDBNull(15) ? null : r.GetString(15),
                });
            }
        }
        var contacts = new List<FaceToFaceContact>();
        await using (var r = await ReaderAsync(connection, Sqls.Contacts, args))
        {
            while (await r.ReadAsync())
                contacts.Add(new FaceToFaceContact(Long(r, 0), Long(r, 1), Date(r, 2) ?? today, (int)Long(r, 3)));
        }

        var snapshot = new Snapshot(new MatchCandidateSet(openings, employers, contacts), today, started);
        lock (entry)
        {
            if (entry.Current is null || entry.Current.StartedAt <= started) entry.Current = snapshot;
        }
        Telemetry.CandidatesRead(tenantId, clock.GetElapsedTime(started));
        logger.LogDebug("Loaded {Openings} open openings, {Employers} employers and {Contacts} contact days for tenant {TenantId} in {Elapsed} ms",
            openings.Count, employers.Count, contacts.Count, tenantId, clock.GetElapsedTime(started).TotalMilliseconds);
        return snapshot;
    }

    private Task<DbDataReader> ReaderAsync(DbConnection connection, Sql sql, object args) =>
        connection.ExecuteReaderAsync(new CommandDefinition(db.Text(sql), args));

    // SQLite gives INTEGER for ids, versions and flags; SQL Server bigint, int or bit.
    private static long Long(DbDataReader r, int i) => r.GetFieldType(i) == typeof(long) ? r.GetInt64(i) : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    private static GeoPoint? Point(DbDataReader r, int i) => r.IsDBNull(i) || r.IsDBNull(i + 1) ? null : new GeoPoint(r.GetDouble(i), r.GetDouble(i + 1));

    // SQLite stores dates as ISO text, SQL Server as date.
    private static DateOnly? Date(DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) return null;
        if (r.GetFieldType(i) != typeof(string)) return DateOnly.FromDateTime(r.GetDateTime(i));
        var s = r.GetString(i).AsSpan();
        return DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private sealed class Entry
    {
        public Snapshot? Current;
        public Task<Snapshot>? Loading;
    }

    private sealed record Snapshot(MatchCandidateSet Set, DateOnly Today, long StartedAt);

    private static class Sqls
    {
        public static readonly Sql TenantsWithOpenings = new("SELECT DISTINCT tenant_id FROM openings WHERE status = 'Open';");

        public static readonly Sql Openings = new("""
            SELECT id AS Id, employer_id AS EmployerId, title AS Title, ssyk_code AS SsykCode, municipality_code AS MunicipalityCode,
                   latitude AS Latitude, longitude AS Longitude, hours_per_week AS HoursPerWeek, schedule AS Schedule,
                   employment_form AS EmploymentForm, job_type AS JobType, remote AS Remote, start_date AS StartDate,
                   expires_on AS ExpiresOn, version AS Version, description AS Description
            FROM openings
            WHERE tenant_id = @TenantId AND status = 'Open' AND (expires_on IS NULL OR expires_on >= @Today);
            """);

        public static readonly Sql Employers = new("""
            SELECT id AS Id, name AS Name, sector AS Sector, sni_code AS SniCode, municipality_code AS MunicipalityCode,
                   latitude AS Latitude, longitude AS Longitude, version AS Version, active AS Active
            FROM employers
            WHERE tenant_id = @TenantId;
            """);

        // One row per employer, coach and day: the decay needs the age of each contact, not just the latest.
        public static readonly Sql Contacts = new(
            Sqlite: $"""
                SELECT employer_id AS EmployerId, coach_id AS CoachId, substr(contacted_at, 1, 10) AS Day, COUNT(1) AS Count
                FROM employer_contacts
                WHERE tenant_id = @TenantId AND kind = 'FaceToFace' AND contacted_at >= @Since AND {CountedContacts.Condition}
                GROUP BY employer_id, coach_id, substr(contacted_at, 1, 10);
                """,
            SqlServer: $"""
                SELECT employer_id AS EmployerId, coach_id AS CoachId, CAST(contacted_at AS date) AS Day, COUNT_BIG(1) AS Count
                FROM employer_contacts
                WHERE tenant_id = @TenantId AND kind = 'FaceToFace' AND contacted_at >= @Since AND {CountedContacts.Condition}
                GROUP BY employer_id, coach_id, CAST(contacted_at AS date);
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

/// <summary>A returned opening as it is now: its versions, to tell a stale snapshot, and the ad's web address.</summary>
public sealed class CurrentOpening
{
    public long Id { get; init; }
    public long Version { get; init; }
    public long EmployerVersion { get; init; }
    public string? WebUrl { get; init; }
}
