using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Participants;

/// <summary>A person in IPS, known to MatchApi only by the municipality's case reference.</summary>
public sealed record ParticipantDto(
    [property: Description("The participant's id in MatchApi.")] long Id,
    [property: Description("The municipality's own case reference for the participant.")] string ExternalRef,
    [property: Description("The participant's coach, if one is assigned.")] long? CoachId,
    [property: Description("The date the participant was enrolled in IPS.")] DateOnly EnrolmentDate,
    [property: Description("Whether the participant is active, paused or has left the programme.")] ParticipantStatus Status,
    [property: Description("When the participant was added.")] DateTimeOffset CreatedAt,
    [property: Description("When the participant was last changed (goals are versioned apart).")] DateTimeOffset UpdatedAt,
    [property: Description("True when the participant's own goals have been recorded.")] bool HasGoals,
    [property: Description("The name the participant wants to be called by, if given.")] string? CallingName = null);

/// <summary>A participant's case reference, coach, enrolment and status; used to create and to replace.</summary>
/// <remarks>Properties rather than a positional record, so that the document marks only the two required ones as required.</remarks>
public sealed record ParticipantRequest
{
    [Required]
    [Description("The municipality's own case reference (at most 100 characters, unique in your organisation). "
        + "Never a personal identity number: those are refused.")]
    public string ExternalRef { get; init; } = "";

    [Description("Id of a coach of your organisation; null or omitted when none is assigned.")]
    public long? CoachId { get; init; }

    [Required]
    [Description("The date the participant was enrolled in IPS (from 2000-01-01 to 30 days ahead).")]
    public DateOnly? EnrolmentDate { get; init; }

    [Description("Defaults to active when omitted; a PUT replaces every field, so send it on updates.")]
    public ParticipantStatus? Status { get; init; }

    [Description("The name the participant wants to be called by: a first name or nickname, at most 50 characters; optional. "
        + "Shown to their coaches only: erased with the participant, never logged, never in reports. A PUT without it clears it.")]
    public string? CallingName { get; init; }
}

public sealed class ParticipantRequestValidator : AbstractValidator<ParticipantRequest>
{
    private static readonly DateOnly EarliestEnrolment = new(2000, 1, 1);

    // Enrolment may be registered a little ahead of the first meeting, but not far ahead.
    private const int DaysAheadAllowed = 30;

    public ParticipantRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.ExternalRef).NotEmpty().MaximumLength(100)
            .Must(r => !PersonalIdentityNumbers.ContainsOne(r)).WithMessage(PersonalIdentityNumbers.NotStoredMessage)
            .Must(r => r is null || !r.StartsWith(ParticipantErasure.TombstonePrefix, StringComparison.OrdinalIgnoreCase))
            .WithMessage($"'{{PropertyName}}' must not start with '{ParticipantErasure.TombstonePrefix}': such references mark erased participants.");
        RuleFor(x => x.CoachId).GreaterThan(0).When(x => x.CoachId is not null);
        RuleFor(x => x.EnrolmentDate).NotNull()
            .GreaterThanOrEqualTo(EarliestEnrolment)
            .Must(d => d <= clock.Today().AddDays(DaysAheadAllowed))
            .WithMessage($"'{{PropertyName}}' must not be more than {DaysAheadAllowed} days in the future.");
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.CallingName).MaximumLength(CallingNameMaxLength)
            .Must(n => !PersonalIdentityNumbers.ContainsOne(n)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
    }

    public const int CallingNameMaxLength = 50;
}

/// <summary>What the list of participants can be narrowed to; bound from the query with [AsParameters].</summary>
public sealed class ParticipantFilter
{
    [FromQuery(Name = "coachId"), Description("Only participants of this coach.")]
    public long? CoachId { get; init; }

    [FromQuery(Name = "status"), Description("Only participants with this status.")]
    public string? Status { get; init; }
}

public sealed class ParticipantFilterValidator : AbstractValidator<ParticipantFilter>
{
    public ParticipantFilterValidator() =>
        RuleFor(x => x.Status).IsEnumName(typeof(ParticipantStatus), caseSensitive: false).WithMessage("status must be one of active, paused, exited.");
}

public static class ParticipantsApi
{
    public static RouteGroupBuilder MapParticipants(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/participants").WithTags("Participants").WithValidation();

        group.MapGet("/", List).WithName("ListParticipants").WithSummary("List your organisation's participants")
            .RequireAuthorization(Scopes.ParticipantsRead)
            .Audited("participants");
        group.MapGet("/{id:long}", Get).WithName("GetParticipant").WithSummary("Get a participant")
            .RequireAuthorization(Scopes.ParticipantsRead)
            .Audited("participant");
        group.MapPost("/", Create).WithName("CreateParticipant").WithSummary("Enrol a participant")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.ParticipantsWrite)
            .Audited("participant");
        group.MapPut("/{id:long}", Update).WithName("UpdateParticipant")
            .WithSummary("Update a participant's case reference, coach, enrolment date and status")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.ParticipantsWrite)
            .Audited("participant");
        // Erasure cannot be undone, so it takes an admin key rather than participants:write.
        group.MapDelete("/{id:long}", Erase).WithName("EraseParticipant")
            .WithSummary("Erase a participant's personal data (goals, case reference, contact notes); anonymised outcomes are kept")
            .RequireAuthorization(Scopes.Admin)
            .Audited("participant", AuditAction.Erase);
        return group;
    }

    public static async Task<Results<Ok<PagedList<ParticipantDto>>, ValidationProblem>> List(
        [AsParameters] ParticipantFilter filter, [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        // ParticipantFilterValidator has checked the status's name.
        _ = QueryEnum.TryParse<ParticipantStatus>(filter.Status, out var statusFilter);
        var args = new { TenantId = user.TenantId(), filter.CoachId, Status = statusFilter?.ToString() };
        return TypedResults.Ok(await Pages.ReadAsync<Row, ParticipantDto>(db, Sqls.List, Sqls.Count, args, paging, r => r.ToDto(), ct));
    }

    public static async Task<Results<Ok<ParticipantDto>, NotFoundProblem>> Get(
        [Description("The participant's id.")] long id, ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>(Sqls.Get, new { Id = id, TenantId = user.TenantId() }, ct);
        if (row is null) return NotFound(id);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<Created<ParticipantDto>, ValidationProblem, ProblemHttpResult>> Create(
        ParticipantRequest request, ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = Args(null, request, user, now, null);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await IsUnknownCoachAsync(db, connection, tx, args.TenantId, request.CoachId, ct)) return UnknownCoach(request.CoachId);
        if (await IsReferenceTakenAsync(db, connection, tx, args, ct)) return ReferenceTaken(request.ExternalRef);
        var id = await connection.ExecuteScalarAsync<long>(db, Sqls.Insert, args, tx, ct);
        await tx.CommitAsync(ct);

        http.AuditParticipant(id);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/participants/{id}",
            new ParticipantDto(id, request.ExternalRef, request.CoachId, args.EnrolmentDate, args.StatusValue, now, now, HasGoals: false, args.CallingName));
    }

    public static async Task<Results<Ok<ParticipantDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Update(
        [Description("The participant's id.")] long id, ParticipantRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = Args(id, request, user, clock.GetUtcNow(), expected);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // 404 and 412 come before checks of the body's references: they say the caller's view is wrong.
        var current = await connection.QuerySingleOrDefaultAsync<long?>(db, Sqls.Version, args, tx, ct);
        if (current is null) return NotFound(id);
        if (expected is not null && expected != current) return ETags.Stale();
        if (await IsUnknownCoachAsync(db, connection, tx, args.TenantId, request.CoachId, ct)) return UnknownCoach(request.CoachId);
        if (await IsReferenceTakenAsync(db, connection, tx, args, ct)) return ReferenceTaken(request.ExternalRef);

        switch (await Versioned.UpdateAsync(db, connection, tx, Sqls.Update, Sqls.Exists, args, ct))
        {
            case UpdateOutcome.NotFound: return NotFound(id);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<NoContent, NotFoundProblem>> Erase(
        [Description("The participant's id.")] long id, ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct) =>
        await ParticipantErasure.EraseAsync(db, user.TenantId(), id, clock.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : NotFound(id);

    // What the validator cannot know: the coach must be one of the caller's, and the case reference must be
    // free in the caller's organisation. Asked inside the writing transaction so that the answer holds.
    private static async Task<bool> IsUnknownCoachAsync(Db db, DbConnection connection, DbTransaction tx, long tenantId, long? coachId, CancellationToken ct) =>
        coachId is { } id && !await TenantRows.CoachExistsAsync(db, connection, tx, id, tenantId, ct);

    private static async Task<bool> IsReferenceTakenAsync(Db db, DbConnection connection, DbTransaction tx, object args, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(db, Sqls.RefTaken, args, tx, ct) > 0;

    private static ValidationProblem UnknownCoach(long? coachId) => FieldProblem.Result("coachId", TenantRows.NoCoach(coachId));

    private static ProblemHttpResult ReferenceTaken(string externalRef) =>
        ConflictProblem.Result($"Another participant in your organisation already has the case reference '{externalRef}'.");

    private static NotFoundProblem NotFound(long id) => LiveParticipants.NotFound(id);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // The row a request writes, for the insert and the update alike; the status is stored by its name.
    private sealed record ParticipantArgs(long? Id, long TenantId, string ExternalRef, long? CoachId, DateOnly EnrolmentDate,
        ParticipantStatus StatusValue, string? CallingName, DateTimeOffset Now, long? Version)
    {
        public string Status => StatusValue.ToString();
    }

    private static ParticipantArgs Args(long? id, ParticipantRequest request, ClaimsPrincipal user, DateTimeOffset now, long? version) =>
        new(id, user.TenantId(), request.ExternalRef, request.CoachId, request.EnrolmentDate!.Value,
            request.Status ?? ParticipantStatus.Active, Blank(request.CallingName), now, version);

    private sealed class Row
    {
        public long Id { get; init; }
        public string ExternalRef { get; init; } = "";
        public long? CoachId { get; init; }
        public DateOnly EnrolmentDate { get; init; }
        public ParticipantStatus Status { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public bool HasGoals { get; init; }
        public string? CallingName { get; init; }
        public long Version { get; init; }

        public ParticipantDto ToDto() => new(Id, ExternalRef, CoachId, EnrolmentDate, Status, CreatedAt, UpdatedAt, HasGoals, CallingName);
    }

    private static class Sqls
    {
        private const string Columns = """
            p.id AS Id, p.external_ref AS ExternalRef, p.coach_id AS CoachId, p.enrolment_date AS EnrolmentDate,
            p.status AS Status, p.created_at AS CreatedAt, p.updated_at AS UpdatedAt, p.calling_name AS CallingName,
            CASE WHEN EXISTS (SELECT 1 FROM participant_goals g WHERE g.participant_id = p.id AND g.tenant_id = p.tenant_id)
                 THEN 1 ELSE 0 END AS HasGoals
            """;

        // Erased participants are kept only as anonymised statistics: no route shows them.
        private const string Filter = """
            p.tenant_id = @TenantId AND p.erased_at IS NULL AND (@CoachId IS NULL OR p.coach_id = @CoachId) AND (@Status IS NULL OR p.status = @Status)
            """;

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns} FROM participants p
            WHERE {Filter}
            """,
            orderBy: "p.enrolment_date, p.id");

        public static readonly Sql Count = new($"SELECT COUNT(1) FROM participants p WHERE {Filter};");

        public static readonly Sql Get = new(
            $"SELECT {Columns}, p.version AS Version FROM participants p WHERE p.id = @Id AND p.tenant_id = @TenantId AND p.erased_at IS NULL;");

        public static readonly Sql Version = new("SELECT version FROM participants WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;");

        public static readonly Sql Exists = new("SELECT COUNT(1) FROM participants WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;");


        // SQLite transactions here begin IMMEDIATE, so writers are already serialised; on SQL Server the
        // key-range lock keeps a concurrent request from taking the same reference between check and write.
        public static readonly Sql RefTaken = new(
            Sqlite: """
                SELECT COUNT(1) FROM participants
                WHERE tenant_id = @TenantId AND external_ref = @ExternalRef AND (@Id IS NULL OR id <> @Id);
                """,
            SqlServer: """
                SELECT COUNT(1) FROM participants WITH (UPDLOCK, HOLDLOCK)
                WHERE tenant_id = @TenantId AND external_ref = @ExternalRef AND (@Id IS NULL OR id <> @Id);
                """);

        public static readonly Sql Insert = Sql.InsertReturningId(
            """
                INSERT INTO participants (tenant_id, external_ref, coach_id, enrolment_date, status, calling_name, created_at, updated_at)
                """,
            """
                VALUES (@TenantId, @ExternalRef, @CoachId, @EnrolmentDate, @Status, @CallingName, @Now, @Now)
                """);

        public static readonly Sql Update = new("""
            UPDATE participants
            SET external_ref = @ExternalRef, coach_id = @CoachId, enrolment_date = @EnrolmentDate, status = @Status, calling_name = @CallingName,
                updated_at = @Now, version = version + 1
            WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL AND (@Version IS NULL OR version = @Version);
            """);
    }
}
