using System.ComponentModel;
using System.Data.Common;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Openings;

/// <summary>A job opening at one of the organisation's employers.</summary>
public sealed record OpeningDto(
    [property: Description("The opening's id.")] long Id,
    [property: Description("The employer offering the job.")] long EmployerId,
    [property: Description("The employer's name.")] string EmployerName,
    [property: Description("Job title as the employer words it.")] string Title,
    [property: Description("What the job involves.")] string? Description,
    [property: Description("SSYK 2012 occupation code (4 digits).")] string SsykCode,
    [property: Description("Name of the SSYK 2012 occupation.")] string? OccupationName,
    [property: Description("Municipality code (4 digits) where the work is done.")] string MunicipalityCode,
    [property: Description("Name of the municipality.")] string? MunicipalityName,
    [property: Description("Where the work is done, when known.")] GeoPoint? Location,
    [property: Description("Hours per week.")] double? HoursPerWeek,
    [property: Description(OpeningFieldDescriptions.Schedule)] Schedule? Schedule,
    [property: Description(OpeningFieldDescriptions.EmploymentForm)] EmploymentForm EmploymentForm,
    [property: Description(OpeningFieldDescriptions.JobType)] JobType JobType,
    [property: Description("Kind of wage subsidy; only for subsidised jobs.")] SubsidyType? SubsidyType,
    [property: Description("The job can be done remotely.")] bool Remote,
    [property: Description("First working day, when known.")] DateOnly? StartDate,
    [property: Description("Last day to apply, when known.")] DateOnly? ExpiresOn,
    [property: Description("Status as stored; an expired opening stays open until someone marks it filled or closed.")] OpeningStatus Status,
    [property: Description("True when expiresOn is before today (Swedish time).")] bool Expired,
    [property: Description("System the opening was imported from, e.g. platsbanken.")] string? Source,
    [property: Description("The opening's id in the source system.")] string? ExternalRef,
    [property: Description("When the opening was registered.")] DateTimeOffset CreatedAt,
    [property: Description("When the opening was last changed.")] DateTimeOffset UpdatedAt,
    [property: Description("The ad on the web, e.g. on Platsbanken for an imported ad; null when there is none.")] string? WebUrl = null);

/// <summary>Everything about an opening; used to create and to replace (omitted optional fields become empty).</summary>
public sealed record OpeningRequest(
    [property: Description("Id of one of your organisation's employers.")] long EmployerId,
    [property: Description(OpeningFieldDescriptions.Title)] string Title,
    [property: Description(OpeningFieldDescriptions.SsykCode)] string SsykCode,
    [property: Description("Municipality code (4 digits) where the work is done.")] string MunicipalityCode,
    [property: Description(OpeningFieldDescriptions.EmploymentForm)] EmploymentForm? EmploymentForm,
    [property: Description(OpeningFieldDescriptions.JobType)] JobType? JobType,
    // Defaults keep the optional fields out of the document's "required" list.
    [property: Description(OpeningFieldDescriptions.Description)] string? Description = null,
    [property: Description(OpeningFieldDescriptions.Location)] GeoPoint? Location = null,
    [property: Description(OpeningFieldDescriptions.HoursPerWeek)] double? HoursPerWeek = null,
    [property: Description(OpeningFieldDescriptions.Schedule)] Schedule? Schedule = null,
    [property: Description(OpeningFieldDescriptions.SubsidyType)] SubsidyType? SubsidyType = null,
    [property: Description(OpeningFieldDescriptions.Remote)] bool Remote = false,
    [property: Description(OpeningFieldDescriptions.StartDate)] DateOnly? StartDate = null,
    [property: Description(OpeningFieldDescriptions.ExpiresOn)] DateOnly? ExpiresOn = null,
    [property: Description("Status (default open).")] OpeningStatus? Status = null,
    [property: Description("System the opening comes from; give it together with externalRef.")] string? Source = null,
    [property: Description("The opening's id in the source system; unique per source in your organisation.")] string? ExternalRef = null) : IOpeningFields;

/// <summary>A new status for an opening, e.g. filled when someone got the job.</summary>
public sealed record OpeningStatusRequest(
    [property: Description("The new status.")] OpeningStatus? Status);

public sealed class OpeningRequestValidator : AbstractValidator<OpeningRequest>
{
    public OpeningRequestValidator(ReferenceData reference)
    {
        Include(new OpeningFieldsValidator<OpeningRequest>(reference, MunicipalityInput.Code));
        RuleFor(x => x.EmployerId).GreaterThan(0);
        RuleFor(x => x.Source).NotEmpty().MaximumLength(100).When(x => x.Source is not null || x.ExternalRef is not null)
            .WithMessage("'Source' must be given together with externalRef (at most 100 characters).");
        RuleFor(x => x.ExternalRef).NotEmpty().MaximumLength(200).When(x => x.Source is not null || x.ExternalRef is not null)
            .WithMessage("'External Ref' must be given together with source (at most 200 characters).");
    }
}

/// <summary>What the list of openings can be narrowed to; bound from the query with [AsParameters].</summary>
public sealed class OpeningFilter
{
    [FromQuery(Name = "status"), Description("Only openings with this status (default: all).")]
    public string? Status { get; init; }

    [FromQuery(Name = "jobType"), Description("Only openings of this job type.")]
    public string? JobType { get; init; }

    [FromQuery(Name = "municipalityCode"), Description("Only openings in this municipality (4-digit code).")]
    public string? MunicipalityCode { get; init; }

    [FromQuery(Name = "ssykCode"), Description("Only openings whose SSYK 2012 code starts with this (1 to 4 digits): 52 finds 5221, 5223, ….")]
    public string? SsykCode { get; init; }

    [FromQuery(Name = "employerId"), Description("Only openings of this employer.")]
    public long? EmployerId { get; init; }
}

public sealed class OpeningFilterValidator : AbstractValidator<OpeningFilter>
{
    public OpeningFilterValidator()
    {
        RuleFor(x => x.Status).IsEnumName(typeof(OpeningStatus), caseSensitive: false).WithMessage("status must be open, filled or closed.");
        RuleFor(x => x.JobType).IsEnumName(typeof(JobType), caseSensitive: false).WithMessage("jobType must be competitive, subsidised or internship.");
        RuleFor(x => x.MunicipalityCode).Matches("^[0-9]{4}$").WithMessage("municipalityCode must be 4 digits.");
        RuleFor(x => x.SsykCode).Matches("^[0-9]{1,4}$").WithMessage("ssykCode must be 1 to 4 digits.");
    }
}

public sealed class OpeningStatusRequestValidator : AbstractValidator<OpeningStatusRequest>
{
    public OpeningStatusRequestValidator() => RuleFor(x => x.Status).NotNull().IsInEnum();
}

public static class OpeningsApi
{
    public static RouteGroupBuilder MapOpenings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/openings").WithTags("Openings").WithValidation();

        group.MapGet("/", List).WithName("ListOpenings").WithSummary("List your organisation's openings, newest first")
            .RequireAuthorization(Scopes.OpeningsRead);
        group.MapGet("/{id:long}", Get).WithName("GetOpening").WithSummary("Get an opening")
            .RequireAuthorization(Scopes.OpeningsRead);
        group.MapPost("/", Create).WithName("CreateOpening").WithSummary("Register an opening")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.OpeningsWrite);
        group.MapPut("/{id:long}", Update).WithName("UpdateOpening").WithSummary("Replace an opening")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.OpeningsWrite);
        group.MapPost("/{id:long}/status", ChangeStatus).WithName("ChangeOpeningStatus")
            .WithSummary("Mark an opening open, filled or closed")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.OpeningsWrite);
        return group;
    }

    public static async Task<Results<Ok<PagedList<OpeningDto>>, ValidationProblem>> List(
        [AsParameters] OpeningFilter filter, [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        // OpeningFilterValidator has checked the names and codes.
        _ = QueryEnum.TryParse<OpeningStatus>(filter.Status, out var statusFilter);
        _ = QueryEnum.TryParse<JobType>(filter.JobType, out var jobTypeFilter);
        var (p, size, skip) = paging.Resolve();
        var args = new
        {
            TenantId = user.TenantId(),
            Status = statusFilter?.ToString(),
            JobType = jobTypeFilter?.ToString(),
            filter.MunicipalityCode,
            // Only digits get here, so the prefix cannot contain LIKE wildcards.
            SsykPrefix = filter.SsykCode is null ? null : filter.SsykCode + "%",
            filter.EmployerId,
            Skip = skip,
            Take = size,
        };

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(db, Sqls.List, args, null, ct);
        var total = await connection.ExecuteScalarAsync<long>(db, Sqls.Count, args, null, ct);
        var today = clock.Today();
        return TypedResults.Ok(new PagedList<OpeningDto>(rows.Select(r => r.ToDto(reference, today)).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<OpeningDto>, NotFoundProblem>> Get(
        [Description("The opening's id.")] long id, ClaimsPrincipal user, Db db, ReferenceData reference, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>(Sqls.Get, new { Id = id, TenantId = user.TenantId() }, ct);
        if (row is null) return NotFound(id);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto(reference, clock.Today()));
    }

    public static async Task<Results<Created<OpeningDto>, ValidationProblem, ProblemHttpResult>> Create(
        OpeningRequest request, ClaimsPrincipal user, Db db, ReferenceData reference, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var args = ToArgs(request, id: 0, user.TenantId(), clock.GetUtcNow(), version: null);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await IsOurEmployerAsync(db, connection, tx, args, ct)) return NotOurEmployer();
        if (await IsExternalRefTakenAsync(db, connection, tx, args, ct)) return DuplicateExternalRef(request);
        if (await StampedWrites.InsertAsync(db, connection, tx, args.TenantId, Sqls.Insert, args, ct) is not { } id) return DuplicateExternalRef(request);
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, new { Id = id, args.TenantId }, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Created($"/v1/openings/{id}", row.ToDto(reference, clock.Today()));
    }

    public static async Task<Results<Ok<OpeningDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Update(
        [Description("The opening's id.")] long id, OpeningRequest request, ClaimsPrincipal user, Db db, ReferenceData reference,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = ToArgs(request, id, user.TenantId(), clock.GetUtcNow(), expected);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A missing opening is 404 whatever the body says about employers or references.
        if (await connection.ExecuteScalarAsync<long>(db, Sqls.Exists, args, tx, ct) == 0)
            return NotFound(id);
        if (!await IsOurEmployerAsync(db, connection, tx, args, ct)) return NotOurEmployer();
        if (await IsExternalRefTakenAsync(db, connection, tx, args, ct)) return DuplicateExternalRef(request);
        switch (await StampedWrites.UpdateAsync(db, connection, tx, args.TenantId, Sqls.Update, Sqls.Exists, args, ct))
        {
            case null: return DuplicateExternalRef(request);
            case UpdateOutcome.NotFound: return NotFound(id);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto(reference, clock.Today()));
    }

    public static async Task<Results<Ok<OpeningDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        [Description("The opening's id.")] long id, OpeningStatusRequest request, ClaimsPrincipal user, Db db, ReferenceData reference,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = new { Id = id, TenantId = user.TenantId(), Status = request.Status!.Value.ToString(), Now = clock.GetUtcNow(), Version = expected };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, args.TenantId, ct);
        switch (await Versioned.UpdateAsync(db, connection, tx, Sqls.UpdateStatus, Sqls.Exists, TenantChanges.With(args, changeSeq), ct))
        {
            case UpdateOutcome.NotFound: return NotFound(id);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto(reference, clock.Today()));
    }

    // Checked in the write's transaction. Missing and another tenant's employer get the same answer, so nothing leaks.
    private static async Task<bool> IsOurEmployerAsync(Db db, DbConnection connection, DbTransaction tx, WriteArgs args, CancellationToken ct) =>
        await TenantRows.EmployerExistsAsync(db, connection, tx, args.EmployerId, args.TenantId, ct);

    private static async Task<bool> IsExternalRefTakenAsync(Db db, DbConnection connection, DbTransaction tx, WriteArgs args, CancellationToken ct) =>
        args.ExternalRef is not null
        && await connection.ExecuteScalarAsync<long>(db, Sqls.ExternalRefTaken, args, tx, ct) > 0;

    private static ValidationProblem NotOurEmployer() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["employerId"] = ["'Employer Id' must be an employer of your organisation."] },
        detail: "One or more fields are invalid; see errors.");

    private static ProblemHttpResult DuplicateExternalRef(OpeningRequest request) =>
        ConflictProblem.Result($"Another opening of your organisation already has source '{request.Source}' and externalRef '{request.ExternalRef}'.");

    private static NotFoundProblem NotFound(long id) => new(NoOpening(id));

    /// <summary>The one answer for an opening id that is not one of the caller's organisation's (a 404's detail or a field error).</summary>
    public static string NoOpening(long? id) => $"No opening with id {id} in your organisation.";

    // The request's validator has run, so the required fields are present.
    private static WriteArgs ToArgs(OpeningRequest r, long id, long tenantId, DateTimeOffset now, long? version) =>
        new(OpeningColumns.From(r, r.EmployerId, r.MunicipalityCode, r.Status ?? OpeningStatus.Open))
        {
            Id = id,
            TenantId = tenantId,
            Source = r.Source,
            ExternalRef = r.ExternalRef,
            Now = now,
            Version = version,
        };

    private sealed record WriteArgs : OpeningColumns
    {
        public WriteArgs(OpeningColumns columns) : base(columns) { }

        public long Id { get; init; }
        public long TenantId { get; init; }
        public string? Source { get; init; }
        public string? ExternalRef { get; init; }
        public DateTimeOffset Now { get; init; }
        public long? Version { get; init; }
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long EmployerId { get; init; }
        public string EmployerName { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string SsykCode { get; init; } = "";
        public string MunicipalityCode { get; init; } = "";
        public double? Latitude { get; init; }
        public double? Longitude { get; init; }
        public double? HoursPerWeek { get; init; }
        public Schedule? Schedule { get; init; }
        public EmploymentForm EmploymentForm { get; init; }
        public JobType JobType { get; init; }
        public SubsidyType? SubsidyType { get; init; }
        public bool Remote { get; init; }
        public DateOnly? StartDate { get; init; }
        public DateOnly? ExpiresOn { get; init; }
        public OpeningStatus Status { get; init; }
        public string? Source { get; init; }
        public string? ExternalRef { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public long Version { get; init; }
        public string? WebUrl { get; init; }

        public OpeningDto ToDto(ReferenceData reference, DateOnly today) => new(
            Id, EmployerId, EmployerName, Title, Description,
            SsykCode, reference.Occupations.GetValueOrDefault(SsykCode)?.Name,
            MunicipalityCode, reference.Municipalities.GetValueOrDefault(MunicipalityCode)?.Name,
            Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null,
            HoursPerWeek, Schedule, EmploymentForm, JobType, SubsidyType, Remote, StartDate, ExpiresOn,
            Status, ExpiresOn < today, Source, ExternalRef, CreatedAt, UpdatedAt, WebUrl);
    }

    private static class Sqls
    {
        // The list's columns read by name into Row, with the employer's name and what the list leaves out.
        private static readonly string Columns = $"""
            o.id AS Id, e.name AS EmployerName,
                {OpeningsTable.Columns.Select("o")},
                o.source AS Source, o.external_ref AS ExternalRef, o.created_at AS CreatedAt, o.updated_at AS UpdatedAt,
                o.version AS Version, o.web_url AS WebUrl
            """;

        // The employer is joined within the tenant on both sides, so a wrong employer_id can never show another tenant's name.
        private const string From = """
            FROM openings o
            JOIN employers e ON e.id = o.employer_id AND e.tenant_id = o.tenant_id AND e.tenant_id = @TenantId
            """;

        private const string Filters = """
            WHERE o.tenant_id = @TenantId
              AND (@Status IS NULL OR o.status = @Status)
              AND (@JobType IS NULL OR o.job_type = @JobType)
              AND (@MunicipalityCode IS NULL OR o.municipality_code = @MunicipalityCode)
              AND (@SsykPrefix IS NULL OR o.ssyk_code LIKE @SsykPrefix)
              AND (@EmployerId IS NULL OR o.employer_id = @EmployerId)
            """;

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns}
            {From}
            {Filters}
            """,
            orderBy: "o.created_at DESC, o.id DESC");

        public static readonly Sql Count = new($"""
            SELECT COUNT(1)
            {From}
            {Filters};
            """);

        public static readonly Sql Get = new($"""
            SELECT {Columns}
            {From}
            WHERE o.id = @Id AND o.tenant_id = @TenantId;
            """);

        public static readonly Sql Exists = new("SELECT COUNT(1) FROM openings WHERE id = @Id AND tenant_id = @TenantId;");


        public static readonly Sql ExternalRefTaken = new("""
            SELECT COUNT(1) FROM openings
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef AND id <> @Id;
            """);

        public static readonly Sql Insert = new(
            Sqlite: $"""
                INSERT INTO openings (tenant_id, {OpeningsTable.Columns.Names()},
                    source, external_ref, created_at, updated_at, change_seq)
                VALUES (@TenantId, {OpeningsTable.Columns.Parameters},
                    @Source, @ExternalRef, @Now, @Now, @ChangeSeq)
                RETURNING id;
                """,
            SqlServer: $"""
                INSERT INTO openings (tenant_id, {OpeningsTable.Columns.Names()},
                    source, external_ref, created_at, updated_at, change_seq)
                OUTPUT INSERTED.id
                VALUES (@TenantId, {OpeningsTable.Columns.Parameters},
                    @Source, @ExternalRef, @Now, @Now, @ChangeSeq);
                """);

        // web_url is the JobTech import's: a PUT leaves it as it is.
        public static readonly Sql Update = new($"""
            UPDATE openings SET {OpeningsTable.Columns.SetClause()},
                source = @Source, external_ref = @ExternalRef, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
            """);

        public static readonly Sql UpdateStatus = new("""
            UPDATE openings SET status = @Status, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
            """);
    }
}
