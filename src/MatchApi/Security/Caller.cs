using System.Globalization;
using System.Security.Claims;

namespace MatchApi.Security;

public static class Caller
{
    /// <summary>
    /// The tenant of the authenticated caller. Every query is narrowed by it; it never comes
    /// from the URL or the body, so another tenant's id simply finds nothing (404).
    /// </summary>
    public static long TenantId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimNames.Tenant)
            ?? throw new InvalidOperationException("The caller has no tenant; the endpoint must require authorization."),
            CultureInfo.InvariantCulture);

    /// <summary>
    /// Who did it, for logs and audit: "key:12", "account:7", "jwt:{subject}" or "oidc:{subject}" —
    /// never the key, token or password itself.
    /// </summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimNames.KeyId) is { } key ? $"key:{key}"
        : user.FindFirstValue(ClaimNames.AccountId) is { } account ? $"account:{account}"
        : user.FindFirstValue(ClaimNames.Subject) ?? "anonymous";

    /// <summary>The coach the caller is (a signed-in coach linked to a coach record), or null for systems and unlinked accounts.</summary>
    public static long? CoachId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimNames.CoachId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The caller's role when a person signed in; API keys have scopes but no role.</summary>
    public static Role? Role(this ClaimsPrincipal user) =>
        Roles.TryParse(user.FindFirstValue(ClaimNames.Role), out var role) ? role : null;

    /// <summary>The local account the caller signed in with, if any.</summary>
    public static long? AccountId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimNames.AccountId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static IReadOnlyList<string> Scopes(this ClaimsPrincipal user) =>
        user.FindAll(ClaimNames.Scope).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
}
