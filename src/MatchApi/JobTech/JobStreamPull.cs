using Dapper;
using MatchApi.Data;
using MatchApi.Reference;
using Microsoft.Extensions.Options;

namespace MatchApi.JobTech;

/// <summary>The scheduled pull from JobStream (section <c>JobStream</c>); off unless <see cref="Enabled"/>.</summary>
public sealed class JobStreamOptions
{
    public bool Enabled { get; set; }

    /// <summary>JobStream's base address; the pull asks <c>/v2/snapshot</c> the first time and <c>/v2/stream?updated-after=</c> after.</summary>
    public string Url { get; set; } = "https://jobstream.api.jobtechdev.se";

    /// <summary>Ids of the tenants whose openings are kept current; each tenant's area is the county of its municipality.</summary>
    public List<long> Tenants { get; set; } = [];

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back each pull overlaps the previous one, so an ad changed while a pull ran is not missed (re-reading changes nothing).</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Keeps the listed tenants' Platsbanken openings current: every interval it asks JobStream for what changed since the tenant's
/// cursor and imports it as <see cref="JobStreamImport"/> does; the cursor moves only when the import committed.
/// </summary>
public sealed class JobStreamPull(Db db, ReferenceData reference, IHttpClientFactory httpFactory, IOptions<JobStreamOptions> options,
    TimeProvider clock, ILogger<JobStreamPull> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.Tenants.Count == 0 || Hosting.Startup.IsGeneratingDocument) return;
        do
        {
            foreach (var tenantId in o.Tenants)
            {
                try { await PullAsync(tenantId, stoppingToken); }
                catch (Exception ex) when (ex is HttpRequestException or JobStreamFormatException or IOException
                    || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
                {
                    logger.LogWarning("JobStream pull for tenant {TenantId} failed; the cursor stays: {Reason}", tenantId, ex.Message);
                }
            }
            try { await Task.Delay(o.Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
        while (!stoppingToken.IsCancellationRequested);
    }

    /// <summary>One pull for one tenant: changes since its cursor (or the whole snapshot the first time), then the cursor moves on.</summary>
    public async Task<JobTechImportReport> PullAsync(long tenantId, CancellationToken ct)
    {
        var o = options.Value;
        var started = clock.GetUtcNow();
        DateTimeOffset? cursor;
        await using (var connection = await db.OpenAsync(ct))
            cursor = await connection.ExecuteScalarAsync<DateTimeOffset?>(db, Sqls.Cursor, new { TenantId = tenantId }, null, ct);
        var url = cursor is { } after
            ? $"{o.Url.TrimEnd('/')}/v2/stream?updated-after={Uri.EscapeDataString(Swedish(after - o.Overlap))}"
            : $"{o.Url.TrimEnd('/')}/v2/snapshot";
        var http = httpFactory.CreateClient(nameof(JobStreamPull));
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode}.", null, response.StatusCode);
        await using var feed = await response.Content.ReadAsStreamAsync(ct);
        var area = await JobStreamImport.AreaAsync(db, reference, tenantId, null, null, ct);
        var report = await JobStreamImport.ImportAsync(feed, tenantId, area, db, reference, clock.GetUtcNow(), ct);
        await using (var connection = await db.OpenAsync(ct))
        {
            var moved = await connection.ExecuteAsync(db, Sqls.MoveCursor,
                new { TenantId = tenantId, UpdatedAfter = started, PulledAt = clock.GetUtcNow() }, null, ct);
            if (moved == 0)
                await connection.ExecuteAsync(db, Sqls.InsertCursor,
                    new { TenantId = tenantId, UpdatedAfter = started, PulledAt = clock.GetUtcNow() }, null, ct);
        }
        logger.LogInformation("JobStream pull for tenant {TenantId}: {Created} new, {Updated} changed, {Closed} closed, {Skipped} skipped.",
            tenantId, report.Created, report.Updated, report.Closed, report.SkippedCount);
        return report;
    }

    /// <summary>JobStream reads updated-after as local Swedish time without offset.</summary>
    private static string Swedish(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Common.SwedishTime.Zone).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static class Sqls
    {
        public static readonly Sql Cursor = new("SELECT updated_after FROM jobtech_cursors WHERE tenant_id = @TenantId;");
        public static readonly Sql MoveCursor = new(
            "UPDATE jobtech_cursors SET updated_after = @UpdatedAfter, pulled_at = @PulledAt WHERE tenant_id = @TenantId;");
        public static readonly Sql InsertCursor = new(
            "INSERT INTO jobtech_cursors (tenant_id, updated_after, pulled_at) VALUES (@TenantId, @UpdatedAfter, @PulledAt);");
    }
}
