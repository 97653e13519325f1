using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MatchApi.Hosting;

/// <summary>
/// The service's own traces and metrics (source and meter "MatchApi"), beside ASP.NET Core's, exported
/// over OTLP when the standard OTEL_* settings name an endpoint (docs/operations.md); off otherwise.
/// Instruments cost next to nothing while nobody listens. Values are counts, durations, route
/// templates and tenant ids only: never a name, a goal, a query string or a participant's id.
/// </summary>
public static class Telemetry
{
    public const string Name = "MatchApi";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> MatchDuration = Meter.CreateHistogram<double>("matchapi.match.duration", "s",
        "Time to rank one match request: candidates from the store, scoring, and the re-check of the returned openings.");

    private static readonly Histogram<int> MatchCandidates = Meter.CreateHistogram<int>("matchapi.match.candidates", "{opening}",
        "Candidate openings a match ranked (the tenant's open openings); the bounded search scores only the groups that can reach the top.");

    private static readonly Histogram<int> AuditBatchSize = Meter.CreateHistogram<int>("matchapi.audit.batch.size", "{row}",
        "Audit rows committed together in one transaction by the audit writer.");

    private static readonly Histogram<double> AuditCommitDuration = Meter.CreateHistogram<double>("matchapi.audit.commit.duration", "s",
        "Time to write and commit one batch of audit rows.");

    private static readonly Histogram<double> CandidateLag = Meter.CreateHistogram<double>("matchapi.candidates.lag", "s",
        "Age of the candidate snapshot a match used: how long ago it was read from the database, per tenant.");

    private static readonly Histogram<double> CandidateRefresh = Meter.CreateHistogram<double>("matchapi.candidates.refresh.duration", "s",
        "Time to read a tenant's candidates into the store, per tenant.");

    private static readonly Histogram<double> SyncRowsPerSecond = Meter.CreateHistogram<double>("matchapi.sync.rows_per_second", "{row}/s",
        "Rows per second of one committed sync or import request, from first row read to commit.");

    private static readonly Counter<long> SyncRows = Meter.CreateCounter<long>("matchapi.sync.rows", "{row}",
        "Rows received by committed sync or import requests.");

    public static void Matched(int candidates, TimeSpan elapsed)
    {
        MatchDuration.Record(elapsed.TotalSeconds);
        MatchCandidates.Record(candidates);
    }

    public static void AuditCommitted(int rows, TimeSpan elapsed)
    {
        AuditBatchSize.Record(rows);
        AuditCommitDuration.Record(elapsed.TotalSeconds);
    }

    public static void CandidatesUsed(long tenantId, TimeSpan age) => CandidateLag.Record(age.TotalSeconds, Tenant(tenantId));

    public static void CandidatesRead(long tenantId, TimeSpan elapsed) => CandidateRefresh.Record(elapsed.TotalSeconds, Tenant(tenantId));

    public static void Synced(string table, int rows, TimeSpan elapsed)
    {
        var kind = new KeyValuePair<string, object?>("matchapi.sync.table", table);
        SyncRows.Add(rows, kind);
        if (elapsed > TimeSpan.Zero) SyncRowsPerSecond.Record(rows / elapsed.TotalSeconds, kind);
    }

    private static KeyValuePair<string, object?> Tenant(long tenantId) => new("matchapi.tenant.id", tenantId);

    /// <summary>
    /// OpenTelemetry traces and metrics over OTLP, on when OTEL_EXPORTER_OTLP_ENDPOINT (or a signal's own
    /// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / _METRICS_ENDPOINT) is set and OTEL_SDK_DISABLED is not true.
    /// The exporter reads the other OTEL_* settings itself (protocol, headers, service name, intervals).
    /// </summary>
    public static IServiceCollection AddMatchApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        bool Set(string key) => !string.IsNullOrWhiteSpace(configuration[key]);
        bool Off(string key) => string.Equals(configuration[key], "none", StringComparison.OrdinalIgnoreCase);
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)) return services;
        var traces = (Set("OTEL_EXPORTER_OTLP_ENDPOINT") || Set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) && !Off("OTEL_TRACES_EXPORTER");
        var metrics = (Set("OTEL_EXPORTER_OTLP_ENDPOINT") || Set("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")) && !Off("OTEL_METRICS_EXPORTER");
        if (!traces && !metrics) return services;

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(Name));
        if (traces)
            otel.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.RecordException = false;
                    // The path may carry a participant's id and the query a search term: the route template says what was called.
                    o.EnrichWithHttpResponse = (activity, response) =>
                    {
                        activity.SetTag("url.path", (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
                        activity.SetTag("url.query", null);
                    };
                })
                .AddSource(Name)
                .AddOtlpExporter());
        if (metrics)
            otel.WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter(Name)
                .AddOtlpExporter());
        return services;
    }
}
