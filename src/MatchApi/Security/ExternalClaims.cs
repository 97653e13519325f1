using System.Globalization;
using System.Security.Claims;
using Dapper;
using MatchApi.Data;
using MatchApi.Tenants;

namespace MatchApi.Security;

/// <summary>Which claims of an identity provider's token name the tenant, the role and the coach.</summary>
public class ExternalClaimMapping
{
    /// <summary>Claim holding the tenant's name exactly as created with <c>create-tenant</c>.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Claim holding coach, teamLead or admin (several values: the highest counts).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Optional claim holding the id of the caller's coach record in MatchApi.</summary>
    public string CoachClaim { get; set; } = "coach_id";

    /// <summary>Claim shown as the user's name (GET /auth/me).</summary>
    public string NameClaim { get; set; } = "preferred_username";
}

/// <summary>
/// Turns a validated token of an identity provider (bearer token or OpenID Connect) into a MatchApi
/// principal with the same claims as an API key or a local account. The tenant must exist and the
/// coach, if named, must belong to it; otherwise the token is refused.
/// </summary>
public static class ExternalClaims
{
    public sealed record Mapped(ClaimsPrincipal? Principal, string? Error);

    public static async Task<Mapped> MapAsync(ClaimsPrincipal external, ExternalClaimMapping mapping, string scheme, string subjectPrefix,
        Db db, CancellationToken ct)
    {
        var subject = external.FindFirstValue("sub") ?? external.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrWhiteSpace(subject)) return new(null, "The token has no subject (sub).");

        var tenantName = external.FindFirstValue(mapping.TenantClaim);
        if (string.IsNullOrWhiteSpace(tenantName)) return new(null, $"The token has no '{mapping.TenantClaim}' claim.");

        // Roles are declared from least to most; with several, the highest the provider granted counts.
        var roles = external.FindAll(mapping.RoleClaim)
            .Select(c => Roles.TryParse(c.Value, out var r) ? r : (Role?)null)
            .Where(r => r is not null).Select(r => r!.Value).ToList();
        if (roles.Count == 0) return new(null, $"The token's '{mapping.RoleClaim}' claim names no role (coach, teamLead, admin).");

        await using var connection = await db.OpenAsync(ct);
        var tenantId = await connection.QuerySingleOrDefaultAsync<long?>(db, Sqls.Tenant,
            new { Name = tenantName }, null, ct);
        if (tenantId is null) return new(null, "The token's tenant is not known here.");

        long? coachId = null;
        if (external.FindFirstValue(mapping.CoachClaim) is { Length: > 0 } coachText)
        {
            if (!long.TryParse(coachText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !await TenantRows.CoachExistsAsync(db, connection, null, id, tenantId.Value, ct))
                return new(null, "The token's coach is not a coach of its tenant.");
            coachId = id;
        }

        var principal = Principals.ForExternal(scheme, $"{subjectPrefix}:{subject}", tenantId.Value, roles.Max(), coachId,
            external.FindFirstValue(mapping.NameClaim));
        return new(principal, null);
    }

    private static class Sqls
    {
        public static readonly Sql Tenant = new("SELECT id FROM tenants WHERE name = @Name;");
    }
}
