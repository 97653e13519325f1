using MatchApi.Data;
using MatchApi.Reference;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MatchApi.JobTech;

/// <summary>Where and how often the service fetches JobTech's taxonomy by itself (section <c>Taxonomy</c>).</summary>
public sealed class TaxonomyOptions
{
    public const string DefaultUrl = "https://taxonomy.api.jobtechdev.se/v1/taxonomy/graphql";

    /// <summary>Fetch when nothing is stored or the stored copy is older than <see cref="MaxAge"/>; off in tests.</summary>
    public bool Fetch { get; set; } = true;

    /// <summary>JobTech's Taxonomy GraphQL endpoint (public, no key), or a folder of its answers.</summary>
    public string Source { get; set; } = DefaultUrl;

    /// <summary>A folder with the older titles and SCB's tables, added to what the API gives (optional).</summary>
    public string? SupplementFolder { get; set; }

    /// <summary>How old the stored copy may grow before it is fetched again.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one fetch may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The organisations (tenant ids) of the service's operator, whose admins may replace the taxonomy over HTTP. The taxonomy
    /// is shared by every organisation, so a municipality's own admin may read its status but not replace it. Empty (the
    /// default): nobody may over HTTP; the scheduled fetch and <c>import-taxonomy</c> on the server still do.
    /// </summary>
    public long[] OperatorTenants { get; set; } = [];
}

/// <summary>Whether the last attempt to fetch the taxonomy failed; /health/ready reports "Degraded" while it has.</summary>
public sealed class TaxonomyStatus
{
    public string? Problem { get; set; }
}

/// <summary>Degraded, never unhealthy: the service works on what it has when JobTech cannot be reached.</summary>
public sealed class TaxonomyHealthCheck(TaxonomyStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Problem is { } problem ? HealthCheckResult.Degraded(problem) : HealthCheckResult.Healthy());
}

/// <summary>
/// Fetches the taxonomy at start and then daily whenever nothing is stored or the stored copy is older than the configured
/// age. A failure keeps the stored copy, logs a warning and marks readiness degraded; the start never fails because of it.
/// </summary>
public sealed class TaxonomyRefresh(Db db, ReferenceData reference, IHttpClientFactory httpFactory, IOptions<TaxonomyOptions> options,
    TaxonomyStatus status, TimeProvider clock, ILogger<TaxonomyRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Fetch || Hosting.Startup.IsGeneratingDocument) return;
        do
        {
            await RefreshIfStaleAsync(stoppingToken);
        }
        while (await WaitAsync(stoppingToken));
    }

    private async Task<bool> WaitAsync(CancellationToken ct)
    {
        try { await Task.Delay(CheckEvery, clock, ct); return true; }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Returns true when it imported, false when the stored copy was fresh or the fetch failed.</summary>
    public async Task<bool> RefreshIfStaleAsync(CancellationToken ct)
    {
        var o = options.Value;
        try
        {
            var latest = await TaxonomyImport.LatestAsync(db, ct);
            if (latest is not null && clock.GetUtcNow() - latest.ImportedAt < o.MaxAge)
            {
                status.Problem = null;
                return false;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.Timeout);
            var documents = await TaxonomySource.ReadAsync(o.Source, o.SupplementFolder, httpFactory.CreateClient(nameof(TaxonomyRefresh)), timeout.Token);
            var imported = await TaxonomyImport.ImportAsync(db, reference, Taxonomy.Parse(documents), clock.GetUtcNow(), ct);
            status.Problem = null;
            logger.LogInformation("Imported JobTech's taxonomy {Version} from {Source}: {Titles} titles, {Industries} industries.",
                imported.Version, imported.Source, imported.Titles, imported.Industries);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaxonomyFormatException or IOException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            status.Problem = $"The taxonomy could not be fetched from {o.Source}; the stored copy is kept. {ex.Message}";
            logger.LogWarning("The taxonomy could not be fetched from {Source}; keeping the stored copy: {Reason}", o.Source, ex.Message);
            return false;
        }
    }
}

public static class TaxonomyServices
{
    public static IServiceCollection AddJobTech(this IServiceCollection services)
    {
        services.AddOptions<TaxonomyOptions>().BindConfiguration("Taxonomy")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Source) && o.MaxAge > TimeSpan.Zero && o.Timeout > TimeSpan.Zero,
                "Taxonomy:Source must be set, Taxonomy:MaxAge and Taxonomy:Timeout positive.")
            .ValidateOnStart();
        services.AddOptions<JobStreamOptions>().BindConfiguration("JobStream")
            .Validate(o => o.Interval > TimeSpan.Zero && Uri.TryCreate(o.Url, UriKind.Absolute, out _), "JobStream:Url must be absolute and JobStream:Interval positive.")
            .ValidateOnStart();
        services.AddHttpClient(nameof(TaxonomyRefresh));
        services.AddHttpClient(nameof(JobStreamPull));
        services.AddSingleton<TaxonomyStatus>();
        services.AddSingleton<TaxonomyRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<TaxonomyRefresh>());
        services.AddHostedService<JobStreamPull>();
        services.AddHealthChecks().AddCheck<TaxonomyHealthCheck>("taxonomy", tags: ["ready"]);
        return services;
    }
}
