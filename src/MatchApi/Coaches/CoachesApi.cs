using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Participants;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Coaches;

/// <summary>An IPS employment specialist ("coach") of the caller's organisation.</summary>
public sealed record CoachDto(long Id, string Name, string? Email, string? Phone, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Name and contact details of a coach; used to create and to replace.</summary>
public sealed record CoachRequest(
    [property: Description("Full name as participants and employers know the coach.")] string Name,
    [property: Description("Work e-mail address.")] string? Email,
    [property: Description("Work phone, so that participants can reach the coach easily.")] string? Phone);

public sealed class CoachRequestValidator : AbstractValidator<CoachRequest>
{
    public CoachRequestValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
        RuleFor(x => x.Email).EmailAddress().MaximumLength(320)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage)
            .When(x => x.Email is not null);
        RuleFor(x => x.Phone).MaximumLength(40).Matches(@"^\+?[0-9 ()\-]{5,40}$")
            .WithMessage("'Phone' must be a phone number (digits, spaces, +, -, parentheses).")
            .Must(t => !PersonalIdentityNumbers.ContainsUnmistakableOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage)
            .When(x => x.Phone is not null);
    }
}

public static class CoachesApi
{
    public static RouteGroupBuilder MapCoaches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/coaches").WithTags("Coaches").WithValidation();

        group.MapGet("/", List).WithName("ListCoaches").WithSummary("List your organisation's coaches")
            .RequireAuthorization(Scopes.CoachesRead);
        group.MapGet("/{id:long}", Get).WithName("GetCoach").WithSummary("Get a coach")
            .RequireAuthorization(Scopes.CoachesRead);
        group.MapPost("/", Create).WithName("CreateCoach").WithSummary("Add a coach")
            .RequireAuthorization(Scopes.CoachesWrite);
        group.MapPut("/{id:long}", Update).WithName("UpdateCoach").WithSummary("Update a coach's name and contact details")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.CoachesWrite);
        return group;
    }

    public static async Task<Results<Ok<PagedList<CoachDto>>, ValidationProblem>> List(
        [Description("Part of the coach's name to search for.")] string? q,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var filter = new { TenantId = user.TenantId(), Q = q is null ? null : $"%{q}%" };
        return TypedResults.Ok(await Pages.ReadAsync<CoachDto, CoachDto>(db, Sqls.List, Sqls.Count, filter, paging, c => c, ct));
    }

    public static async Task<Results<Ok<CoachDto>, NotFoundProblem>> Get(
        [Description("The coach's id.")] long id, ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>(Sqls.Get, new { Id = id, TenantId = user.TenantId() }, ct);
        if (row is null) return NotFound(id);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<Created<CoachDto>, ValidationProblem>> Create(
        CoachRequest request, ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = await db.ExecuteScalarAsync<long>(Sqls.Insert, new
        {
            TenantId = user.TenantId(),
            request.Name,
            request.Email,
            request.Phone,
            Now = now,
        }, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/coaches/{id}", new CoachDto(id, request.Name, request.Email, request.Phone, now, now));
    }

    public static async Task<Results<Ok<CoachDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Update(
        [Description("The coach's id.")] long id, CoachRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = new { Id = id, TenantId = user.TenantId(), request.Name, request.Email, request.Phone, Now = clock.GetUtcNow(), Version = expected };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        switch (await Versioned.UpdateAsync(db, connection, tx, Sqls.Update, TenantRows.Sqls.Coach, args, ct))
        {
            case UpdateOutcome.NotFound: return NotFound(id);
            case UpdateOutcome.Stale: return ETags.Stale();
        }
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToDto());
    }

    private static NotFoundProblem NotFound(long id) => new(TenantRows.NoCoach(id));

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public long Version { get; init; }

        public CoachDto ToDto() => new(Id, Name, Email, Phone, CreatedAt, UpdatedAt);
    }

    private static class Sqls
    {
        private const string Columns = "id AS Id, name AS Name, email AS Email, phone AS Phone, created_at AS CreatedAt, updated_at AS UpdatedAt";

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns} FROM coaches
            WHERE tenant_id = @TenantId AND (@Q IS NULL OR name LIKE @Q)
            """,
            orderBy: "name, id");

        public static readonly Sql Count = new(
            "SELECT COUNT(1) FROM coaches WHERE tenant_id = @TenantId AND (@Q IS NULL OR name LIKE @Q);");

        public static readonly Sql Get = new(
            $"SELECT {Columns}, version AS Version FROM coaches WHERE id = @Id AND tenant_id = @TenantId;");


        public static readonly Sql Insert = Sql.InsertReturningId(
            """
                INSERT INTO coaches (tenant_id, name, email, phone, created_at, updated_at)
                """,
            """
                VALUES (@TenantId, @Name, @Email, @Phone, @Now, @Now)
                """);

        public static readonly Sql Update = new("""
            UPDATE coaches SET name = @Name, email = @Email, phone = @Phone, updated_at = @Now, version = version + 1
            WHERE id = @Id AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
            """);
    }
}
