using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Participants;
using MatchApi.Reports;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MatchApi.Coaches;

/// <summary>A coach's current caseload, with how recently each participant's job search reached an employer.</summary>
public sealed record CaseloadDto(
    [property: Description("The coach.")] long CoachId,
    [property: Description("Today's date in Sweden, which the day counts are measured to.")] DateOnly Today,
    [property: Description("Participants on the caseload: the coach's participants who have not exited (active or paused).")] int Count,
    [property: Description("The IPS caseload limit (20 participants per coach; configuration Reports:Fidelity:CaseloadSize:FiveAt).")] int Limit,
    [property: Description("Days from enrolment within which the first employer contact should happen (30; Reports:Fidelity:RapidJobSearch:Days).")] int FirstContactWithinDays,
    [property: Description("The participants, longest enrolled first.")] IReadOnlyList<CaseloadParticipantDto> Participants);

/// <summary>One participant on a caseload.</summary>
public sealed record CaseloadParticipantDto(
    [property: Description("The participant's id.")] long Id,
    [property: Description("The municipality's own case reference for the participant.")] string ExternalRef,
    [property: Description("The date the participant was enrolled in IPS.")] DateOnly EnrolmentDate,
    [property: Description("Active or paused.")] ParticipantStatus Status,
    [property: Description("True when the participant's own goals have been recorded.")] bool HasGoals,
    [property: Description("Days from enrolment to today (negative when enrolment lies ahead).")] int DaysSinceEnrolment,
    [property: Description("The first employer contact about the participant, by any coach; null when none.")] DateTimeOffset? FirstEmployerContactAt,
    [property: Description("The latest employer contact about the participant, by any coach; null when none.")] DateTimeOffset? LastEmployerContactAt,
    [property: Description("Days from the latest employer contact to today; null when there has been none.")] int? DaysSinceLastEmployerContact,
    [property: Description("True when firstContactWithinDays have passed since enrolment without an employer contact about the participant in that time.")]
    bool NoEmployerContactInTime);

public static class CaseloadApi
{
    public static RouteGroupBuilder MapCaseload(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/coaches").WithTags("Coaches").WithValidation();

        // The answer carries employer-contact dates as well as participants, so it needs both read scopes.
        group.MapGet("/{id:long}/caseload", Get).WithName("GetCoachCaseload")
            .WithSummary("A coach's caseload: participants, days since enrolment and since the last employer contact")
            .RequireAuthorization(Scopes.ParticipantsRead, Scopes.EmployersRead);
        return group;
    }

    public static async Task<Results<Ok<CaseloadDto>, NotFoundProblem>> Get(
        [Description("The coach's id.")] long id, ClaimsPrincipal user, Db db, TimeProvider clock,
        IOptionsMonitor<FidelityOptions> fidelity, CancellationToken ct)
    {
        var args = new { Id = id, TenantId = user.TenantId(), Exited = ParticipantStatus.Exited.ToString() };
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(Sqls.CoachExists), args, cancellationToken: ct)) == 0)
            return new NotFoundProblem($"No coach with id {id} in your organisation.");
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(db.Text(Sqls.Caseload), args, cancellationToken: ct));

        var options = fidelity.CurrentValue;
        var within = options.RapidJobSearch.Days;
        var today = clock.Today();
        var participants = rows.Select(r => r.ToDto(today, within)).ToList();
        return TypedResults.Ok(new CaseloadDto(id, today, participants.Count, (int)options.CaseloadSize.FiveAt, within, participants));
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string ExternalRef { get; init; } = "";
        public DateOnly EnrolmentDate { get; init; }
        public ParticipantStatus Status { get; init; }
        public bool HasGoals { get; init; }
        public DateTimeOffset? FirstContactAt { get; init; }
        public DateTimeOffset? LastContactAt { get; init; }

        public CaseloadParticipantDto ToDto(DateOnly today, int within)
        {
            // Days are Swedish calendar days, as in the reports: a contact at 00:30 Swedish time belongs to that day.
            var deadline = EnrolmentDate.AddDays(within);
            var late = FirstContactAt is { } first
                ? SwedishTime.DateOf(first) > deadline
                : today > deadline;
            return new CaseloadParticipantDto(Id, ExternalRef, EnrolmentDate, Status, HasGoals,
                today.DayNumber - EnrolmentDate.DayNumber, FirstContactAt, LastContactAt,
                LastContactAt is { } last ? today.DayNumber - SwedishTime.DateOf(last).DayNumber : null, late);
        }
    }

    private static class Sqls
    {
        public static readonly Sql CoachExists = new("SELECT COUNT(1) FROM coaches WHERE id = @Id AND tenant_id = @TenantId;");

        // Contacts by any coach count: the participant's job search is what is measured, not who made the call.
        public static readonly Sql Caseload = new("""
            SELECT p.id AS Id, p.external_ref AS ExternalRef, p.enrolment_date AS EnrolmentDate, p.status AS Status,
                CASE WHEN EXISTS (SELECT 1 FROM participant_goals g WHERE g.participant_id = p.id AND g.tenant_id = p.tenant_id)
                     THEN 1 ELSE 0 END AS HasGoals,
                c.FirstContactAt AS FirstContactAt, c.LastContactAt AS LastContactAt
            FROM participants p
            LEFT JOIN (
                SELECT participant_id AS ParticipantId, MIN(contacted_at) AS FirstContactAt, MAX(contacted_at) AS LastContactAt
                FROM employer_contacts
                WHERE tenant_id = @TenantId
                  AND participant_id IN (SELECT id FROM participants WHERE tenant_id = @TenantId AND coach_id = @Id)
                GROUP BY participant_id
            ) c ON c.ParticipantId = p.id
            WHERE p.tenant_id = @TenantId AND p.coach_id = @Id AND p.status <> @Exited
            ORDER BY p.enrolment_date, p.id;
            """);
    }
}
