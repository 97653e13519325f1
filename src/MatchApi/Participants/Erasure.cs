using System.Globalization;
using Dapper;
using MatchApi.Data;

namespace MatchApi.Participants;

/// <summary>
/// Erasure of a participant's personal data (GDPR art. 17). What identifies or describes the person
/// goes: their own goals (words and choices), the case reference, the calling name, next steps, and the free text of employer
/// contacts about them. What is kept is anonymised: the participant row (status, enrolment date,
/// coach) so that outcome statistics still add up, contacts without their text, placements and
/// exits (codes and dates, no free text), and the audit log (ids and route templates only).
/// </summary>
public static class ParticipantErasure
{
    /// <summary>Case references starting with this are reserved for erased participants.</summary>
    public const string TombstonePrefix = "erased-";

    public static string Tombstone(long id) => TombstonePrefix + id.ToString(CultureInfo.InvariantCulture);

    // SQLite otherwise leaves deleted text in free pages of the file until they are reused.
    private const string SqliteSecureDelete = "PRAGMA secure_delete = ON;";

    /// <summary>Erases in one transaction; false when there is no live participant with this id in the tenant.</summary>
    public static async Task<bool> EraseAsync(Db db, long tenantId, long id, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { Id = id, TenantId = tenantId, Tombstone = Tombstone(id), Now = now };
        await using var connection = await db.OpenAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
            await connection.ExecuteAsync(new CommandDefinition(SqliteSecureDelete, cancellationToken: ct));
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await LiveParticipants.FindAsync(db, connection, tx, id, tenantId, ct) is null) return false;

        await connection.ExecuteAsync(db, Sqls.DeleteGoals, args, tx, ct);
        await connection.ExecuteAsync(db, Sqls.ClearContactText, args, tx, ct);
        await connection.ExecuteAsync(db, Sqls.DeleteNextSteps, args, tx, ct);
        await connection.ExecuteAsync(db, Sqls.Anonymise, args, tx, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static class Sqls
    {
        // Next steps are the coach's free text about the person, like goals: they go.
        public static readonly Sql DeleteNextSteps = new("DELETE FROM next_steps WHERE participant_id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql DeleteGoals = new("DELETE FROM participant_goals WHERE participant_id = @Id AND tenant_id = @TenantId;");

        // The contact itself (who met which employer when) is job-development history of the employer and the coach.
        public static readonly Sql ClearContactText = new("""
            UPDATE employer_contacts SET purpose = NULL, outcome = NULL, note = NULL
            WHERE participant_id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql Anonymise = new("""
            UPDATE participants
            SET external_ref = @Tombstone, calling_name = NULL, erased_at = @Now, updated_at = @Now, version = version + 1
            WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;
            """);
    }
}
