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
    public required IReadOnlyList<ReportContact> Contacts { get; init; }
    public required IReadOnlyList<ReportCoach> Coaches { get; init; }

    /// <summary>Each participant's desired occupations (SSYK codes, 1–4 digits), for those who have stated any.</summary>
    public required IReadOnlyDictionary<long, IReadOnlyList<string>> DesiredOccupations { get; init; }

    /// <summary>The SSYK codes each employer has had openings or placements in (any time, any coach).</summary>
    public required IReadOnlyDictionary<long, IReadOnlySet<string>> EmployerOccupations { get; init; }

    /// <summary>Face-to-face employer contacts in the period, by coach.</summary>
    public IReadOnlyDictionary<long, long> FaceToFaceContactsByCoach =>
        _faceToFaceByCoach ??= Contacts.Where(c => c.Kind == ContactKind.FaceToFace && Scope.Contains(c.Date))
            .GroupBy(c => c.CoachId).ToDictionary(g => g.Key, g => (long)g.Count());

    private IReadOnlyDictionary<long, long>? _faceToFaceByCoach;

    /// <summary>The same data seen from a part of the period (a quarter or a year): the rows outside it are ignored by every rule.</summary>
    public ReportData Within(DateOnly from, DateOnly to) => new()
    {
        Scope = Scope with { From = from, To = to },
        Participants = Participants,
        Placements = Placements,
        FirstContacts = FirstContacts,
        Contacts = Contacts,
        Coaches = Coaches,
        DesiredOccupations = DesiredOccupations,
        EmployerOccupations = EmployerOccupations,
    };

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
        var participants = await connection.QueryAsync<ParticipantRow>(db, Sqls.Participants, args, null, ct);
        var placements = await connection.QueryAsync<ReportPlacement>(db, Sqls.Placements, args, null, ct);
        var contacts = await connection.QueryAsync<FirstContactRow>(db, Sqls.FirstContacts, args, null, ct);
        var inPeriod = await connection.QueryAsync<ContactRow>(db, Sqls.Contacts, args, null, ct);
        var coaches = await connection.QueryAsync<ReportCoach>(db, Sqls.Coaches, args, null, ct);
        var goals = await connection.QueryAsync<GoalsRow>(db, Sqls.Goals, args, null, ct);
        var occupations = await connection.QueryAsync<EmployerOccupationRow>(db, Sqls.EmployerOccupations, args, null, ct);

        return new ReportData
        {
            Scope = scope,
            Participants = participants.Select(p => p.ToParticipant()).ToList(),
            Placements = placements.AsList(),
            FirstContacts = contacts.ToDictionary(c => c.ParticipantId, c => new FirstContacts(
                c.FirstContactAt is { } any ? SwedishTime.DateOf(any) : null,
                c.FirstFaceToFaceAt is { } f2f ? SwedishTime.DateOf(f2f) : null)),
            Contacts = inPeriod.Select(c => new ReportContact(c.CoachId, c.EmployerId, c.ParticipantId, c.Kind, SwedishTime.DateOf(c.ContactedAt))).ToList(),
            Coaches = coaches.AsList(),
            DesiredOccupations = goals
                .Select(g => (g.ParticipantId, Codes: GoalsJson.Deserialize(g.GoalsJson, null).DesiredOccupations))
                .Where(g => g.Codes.Count > 0)
                .ToDictionary(g => g.ParticipantId, g => g.Codes),
            EmployerOccupations = occupations.GroupBy(o => o.EmployerId)
                .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(o => o.SsykCode).ToHashSet(StringComparer.Ordinal)),
        };
    }

    private sealed class ParticipantRow
    {
        public long Id { get; init; }
        public long? CoachId { get; init; }
        public DateOnly EnrolmentDate { get; init; }
        public ParticipantStatus Status { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public DateOnly? ExitedOn { get; init; }
        public ExitReason? ExitReason { get; init; }

        // An exit recorded through POST …/exit has its date; a status set to Exited some other way
        // is taken to date from the participant's last change, so that it stops counting as served.
        public ReportParticipant ToParticipant() => new(Id, CoachId, EnrolmentDate,
            ExitedOn ?? (Status == ParticipantStatus.Exited ? SwedishTime.DateOf(UpdatedAt) : null), ExitReason);
    }

    private sealed class FirstContactRow
    {
        public long ParticipantId { get; init; }
        public DateTimeOffset? FirstContactAt { get; init; }
        public DateTimeOffset? FirstFaceToFaceAt { get; init; }
    }

    private sealed class ContactRow
    {
        public long CoachId { get; init; }
        public long EmployerId { get; init; }
        public long? ParticipantId { get; init; }
        public ContactKind Kind { get; init; }
        public DateTimeOffset ContactedAt { get; init; }
    }

    private sealed class GoalsRow
    {
        public long ParticipantId { get; init; }
        public string GoalsJson { get; init; } = "{}";
    }

    private sealed class EmployerOccupationRow
    {
        public long EmployerId { get; init; }
        public string SsykCode { get; init; } = "";
    }

    private static class Sqls
    {
        public static readonly Sql Participants = new("""
            SELECT p.id AS Id, p.coach_id AS CoachId, p.enrolment_date AS EnrolmentDate, p.status AS Status,
                   p.updated_at AS UpdatedAt, x.exited_on AS ExitedOn, x.reason AS ExitReason
            FROM participants p
            LEFT JOIN participant_exits x ON x.participant_id = p.id AND x.tenant_id = p.tenant_id
            WHERE p.tenant_id = @TenantId AND p.enrolment_date <= @To AND (@CoachId IS NULL OR p.coach_id = @CoachId);
            """);

        // Placements up to the end of the period: those before it are needed for "first competitive job".
        public static readonly Sql Placements = new("""
            SELECT pl.participant_id AS ParticipantId, pl.employer_id AS EmployerId, pl.kind AS Kind, pl.ssyk_code AS SsykCode,
                   pl.start_date AS StartDate, pl.end_date AS EndDate, e.sector AS Sector
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

        // Every employer contact in the period: by the coach (job development) or about the coach's participants
        // (individualized job search, follow-along). Contacts a coach has withdrawn count nowhere (CountedContacts).
        public static readonly Sql Contacts = new($"""
            SELECT c.coach_id AS CoachId, c.employer_id AS EmployerId, c.participant_id AS ParticipantId, c.kind AS Kind,
                   c.contacted_at AS ContactedAt
            FROM employer_contacts c
            LEFT JOIN participants p ON p.id = c.participant_id AND p.tenant_id = c.tenant_id
            WHERE c.tenant_id = @TenantId AND c.contacted_at >= @FromStart AND c.contacted_at < @ToEnd
              AND (@CoachId IS NULL OR c.coach_id = @CoachId OR p.coach_id = @CoachId)
              AND c.{CountedContacts.Condition};
            """);

        public static readonly Sql Goals = new("""
            SELECT g.participant_id AS ParticipantId, g.goals_json AS GoalsJson
            FROM participant_goals g
            JOIN participants p ON p.id = g.participant_id AND p.tenant_id = g.tenant_id
            WHERE g.tenant_id = @TenantId AND p.enrolment_date <= @To AND (@CoachId IS NULL OR p.coach_id = @CoachId);
            """);

        // What each employer is known to hire: the occupations of its openings and placements.
        public static readonly Sql EmployerOccupations = new("""
            SELECT employer_id AS EmployerId, ssyk_code AS SsykCode FROM openings WHERE tenant_id = @TenantId
            UNION
            SELECT employer_id, ssyk_code FROM placements WHERE tenant_id = @TenantId AND ssyk_code IS NOT NULL;
            """);

        public static readonly Sql Coaches = new("""
            SELECT id AS Id, name AS Name FROM coaches
            WHERE tenant_id = @TenantId AND (@CoachId IS NULL OR id = @CoachId);
            """);
    }
}

public sealed record ReportParticipant(long Id, long? CoachId, DateOnly EnrolmentDate, DateOnly? ExitedOn, ExitReason? ExitReason = null);

/// <summary>An employer contact in the period, on its Swedish date.</summary>
public sealed record ReportContact(long CoachId, long EmployerId, long? ParticipantId, ContactKind Kind, DateOnly Date);

/// <summary>First employer contact about the participant, as Swedish dates, up to the end of the period.</summary>
public sealed record FirstContacts(DateOnly? Any, DateOnly? FaceToFace);

public sealed class ReportPlacement
{
    public long ParticipantId { get; init; }
    public long EmployerId { get; init; }
    public PlacementKind Kind { get; init; }
    public string? SsykCode { get; init; }
    public DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public Sector Sector { get; init; }

    /// <summary>Whether the placement ran on any day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool Overlaps(DateOnly from, DateOnly to) => StartDate <= to && (EndDate is null || EndDate >= from);

    /// <summary>Everything but education is a job start (education is not work).</summary>
    public bool IsJobStart => Kind != PlacementKind.Education;
}

public sealed class ReportCoach
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
}
