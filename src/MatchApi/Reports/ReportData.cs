using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Participants;
using MatchApi.Placements;

namespace MatchApi.Reports;

/// <summary>The period and scope of a report: a tenant, inclusive Swedish dates, and optionally one coach.</summary>
public sealed record ReportScope(long TenantId, DateOnly From, DateOnly To, long? CoachId)
{
    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>Calendar days in the period, both ends included.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>
/// Everything the two reports are computed from, read for one tenant (and coach) only. The
/// reports themselves are pure functions of this, so every number can be checked without SQL.
/// Nothing here identifies a participant beyond an internal id, and ids never leave the reports.
/// </summary>
public sealed class ReportData
{
    public required ReportScope Scope { get; init; }
    public required IReadOnlyList<ReportParticipant> Participants { get; init; }
    public required IReadOnlyList<ReportPlacement> Placements { get; init; }
    public required IReadOnlyDictionary<long, FirstContacts> FirstContacts { get; init; }
    public required IReadOnlyDictionary<long, long> FaceToFaceContactsByCoach { get; init; }
    public required IReadOnlyList<ReportCoach> Coaches { get; init; }

    /// <summary>Enrolled on or before the end of the period and not exited before its start.</summary>
    public bool IsServed(ReportParticipant p) => p.EnrolmentDate <= Scope.To && (p.ExitedOn is null || p.ExitedOn >= Scope.From);

    /// <summary>On the caseload on the last day of the period: enrolled by then and not exited by then.</summary>
    public bool IsActiveAtEnd(ReportParticipant p) => p.EnrolmentDate <= Scope.To && (p.ExitedOn is null || p.ExitedOn > Scope.To);

    public static async Task<ReportData> LoadAsync(Db db, ReportScope scope, CancellationToken ct)
    {
        var args = new
        {
            scope.TenantId,
            scope.From,
            scope.To,
            scope.CoachId,
            FromStart = SwedishTime.StartOf(scope.From),
            ToEnd = SwedishTime.StartOf(scope.To.AddDays(1)),
            FaceToFace = ContactKind.FaceToFace.ToString(),
        };
        await using var connection = await db.OpenAsync(ct);
        var participants = await connection.QueryAsync<ParticipantRow>(new CommandDefinition(db.Text(Sqls.Participants), args, cancellationToken: ct));
        var placements = await connection.QueryAsync<ReportPlacement>(new CommandDefinition(db.Text(Sqls.Placements), args, cancellationToken: ct));
        var contacts = await connection.QueryAsync<FirstContactRow>(new CommandDefinition(db.Text(Sqls.FirstContacts), args, cancellationToken: ct));
        var faceToFace = await connection.QueryAsync<CoachCountRow>(new CommandDefinition(db.Text(Sqls.FaceToFaceByCoach), args, cancellationToken: ct));
        var coaches = await connection.QueryAsync<ReportCoach>(new CommandDefinition(db.Text(Sqls.Coaches), args, cancellationToken: ct));

        return new ReportData
        {
            Scope = scope,
            Participants = participants.Select(p => p.ToParticipant()).ToList(),
            Placements = placements.AsList(),
            FirstContacts = contacts.ToDictionary(c => c.ParticipantId, c => new FirstContacts(
                c.FirstContactAt is { } any ? SwedishTime.DateOf(any) : null,
                c.FirstFaceToFaceAt is { } f2f ? SwedishTime.DateOf(f2f) : null)),
            FaceToFaceContactsByCoach = faceToFace.ToDictionary(c => c.CoachId, c => c.Contacts),
            Coaches = coaches.AsList(),
        };
    }

    /// <summary>Whether the coach exists in the caller's organisation (a filter on another tenant's coach is an error, not an empty report).</summary>
    public static async Task<bool> CoachExistsAsync(Db db, long tenantId, long coachId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(Sqls.CoachExists),
            new { TenantId = tenantId, CoachId = coachId }, cancellationToken: ct)) > 0;
    }

    private sealed class ParticipantRow
    {
        public long Id { get; init; }
        public long? CoachId { get; init; }
        public DateOnly EnrolmentDate { get; init; }
        public ParticipantStatus Status { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public DateOnly? ExitedOn { get; init; }

        // An exit recorded through POST …/exit has its date; a status set to Exited some other way
        // is taken to date from the participant's last change, so that it stops counting as served.
        public ReportParticipant ToParticipant() => new(Id, CoachId, EnrolmentDate,
            ExitedOn ?? (Status == ParticipantStatus.Exited ? SwedishTime.DateOf(UpdatedAt) : null));
    }

    private sealed class FirstContactRow
    {
        public long ParticipantId { get; init; }
        public DateTimeOffset? FirstContactAt { get; init; }
        public DateTimeOffset? FirstFaceToFaceAt { get; init; }
    }

    private sealed class CoachCountRow
    {
        public long CoachId { get; init; }
        public long Contacts { get; init; }
    }

    private static class Sqls
    {
        public static readonly Sql Participants = new("""
            SELECT p.id AS Id, p.coach_id AS CoachId, p.enrolment_date AS EnrolmentDate, p.status AS Status,
                   p.updated_at AS UpdatedAt, x.exited_on AS ExitedOn
            FROM participants p
            LEFT JOIN participant_exits x ON x.participant_id = p.id AND x.tenant_id = p.tenant_id
            WHERE p.tenant_id = @TenantId AND p.enrolment_date <= @To AND (@CoachId IS NULL OR p.coach_id = @CoachId);
            """);

        // Placements up to the end of the period: those before it are needed for "first competitive job".
        public static readonly Sql Placements = new("""
            SELECT pl.participant_id AS ParticipantId, pl.employer_id AS EmployerId, pl.kind AS Kind, pl.ssyk_code AS SsykCode,
                   pl.start_date AS StartDate, e.sector AS Sector
            FROM placements pl
            JOIN participants p ON p.id = pl.participant_id AND p.tenant_id = pl.tenant_id
            JOIN employers e ON e.id = pl.employer_id AND e.tenant_id = pl.tenant_id
            WHERE pl.tenant_id = @TenantId AND pl.start_date <= @To AND (@CoachId IS NULL OR p.coach_id = @CoachId);
            """);

        // Each participant's first employer contact (any kind, and face-to-face) up to the end of the period.
        public static readonly Sql FirstContacts = new($"""
            SELECT c.participant_id AS ParticipantId, MIN(c.contacted_at) AS FirstContactAt,
                   MIN(CASE WHEN c.kind = @FaceToFace THEN c.contacted_at END) AS FirstFaceToFaceAt
            FROM employer_contacts c
            JOIN participants p ON p.id = c.participant_id AND p.tenant_id = c.tenant_id
            WHERE c.tenant_id = @TenantId AND c.contacted_at < @ToEnd AND (@CoachId IS NULL OR p.coach_id = @CoachId)
              AND c.{CountedContacts.Condition}
            GROUP BY c.participant_id;
            """);

        public static readonly Sql FaceToFaceByCoach = new($"""
            SELECT c.coach_id AS CoachId, COUNT(1) AS Contacts
            FROM employer_contacts c
            WHERE c.tenant_id = @TenantId AND c.kind = @FaceToFace AND c.contacted_at >= @FromStart AND c.contacted_at < @ToEnd
              AND (@CoachId IS NULL OR c.coach_id = @CoachId) AND c.{CountedContacts.Condition}
            GROUP BY c.coach_id;
            """);

        public static readonly Sql Coaches = new("""
            SELECT id AS Id, name AS Name FROM coaches
            WHERE tenant_id = @TenantId AND (@CoachId IS NULL OR id = @CoachId);
            """);

        public static readonly Sql CoachExists = new("SELECT COUNT(1) FROM coaches WHERE id = @CoachId AND tenant_id = @TenantId;");
    }
}

public sealed record ReportParticipant(long Id, long? CoachId, DateOnly EnrolmentDate, DateOnly? ExitedOn);

/// <summary>First employer contact about the participant, as Swedish dates, up to the end of the period.</summary>
public sealed record FirstContacts(DateOnly? Any, DateOnly? FaceToFace);

public sealed class ReportPlacement
{
    public long ParticipantId { get; init; }
    public long EmployerId { get; init; }
    public PlacementKind Kind { get; init; }
    public string? SsykCode { get; init; }
    public DateOnly StartDate { get; init; }
    public Sector Sector { get; init; }

    /// <summary>Everything but education is a job start (education is not work).</summary>
    public bool IsJobStart => Kind != PlacementKind.Education;
}

public sealed class ReportCoach
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
}
