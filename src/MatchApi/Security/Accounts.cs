using Dapper;
using MatchApi.Data;
using Microsoft.AspNetCore.Identity;

namespace MatchApi.Security;

/// <summary>Lockout of local accounts (configuration section <c>Authentication:Lockout</c>).</summary>
public sealed class LockoutOptions
{
    public const string Section = "Authentication:Lockout";

    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account refuses sign-in, even with the right password.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>A coach's (or team lead's, or admin's) local sign-in. The password hash never leaves this class's callers.</summary>
public sealed class Account
{
    public long Id { get; init; }
    public long TenantId { get; init; }
    public long? CoachId { get; init; }
    public string Username { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public Role Role { get; init; }
    public int FailedAttempts { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
}

public enum SignInStatus { Succeeded, Failed, LockedOut }

public sealed record SignInResult(SignInStatus Status, Account? Account = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Local accounts: creation (CLI, admin API, demo data), password check with lockout. Usernames
/// are unique across tenants and compared in lower case, so sign-in needs no tenant.
/// </summary>
public static class Accounts
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 200;
    public const string UsernamePattern = @"^[a-zA-Z0-9][a-zA-Z0-9._@-]{2,99}$";

    // PBKDF2 (HMAC-SHA512, 100 000 iterations in .NET 10) with a per-password salt; the format records its own parameters.
    private static readonly PasswordHasher<Account> Hasher = new();

    // Checking a password against this when the username is unknown makes unknown and known usernames take as long.
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(new Account(), ApiKeys.Generate()));

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Creates an account; null when the username is taken (by any tenant).</summary>
    public static async Task<long?> CreateAsync(Db db, long tenantId, string username, string password, Role role, long? coachId,
        DateTimeOffset now, CancellationToken ct)
    {
        return await db.QuerySingleOrDefaultAsync<long?>(Sqls.Insert, new
        {
            TenantId = tenantId,
            CoachId = coachId,
            Username = Normalize(username),
            PasswordHash = Hasher.HashPassword(new Account(), password),
            Role = role.ToString(),
            Now = now,
        }, ct);
    }

    /// <summary>An account that may still be used (not disabled), for re-checking a session on each request.</summary>
    public static async Task<Account?> FindActiveAsync(Db db, long id, long tenantId, CancellationToken ct)
    {
        return await db.QuerySingleOrDefaultAsync<Account>(Sqls.FindActive,
            new { Id = id, TenantId = tenantId }, ct);
    }

    /// <summary>
    /// Checks a password. Unknown, disabled and wrong-password sign-ins fail alike; a locked account
    /// is not even checked (so lockout is no oracle); every failure counts towards the lock.
    /// </summary>
    public static async Task<SignInResult> SignInAsync(Db db, string username, string password, LockoutOptions lockout,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var account = await connection.QuerySingleOrDefaultAsync<Account>(db, Sqls.FindByUsername,
            new { Username = Normalize(username) }, null, ct);
        if (account is null || account.DisabledAt is not null)
        {
            Hasher.VerifyHashedPassword(new Account(), DecoyHash.Value, password);
            return new SignInResult(SignInStatus.Failed);
        }
        if (account.LockedUntil > now)
            return new SignInResult(SignInStatus.LockedOut, LockedUntil: account.LockedUntil);

        var verdict = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var after = await connection.QuerySingleAsync<LockRow>(db, Sqls.RecordFailure, new
            {
                account.Id,
                account.TenantId,
                Max = lockout.MaxFailedAttempts,
                Until = now + lockout.Duration,
            }, null, ct);
            return after.LockedUntil > now
                ? new SignInResult(SignInStatus.LockedOut, LockedUntil: after.LockedUntil)
                : new SignInResult(SignInStatus.Failed);
        }

        // A hash made with older parameters is replaced while the password is at hand.
        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded
            ? Hasher.HashPassword(account, password)
            : account.PasswordHash;
        await connection.ExecuteAsync(db, Sqls.RecordSuccess, new { account.Id, account.TenantId, PasswordHash = hash }, null, ct);
        return new SignInResult(SignInStatus.Succeeded, account);
    }

    private sealed class LockRow
    {
        public DateTimeOffset? LockedUntil { get; init; }
    }

    internal static class Sqls
    {
        public const string Columns = """
            id AS Id, tenant_id AS TenantId, coach_id AS CoachId, username AS Username, password_hash AS PasswordHash, role AS Role,
            failed_attempts AS FailedAttempts, locked_until AS LockedUntil, created_at AS CreatedAt, disabled_at AS DisabledAt
            """;

        public static readonly Sql Insert = Sql.InsertReturningId(
            """
                INSERT INTO accounts (tenant_id, coach_id, username, password_hash, role, failed_attempts, created_at)
                """,
            """
                SELECT @TenantId, @CoachId, @Username, @PasswordHash, @Role, 0, @Now
                WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE username = @Username)
                """);

        // The one lookup without a tenant: sign-in is what establishes the tenant.
        public static readonly Sql FindByUsername = new($"SELECT {Columns} FROM accounts WHERE username = @Username;");

        public static readonly Sql FindActive = new(
            $"SELECT {Columns} FROM accounts WHERE id = @Id AND tenant_id = @TenantId AND disabled_at IS NULL;");


        // Both CASEs read the old failed_attempts, so one statement counts the failure and, at the limit, locks and starts over.
        public static readonly Sql RecordFailure = new(
            Sqlite: """
                UPDATE accounts
                SET failed_attempts = CASE WHEN failed_attempts + 1 >= @Max THEN 0 ELSE failed_attempts + 1 END,
                    locked_until = CASE WHEN failed_attempts + 1 >= @Max THEN @Until ELSE locked_until END
                WHERE id = @Id AND tenant_id = @TenantId
                RETURNING locked_until AS LockedUntil;
                """,
            SqlServer: """
                UPDATE accounts
                SET failed_attempts = CASE WHEN failed_attempts + 1 >= @Max THEN 0 ELSE failed_attempts + 1 END,
                    locked_until = CASE WHEN failed_attempts + 1 >= @Max THEN @Until ELSE locked_until END
                OUTPUT INSERTED.locked_until AS LockedUntil
                WHERE id = @Id AND tenant_id = @TenantId;
                """);

        public static readonly Sql RecordSuccess = new(
            "UPDATE accounts SET failed_attempts = 0, locked_until = NULL, password_hash = @PasswordHash WHERE id = @Id AND tenant_id = @TenantId;");
    }
}
