using System.ComponentModel;
using System.Data.Common;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Participants;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Employers;

/// <summary>An employer the coaches of the caller's organisation know or work with.</summary>
public sealed record EmployerDto(
    [property: Description("The employer's id.")] long Id,
    [property: Description("Organisation number as 10 digits without hyphen; null for sole traders and unknown.")] string? OrgNumber,
    [property: Description("The employer's name.")] string Name,
    [property: Description("Private, public or non-profit.")] Sector Sector,
    [property: Description(EmployerFieldDescriptions.SniCode)] string? SniCode,
    [property: Description("Municipality code (4 digits) of the workplace.")] string? MunicipalityCode,
    [property: Description("Position of the workplace.")] GeoPoint? Location,
    [property: Description("The system the employer was imported from.")] string? Source,
    [property: Description("The employer's id in that system.")] string? ExternalRef,
    [property: Description("False when the organisation no longer works with this employer.")] bool Active,
    [property: Description("When the employer was added.")] DateTimeOffset CreatedAt,
    [property: Description("When the employer was last changed.")] DateTimeOffset UpdatedAt,
    [property: Description("The person to ask for at the employer (business contact data, not participant data).")] string? ContactName = null,
    [property: Description("The contact person's phone number.")] string? ContactPhone = null,
    [property: Description("The contact person's e-mail address.")] string? ContactEmail = null);

/// <summary>An employer's details; used to create and to replace.</summary>
public sealed record EmployerRequest(
    [property: Description(EmployerFieldDescriptions.Name)] string Name,
    [property: Description(EmployerFieldDescriptions.OrgNumber)]
    string? OrgNumber = null,
    [property: Description(EmployerFieldDescriptions.Sector)]
    Sector? Sector = null,
    [property: Description(EmployerFieldDescriptions.SniCode)] string? SniCode = null,
    [property: Description("Municipality code (4 digits, see /v1/reference/municipalities).")] string? MunicipalityCode = null,
    [property: Description(EmployerFieldDescriptions.Location)] GeoPoint? Location = null,
    [property: Description("The system the employer comes from; give together with externalRef.")] string? Source = null,
    [property: Description("The employer's id in that system, unique per source; give together with source.")] string? ExternalRef = null,
    [property: Description("Whether the organisation works with this employer (default true).")] bool? Active = null,
    [property: Description("The person to ask for at the employer, at most 200 characters. Business contact data: never a participant's.")]
    string? ContactName = null,
    [property: Description("The contact person's phone number: digits, spaces, +, -, ( and ), at most 40 characters.")] string? ContactPhone = null,
    [property: Description("The contact person's e-mail address, at most 254 characters.")] string? ContactEmail = null) : IEmployerFields;

public sealed class EmployerRequestValidator : AbstractValidator<EmployerRequest>
{
    public EmployerRequestValidator(ReferenceData reference)
    {
        Include(new EmployerFieldsValidator<EmployerRequest>(reference, MunicipalityInput.Code));
        RuleFor(x => x.Source).NotEmpty().MaximumLength(100).When(x => x.Source is not null);
        RuleFor(x => x.ExternalRef).NotEmpty().MaximumLength(200).When(x => x.ExternalRef is not null);
        // A reference means nothing without the system it belongs to, and the pair is what makes it unique.
        RuleFor(x => x.ExternalRef).NotNull().WithMessage("'External Ref' must be given together with 'Source'.")
            .When(x => x.Source is not null);
        RuleFor(x => x.Source).NotNull().WithMessage("'Source' must be given together with 'External Ref'.")
            .When(x => x.ExternalRef is not null);
        RuleFor(x => x.ContactName).MaximumLength(200)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
        RuleFor(x => x.ContactPhone).MaximumLength(40).Matches(@"^\+?[0-9 ()\-]{5,}$")
            .WithMessage("'Contact Phone' must be a phone number: digits, spaces, +, -, ( and ).").When(x => !string.IsNullOrWhiteSpace(x.ContactPhone));
        RuleFor(x => x.ContactEmail).MaximumLength(254).EmailAddress().When(x => !string.IsNullOrWhiteSpace(x.ContactEmail));
    }
}

/// <summary>What the list of employers can be narrowed to; bound from the query with [AsParameters].</summary>
public sealed class EmployerFilter
{
    [FromQuery(Name = "q"), Description("Part of the employer's name to search for; case, punctuation and Swedish spelling variants are ignored (\"kafé\" finds \"Café\").")]
    public string? Q { get; init; }

    [FromQuery(Name = "sector"), Description("Only employers of this sector.")]
    public string? Sector { get; init; }

    [FromQuery(Name = "municipalityCode"), Description("Only employers in this municipality (4-digit code).")]
    public string? MunicipalityCode { get; init; }

    [FromQuery(Name = "active"), Description("Only active (true) or inactive (false) employers.")]
    public bool? Active { get; init; }

    [FromQuery(Name = "sniCode"), Description("Only employers whose SNI 2007 industry code starts with this (1 to 5 digits, e.g. 56 for restaurants and cafés).")]
    public string? SniCode { get; init; }
}

public sealed class EmployerFilterValidator : AbstractValidator<EmployerFilter>
{
    public EmployerFilterValidator()
    {
        RuleFor(x => x.Q).MaximumLength(200);
        RuleFor(x => x.Sector).IsEnumName(typeof(Sector), caseSensitive: false).WithMessage("sector must be private, public or nonProfit.");
        RuleFor(x => x.MunicipalityCode).MaximumLength(100);
        RuleFor(x => x.SniCode).Matches("^[0-9]{1,5}$").WithMessage("sniCode must be 1 to 5 digits.");
    }
}

public static class EmployersApi
{
    public static RouteGroupBuilder MapEmployers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/employers").WithTags("Employers").WithValidation();

        group.MapGet("/", List).WithName("ListEmployers").WithSummary("List your organisation's employers")
            .RequireAuthorization(Scopes.EmployersRead);
        group.MapGet("/{id:long}", Get).WithName("GetEmployer").WithSummary("Get an employer")
            .RequireAuthorization(Scopes.EmployersRead);
        group.MapPost("/", Create).WithName("CreateEmployer").WithSummary("Add an employer")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.EmployersWrite);
        group.MapPut("/{id:long}", Update).WithName("UpdateEmployer").WithSummary("Replace an employer's details")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.EmployersWrite);
        return group;
    }

    public static async Task<Results<Ok<PagedList<EmployerDto>>, ValidationProblem>> List(
        [AsParameters] EmployerFilter filter, [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        // EmployerFilterValidator has checked the sector's name and the SNI prefix.
        _ = QueryEnum.TryParse<Sector>(filter.Sector, out var sectorFilter);
        var (p, size, skip) = paging.Resolve();
        var args = new
        {
            TenantId = user.TenantId(),
            Sector = sectorFilter?.ToString(),
            filter.MunicipalityCode,
            filter.Active,
            Sni = filter.SniCode is null ? null : filter.SniCode + "%",
            Skip = skip,
            Take = size,
        };

        await using var connection = await db.OpenAsync(ct);
        // A name search folds spellings, which SQL cannot: the filtered rows are matched here and paged after.
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var matching = (await connection.QueryAsync<Row>(db, Sqls.All, args, null, ct))
                .Where(r => SwedishSearch.Contains(r.Name, filter.Q)).ToList();
            return TypedResults.Ok(new PagedList<EmployerDto>(matching.Skip(skip).Take(size).Select(r => r.ToDto()).ToList(), p, size, matching.Count));
        }
        var rows = await connection.QueryAsync<Row>(db, Sqls.List, args, null, ct);
        var total = await connection.ExecuteScalarAsync<long>(db, Sqls.Count, args, null, ct);
        return TypedResults.Ok(new PagedList<EmployerDto>(rows.Select(r => r.ToDto()).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<EmployerDto>, NotFoundProblem>> Get(
        [Description("The employer's id.")] long id, ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>(Sqls.Get, new { Id = id, TenantId = user.TenantId() }, ct);
        if (row is null) return NotFound(id);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<Created<EmployerDto>, ValidationProblem, ProblemHttpResult>> Create(
        EmployerRequest request, ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var args = Arguments(request, id: null, user.TenantId(), clock.GetUtcNow(), version: null);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await IsDuplicateAsync(db, connection, tx, args, ct)) return Duplicate(request);
        if (await StampedWrites.InsertAsync(db, connection, tx, args.TenantId, Sqls.Insert, args, ct) is not { } id) return Duplicate(request);
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, new { Id = id, args.TenantId }, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Created($"/v1/employers/{id}", row.ToDto());
    }

    public static async Task<Results<Ok<EmployerDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Update(
        [Description("The employer's id.")] long id, EmployerRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = Arguments(request, id, user.TenantId(), clock.GetUtcNow(), expected);

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Another tenant's id must read as missing before anything else is said about the request.
        if (!await TenantRows.EmployerExistsAsync(db, connection, tx, id, user.TenantId(), ct))
            return NotFound(id);
        if (await IsDuplicateAsync(db, connection, tx, args, ct)) return Duplicate(request);
        switch (await StampedWrites.UpdateAsync(db, connection, tx, args.TenantId, Sqls.Update, TenantRows.Sqls.Employer, args, ct))
        {
            case null: return Duplicate(request);
            case UpdateOutcome.NotFound: return NotFound(id);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    private static Args Arguments(EmployerRequest request, long? id, long tenantId, DateTimeOffset now, long? version) =>
        new(EmployerColumns.From(request, request.MunicipalityCode))
        {
            Id = id,
            TenantId = tenantId,
            Source = request.Source,
            ExternalRef = request.ExternalRef,
            ContactName = Blank(request.ContactName),
            ContactPhone = Blank(request.ContactPhone),
            ContactEmail = Blank(request.ContactEmail),
            Now = now,
            Version = version,
        };

    private static async Task<bool> IsDuplicateAsync(Db db, DbConnection connection, DbTransaction tx, Args args, CancellationToken ct) =>
        args.ExternalRef is not null
        && await connection.ExecuteScalarAsync<long>(db, Sqls.CountByExternalRef, args, tx, ct) > 0;

    // The unique index is the last word when two requests race past the check above.
    private static ProblemHttpResult Duplicate(EmployerRequest request) =>
        ConflictProblem.Result($"Another employer of your organisation already has source '{request.Source}' and external reference '{request.ExternalRef}'.");

    private static NotFoundProblem NotFound(long id) => new(TenantRows.NoEmployer(id));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record Args : EmployerColumns
    {
        public Args(EmployerColumns columns) : base(columns) { }

        public long? Id { get; init; }
        public long TenantId { get; init; }
        public string? Source { get; init; }
        public string? ExternalRef { get; init; }
        public string? ContactName { get; init; }
        public string? ContactPhone { get; init; }
        public string? ContactEmail { get; init; }
        public DateTimeOffset Now { get; init; }
        public long? Version { get; init; }
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string? OrgNumber { get; init; }
        public string Name { get; init; } = "";
        public Sector Sector { get; init; }
        public string? SniCode { get; init; }
        public string? MunicipalityCode { get; init; }
        public double? Latitude { get; init; }
        public double? Longitude { get; init; }
        public string? Source { get; init; }
        public string? ExternalRef { get; init; }
        public bool Active { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? ContactName { get; init; }
        public string? ContactPhone { get; init; }
        public string? ContactEmail { get; init; }
        public long Version { get; init; }

        public EmployerDto ToDto() => new(Id, OrgNumber, Name, Sector, SniCode, MunicipalityCode,
            Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null,
            Source, ExternalRef, Active, CreatedAt, UpdatedAt, ContactName, ContactPhone, ContactEmail);
    }

    private static class Sqls
    {
        // The list's columns read by name into Row, with what the list leaves out.
        private static readonly string Columns = $"""
            id AS Id, {EmployersTable.Columns.Select()},
                source AS Source, external_ref AS ExternalRef, created_at AS CreatedAt, updated_at AS UpdatedAt,
                contact_name AS ContactName, contact_phone AS ContactPhone, contact_email AS ContactEmail
            """;

        private const string Filter = """
            tenant_id = @TenantId AND (@Sector IS NULL OR sector = @Sector) AND (@Sni IS NULL OR sni_code LIKE @Sni)
            AND (@MunicipalityCode IS NULL OR municipality_code = @MunicipalityCode) AND (@Active IS NULL OR active = @Active)
            """;

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns} FROM employers
            WHERE {Filter}
            """,
            orderBy: "name, id");

        public static readonly Sql Count = new($"SELECT COUNT(1) FROM employers WHERE {Filter};");

        public static readonly Sql All = new($"SELECT {Columns} FROM employers WHERE {Filter} ORDER BY name, id;");

        public static readonly Sql Get = new(
            $"SELECT {Columns}, version AS Version FROM employers WHERE id = @Id AND tenant_id = @TenantId;");


        public static readonly Sql CountByExternalRef = new("""
            SELECT COUNT(1) FROM employers
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef AND (@Id IS NULL OR id <> @Id);
            """);

        public static readonly Sql Insert = new(
            Sqlite: $"""
                INSERT INTO employers (tenant_id, {EmployersTable.Columns.Names()},
                    source, external_ref, contact_name, contact_phone, contact_email, created_at, updated_at, change_seq)
                VALUES (@TenantId, {EmployersTable.Columns.Parameters},
                    @Source, @ExternalRef, @ContactName, @ContactPhone, @ContactEmail, @Now, @Now, @ChangeSeq)
                RETURNING id;
                """,
            SqlServer: $"""
                INSERT INTO employers (tenant_id, {EmployersTable.Columns.Names()},
                    source, external_ref, contact_name, contact_phone, contact_email, created_at, updated_at, change_seq)
                OUTPUT INSERTED.id
                VALUES (@TenantId, {EmployersTable.Columns.Parameters},
                    @Source, @ExternalRef, @ContactName, @ContactPhone, @ContactEmail, @Now, @Now, @ChangeSeq);
                """);

        public static readonly Sql Update = new($"""
            UPDATE employers SET {EmployersTable.Columns.SetClause()},
                source = @Source, external_ref = @ExternalRef, contact_name = @ContactName, contact_phone = @ContactPhone,
                contact_email = @ContactEmail, updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
            """);
    }
}
