using System.ComponentModel;
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

    private sealed class Run(Db db, DbConnection connection, DbTransaction tx, long tenantId, DateTimeOffset now, CancellationToken ct)
    {
        private readonly Dictionary<string, long> _employers = new(StringComparer.Ordinal);

        private long? _changeSeq;

        private CommandDefinition Command(Sql sql, object parameters) => new(db.Text(sql), parameters, tx, cancellationToken: ct);

        // The tenant's change counter moves once per import, before its first write (a feed that changes nothing leaves it).
        private async Task<long> ChangeSeqAsync() => _changeSeq ??= await TenantChanges.BumpAsync(db, connection, tx, tenantId, ct);

        public async Task<CloseResult> CloseAsync(string adId)
        {
            var stored = await connection.QuerySingleOrDefaultAsync<StoredStatus>(Command(Sqls.Status, new { TenantId = tenantId, Source = JobStreamMapping.Source, ExternalRef = adId }));
            if (stored is null) return CloseResult.Unknown;
            // Filled is the coach's word and stays; closed is closed already.
            if (stored.Status != nameof(OpeningStatus.Open)) return CloseResult.Unchanged;
            await connection.ExecuteAsync(Command(Sqls.SetStatus,
                new { stored.Id, TenantId = tenantId, Status = nameof(OpeningStatus.Closed), Now = now, ChangeSeq = await ChangeSeqAsync() }));
            return CloseResult.Closed;
        }

        public async Task<UpsertResult> UpsertAsync(MappedAd ad, Counts counts)
        {
            var employerId = await EmployerAsync(ad, counts);
            var stored = await connection.QuerySingleOrDefaultAsync<StoredOpening>(Command(Sqls.Opening,
                new { TenantId = tenantId, Source = JobStreamMapping.Source, ExternalRef = ad.AdId }));
            var wanted = ad.Opening with { EmployerId = employerId };
            if (stored is null)
            {
                await connection.ExecuteAsync(Command(Sqls.Insert, Parameters(wanted, ad, null, await ChangeSeqAsync())));
                return UpsertResult.Created;
            }
            // The feed reopens an ad it closed, but never a job a coach marked filled.
            if (stored.Status == nameof(OpeningStatus.Filled)) wanted = wanted with { Status = stored.Status };
            if (stored.Values() == wanted && stored.WebUrl == ad.WebUrl) return UpsertResult.Unchanged;
            await connection.ExecuteAsync(Command(Sqls.Update, Parameters(wanted, ad, stored.Id, await ChangeSeqAsync())));
            return UpsertResult.Updated;
        }

        private object Parameters(OpeningColumns o, MappedAd ad, long? id, long changeSeq) => new
        {
            Id = id, TenantId = tenantId, o.EmployerId, o.Title, o.Description, o.SsykCode, o.MunicipalityCode, o.Latitude, o.Longitude,
            o.HoursPerWeek, o.EmploymentForm, o.JobType, o.ExpiresOn, o.Status, Source = JobStreamMapping.Source, ExternalRef = ad.AdId,
            ad.WebUrl, Now = now, ChangeSeq = changeSeq,
        };

        private async Task<long> EmployerAsync(MappedAd ad, Counts counts)
        {
            if (_employers.TryGetValue(ad.OrgNumber, out var known)) return known;
            var id = await connection.ExecuteScalarAsync<long?>(Command(Sqls.EmployerByOrgNumber, new { TenantId = tenantId, OrgNumber = ad.OrgNumber }));
            if (id is null)
            {
                id = await connection.ExecuteScalarAsync<long>(Command(Sqls.InsertEmployer, new
                {
                    TenantId = tenantId, OrgNumber = ad.OrgNumber, Name = ad.EmployerName,
                    Sector = OrganisationNumber.DefaultSector(ad.OrgNumber).ToString(), ad.Opening.MunicipalityCode,
                    Source = JobStreamMapping.Source, ExternalRef = ad.OrgNumber, Now = now, ChangeSeq = await ChangeSeqAsync(),
                }));
                counts.EmployersCreated++;
            }
            _employers[ad.OrgNumber] = id.Value;
            return id.Value;
        }
    }

    private sealed class StoredStatus
    {
        public long Id { get; init; }
        public string Status { get; init; } = "";
    }

    private sealed record StoredOpening : OpeningColumns
    {
        public long Id { get; init; }
        public string? WebUrl { get; init; }
    }

    private static class Sqls
    {
        public static readonly Sql TenantMunicipality = new("SELECT municipality_code FROM tenants WHERE id = @TenantId;");

        public static readonly Sql Status = new("""
            SELECT id AS Id, status AS Status FROM openings
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;
            """);

        public static readonly Sql SetStatus = new("""
            UPDATE openings SET status = @Status, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql Opening = new("""
            SELECT id AS Id, employer_id AS EmployerId, title AS Title, description AS Description, ssyk_code AS SsykCode,
                municipality_code AS MunicipalityCode, latitude AS Latitude, longitude AS Longitude, hours_per_week AS HoursPerWeek,
                schedule AS Schedule, employment_form AS EmploymentForm, job_type AS JobType, subsidy_type AS SubsidyType, remote AS Remote,
                start_date AS StartDate, expires_on AS ExpiresOn, status AS Status, web_url AS WebUrl
            FROM openings
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;
            """);

        public static readonly Sql Insert = new("""
            INSERT INTO openings (tenant_id, employer_id, title, description, ssyk_code, municipality_code, latitude, longitude,
                hours_per_week, employment_form, job_type, remote, expires_on, status, source, external_ref, web_url, created_at, updated_at, change_seq)
            VALUES (@TenantId, @EmployerId, @Title, @Description, @SsykCode, @MunicipalityCode, @Latitude, @Longitude,
                @HoursPerWeek, @EmploymentForm, @JobType, 0, @ExpiresOn, @Status, @Source, @ExternalRef, @WebUrl, @Now, @Now, @ChangeSeq);
            """);

        public static readonly Sql Update = new("""
            UPDATE openings SET employer_id = @EmployerId, title = @Title, description = @Description, ssyk_code = @SsykCode,
                municipality_code = @MunicipalityCode, latitude = @Latitude, longitude = @Longitude, hours_per_week = @HoursPerWeek,
                schedule = NULL, employment_form = @EmploymentForm, job_type = @JobType, subsidy_type = NULL, remote = 0, start_date = NULL,
                expires_on = @ExpiresOn, status = @Status, web_url = @WebUrl, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql EmployerByOrgNumber = new(
            "SELECT MIN(id) FROM employers WHERE tenant_id = @TenantId AND org_number = @OrgNumber;");

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
