using MatchApi.Matching;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Matching;

/// <summary>The rules of the short-lived cache of each tenant's current match weights, without HTTP.</summary>
public sealed class WeightsCacheTests
{
    private static MatchWeightsDto Version(long version) => new(version, null, MatchWeights.Default);

    [Fact]
    public async Task Weights_are_read_again_after_five_seconds()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var cache = new WeightsCache(clock, new MatchingOptions());
        var reads = 0;
        Task<MatchWeightsDto> Read() => Task.FromResult(Version(++reads));

        Assert.Equal(1, (await cache.GetAsync(1, Read)).Version);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, (await cache.GetAsync(1, Read)).Version);
        Assert.Equal(2, (await cache.GetAsync(2, Read)).Version); // another tenant has its own entry
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(3, (await cache.GetAsync(1, Read)).Version);
    }

    [Fact]
    public async Task A_read_that_began_before_a_newer_version_was_stored_never_replaces_it()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var cache = new WeightsCache(clock, new MatchingOptions());
        cache.Remember(1, Version(4), clock.GetTimestamp());
        cache.Remember(1, Version(3), clock.GetTimestamp());
        Assert.Equal(4, (await cache.GetAsync(1, () => Task.FromResult(Version(0)))).Version);
    }
}
