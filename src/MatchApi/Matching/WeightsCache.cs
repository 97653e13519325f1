using System.Collections.Concurrent;

namespace MatchApi.Matching;

/// <summary>
/// Each tenant's current match weights, kept per service instance with the tenant's change counter
/// (<see cref="Data.TenantChanges"/>) they were read at, so that a match does not open a connection
/// just to read them. A weights change bumps the counter like any write that changes a match, so the
/// next match on every instance, having read a higher counter, reads them again; any other change of
/// the tenant does too (one small read). Every match response names the weights version it used.
/// </summary>
public sealed class WeightsCache
{
    private readonly ConcurrentDictionary<long, (MatchWeightsDto Weights, long Seq)> _entries = new();

    /// <summary>The weights as of change <paramref name="seq"/> of the tenant or later; <paramref name="read"/> runs when the cached ones are older.</summary>
    public async Task<MatchWeightsDto> GetAsync(long tenantId, long seq, Func<Task<MatchWeightsDto>> read)
    {
        if (_entries.TryGetValue(tenantId, out var cached) && cached.Seq >= seq) return cached.Weights;
        var current = await read();
        Remember(tenantId, current, seq);
        return current;
    }

    /// <summary>Stores weights read after change <paramref name="seq"/> was committed; weights known at a later change are never replaced by older ones.</summary>
    public void Remember(long tenantId, MatchWeightsDto current, long seq) =>
        _entries.AddOrUpdate(tenantId, (current, seq), (_, old) => old.Seq > seq ? old : (current, seq));
}
