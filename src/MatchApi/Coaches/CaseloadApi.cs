using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Dapper;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Participants;
using MatchApi.Reports;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MatchApi.Coaches;

/// <summary>Where a coach should act for a participant. The web client writes each out in words.</summary>
public enum CaseloadFlag
{
    /// <summary>No employer contact about the participant within the first-contact days of enrolment (30).</summary>
    NoFirstContactInTime,
    /// <summary>An active participant enrolled longer than the recent-contact days (14) without an employer contact about them in that time.</summary>
    NoRecentContact,
    /// <summary>A next step not done by its day.</summary>
    OverdueNextStep,
    /// <summary>A job start in the last follow-up days (30) without a contact with that employer about the participant since the start.</summary>
    JobStartWithoutFollowUp,
}

/// <summary>How the caseload may be ordered.</summary>
public enum CaseloadSort
{
    /// <summary>Longest enrolled first (the default).</summary>
    Enrolment,
    /// <summary>Most flags first, then longest enrolled.</summary>
    Flags,
    /// <summary>Longest since an employer contact first; never contacted before any contact.</summary>
    LastContact,
    /// <summary>Earliest open next step first; none last.</summary>
    NextStep,
    /// <summary>By calling name, else case reference.</summary>
    Name,
}

/// <summary>The caseload's thresholds, configuration section <c>Caseload</c>; the first-contact days are the fidelity report's.</summary>
public sealed class CaseloadOptions
{
    public const string Section = "Caseload";

    /// <summary>Days without an employer contact about an active participant before the caseload says so.</summary>
    public int RecentContactDays { get; set; } = 14;

    /// <summary>Days after a job start within which the coach should have contacted the employer about the participant.</summary>
    public int JobStartFollowUpDays { get; set; } = 30;

    public bool IsValid() => RecentContactDays is > 0 and <= 365 && JobStartFollowUpDays is > 0 and <= 365;
}

/// <summary>A coach's current caseload, with how recently each participant's job search reached an employer.</summary>
public sealed record CaseloadDto(
    [property: Description("The coach.")] long CoachId,
    [property: Description("Today's date in Sweden, which the day counts are measured to.")] DateOnly Today,
    [property: Description("Participants on the caseload: the coach's participants who have not exited (active or paused), whatever the search.")] int Count,
    [property: Description("The IPS caseload limit (20 participants per coach; configuration Reports:Fidelity:CaseloadSize:FiveAt).")] int Limit,
    [property: Description("Days from enrolment within which the first employer contact should happen (30; Reports:Fidelity:RapidJobSearch:Days).")] int FirstContactWithinDays,
    [property: Description("Days without an employer contact before noRecentContact is raised (14; Caseload:RecentContactDays).")] int RecentContactDays,
    [property: Description("Days after a job start within which the employer should be contacted (30; Caseload:JobStartFollowUpDays).")] int JobStartFollowUpDays,
    [property: Description("The participants matching the search, in the requested order.")] IReadOnlyList<CaseloadParticipantDto> Participants);

/// <summary>One participant on a caseload.</summary>
public sealed record CaseloadParticipantDto(
    [property: Description("The participant's id.")] long Id,
    [property: Description("The municipality's own case reference for the participant.")] string ExternalRef,
    [property: Description("The name the participant wants to be called by, if given.")] string? CallingName,
    [property: Description("The date the participant was enrolled in IPS.")] DateOnly EnrolmentDate,
    [property: Description("Active or paused.")] ParticipantStatus Status,
    [property: Description("True when the participant's own goals have been recorded.")] bool HasGoals,
    [property: Description("Days from enrolment to today (negative when enrolment lies ahead).")] int DaysSinceEnrolment,
    [property: Description("The first employer contact about the participant, by any coach; null when none.")] DateTimeOffset? FirstEmployerContactAt,
    [property: Description("The latest employer contact about the participant, by any coach; null when none.")] DateTimeOffset? LastEmployerContactAt,
    [property: Description("Days from the latest employer contact to today; null when there has been none.")] int? DaysSinceLastEmployerContact,
    [property: Description("True when firstContactWithinDays have passed since enrolment without an employer contact about the participant in that time.")]
    bool NoEmployerContactInTime,
    [property: Description("Open next steps due today.")] int NextStepsDueToday,
    [property: Description("Open next steps whose day has passed.")] int NextStepsOverdue,
    [property: Description("The earliest day among open next steps; null when none is open.")] DateOnly? NextStepDueOn,
    [property: Description("The latest job start in the last jobStartFollowUpDays without a follow-up contact with its employer; null when none.")]
    DateOnly? JobStartWithoutFollowUpOn,
    [property: Description("Where to act, as codes: noFirstContactInTime, noRecentContact, overdueNextStep, jobStartWithoutFollowUp.")]
    IReadOnlyList<CaseloadFlag> Flags);

public static class CaseloadApi
{
    public static IServiceCollection AddCaseload(this IServiceCollection services)
    {
        services.AddOptions<CaseloadOptions>()
            .BindConfiguration(CaseloadOptions.Section)
            .Validate(o => o.IsValid(), $"{CaseloadOptions.Section}: RecentContactDays and JobStartFollowUpDays must be from 1 to 365.")
            .ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapCaseload(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/coaches").WithTags("Coaches").WithValidation();

        // The answer carries employer-contact dates as well as participants, so it needs both read scopes.
        group.MapGet("/{id:long}/caseload", Get).WithName("GetCoachCaseload")
            .WithSummary("A coach's caseload: participants, days since enrolment and since the last employer contact, next steps, and where to act")
            .RequireAuthorization(Scopes.ParticipantsRead, Scopes.EmployersRead)
            // It lists participants, like GET /v1/participants: each read is audited and the answer marked no-store.
            .Audited("caseload", participantRouteValue: null);
        return group;
    }

    public static async Task<Results<Ok<CaseloadDto>, NotFoundProblem, ValidationProblem>> Get(
        [Description("The coach's id.")] long id,
        [Description("Only participants whose case reference or calling name contains this (case, punctuation and Swedish spelling variants ignored).")] string? q,
        [Description("Order: enrolment (default, longest enrolled first), flags, lastContact, nextStep or name.")] string? sort,
        ClaimsPrincipal user, Db db, TimeProvider clock,
        IOptionsMonitor<FidelityOptions> fidelity, IOptionsMonitor<CaseloadOptions> caseload, CancellationToken ct)
    {
        if (!QueryEnum.TryParse<CaseloadSort>(sort, out var order))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            { ["sort"] = ["sort must be one of enrolment, flags, lastContact, nextStep, name."] });
        if (q is { Length: > 100 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["q must be at most 100 characters."] });

        var within = fidelity.CurrentValue.RapidJobSearch.Days;
        var options = caseload.CurrentValue;
        var today = clock.Today();
        var args = new
        {
            Id = id, TenantId = user.TenantId(), Exited = ParticipantStatus.Exited.ToString(), Today = today,
            StartedSince = today.AddDays(-options.JobStartFollowUpDays),
        };
        await using var connection = await db.OpenAsync(ct);
        if (!await TenantRows.CoachExistsAsync(db, connection, null, id, args.TenantId, ct))
            return new NotFoundProblem(TenantRows.NoCoach(id));
        var rows = (await connection.QueryAsync<Row>(db, Sqls.Caseload, args, null, ct)).ToList();
        var steps = (await connection.QueryAsync<StepsRow>(db, Sqls.OpenSteps, args, null, ct))
            .ToDictionary(s => s.ParticipantId);
        // A follow-up counts from the Swedish start day on: contacted_at is UTC, so the day is compared here, not in SQL.
        var starts = (await connection.QueryAsync<StartRow>(db, Sqls.RecentStarts, args, null, ct))
            .Where(s => s.LastFollowUpAt is not { } at || SwedishTime.DateOf(at) < s.StartDate)
            .GroupBy(s => s.ParticipantId).ToDictionary(g => g.Key, g => g.Max(s => s.StartDate));

        var participants = rows
            .Select(r => r.ToDto(today, within, options, steps.GetValueOrDefault(r.Id), starts.TryGetValue(r.Id, out var start) ? start : null))
            .Where(p => Matches(p, q))
            .ToList();
        var limit = (int)fidelity.CurrentValue.CaseloadSize.FiveAt;
        return TypedResults.Ok(new CaseloadDto(id, today, rows.Count, limit, within, options.RecentContactDays, options.JobStartFollowUpDays,
            Sort(participants, order ?? CaseloadSort.Enrolment)));
    }

    private static bool Matches(CaseloadParticipantDto p, string? q) =>
        SwedishSearch.Contains(p.ExternalRef, q) || SwedishSearch.Contains(p.CallingName, q);

    private static List<CaseloadParticipantDto> Sort(List<CaseloadParticipantDto> participants, CaseloadSort order)
    {
        var swedish = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true);
        IEnumerable<CaseloadParticipantDto> sorted = order switch
        {
            CaseloadSort.Flags => participants.OrderByDescending(p => p.Flags.Count),
            CaseloadSort.LastContact => participants.OrderByDescending(p => p.DaysSinceLastEmployerContact ?? int.MaxValue),
            CaseloadSort.NextStep => participants.OrderBy(p => p.NextStepDueOn ?? DateOnly.MaxValue),
            CaseloadSort.Name => participants.OrderBy(p => p.CallingName ?? p.ExternalRef, swedish),
            _ => participants,
        };
        // The query's order (longest enrolled first) breaks every tie, since OrderBy is stable.
        return sorted.ToList();
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string ExternalRef { get; init; } = "";
        public string? CallingName { get; init; }
        public DateOnly EnrolmentDate { get; init; }
        public ParticipantStatus Status { get; init; }
        public bool HasGoals { get; init; }
        public DateTimeOffset? FirstContactAt { get; init; }
        public DateTimeOffset? LastContactAt { get; init; }

        public CaseloadParticipantDto ToDto(DateOnly today, int within, CaseloadOptions options, StepsRow? steps, DateOnly? startWithoutFollowUp)
        {
            // Days are Swedish calendar days, as in the reports: a contact at 00:30 Swedish time belongs to that day.
            var deadline = EnrolmentDate.AddDays(within);
            var late = FirstContactAt is { } first
                ? SwedishTime.DateOf(first) > deadline
                : today > deadline;
            int? sinceContact = LastContactAt is { } last ? today.DayNumber - SwedishTime.DateOf(last).DayNumber : null;
            var sinceEnrolment = today.DayNumber - EnrolmentDate.DayNumber;
            var overdue = steps?.Overdue ?? 0;

            var flags = new List<CaseloadFlag>();
            if (late) flags.Add(CaseloadFlag.NoFirstContactInTime);
            if (Status == ParticipantStatus.Active && sinceEnrolment > options.RecentContactDays
                && (sinceContact ?? int.MaxValue) > options.RecentContactDays)
                flags.Add(CaseloadFlag.NoRecentContact);
            if (overdue > 0) flags.Add(CaseloadFlag.OverdueNextStep);
            if (startWithoutFollowUp is not null) flags.Add(CaseloadFlag.JobStartWithoutFollowUp);

            return new CaseloadParticipantDto(Id, ExternalRef, CallingName, EnrolmentDate, Status, HasGoals, sinceEnrolment,
                FirstContactAt, LastContactAt, sinceContact, late, steps?.DueToday ?? 0, overdue, steps?.NextDueOn, startWithoutFollowUp, flags);
        }
    }

    private sealed class StepsRow
    {
        public long ParticipantId { get; init; }
        public int Overdue { get; init; }
        public int DueToday { get; init; }
        public DateOnly? NextDueOn { get; init; }
    }

    private sealed class StartRow
    {
        public long ParticipantId { get; init; }
        public DateOnly StartDate { get; init; }
        public DateTimeOffset? LastFollowUpAt { get; init; }
    }

    private static class Sqls
    {
        private const string CaseloadIds = "SELECT id FROM participants WHERE tenant_id = @TenantId AND coach_id = @Id AND status <> @Exited AND erased_at IS NULL";


        // Contacts by any coach count: the participant's job search is what is measured, not who made the call.
        public static readonly Sql Caseload = new($"""
            SELECT p.id AS Id, p.external_ref AS ExternalRef, p.calling_name AS CallingName, p.enrolment_date AS EnrolmentDate, p.status AS Status,
                CASE WHEN EXISTS (SELECT 1 FROM participant_goals g WHERE g.participant_id = p.id AND g.tenant_id = p.tenant_id)
                     THEN 1 ELSE 0 END AS HasGoals,
                c.FirstContactAt AS FirstContactAt, c.LastContactAt AS LastContactAt
            FROM participants p
            LEFT JOIN (
                SELECT participant_id AS ParticipantId, MIN(contacted_at) AS FirstContactAt, MAX(contacted_at) AS LastContactAt
                FROM employer_contacts
                WHERE tenant_id = @TenantId AND {CountedContacts.Condition}
                  AND participant_id IN ({CaseloadIds})
                GROUP BY participant_id
            ) c ON c.ParticipantId = p.id
            WHERE p.tenant_id = @TenantId AND p.coach_id = @Id AND p.status <> @Exited AND p.erased_at IS NULL
            ORDER BY p.enrolment_date, p.id;
            """);

        public static readonly Sql OpenSteps = new($"""
            SELECT participant_id AS ParticipantId,
                SUM(CASE WHEN due_on < @Today THEN 1 ELSE 0 END) AS Overdue,
                SUM(CASE WHEN due_on = @Today THEN 1 ELSE 0 END) AS DueToday,
                MIN(due_on) AS NextDueOn
            FROM next_steps
            WHERE tenant_id = @TenantId AND done_at IS NULL AND participant_id IN ({CaseloadIds})
            GROUP BY participant_id;
            """);

        // Recent job starts, each with its latest counted contact with the employer about the participant (a follow-up when it is on or after the Swedish start day).
        public static readonly Sql RecentStarts = new($"""
            SELECT pl.participant_id AS ParticipantId, pl.start_date AS StartDate,
                   (SELECT MAX(c.contacted_at) FROM employer_contacts c
                    WHERE c.tenant_id = pl.tenant_id AND c.employer_id = pl.employer_id AND c.participant_id = pl.participant_id
                      AND c.{CountedContacts.Condition}) AS LastFollowUpAt
            FROM placements pl
            WHERE pl.tenant_id = @TenantId AND pl.start_date >= @StartedSince AND pl.start_date <= @Today
              AND pl.participant_id IN ({CaseloadIds});
            """);
    }
}
