using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MatchApi.Tests.Infrastructure;

/// <summary>JWTs as a municipal identity provider would issue them, signed with the key the test app trusts.</summary>
public static class TestTokens
{
    public const string SigningKey = "matchapi-tests-symmetric-signing-key-not-a-secret-0123456789";
    public const string Issuer = "https://idp.test.example";
    public const string Audience = "matchapi-tests";

    public static string Create(IDictionary<string, object> claims, DateTimeOffset? expires = null, string? audience = null,
        string? issuer = null, string signingKey = SigningKey)
    {
        var now = DateTime.UtcNow;
        var expiry = (expires ?? DateTimeOffset.UtcNow.AddMinutes(10)).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            Claims = claims,
            IssuedAt = expiry < now ? expiry.AddMinutes(-10) : now,
            NotBefore = expiry < now ? expiry.AddMinutes(-10) : now,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The usual claims: subject, tenant name, role and optionally a coach id.</summary>
    public static Dictionary<string, object> Claims(string tenant, string role, long? coachId = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = $"user-{Guid.NewGuid():N}",
            ["tenant"] = tenant,
            ["role"] = role,
            ["preferred_username"] = "kim.karlsson@kommun.example",
        };
        if (coachId is { } id) claims["coach_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return claims;
    }
}
