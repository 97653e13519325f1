using System.Data.Common;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;

namespace MatchApi.Participants;

/// <summary>What the participant routes need to know about a live participant.</summary>
public sealed class LiveParticipant
{
    public long Id { get; init; }
    public DateOnly EnrolmentDate { get; init; }
}

/// <summary>
/// The one owner of "is this a live participant of this tenant": not another organisation's, not unknown and
/// not erased. The <c>.Audited(...)</c> filter asks it before every participant route's handler runs, and
/// handlers that write ask it again inside their transaction (where the SQL Server row lock keeps an erasure
/// from slipping in between), so an erased participant is gone from every read and write path alike.
/// New participant routes get it by mapping under <c>/v1/participants/{id:long}</c> with <c>.Audited(...)</c>.
/// </summary>
public static class LiveParticipants
{
    /// <summary>The live participant, or null. Inside a transaction the row is locked against a concurrent erasure (SQL Server).</summary>
    public static Task<LiveParticipant?> FindAsync(Db db, DbConnection connection, DbTransaction? tx, long id, long tenantId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<LiveParticipant>(new CommandDefinition(
            db.Text(tx is null ? Sqls.Find : Sqls.Lock), new { Id = id, TenantId = tenantId }, tx, cancellationToken: ct));

    /// <summary>True when the participant is live in the tenant: <see cref="FindAsync"/> on a read connection, compiled once there (SQLite).</summary>
    public static async Task<bool> IsLiveAsync(Db db, ReadConnection connection, long id, long tenantId, CancellationToken ct)
    {
        if (connection.Prepared(Sqls.Find, ("@Id", id), ("@TenantId", tenantId)) is not { } command)
            return await FindAsync(db, connection.Connection, null, id, tenantId, ct) is not null;
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct);
    }

    /// <summary>True when the participant exists in the tenant, erased or not (only the audit trail reads erased participants).</summary>
    public static async Task<bool> EverExistedAsync(Db db, DbConnection connection, long id, long tenantId, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(db, Sqls.EverExisted, new { Id = id, TenantId = tenantId }, null, ct) > 0;

    /// <summary>The one answer for an id that is not a live participant of the caller's organisation.</summary>
    public static NotFoundProblem NotFound(long id) => new(NoParticipant(id));

    /// <summary>The same answer as a field error, for a participant id in a request body.</summary>
    public static string NoParticipant(long id) => $"No participant with id {id} in your organisation.";

    private static class Sqls
    {
        public static readonly Sql Find = new("""
            SELECT id AS Id, enrolment_date AS EnrolmentDate FROM participants
            WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;
            """);

        // SQLite transactions here begin IMMEDIATE, so they are serialised already.
        public static readonly Sql Lock = new(
            Sqlite: """
                SELECT id AS Id, enrolment_date AS EnrolmentDate FROM participants
                WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;
                """,
            SqlServer: """
                SELECT id AS Id, enrolment_date AS EnrolmentDate FROM participants WITH (UPDLOCK, HOLDLOCK)
                WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;
                """);

        public static readonly Sql EverExisted = new("SELECT COUNT(1) FROM participants WHERE id = @Id AND tenant_id = @TenantId;");
    }
}
