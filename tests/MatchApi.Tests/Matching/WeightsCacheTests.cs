using MatchApi.Matching;

namespace MatchApi.Tests.Matching;

/// <summary>The rules of the cache of each tenant's current match weights, keyed by the tenant's change counter, without HTTP.</summary>
public sealed class WeightsCacheTests
{
    private static MatchWeightsDto Version(long version) => new(version, null, MatchWeights.Default);

    [Fact]
    public async Task Weights_are_read_again_when_the_tenants_change_counter_moved_and_only_then()
    {
        var cache = new WeightsCache();
        var reads = 0;
        Task<MatchWeightsDto> Read() => Task.FromResult(Version(++reads));

        Assert.Equal(1, (await cache.GetAsync(1, 5, Read)).Version);
        Assert.Equal(1, (await cache.GetAsync(1, 5, Read)).Version);
        Assert.Equal(2, (await cache.GetAsync(2, 5, Read)).Version); // another tenant has its own entry
        Assert.Equal(3, (await cache.GetAsync(1, 6, Read)).Version);
        Assert.Equal(3, (await cache.GetAsync(1, 6, Read)).Version);
    }

    [Fact]
    public async Task Weights_known_at_a_later_change_are_never_replaced_by_older_ones()
    {
        var cache = new WeightsCache();
        cache.Remember(1, Version(4), seq: 9);
        cache.Remember(1, Version(3), seq: 8);
        Assert.Equal(4, (await cache.GetAsync(1, 9, () => Task.FromResult(Version(0)))).Version);
    }
}
