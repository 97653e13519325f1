using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace MatchApi.Data;

public static class DbErrors
{
    /// <summary>
    /// A unique index refused a row: two requests raced past the duplicate check. Callers answer 409, as the check would have.
    /// </summary>
    public static bool IsUniqueViolation(DbException e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };

    /// <summary>Seconds a caller is asked to wait (Retry-After) when the database is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// The database cannot serve the request now (locked past the busy timeout, unreachable, unreadable or timed out),
    /// anywhere in the exception chain: a fault of the service's surroundings that passes, answered 503, not a bug (500).
    /// </summary>
    public static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e switch
            {
                // BUSY, LOCKED, PERM, READONLY, IOERR, FULL, CANTOPEN, AUTH, NOTADB
                SqliteException sqlite => sqlite.SqliteErrorCode is 3 or 5 or 6 or 8 or 10 or 13 or 14 or 23 or 26,
                // timeout, network and login-to-database errors, deadlock victim, Azure SQL throttling and failover
                SqlException sql => sql.Number is -2 or -1 or 2 or 53 or 121 or 233 or 1205 or 4060 or 10053 or 10054 or 10060
                    or 40197 or 40501 or 40613 or 49918 or 49919 or 49920 || sql.Class >= 20,
                TimeoutException => true,
                _ => false,
            })
                return true;
        }
        return false;
    }
}
