using Dapper;
using MatchApi.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatchApi.Health;

/// <summary>
/// Liveness says the process runs; readiness says the database takes a write within a short time, which is what
/// requests need (every audited read writes its audit row): 503 when it is unreachable, unreadable or locked.
/// </summary>
public static class HealthEndpoints
{
    public static IHealthChecksBuilder AddMatchApiHealth(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    private sealed class DatabaseHealthCheck(Db db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(ProbeSeconds));
                // A write that changes nothing still needs the write lock, and waits at most ProbeSeconds for it. On SQLite the
                // audit log's own file is probed too: without it no participant route can answer.
                await ProbeAsync(await db.OpenAsync(timeout.Token), Sqls.WriteProbe, timeout.Token);
                if (db.Provider == DatabaseProvider.Sqlite) await ProbeAsync(await db.OpenAuditAsync(timeout.Token), Sqls.AuditWriteProbe, timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("The database does not take a write.");
            }
        }

        private async Task ProbeAsync(System.Data.Common.DbConnection connection, Sql probe, CancellationToken ct)
        {
            await using (connection)
                await connection.ExecuteAsync(new CommandDefinition(db.Text(probe), commandTimeout: ProbeSeconds, cancellationToken: ct));
        }

        private const int ProbeSeconds = 2;
    }

    private static class Sqls
    {
        public static readonly Sql WriteProbe = new("UPDATE tenants SET name = name WHERE id = -1;");

        // SQLite only (the audit file): its append-only trigger fires per row, and no row has id -1. On SQL Server the audit
        // log is in the database WriteProbe probes, and its statement trigger would refuse even this.
        public static readonly Sql AuditWriteProbe = new("UPDATE audit_log SET status_code = status_code WHERE id = -1;");
    }
}
