using System.Data.Common;

namespace MatchApi.Data;

/// <summary>
/// The insert and the versioned update of a row that a match shows (an opening, an employer), as every such REST write
/// does them: the tenant's change counter moved first and the row stamped with it (<see cref="TenantChanges"/>), and a
/// unique index's refusal (a taken source and external reference) returned as null, for the caller's 409.
/// </summary>
public static class StampedWrites
{
    /// <summary>Runs <paramref name="insert"/> (which returns the new id); null when a unique index refused the row.</summary>
    public static async Task<long?> InsertAsync(Db db, DbConnection connection, DbTransaction tx, long tenantId, Sql insert, object args,
        CancellationToken ct)
    {
        try
        {
            var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, tenantId, ct);
            return await connection.ExecuteScalarAsync<long>(db, insert, TenantChanges.With(args, changeSeq), tx, ct);
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="update"/> at the expected version (<see cref="Versioned"/>); null when a unique index refused the row.</summary>
    public static async Task<UpdateOutcome?> UpdateAsync(Db db, DbConnection connection, DbTransaction tx, long tenantId, Sql update, Sql exists,
        object args, CancellationToken ct)
    {
        try
        {
            var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, tenantId, ct);
            return await Versioned.UpdateAsync(db, connection, tx, update, exists, TenantChanges.With(args, changeSeq), ct);
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return null;
        }
    }
}
