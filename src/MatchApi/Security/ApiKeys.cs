using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using MatchApi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

/// <summary>API keys for systems and scripts: random, shown once, stored only as a SHA-256 hash.</summary>
public static class ApiKeys
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    private const string Prefix = "mk_";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    // Keys carry 256 bits of entropy, so a fast hash is enough; a slow password hash would only add latency to every call.
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string DisplayPrefix(string key) => key[..Math.Min(key.Length, 10)];

    public static async Task<long> CreateAsync(Db db, long tenantId, string name, IEnumerable<string> scopes, string key,
        DateTimeOffset? expiresAt, CancellationToken ct)
    {
        return await db.ExecuteScalarAsync<long>(Insert, new
        {
            TenantId = tenantId,
            Name = name,
            KeyPrefix = DisplayPrefix(key),
            KeyHash = Hash(key),
            Scopes = string.Join(' ', scopes),
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = expiresAt,
        }, ct);
    }

    internal static readonly Sql Insert = Sql.InsertReturningId(
        """
            INSERT INTO api_keys (tenant_id, name, key_prefix, key_hash, scopes, created_at, expires_at)
            """,
        """
            VALUES (@TenantId, @Name, @KeyPrefix, @KeyHash, @Scopes, @CreatedAt, @ExpiresAt)
            """);

    internal static readonly Sql FindByHash = new("""
        SELECT id AS Id, tenant_id AS TenantId, scopes AS Scopes, expires_at AS ExpiresAt
        FROM api_keys
        WHERE key_hash = @KeyHash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @Now);
        """);

    internal sealed class KeyRow
    {
        public long Id { get; init; }
        public long TenantId { get; init; }
        public string Scopes { get; init; } = "";
        public DateTimeOffset? ExpiresAt { get; init; }
    }
}

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Db db,
    ApiKeyCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || values.Count == 0)
            return AuthenticateResult.NoResult();

        var key = values.ToString();
        if (key.Length is < 10 or > 200)
            return AuthenticateResult.Fail("Malformed API key.");

        var hash = ApiKeys.Hash(key);
        if (!cache.TryGet(hash, out var known))
        {
            await using var connection = await db.OpenAsync(Context.RequestAborted);
            var row = await connection.QuerySingleOrDefaultAsync<ApiKeys.KeyRow>(db,
                ApiKeys.FindByHash, new { KeyHash = hash, Now = clock.GetUtcNow() }, null, Context.RequestAborted);
            if (row is null)
                return AuthenticateResult.Fail("Unknown, revoked or expired API key.");
            known = cache.Add(hash, row.Id, row.TenantId, row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.ExpiresAt);
        }

        var principal = Principals.ForKey(ApiKeys.Scheme, known.KeyId, known.TenantId, known.Scopes);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeys.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{ApiKeys.Scheme} header=\"{ApiKeys.Header}\"";
        return Task.CompletedTask;
    }
}
