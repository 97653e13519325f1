using System.Data.Common;
using Dapper;

namespace MatchApi.Data;

public enum UpdateOutcome { Updated, NotFound, Stale }

/// <summary>
/// The optimistic-concurrency update shared by every resource: the UPDATE names the expected
/// version (or none), and when it touches no row a second look tells 404 from 412.
/// </summary>
public static class Versioned
{
    public static async Task<UpdateOutcome> UpdateAsync(Db db, DbConnection connection, DbTransaction transaction,
        Sql update, Sql exists, object args, CancellationToken ct)
    {
        var rows = await connection.ExecuteAsync(db, update, args, transaction, ct);
        if (rows == 1) return UpdateOutcome.Updated;
        var found = await connection.ExecuteScalarAsync<long>(db, exists, args, transaction, ct);
        return found > 0 ? UpdateOutcome.Stale : UpdateOutcome.NotFound;
    }
}
