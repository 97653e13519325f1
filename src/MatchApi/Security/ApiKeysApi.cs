using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Security;

public enum ApiKeyStatus { Active, Expired, Revoked }

/// <summary>An API key as an admin sees it: never the key or its hash, only the first characters to recognise it by.</summary>
public sealed record ApiKeyDto(
    long Id,
    [property: Description("What the key is for, e.g. the system that uses it.")] string Name,
    [property: Description("The key's first characters, to recognise it by.")] string Prefix,
    [property: Description("What the key may do.")] IReadOnlyList<string> Scopes,
    [property: Description("Whether the key works now.")] ApiKeyStatus Status,
    DateTimeOffset CreatedAt,
    [property: Description("When the key stops working; null for never.")] DateTimeOffset? ExpiresAt,
    [property: Description("When the key was revoked; null while it is not.")] DateTimeOffset? RevokedAt);

/// <summary>A key just created: the only response that ever contains the key itself.</summary>
public sealed record CreatedApiKeyDto(
    long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, ApiKeyStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    [property: Description("The key to send in X-Api-Key. Store it now: it is not shown again.")] string Key);

public sealed record ApiKeyRequest(
    [property: Description("What the key is for, e.g. \"HR sync\".")] string Name,
    [property: Description("Scopes the key gets, e.g. [\"employers:write\", \"openings:write\"].")] IReadOnlyList<string>? Scopes,
    [property: Description("When the key stops working (in the future); omit for never.")] DateTimeOffset? ExpiresAt);

public sealed class ApiKeyRequestValidator : AbstractValidator<ApiKeyRequest>
{
    public ApiKeyRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Scopes).NotEmpty();
        RuleForEach(x => x.Scopes).Must(s => Scopes.All.Contains(s))
            .WithMessage(x => $"'{{PropertyValue}}' is not a scope. Known: {string.Join(", ", Scopes.All)}.");
        RuleFor(x => x.ExpiresAt).Must(e => e > clock.GetUtcNow()).When(x => x.ExpiresAt is not null)
            .WithMessage("'Expires At' must be in the future.");
    }
}

/// <summary>API keys of the admin's own organisation: list, create (shown once), revoke.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/api-keys").WithTags("API keys").WithValidation();

        group.MapGet("/", List).WithName("ListApiKeys").WithSummary("List your organisation's API keys (never the keys themselves)")
            .RequireAuthorization(Scopes.Admin);
        group.MapGet("/{id:long}", Get).WithName("GetApiKey").WithSummary("Get an API key's name, scopes and status")
            .RequireAuthorization(Scopes.Admin);
        group.MapPost("/", Create).WithName("CreateApiKey").WithSummary("Create an API key; the response is the only time the key is shown")
            .RequireAuthorization(Scopes.Admin);
        group.MapDelete("/{id:long}", Revoke).WithName("RevokeApiKey").WithSummary("Revoke an API key; it stops working at once (within 5 s on other instances of the service)")
            .RequireAuthorization(Scopes.Admin);
        return group;
    }

    public static async Task<Results<Ok<PagedList<ApiKeyDto>>, ValidationProblem>> List(
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok(await Pages.ReadAsync<Row, ApiKeyDto>(db, Sqls.List, Sqls.Count, new { TenantId = user.TenantId() }, paging,
            r => r.ToDto(now), ct));
    }

    public static async Task<Results<Ok<ApiKeyDto>, NotFoundProblem>> Get(
        [Description("The API key's id.")] long id, ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>(Sqls.Get,
            new { Id = id, TenantId = user.TenantId() }, ct);
        return row is null ? NotFound(id) : TypedResults.Ok(row.ToDto(clock.GetUtcNow()));
    }

    public static async Task<Results<Created<CreatedApiKeyDto>, ValidationProblem>> Create(
        ApiKeyRequest request, ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scopes = request.Scopes!.Distinct(StringComparer.Ordinal).ToList();
        var key = ApiKeys.Generate();
        var id = await db.ExecuteScalarAsync<long>(ApiKeys.Insert, new
        {
            TenantId = user.TenantId(),
            request.Name,
            KeyPrefix = ApiKeys.DisplayPrefix(key),
            KeyHash = ApiKeys.Hash(key),
            Scopes = string.Join(' ', scopes),
            CreatedAt = now,
            request.ExpiresAt,
        }, ct);
        // The body holds a secret: no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/admin/api-keys/{id}",
            new CreatedApiKeyDto(id, request.Name, ApiKeys.DisplayPrefix(key), scopes, ApiKeyStatus.Active, now, request.ExpiresAt, key));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> Revoke(
        [Description("The API key's id.")] long id, ClaimsPrincipal user, Db db, ApiKeyCache cache, TimeProvider clock, CancellationToken ct)
    {
        var args = new { Id = id, TenantId = user.TenantId(), Now = clock.GetUtcNow() };
        await using var connection = await db.OpenAsync(ct);
        // Revoking twice is not an error; the first revocation time stays.
        await connection.ExecuteAsync(db, Sqls.Revoke, args, null, ct);
        var exists = await connection.ExecuteScalarAsync<long>(db, Sqls.Exists, args, null, ct);
        if (exists != 1) return NotFound(id);
        cache.Remove(id);
        return TypedResults.NoContent();
    }

    private static NotFoundProblem NotFound(long id) => new($"No API key with id {id} in your organisation.");

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
        public string Scopes { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }

        public ApiKeyDto ToDto(DateTimeOffset now) => new(Id, Name, Prefix, Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            RevokedAt is not null ? ApiKeyStatus.Revoked : ExpiresAt <= now ? ApiKeyStatus.Expired : ApiKeyStatus.Active,
            CreatedAt, ExpiresAt, RevokedAt);
    }

    private static class Sqls
    {
        private const string Columns = """
            id AS Id, name AS Name, key_prefix AS Prefix, scopes AS Scopes, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt
            """;

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns} FROM api_keys
            WHERE tenant_id = @TenantId
            """,
            orderBy: "created_at DESC, id DESC");

        public static readonly Sql Count = new("SELECT COUNT(1) FROM api_keys WHERE tenant_id = @TenantId;");

        public static readonly Sql Get = new($"SELECT {Columns} FROM api_keys WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Exists = new("SELECT COUNT(1) FROM api_keys WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Revoke = new(
            "UPDATE api_keys SET revoked_at = @Now WHERE id = @Id AND tenant_id = @TenantId AND revoked_at IS NULL;");
    }
}
