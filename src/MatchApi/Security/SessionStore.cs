using System.Security.Cryptography;
using System.Text;
using Dapper;
using MatchApi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MatchApi.Security;

/// <summary>
/// Server-side sessions for the session cookie. The cookie carries only a random key (inside ASP.NET Core's
/// protected cookie); the sign-in lives in the <c>sessions</c> table. Signing out deletes the row, so every copy
/// of the cookie stops working at once rather than at the idle timeout; disabling an account deletes all of its
/// sessions. Only the key's SHA-256 hash is stored.
/// </summary>
public sealed class SessionStore(Db db, TimeProvider clock) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(CancellationToken.None);
        // Expired sessions would be refused anyway; sign-in is a rare enough moment to clear them.
        await connection.ExecuteAsync(db, Sqls.DeleteExpired, new { Now = now }, null, default);
        await connection.ExecuteAsync(db, Sqls.Insert, new
        {
            Id = Hash(key),
            TenantId = ticket.Principal.TenantId(),
            AccountId = ticket.Principal.AccountId(),
            Ticket = TicketSerializer.Default.Serialize(ticket),
            Now = now,
            ExpiresAt = ExpiresAt(ticket, now),
        }, null, default);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await db.ExecuteAsync(Sqls.Renew, new
        {
            Id = Hash(key),
            Ticket = TicketSerializer.Default.Serialize(ticket),
            ExpiresAt = ExpiresAt(ticket, clock.GetUtcNow()),
        }, default);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await db.QuerySingleOrDefaultAsync<byte[]>(Sqls.Get, new { Id = Hash(key), Now = clock.GetUtcNow() }, default);
        return bytes is null ? null : TicketSerializer.Default.Deserialize(bytes);
    }

    public async Task RemoveAsync(string key)
    {
        await db.ExecuteAsync(Sqls.Delete, new { Id = Hash(key) }, default);
    }

    /// <summary>Ends every session of an account of this tenant (when it is disabled), inside the caller's transaction.</summary>
    public static Task EndAllAsync(Db db, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long accountId,
        long tenantId, CancellationToken ct) =>
        connection.ExecuteAsync(db, Sqls.DeleteForAccount, new { AccountId = accountId, TenantId = tenantId }, tx, ct);

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    // The cookie handler sets ExpiresUtc (idle timeout, renewed while in use); a day is the fallback bound.
    private static DateTimeOffset ExpiresAt(AuthenticationTicket ticket, DateTimeOffset now) => ticket.Properties.ExpiresUtc ?? now.AddDays(1);

    private static class Sqls
    {
        public static readonly Sql Insert = new("""
            INSERT INTO sessions (id, tenant_id, account_id, ticket, created_at, expires_at)
            VALUES (@Id, @TenantId, @AccountId, @Ticket, @Now, @ExpiresAt);
            """);

        public static readonly Sql Renew = new("UPDATE sessions SET ticket = @Ticket, expires_at = @ExpiresAt WHERE id = @Id;");

        public static readonly Sql Get = new("SELECT ticket FROM sessions WHERE id = @Id AND expires_at > @Now;");

        public static readonly Sql Delete = new("DELETE FROM sessions WHERE id = @Id;");

        public static readonly Sql DeleteForAccount = new("DELETE FROM sessions WHERE account_id = @AccountId AND tenant_id = @TenantId;");

        public static readonly Sql DeleteExpired = new("DELETE FROM sessions WHERE expires_at <= @Now;");
    }
}
