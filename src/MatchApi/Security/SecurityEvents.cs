using System.Security.Cryptography;
using System.Text;

namespace MatchApi.Security;

/// <summary>
/// Security events a municipality's SIEM can alert on, logged under the category <c>MatchApi.Security.SecurityEvents</c>
/// with fixed event ids. They name the username only by a hash (the first 16 hex digits of SHA-256 of the lower-case
/// username), never the password.
/// </summary>
public static class SecurityEvents
{
    public static readonly EventId SignInFailed = new(4001, nameof(SignInFailed));
    public static readonly EventId SignInLockedOut = new(4002, nameof(SignInLockedOut));

    public static void SignInRefused(ILoggerFactory loggers, HttpContext http, string? username, SignInStatus status)
    {
        var logger = loggers.CreateLogger(typeof(SecurityEvents));
        var (eventId, outcome) = status == SignInStatus.LockedOut ? (SignInLockedOut, "locked out") : (SignInFailed, "failed");
        logger.LogWarning(eventId, "Security event {SecurityEvent}: sign-in {Outcome} for username hash {UsernameHash} from {RemoteIp}",
            eventId.Name, outcome, UsernameHash(username), http.Connection.RemoteIpAddress?.ToString());
    }

    public static readonly EventId AccountRoleChanged = new(4003, nameof(AccountRoleChanged));

    /// <summary>An admin changed an account's role (its sessions ended with it).</summary>
    public static void RoleChanged(ILoggerFactory loggers, HttpContext http, System.Security.Claims.ClaimsPrincipal admin, Account account, Role from)
    {
        var logger = loggers.CreateLogger(typeof(SecurityEvents));
        logger.LogWarning(AccountRoleChanged,
            "Security event {SecurityEvent}: account {AccountId} (username hash {UsernameHash}) of tenant {TenantId} changed role from {FromRole} to {ToRole} by account {ByAccountId} from {RemoteIp}",
            AccountRoleChanged.Name, account.Id, UsernameHash(account.Username), account.TenantId, from, account.Role, admin.AccountId(),
            http.Connection.RemoteIpAddress?.ToString());
    }

    public static string UsernameHash(string? username) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Accounts.Normalize(username ?? ""))))[..16];
}
