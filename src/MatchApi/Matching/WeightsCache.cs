using System.Collections.Concurrent;

namespace MatchApi.Matching;

/// <summary>
/// Each tenant's current match weights, kept per service instance for
/// <see cref="MatchingOptions.WeightsCacheSeconds"/> (default 5 s), so that a match does not open a
/// connection just to read them. A change made through this instance applies at once; one made
/// through another instance applies here within that time. Every match response names the weights
/// version it used. One small entry per tenant.
/// </summary>
public sealed class WeightsCache(TimeProvider clock, MatchingOptions options)
{
    private readonly ConcurrentDictionary<long, (MatchWeightsDto Weights, long ReadAt)> _entries = new();

    public async Task<MatchWeightsDto> GetAsync(long tenantId, Func<Task<MatchWeightsDto>> read)
    {
        if (_entries.TryGetValue(tenantId, out var cached)
            && clock.GetElapsedTime(cached.ReadAt) < TimeSpan.FromSeconds(options.WeightsCacheSeconds))
            return cached.Weights;
        var readAt = clock.GetTimestamp();
        var current = await read();
        Remember(tenantId, current, readAt);
        return current;
    }

    /// <summary>Stores weights read or written at <paramref name="readAt"/>; a read that began before a newer version was stored never replaces it.</summary>
    public void Remember(long tenantId, MatchWeightsDto current, long readAt) =>
        _entries.AddOrUpdate(tenantId, (current, readAt), (_, old) => old.Weights.Version > current.Version ? old : (current, readAt));
}
