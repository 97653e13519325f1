namespace MatchApi.Matching;

/// <summary>
/// Reads every tenant's candidates into the <see cref="CandidateStore"/> once, in the background, when the
/// instance starts (Matching:WarmOnStart, default on): at 100,000 openings that read takes about 2 s, which
/// the first match of each tenant would otherwise wait for. A match that arrives during the read waits for
/// that same read, never for a second one; after it, matches apply only what changed (see CandidateStore).
/// </summary>
public sealed class CandidateWarmUp(CandidateStore store, MatchingOptions options, ILogger<CandidateWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WarmOnStart || Hosting.Startup.IsGeneratingDocument) return;
        // Start-up goes on; SQLite's reads complete synchronously.
        await Task.Yield();
        try
        {
            await store.WarmAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the read finished.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reading the match candidates at start-up failed; each tenant's first match reads them instead.");
        }
    }
}
