using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

public sealed class ApiKeyCacheOptions
{
    public const string Section = "Authentication:ApiKeyCache";

    /// <summary>How long a verified key is trusted without reading it again (seconds); 0 reads it on every request.</summary>
    public double Seconds { get; set; } = 5;

    /// <summary>At most this many keys are kept; beyond that, keys are read on every request until entries age out.</summary>
    public int MaxEntries { get; set; } = 10_000;
}

/// <summary>
/// Keys verified in the last few seconds, by hash, so that a system calling many times a second
/// does not cost a database round trip each time (about a sixth of a match request's server
/// time). Only keys that were found valid are kept; an unknown key is looked up every time.
/// A key never outlives its expiry here, and revoking it through this instance removes it at
/// once; revoked through another instance, it stops working here within <see cref="ApiKeyCacheOptions.Seconds"/>.
/// </summary>
public sealed class ApiKeyCache(IOptions<ApiKeyCacheOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string keyHash, [MaybeNullWhen(false)] out Entry entry)
    {
        if (!_entries.TryGetValue(keyHash, out entry)) return false;
        if (clock.GetElapsedTime(entry.VerifiedAt) < TimeSpan.FromSeconds(options.Value.Seconds)
            && (entry.ExpiresAt is null || entry.ExpiresAt > clock.GetUtcNow()))
            return true;
        _entries.TryRemove(KeyValuePair.Create(keyHash, entry));
        entry = null;
        return false;
    }

    /// <summary>Remembers a key just verified against the database (when there is room) and returns it.</summary>
    public Entry Add(string keyHash, long keyId, long tenantId, string[] scopes, DateTimeOffset? expiresAt)
    {
        var entry = new Entry(keyId, tenantId, scopes, expiresAt, clock.GetTimestamp());
        if (options.Value.Seconds <= 0) return entry;
        if (_entries.Count >= options.Value.MaxEntries)
        {
            var ttl = TimeSpan.FromSeconds(options.Value.Seconds);
            foreach (var (hash, old) in _entries)
                if (clock.GetElapsedTime(old.VerifiedAt) >= ttl) _entries.TryRemove(KeyValuePair.Create(hash, old));
            if (_entries.Count >= options.Value.MaxEntries) return entry;
        }
        _entries[keyHash] = entry;
        return entry;
    }

    /// <summary>Forgets a revoked key at once.</summary>
    public void Remove(long keyId)
    {
        foreach (var (hash, entry) in _entries)
            if (entry.KeyId == keyId) _entries.TryRemove(KeyValuePair.Create(hash, entry));
    }

    public sealed record Entry(long KeyId, long TenantId, string[] Scopes, DateTimeOffset? ExpiresAt, long VerifiedAt);
}
