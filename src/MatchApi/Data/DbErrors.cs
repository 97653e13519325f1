using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace MatchApi.Data;

public static class DbErrors
{
    /// <summary>
    /// A unique index refused a row. Two writers can pass a duplicate check at once (SQL Server,
    /// read committed); the index is the last word.
    /// </summary>
    public static bool IsUniqueViolation(DbException e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };
}
