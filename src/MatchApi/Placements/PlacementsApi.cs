using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Placements;

/// <summary>A job start or other placement of a participant, and its end once it has ended.</summary>
public sealed record PlacementDto(
    [property: Description("The placement's id.")] long Id,
    [property: Description("The participant who started.")] long ParticipantId,
    [property: Description("The employer (or school, for education).")] long EmployerId,
    [property: Description("The opening the participant got, if any.")] long? OpeningId,
    [property: Description("Competitive, subsidised, internship or education.")] PlacementKind Kind,
    [property: Description("The wage subsidy of subsidised employment.")] SubsidyType? SubsidyType,
    [property: Description("Occupation as an SSYK 2012 code.")] string? SsykCode,
    [property: Description("First day.")] DateOnly StartDate,
    [property: Description("Hours per week.")] double HoursPerWeek,
    [property: Description("Last day, once it has ended.")] DateOnly? EndDate,
    [property: Description("Why it ended.")] PlacementEndReason? EndReason,
    [property: Description("When it was recorded.")] DateTimeOffset CreatedAt,
    [property: Description("When it was last changed.")] DateTimeOffset UpdatedAt);

/// <summary>A start: where, what kind, from when and how many hours.</summary>
public sealed record PlacementRequest(
    [property: Description("The employer (or school, for education); one of your organisation's employers.")] long? EmployerId,
    [property: Description("The opening the participant got, if any; it must be one of that employer's openings.")] long? OpeningId,
    [property: Description("Competitive (an ordinary job), subsidised employment, internship (praktik) or education.")] PlacementKind? Kind,
    [property: Description("The wage subsidy; required for subsidised employment and only allowed there.")] SubsidyType? SubsidyType,
    [property: Description("Occupation as an SSYK 2012 code (1–4 digits); defaults to the opening's.")] string? SsykCode,
    [property: Description("First day of work, studies or internship.")] DateOnly? StartDate,
    [property: Description("Hours per week, more than 0 and at most 80.")] double? HoursPerWeek);

/// <summary>The end of a placement.</summary>
public sealed record PlacementEndRequest(
    [property: Description("Last day; not before the start and not in the future.")] DateOnly? EndDate,
    [property: Description("Why it ended.")] PlacementEndReason? EndReason);

/// <summary>A participant's exit from the service.</summary>
public sealed record ExitRequest(
    [property: Description("Day the participant left the service; not before enrolment and not in the future.")] DateOnly? ExitedOn,
    [property: Description("Why the participant left.")] ExitReason? Reason);

/// <summary>When and why a participant left the service.</summary>
public sealed record ParticipantExitDto(
    [property: Description("The participant.")] long ParticipantId,
    [property: Description("Day the participant left the service.")] DateOnly ExitedOn,
    [property: Description("Why the participant left.")] ExitReason Reason);

public sealed class PlacementRequestValidator : AbstractValidator<PlacementRequest>
{
    // A start may be recorded ahead (a signed contract), but not years ahead: 9999-12-31 is a typing error.
    public const int StartDaysAheadAllowed = 365;

    public PlacementRequestValidator(ReferenceData reference, TimeProvider clock)
    {
        RuleFor(x => x.EmployerId).NotNull().GreaterThan(0);
        RuleFor(x => x.OpeningId).GreaterThan(0).When(x => x.OpeningId is not null);
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.SubsidyType).NotNull().IsInEnum().When(x => x.Kind == PlacementKind.Subsidised)
            .WithMessage("'Subsidy Type' is required for subsidised employment (lonebidrag, nystartsjobb, osa, samhall or other).");
        RuleFor(x => x.SubsidyType).Null().When(x => x.Kind is not null && x.Kind != PlacementKind.Subsidised)
            .WithMessage("'Subsidy Type' is only allowed for subsidised employment.");
        RuleFor(x => x.SsykCode).Must(reference.IsOccupation).When(x => x.SsykCode is not null)
            .WithMessage("'Ssyk Code' must be a known SSYK 2012 code (1–4 digits).");
        RuleFor(x => x.StartDate).NotNull()
            .Must(d => d <= clock.Today().AddDays(StartDaysAheadAllowed))
            .WithMessage($"'Start Date' must not be more than {StartDaysAheadAllowed} days in the future.");
        RuleFor(x => x.HoursPerWeek).NotNull().GreaterThan(0).LessThanOrEqualTo(80);
    }
}

public sealed class PlacementEndRequestValidator : AbstractValidator<PlacementEndRequest>
{
    public PlacementEndRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.EndDate).NotNull()
            .Must(d => d <= clock.Today()).WithMessage("'End Date' must not be in the future; record the end when it has happened.");
        RuleFor(x => x.EndReason).NotNull().IsInEnum();
    }
}

public sealed class ExitRequestValidator : AbstractValidator<ExitRequest>
{
    public ExitRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.ExitedOn).NotNull()
            .Must(d => d <= clock.Today()).WithMessage("'Exited On' must not be in the future.");
        RuleFor(x => x.Reason).NotNull().IsInEnum();
    }
}

public static class PlacementsApi
{
    public static RouteGroupBuilder MapPlacements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/participants/{id:long}").WithTags("Placements").WithValidation().Audited("placements");

        group.MapGet("/placements", List).WithName("ListPlacements").WithSummary("List a participant's job starts and other placements")
            .RequireAuthorization(Scopes.ParticipantsRead);
        group.MapGet("/placements/{placementId:long}", Get).WithName("GetPlacement").WithSummary("Get a placement")
            .RequireAuthorization(Scopes.ParticipantsRead);
        group.MapPost("/placements", Create).WithName("CreatePlacement").WithSummary("Record a job start, internship or education start")
            .RequireAuthorization(Scopes.ParticipantsWrite);
        group.MapPut("/placements/{placementId:long}", End).WithName("EndPlacement").WithSummary("Record (or correct) the end of a placement")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.ParticipantsWrite);
        group.MapGet("/exit", GetExit).WithName("GetParticipantExit").WithSummary("Get when and why a participant left the service")
            .RequireAuthorization(Scopes.ParticipantsRead);
        group.MapPost("/exit", Exit).WithName("ExitParticipant").WithSummary("Exit a participant from the service")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.ParticipantsWrite);
        return group;
    }

    public static async Task<Results<Ok<PagedList<PlacementDto>>, NotFoundProblem, ValidationProblem>> List(
        [Description("The participant's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var filter = new { Id = id, TenantId = user.TenantId() };
        await using var connection = await db.OpenAsync(ct);
        if (await LiveParticipants.FindAsync(db, connection, null, id, filter.TenantId, ct) is null) return ParticipantNotFound(id);
        return TypedResults.Ok(await Pages.ReadAsync<Row, PlacementDto>(db, connection, Sqls.List, Sqls.Count, filter, paging, r => r.ToDto(), ct));
    }

    public static async Task<Results<Ok<PlacementDto>, NotFoundProblem>> Get(
        [Description("The participant's id.")] long id, [Description("The placement's id.")] long placementId,
        ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(db,
            Sqls.Get, new { Id = id, PlacementId = placementId, TenantId = user.TenantId() }, null, ct);
        if (row is null) return PlacementNotFound(id, placementId);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<Created<PlacementDto>, NotFoundProblem, ValidationProblem>> Create(
        [Description("The participant's id.")] long id, PlacementRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        await using var connection = await db.OpenAsync(ct);
        var participant = await LiveParticipants.FindAsync(db, connection, null, id, tenantId, ct);
        if (participant is null) return ParticipantNotFound(id);

        // Referenced rows must be the caller's own: another tenant's employer or opening is simply unknown here.
        var errors = new Dictionary<string, string[]>();
        var lookup = new { request.EmployerId, request.OpeningId, TenantId = tenantId };
        if (request.EmployerId is not { } employerId || !await TenantRows.EmployerExistsAsync(db, connection, null, employerId, tenantId, ct))
            errors["employerId"] = [TenantRows.NoEmployer(request.EmployerId)];
        var ssykCode = request.SsykCode;
        if (request.OpeningId is not null)
        {
            var opening = await connection.QuerySingleOrDefaultAsync<OpeningRow>(db, Sqls.Opening, lookup, null, ct);
            if (opening is null)
                errors["openingId"] = [OpeningsApi.NoOpening(request.OpeningId)];
            else if (opening.EmployerId != request.EmployerId)
                errors["openingId"] = [$"Opening {request.OpeningId} belongs to another employer than {request.EmployerId}."];
            else
                ssykCode ??= opening.SsykCode;
        }
        if (request.StartDate < participant.EnrolmentDate)
            errors["startDate"] = [$"'Start Date' must not be before the participant's enrolment ({participant.EnrolmentDate:yyyy-MM-dd})."];
        if (errors.Count > 0) return FieldProblem.Result(errors);

        var now = clock.GetUtcNow();
        var args = new
        {
            TenantId = tenantId,
            ParticipantId = id,
            request.EmployerId,
            request.OpeningId,
            Kind = request.Kind!.Value.ToString(),
            SubsidyType = request.SubsidyType?.ToString(),
            SsykCode = ssykCode,
            StartDate = request.StartDate!.Value,
            HoursPerWeek = request.HoursPerWeek!.Value,
            Now = now,
        };
        var placementId = await connection.ExecuteScalarAsync<long>(db, Sqls.Insert, args, null, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/participants/{id}/placements/{placementId}", new PlacementDto(
            placementId, id, args.EmployerId!.Value, args.OpeningId, request.Kind.Value, request.SubsidyType, ssykCode,
            args.StartDate, args.HoursPerWeek, null, null, now, now));
    }

    public static async Task<Results<Ok<PlacementDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> End(
        [Description("The participant's id.")] long id, [Description("The placement's id.")] long placementId,
        PlacementEndRequest request, ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = new
        {
            Id = id, PlacementId = placementId, TenantId = user.TenantId(), request.EndDate,
            EndReason = request.EndReason?.ToString(), Now = clock.GetUtcNow(), Version = expected,
        };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<Row>(db, Sqls.Get, args, tx, ct);
        if (current is null) return PlacementNotFound(id, placementId);
        if (request.EndDate < current.StartDate)
            return FieldProblem.Result("endDate", $"'End Date' must not be before the start ({current.StartDate:yyyy-MM-dd}).");
        switch (await Versioned.UpdateAsync(db, connection, tx, Sqls.UpdateEnd, Sqls.Exists, args, ct))
        {
            case UpdateOutcome.NotFound: return PlacementNotFound(id, placementId);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<Ok<ParticipantExitDto>, NotFoundProblem>> GetExit(
        [Description("The participant's id.")] long id, ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var args = new { Id = id, TenantId = user.TenantId() };
        await using var connection = await db.OpenAsync(ct);
        if (await LiveParticipants.FindAsync(db, connection, null, id, args.TenantId, ct) is null) return ParticipantNotFound(id);
        var exit = await connection.QuerySingleOrDefaultAsync<ExitRow>(db, Sqls.GetExit, args, null, ct);
        return exit is null
            ? new NotFoundProblem($"Participant {id} has not exited the service.")
            : TypedResults.Ok(exit.ToDto());
    }

    public static async Task<Results<Created<ParticipantExitDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Exit(
        [Description("The participant's id.")] long id, ExitRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        CancellationToken ct)
    {
        var args = new
        {
            Id = id, TenantId = user.TenantId(), request.ExitedOn, Reason = request.Reason?.ToString(),
            Status = ParticipantStatus.Exited.ToString(), Now = clock.GetUtcNow(),
        };

        // The exit row and the participant's status change together or not at all.
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var participant = await LiveParticipants.FindAsync(db, connection, tx, id, args.TenantId, ct);
        if (participant is null) return ParticipantNotFound(id);
        if (await connection.QuerySingleOrDefaultAsync<ExitRow>(db, Sqls.GetExit, args, tx, ct) is { } earlier)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The participant has already exited.",
                detail: $"Participant {id} exited on {earlier.ExitedOn:yyyy-MM-dd}; an exit is recorded once.");
        if (request.ExitedOn < participant.EnrolmentDate)
            return FieldProblem.Result("exitedOn", $"'Exited On' must not be before the participant's enrolment ({participant.EnrolmentDate:yyyy-MM-dd}).");

        await connection.ExecuteAsync(db, Sqls.InsertExit, args, tx, ct);
        await connection.ExecuteAsync(db, Sqls.MarkExited, args, tx, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/v1/participants/{id}/exit", new ParticipantExitDto(id, request.ExitedOn!.Value, request.Reason!.Value));
    }

    private static NotFoundProblem ParticipantNotFound(long id) => LiveParticipants.NotFound(id);

    private static NotFoundProblem PlacementNotFound(long id, long placementId) =>
        new($"No placement with id {placementId} for participant {id} in your organisation.");

    private sealed class OpeningRow
    {
        public long EmployerId { get; init; }
        public string SsykCode { get; init; } = "";
    }

    private sealed class ExitRow
    {
        public long ParticipantId { get; init; }
        public DateOnly ExitedOn { get; init; }
        public ExitReason Reason { get; init; }

        public ParticipantExitDto ToDto() => new(ParticipantId, ExitedOn, Reason);
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long ParticipantId { get; init; }
        public long EmployerId { get; init; }
        public long? OpeningId { get; init; }
        public PlacementKind Kind { get; init; }
        public SubsidyType? SubsidyType { get; init; }
        public string? SsykCode { get; init; }
        public DateOnly StartDate { get; init; }
        public double HoursPerWeek { get; init; }
        public DateOnly? EndDate { get; init; }
        public PlacementEndReason? EndReason { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public long Version { get; init; }

        public PlacementDto ToDto() => new(Id, ParticipantId, EmployerId, OpeningId, Kind, SubsidyType, SsykCode, StartDate,
            HoursPerWeek, EndDate, EndReason, CreatedAt, UpdatedAt);
    }

    private static class Sqls
    {
        private const string Columns = """
            id AS Id, participant_id AS ParticipantId, employer_id AS EmployerId, opening_id AS OpeningId, kind AS Kind,
            subsidy_type AS SubsidyType, ssyk_code AS SsykCode, start_date AS StartDate, hours_per_week AS HoursPerWeek,
            end_date AS EndDate, end_reason AS EndReason, created_at AS CreatedAt, updated_at AS UpdatedAt
            """;


        public static readonly Sql Opening = new(
            "SELECT employer_id AS EmployerId, ssyk_code AS SsykCode FROM openings WHERE id = @OpeningId AND tenant_id = @TenantId;");

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns} FROM placements
            WHERE tenant_id = @TenantId AND participant_id = @Id
            """,
            orderBy: "start_date DESC, id DESC");

        public static readonly Sql Count = new(
            "SELECT COUNT(1) FROM placements WHERE tenant_id = @TenantId AND participant_id = @Id;");

        public static readonly Sql Get = new($"""
            SELECT {Columns}, version AS Version FROM placements
            WHERE id = @PlacementId AND participant_id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql Exists = new(
            "SELECT COUNT(1) FROM placements WHERE id = @PlacementId AND participant_id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Insert = Sql.InsertReturningId(
            """
                INSERT INTO placements (tenant_id, participant_id, employer_id, opening_id, kind, subsidy_type, ssyk_code,
                    start_date, hours_per_week, created_at, updated_at)
                """,
            """
                VALUES (@TenantId, @ParticipantId, @EmployerId, @OpeningId, @Kind, @SubsidyType, @SsykCode,
                    @StartDate, @HoursPerWeek, @Now, @Now)
                """);

        public static readonly Sql UpdateEnd = new("""
            UPDATE placements SET end_date = @EndDate, end_reason = @EndReason, updated_at = @Now, version = version + 1
            WHERE id = @PlacementId AND participant_id = @Id AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
            """);

        public static readonly Sql GetExit = new("""
            SELECT participant_id AS ParticipantId, exited_on AS ExitedOn, reason AS Reason
            FROM participant_exits WHERE participant_id = @Id AND tenant_id = @TenantId;
            """);

        public static readonly Sql InsertExit = new("""
            INSERT INTO participant_exits (participant_id, tenant_id, exited_on, reason, created_at)
            VALUES (@Id, @TenantId, @ExitedOn, @Reason, @Now);
            """);

        public static readonly Sql MarkExited = new("""
            UPDATE participants SET status = @Status, updated_at = @Now, version = version + 1
            WHERE id = @Id AND tenant_id = @TenantId;
            """);
    }
}
