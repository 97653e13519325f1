using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MatchApi.Tests.Security;

/// <summary>The rules of the short-lived cache of verified API keys, without HTTP.</summary>
public sealed class ApiKeyCacheTests
{
    private static ApiKeyCache Cache(TestClock clock, int maxEntries = 10_000, double seconds = 5) =>
        new(Options.Create(new ApiKeyCacheOptions { Seconds = seconds, MaxEntries = maxEntries }), clock);

    [Fact]
    public void A_verified_key_is_used_for_five_seconds_then_read_again()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var cache = Cache(clock);
        cache.Add("h1", 1, 10, ["match"], null);
        Assert.True(cache.TryGet("h1", out var entry));
        Assert.Equal(10, entry!.TenantId);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(cache.TryGet("h1", out _));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(cache.TryGet("h1", out _));
    }

    [Fact]
    public void A_key_is_never_used_past_its_expiry_nor_after_it_is_removed()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var cache = Cache(clock);
        cache.Add("soon", 1, 10, ["match"], clock.GetUtcNow().AddSeconds(1));
        cache.Add("revoked", 2, 10, ["match"], null);
        cache.Remove(2);
        Assert.False(cache.TryGet("revoked", out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("soon", out _));
    }

    [Fact]
    public void No_more_than_the_maximum_number_of_keys_are_kept_and_zero_seconds_keeps_none()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var cache = Cache(clock, maxEntries: 2);
        cache.Add("a", 1, 10, [], null);
        cache.Add("b", 2, 10, [], null);
        Assert.Equal(3, cache.Add("c", 3, 10, [], null).KeyId);
        Assert.False(cache.TryGet("c", out _));
        clock.Advance(TimeSpan.FromSeconds(5));
        cache.Add("c", 3, 10, [], null);
        Assert.True(cache.TryGet("c", out _)); // the aged-out entries made room

        var off = Cache(clock, seconds: 0);
        off.Add("a", 1, 10, [], null);
        Assert.False(off.TryGet("a", out _));
    }
}
