using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Participants;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.NextSteps;

/// <summary>What the coach will do next for a participant, and by when ("Ring tillbaka på måndag").</summary>
public sealed record NextStepDto(
    [property: Description("The next step's id.")] long Id,
    [property: Description("The participant it is for.")] long ParticipantId,
    [property: Description("What is to be done.")] string What,
    [property: Description("The day it should be done by.")] DateOnly DueOn,
    [property: Description("True once it is done.")] bool Done,
    [property: Description("When it was marked done; null while open.")] DateTimeOffset? DoneAt,
    [property: Description("The coach who is to do it; null when nobody is named.")] long? CoachId,
    [property: Description("When it was added.")] DateTimeOffset CreatedAt,
    [property: Description("When it was last changed.")] DateTimeOffset UpdatedAt);

/// <summary>A next step to add or to replace. Write about the job search, not about the participant's health.</summary>
public sealed record NextStepRequest
{
    [Required]
    [Description("What is to be done, at most 500 characters. Free text follows the rules of contact notes: no personal identity numbers.")]
    public string What { get; init; } = "";

    [Required]
    [Description("The day it should be done by (from 2000-01-01 to two years ahead).")]
    public DateOnly? DueOn { get; init; }

    [Description("True once it is done; defaults to false. A PUT replaces every field, so send it on updates.")]
    public bool? Done { get; init; }

    [Description("The coach who is to do it; a coach of your organisation. Omitted: the signed-in coach, if the caller is one.")]
    public long? CoachId { get; init; }
}

public sealed class NextStepRequestValidator : AbstractValidator<NextStepRequest>
{
    public const int WhatMaxLength = 500;

    public NextStepRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.What).NotEmpty().MaximumLength(WhatMaxLength)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
        RuleFor(x => x.DueOn).NotNull()
            .GreaterThanOrEqualTo(new DateOnly(2000, 1, 1))
            .Must(d => d <= clock.Today().AddYears(2)).WithMessage("'Due On' must not be more than two years ahead.");
        RuleFor(x => x.CoachId).GreaterThan(0).When(x => x.CoachId is not null);
    }
}

public static class NextStepsApi
{
    public static RouteGroupBuilder MapNextSteps(this IEndpointRouteBuilder app)
    {
        // Every route is about one participant: the audit filter answers 404 for anyone but a live participant of the caller's organisation.
        var group = app.MapGroup("/v1/participants/{id:long}/next-steps").WithTags("Next steps").WithValidation().Audited("next-steps");

        group.MapGet("/", List).WithName("ListNextSteps").WithSummary("List a participant's next steps: open ones by due date, then done ones")
            .RequireAuthorization(Scopes.ParticipantsRead);
        group.MapPost("/", Create).WithName("CreateNextStep").WithSummary("Add a next step for a participant")
            .RequireAuthorization(Scopes.ParticipantsWrite);
        group.MapPut("/{stepId:long}", Update).WithName("UpdateNextStep").WithSummary("Replace a next step (mark it done, move its date, reword it)")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.ParticipantsWrite);
        group.MapDelete("/{stepId:long}", Delete).WithName("DeleteNextStep").WithSummary("Delete a next step")
            .RequireAuthorization(Scopes.ParticipantsWrite);
        return group;
    }

    public static async Task<Results<Ok<PagedList<NextStepDto>>, ValidationProblem>> List(
        [Description("The participant's id.")] long id,
        [Description("true: only done ones; false: only open ones; omitted: all.")] bool? done,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var filter = new { Id = id, TenantId = user.TenantId(), Done = done };
        return TypedResults.Ok(await Pages.ReadAsync<Row, NextStepDto>(db, Sqls.List, Sqls.Count, filter, paging, r => r.ToDto(), ct));
    }

    public static async Task<Results<Created<NextStepDto>, ValidationProblem>> Create(
        [Description("The participant's id.")] long id, NextStepRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = Args(id, null, request, user, now, null);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await UnknownCoachAsync(db, connection, tx, args.TenantId, args.CoachId, ct) is { } problem) return problem;
        var stepId = await connection.ExecuteScalarAsync<long>(db, Sqls.Insert, args, tx, ct);
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, new { Id = id, StepId = stepId, args.TenantId }, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Created($"/v1/participants/{id}/next-steps/{stepId}", row.ToDto());
    }

    public static async Task<Results<Ok<NextStepDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Update(
        [Description("The participant's id.")] long id, [Description("The next step's id.")] long stepId, NextStepRequest request,
        ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<Row>(db,
            Sqls.Get, new { Id = id, StepId = stepId, TenantId = user.TenantId() }, tx, ct);
        if (current is null) return StepNotFound(id, stepId);
        // A step that stays done keeps the time it was first marked done.
        var doneAt = request.Done == true ? current.DoneAt ?? now : (DateTimeOffset?)null;
        var args = Args(id, stepId, request, user, now, expected, doneAt);
        if (await UnknownCoachAsync(db, connection, tx, args.TenantId, args.CoachId, ct) is { } problem) return problem;
        switch (await Versioned.UpdateAsync(db, connection, tx, Sqls.Update, Sqls.Exists, args, ct))
        {
            case UpdateOutcome.NotFound: return StepNotFound(id, stepId);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<NoContent, NotFoundProblem>> Delete(
        [Description("The participant's id.")] long id, [Description("The next step's id.")] long stepId,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var deleted = await db.ExecuteAsync(Sqls.Delete, new { Id = id, StepId = stepId, TenantId = user.TenantId() }, ct);
        return deleted == 1 ? TypedResults.NoContent() : StepNotFound(id, stepId);
    }

    private sealed record StepArgs(long Id, long? StepId, long TenantId, string What, DateOnly DueOn, DateTimeOffset? DoneAt,
        long? CoachId, DateTimeOffset Now, long? Version);

    private static StepArgs Args(long id, long? stepId, NextStepRequest request, ClaimsPrincipal user, DateTimeOffset now, long? version,
        DateTimeOffset? doneAt = null) =>
        new(id, stepId, user.TenantId(), request.What.Trim(), request.DueOn!.Value,
            stepId is null ? (request.Done == true ? now : null) : doneAt,
            request.CoachId ?? user.CoachId(), now, version);

    private static async Task<ValidationProblem?> UnknownCoachAsync(Db db, DbConnection connection, DbTransaction tx, long tenantId, long? coachId,
        CancellationToken ct)
    {
        if (coachId is null) return null;
        return await TenantRows.CoachExistsAsync(db, connection, tx, coachId.Value, tenantId, ct)
            ? null
            : FieldProblem.Result("coachId", TenantRows.NoCoach(coachId));
    }

    private static NotFoundProblem StepNotFound(long id, long stepId) => new($"No next step with id {stepId} for participant {id} in your organisation.");

    private sealed class Row
    {
        public long Id { get; init; }
        public long ParticipantId { get; init; }
        public string What { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public DateTimeOffset? DoneAt { get; init; }
        public long? CoachId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public long Version { get; init; }

        public NextStepDto ToDto() => new(Id, ParticipantId, What, DueOn, DoneAt is not null, DoneAt, CoachId, CreatedAt, UpdatedAt);
    }

    private static class Sqls
    {
        private const string Columns = """
            id AS Id, participant_id AS ParticipantId, what AS What, due_on AS DueOn, done_at AS DoneAt, coach_id AS CoachId,
            created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
            """;

        private const string Filter = """
            tenant_id = @TenantId AND participant_id = @Id
              AND (@Done IS NULL OR (@Done = 1 AND done_at IS NOT NULL) OR (@Done = 0 AND done_at IS NULL))
            """;

        public static readonly Sql List = Sql.Paged(
            $"SELECT {Columns} FROM next_steps WHERE {Filter}", orderBy: "CASE WHEN done_at IS NULL THEN 0 ELSE 1 END, due_on, id");

        public static readonly Sql Count = new($"SELECT COUNT(1) FROM next_steps WHERE {Filter};");

        public static readonly Sql Get = new(
            $"SELECT {Columns} FROM next_steps WHERE id = @StepId AND participant_id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Exists = new(
            "SELECT COUNT(1) FROM next_steps WHERE id = @StepId AND participant_id = @Id AND tenant_id = @TenantId;");


        public static readonly Sql Insert = Sql.InsertReturningId(
            """
                INSERT INTO next_steps (tenant_id, participant_id, coach_id, what, due_on, done_at, created_at, updated_at)
                """,
            """
                VALUES (@TenantId, @Id, @CoachId, @What, @DueOn, @DoneAt, @Now, @Now)
                """);

        public static readonly Sql Update = new("""
            UPDATE next_steps
            SET what = @What, due_on = @DueOn, done_at = @DoneAt, coach_id = @CoachId, updated_at = @Now, version = version + 1
            WHERE id = @StepId AND participant_id = @Id AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
            """);

        public static readonly Sql Delete = new(
            "DELETE FROM next_steps WHERE id = @StepId AND participant_id = @Id AND tenant_id = @TenantId;");
    }
}
