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

    /// <summary>Who did it, for logs and audit: the key's id, never the key itself.</summary>
    public static string Actor(this ClaimsPrincipal user) => $"key:{user.FindFirstValue(ClaimNames.KeyId)}";
}
