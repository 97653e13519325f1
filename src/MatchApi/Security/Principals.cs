using System.Globalization;
using System.Security.Claims;

namespace MatchApi.Security;

/// <summary>
/// Builds every principal the API accepts, so that an API key, a signed-in coach and a bearer
/// token all look the same to endpoints: a tenant, scopes, and where they apply a role, coach,
/// account and name. Endpoints read them through <see cref="Caller"/>.
/// </summary>
public static class Principals
{
    public static ClaimsPrincipal ForKey(string scheme, long keyId, long tenantId, IEnumerable<string> scopes) =>
        Build(scheme, $"key:{Text(keyId)}", tenantId, scopes, role: null, coachId: null, name: null,
            new Claim(ClaimNames.KeyId, Text(keyId)));

    public static ClaimsPrincipal ForAccount(string scheme, long accountId, long tenantId, Role role, long? coachId, string username) =>
        Build(scheme, $"account:{Text(accountId)}", tenantId, Roles.ScopesOf(role), role, coachId, username,
            new Claim(ClaimNames.AccountId, Text(accountId)));

    /// <summary>A person proved by an identity provider (bearer token or OpenID Connect): known by the provider's subject.</summary>
    public static ClaimsPrincipal ForExternal(string scheme, string subject, long tenantId, Role role, long? coachId, string? name) =>
        Build(scheme, subject, tenantId, Roles.ScopesOf(role), role, coachId, name, new Claim(ClaimNames.Subject, subject));

    private static ClaimsPrincipal Build(string scheme, string actor, long tenantId, IEnumerable<string> scopes, Role? role,
        long? coachId, string? name, Claim identityClaim)
    {
        var claims = new List<Claim>
        {
            // The antiforgery token is bound to this claim, so a token fetched by one user is worthless to another.
            new(ClaimTypes.NameIdentifier, actor),
            new(ClaimNames.Tenant, Text(tenantId)),
            identityClaim,
        };
        claims.AddRange(scopes.Distinct(StringComparer.Ordinal).Select(s => new Claim(ClaimNames.Scope, s)));
        if (role is { } r) claims.Add(new Claim(ClaimNames.Role, Roles.Name(r)));
        if (coachId is { } c) claims.Add(new Claim(ClaimNames.CoachId, Text(c)));
        if (!string.IsNullOrEmpty(name)) claims.Add(new Claim(ClaimNames.Name, name));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimNames.Name, ClaimNames.Role));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
