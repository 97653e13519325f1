using System.Data.Common;
using Dapper;

namespace MatchApi.Data;

/// <summary>
/// The per-tenant change counter of matching (zero staleness): every write that changes what a match
/// would show (an opening, an employer, a face-to-face contact, the match weights) calls
/// <see cref="BumpAsync"/> in its own transaction, just before its first data write, and stamps the
/// rows it writes with the returned value as <c>change_seq</c> (the <c>@ChangeSeq</c> parameter, see
/// <see cref="With"/>). A match reads the counter (<see cref="ReadAsync"/>, one primary-key read) and,
/// when it moved, reads only the rows stamped after its snapshot (<see cref="Matching.CandidateStore"/>).
/// On SQL Server the bump holds the tenant's counter row until commit, so the tenant's writers take
/// it first and one at a time: stamps follow commit order, and no two writers wait on each other's
/// data rows while holding the counter (no deadlock between them).
/// </summary>
public static class TenantChanges
{
    /// <summary>Moves the tenant's counter on, in <paramref name="tx"/>, and returns its new value.</summary>
    public static Task<long> BumpAsync(Db db, DbConnection connection, DbTransaction tx, long tenantId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(db, Sqls.Bump, new { TenantId = tenantId }, tx, ct);

    /// <summary>The tenant's counter as last committed (0 before its first change).</summary>
    public static Task<long> ReadAsync(Db db, DbConnection connection, long tenantId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(db, Sqls.Read, new { TenantId = tenantId }, null, ct);

    /// <summary>The same read on a rented read connection, its statement compiled once there (SQLite).</summary>
    public static async Task<long> ReadAsync(Db db, ReadConnection connection, long tenantId, CancellationToken ct) =>
        connection.Prepared(Sqls.Read, ("@TenantId", tenantId)) is { } command
            ? (long)(await command.ExecuteScalarAsync(ct))!
            : await ReadAsync(db, connection.Connection, tenantId, ct);

    /// <summary>The parameters of a write plus <c>@ChangeSeq</c>, the stamp of the rows it writes.</summary>
    public static DynamicParameters With(object args, long changeSeq)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("ChangeSeq", changeSeq);
        return parameters;
    }

    private static class Sqls
    {
        // One statement each, so that the row is created or moved on atomically (HOLDLOCK: no two first bumps both insert).
        public static readonly Sql Bump = new(
            Sqlite: """
                INSERT INTO tenant_changes (tenant_id, seq) VALUES (@TenantId, 1)
                ON CONFLICT (tenant_id) DO UPDATE SET seq = seq + 1
                RETURNING seq;
                """,
            SqlServer: """
                MERGE tenant_changes WITH (HOLDLOCK) AS t
                USING (SELECT @TenantId AS tenant_id) AS s ON t.tenant_id = s.tenant_id
                WHEN MATCHED THEN UPDATE SET seq = t.seq + 1
                WHEN NOT MATCHED THEN INSERT (tenant_id, seq) VALUES (s.tenant_id, 1)
                OUTPUT INSERTED.seq;
                """);

        public static readonly Sql Read = new("SELECT COALESCE(MAX(seq), 0) FROM tenant_changes WHERE tenant_id = @TenantId;");
    }
}
