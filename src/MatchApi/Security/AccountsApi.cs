using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Security;

/// <summary>A sign-in account as an admin sees it; never its password hash.</summary>
public sealed record AccountDto(
    long Id,
    [property: Description("The username to sign in with (lower case).")] string Username,
    [property: Description("coach, teamLead or admin.")] Role Role,
    [property: Description("The coach record this account belongs to, if any.")] long? CoachId,
    DateTimeOffset CreatedAt,
    [property: Description("Until when sign-in is paused after repeated failures; null when it is not.")] DateTimeOffset? LockedUntil,
    [property: Description("When the account was disabled; null while it can sign in.")] DateTimeOffset? DisabledAt);

public sealed record AccountRequest(
    [property: Description("Username to sign in with: 3–100 letters, digits and . _ @ -; unique across all organisations; case does not matter.")] string Username,
    [property: Description("Initial password, at least 12 characters.")] string Password,
    [property: Description("coach, teamLead or admin.")] Role? Role,
    [property: Description("The coach record (GET /v1/coaches) of the person, for coaches and team leads.")] long? CoachId);

public sealed class AccountRequestValidator : AbstractValidator<AccountRequest>
{
    public AccountRequestValidator()
    {
        RuleFor(x => x.Username).NotEmpty().Matches(Accounts.UsernamePattern)
            .WithMessage("'Username' must be 3 to 100 letters, digits and . _ @ -, starting with a letter or digit.");
        RuleFor(x => x.Password).NotEmpty().MinimumLength(Accounts.MinPasswordLength).MaximumLength(Accounts.MaxPasswordLength);
        RuleFor(x => x.Role).NotNull();
        RuleFor(x => x.CoachId).GreaterThan(0).When(x => x.CoachId is not null);
    }
}

public sealed record AccountRoleRequest(
    [property: Description("The new role: coach, teamLead or admin. The account's sessions end; it signs in again with the new role.")] Role? Role);

public sealed class AccountRoleRequestValidator : AbstractValidator<AccountRoleRequest>
{
    public AccountRoleRequestValidator() => RuleFor(x => x.Role).NotNull();
}

/// <summary>Sign-in accounts of the admin's own organisation: list, create, change role, disable.</summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/accounts").WithTags("Accounts").WithValidation();

        group.MapGet("/", List).WithName("ListAccounts").WithSummary("List your organisation's sign-in accounts")
            .RequireAuthorization(Scopes.Admin);
        group.MapGet("/{id:long}", Get).WithName("GetAccount").WithSummary("Get a sign-in account")
            .RequireAuthorization(Scopes.Admin);
        group.MapPost("/", Create).WithName("CreateAccount").WithSummary("Create a sign-in account for a coach, team lead or admin")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.Admin);
        group.MapPost("/{id:long}/disable", Disable).WithName("DisableAccount")
            .WithSummary("Disable a sign-in account; its sessions end at once")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.Admin);
        group.MapPut("/{id:long}/role", ChangeRole).WithName("ChangeAccountRole")
            .WithSummary("Change a sign-in account's role; its sessions end at once")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.Admin);
        return group;
    }

    public static async Task<Results<Ok<PagedList<AccountDto>>, ValidationProblem>> List(
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok(await Pages.ReadAsync<Account, AccountDto>(db, Sqls.List, Sqls.Count, new { TenantId = user.TenantId() }, paging,
            r => ToDto(r, now), ct));
    }

    public static async Task<Results<Ok<AccountDto>, NotFoundProblem>> Get(
        [Description("The account's id.")] long id, ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Account>(Sqls.Get,
            new { Id = id, TenantId = user.TenantId() }, ct);
        return row is null ? NotFound(id) : TypedResults.Ok(ToDto(row, clock.GetUtcNow()));
    }

    public static async Task<Results<Created<AccountDto>, ValidationProblem, ProblemHttpResult>> Create(
        AccountRequest request, ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        if (request.CoachId is { } coachId && !await TenantRows.CoachExistsAsync(db, coachId, tenantId, ct))
            return FieldProblem.Result("coachId", TenantRows.NoCoach(coachId));

        var now = clock.GetUtcNow();
        var id = await Accounts.CreateAsync(db, tenantId, request.Username, request.Password, request.Role!.Value, request.CoachId, now, ct);
        if (id is null)
            return ConflictProblem.Result($"The username '{Accounts.Normalize(request.Username)}' is taken; usernames are unique across all organisations.");
        return TypedResults.Created($"/v1/admin/accounts/{id}",
            new AccountDto(id.Value, Accounts.Normalize(request.Username), request.Role.Value, request.CoachId, now, null, null));
    }

    public static async Task<Results<Ok<AccountDto>, NotFoundProblem, ProblemHttpResult>> Disable(
        [Description("The account's id.")] long id, ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        if (user.AccountId() == id)
            return ConflictProblem.Result("You cannot disable the account you are signed in with.");
        var now = clock.GetUtcNow();
        var args = new { Id = id, TenantId = user.TenantId(), Now = now };
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Disabling twice keeps the first time.
        await connection.ExecuteAsync(db, Sqls.Disable, args, tx, ct);
        // Every session of the account ends now, not at its next request or its idle timeout.
        await SessionStore.EndAllAsync(db, connection, tx, id, args.TenantId, ct);
        var row = await connection.QuerySingleOrDefaultAsync<Account>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        return row is null ? NotFound(id) : TypedResults.Ok(ToDto(row, now));
    }

    public static async Task<Results<Ok<AccountDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> ChangeRole(
        [Description("The account's id.")] long id, AccountRoleRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, ILoggerFactory loggers, CancellationToken ct)
    {
        if (user.AccountId() == id)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The request conflicts with stored data.",
                detail: "You cannot change the role of the account you are signed in with.");
        var now = clock.GetUtcNow();
        var args = new { Id = id, TenantId = user.TenantId(), Role = request.Role!.Value.ToString() };
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<Account>(db, Sqls.Get, args, tx, ct);
        if (before is null) return NotFound(id);
        await connection.ExecuteAsync(db, Sqls.ChangeRole, args, tx, ct);
        // A session carries the role it signed in with: every session of the account ends now, so no copy of its cookie
        // keeps the old rights until its idle timeout.
        await SessionStore.EndAllAsync(db, connection, tx, id, args.TenantId, ct);
        var row = await connection.QuerySingleAsync<Account>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        SecurityEvents.RoleChanged(loggers, http, user, row, before.Role);
        return TypedResults.Ok(ToDto(row, now));
    }

    private static AccountDto ToDto(Account a, DateTimeOffset now) =>
        new(a.Id, a.Username, a.Role, a.CoachId, a.CreatedAt, a.LockedUntil > now ? a.LockedUntil : null, a.DisabledAt);

    private static NotFoundProblem NotFound(long id) => new($"No account with id {id} in your organisation.");

    private static class Sqls
    {
        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Accounts.Sqls.Columns} FROM accounts
            WHERE tenant_id = @TenantId
            """,
            orderBy: "username, id");

        public static readonly Sql Count = new("SELECT COUNT(1) FROM accounts WHERE tenant_id = @TenantId;");

        public static readonly Sql Get = new($"SELECT {Accounts.Sqls.Columns} FROM accounts WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql ChangeRole = new("UPDATE accounts SET role = @Role WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Disable = new(
            "UPDATE accounts SET disabled_at = @Now WHERE id = @Id AND tenant_id = @TenantId AND disabled_at IS NULL;");
    }
}
