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
                await using var connection = await db.OpenAsync(timeout.Token);
                // A write that changes nothing still needs the write lock, and waits at most ProbeSeconds for it.
                await connection.ExecuteAsync(new CommandDefinition(db.Text(Sqls.WriteProbe),
                    commandTimeout: ProbeSeconds, cancellationToken: timeout.Token));
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("The database does not take a write.");
            }
        }

        private const int ProbeSeconds = 2;
    }

    private static class Sqls
    {
        public static readonly Sql WriteProbe = new("UPDATE tenants SET name = name WHERE id = -1;");
    }
}
