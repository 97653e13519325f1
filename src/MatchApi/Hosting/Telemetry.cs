using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MatchApi.Hosting;

/// <summary>
/// The service's own traces and metrics (source and meter "MatchApi"), beside ASP.NET Core's. They
/// cost next to nothing until a listener (the OpenTelemetry SDK, when configured) subscribes. Values
/// are counts, durations and tenant ids only: never a name, a goal, a query or a participant id.
/// </summary>
public static class Telemetry
{
    public const string Name = "MatchApi";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<int> AuditBatchSize = Meter.CreateHistogram<int>("matchapi.audit.batch.size", "{row}",
        "Audit rows committed together in one transaction by the audit writer.");

    private static readonly Histogram<double> AuditCommitDuration = Meter.CreateHistogram<double>("matchapi.audit.commit.duration", "s",
        "Time to write and commit one batch of audit rows.");

    public static void AuditCommitted(int rows, TimeSpan elapsed)
    {
        AuditBatchSize.Record(rows);
        AuditCommitDuration.Record(elapsed.TotalSeconds);
    }
}
