using System.Data.Common;
using MatchApi.Data;

namespace MatchApi.Tenants;

/// <summary>
/// The one owner of "does this row belong to the caller's organisation" for rows that other features refer to
/// by id (a coach, an employer). Another tenant's row and a missing one get the same answer, so
/// nothing leaks. Inside a transaction the answer holds until commit. Live participants are asked of
/// <c>Participants/LiveParticipants.cs</c> instead (erased participants do not count).
/// </summary>
public static class TenantRows
{
    public static Task<bool> CoachExistsAsync(Db db, DbConnection connection, DbTransaction? tx, long id, long tenantId, CancellationToken ct) =>
        ExistsAsync(db, connection, tx, Sqls.Coach, id, tenantId, ct);

    /// <summary>The same question on a rented read connection, its statement compiled once there (SQLite; the stateless match route).</summary>
    public static async Task<bool> CoachExistsAsync(Db db, ReadConnection connection, long id, long tenantId, CancellationToken ct) =>
        connection.Prepared(Sqls.Coach, ("@Id", id), ("@TenantId", tenantId)) is { } command
            ? (long)(await command.ExecuteScalarAsync(ct))! > 0
            : await CoachExistsAsync(db, connection.Connection, null, id, tenantId, ct);

    /// <summary>The same question on a connection of its own.</summary>
    public static async Task<bool> CoachExistsAsync(Db db, long id, long tenantId, CancellationToken ct) =>
        await db.ExecuteScalarAsync<long>(Sqls.Coach, new { Id = id, TenantId = tenantId }, ct) > 0;

    public static Task<bool> EmployerExistsAsync(Db db, DbConnection connection, DbTransaction? tx, long id, long tenantId, CancellationToken ct) =>
        ExistsAsync(db, connection, tx, Sqls.Employer, id, tenantId, ct);

    private static async Task<bool> ExistsAsync(Db db, DbConnection connection, DbTransaction? tx, Sql sql, long id, long tenantId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(db, sql, new { Id = id, TenantId = tenantId }, tx, ct) > 0;

    /// <summary>The one answer for a coach id that is not one of the caller's organisation's (a field error or a 404's detail).</summary>
    public static string NoCoach(long? id) => $"No coach with id {id} in your organisation.";

    /// <summary>The one answer for an employer id that is not one of the caller's organisation's (a field error or a 404's detail).</summary>
    public static string NoEmployer(long? id) => $"No employer with id {id} in your organisation.";

    /// <summary>The statements themselves, for callers that hand an existence check on (e.g. <c>Versioned.UpdateAsync</c>).</summary>
    internal static class Sqls
    {
        public static readonly Sql Coach = new("SELECT COUNT(1) FROM coaches WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Employer = new("SELECT COUNT(1) FROM employers WHERE id = @Id AND tenant_id = @TenantId;");
    }
}
