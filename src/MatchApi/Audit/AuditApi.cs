using System.ComponentModel;
using System.Security.Claims;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Audit;

/// <summary>One recorded request that touched a participant's data.</summary>
public sealed record AuditEntryDto(
    [property: Description("The entry's id.")] long Id,
    [property: Description("When the request was answered.")] DateTimeOffset OccurredAt,
    [property: Description("Who made the request, e.g. key:12 (an API key's id, never the key).")] string Actor,
    [property: Description("read, create, update, delete, erase or match.")] AuditAction Action,
    [property: Description("What kind of data, e.g. participant, goals, matches, contacts, audit.")] string Resource,
    [property: Description("The HTTP method.")] string HttpMethod,
    [property: Description("The route template that was called (no query string).")] string Path,
    [property: Description("The caller's network address, when known.")] string? RemoteIp,
    [property: Description("The status the request was answered with; 403 and 404 are refused attempts.")] int StatusCode);

public static class AuditApi
{
    public static RouteGroupBuilder MapParticipantAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/participants/{id:long}/audit").WithTags("Audit").WithValidation();

        // Erased participants keep their audit trail, so it stays readable after erasure.
        group.MapGet("/", List).WithName("ListParticipantAudit")
            .WithSummary("Who has read or changed this participant's data, newest first")
            .RequireAuthorization(Scopes.Admin)
            .Audited("audit", erasedToo: true);
        return group;
    }

    public static async Task<Results<Ok<PagedList<AuditEntryDto>>, NotFoundProblem, ValidationProblem>> List(
        [Description("The participant's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var filter = new { TenantId = user.TenantId(), ParticipantId = id };
        // The audit log's own file on SQLite (Data/Db.cs).
        await using var connection = await db.OpenAuditAsync(ct);
        return TypedResults.Ok(await Pages.ReadAsync<Row, AuditEntryDto>(db, connection, Sqls.List, Sqls.Count, filter, paging, r => r.ToDto(), ct));
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string Actor { get; init; } = "";
        public AuditAction Action { get; init; }
        public string Resource { get; init; } = "";
        public string HttpMethod { get; init; } = "";
        public string Path { get; init; } = "";
        public string? RemoteIp { get; init; }
        public int StatusCode { get; init; }

        public AuditEntryDto ToDto() => new(Id, OccurredAt, Actor, Action, Resource, HttpMethod, Path, RemoteIp, StatusCode);
    }

    private static class Sqls
    {
        private const string Columns = """
            id AS Id, occurred_at AS OccurredAt, actor AS Actor, action AS Action, resource AS Resource,
            http_method AS HttpMethod, path AS Path, remote_ip AS RemoteIp, status_code AS StatusCode
            """;

        public static readonly Sql List = Sql.Paged(
            $"""
            SELECT {Columns} FROM audit_log
            WHERE tenant_id = @TenantId AND participant_id = @ParticipantId
            """,
            orderBy: "occurred_at DESC, id DESC");

        public static readonly Sql Count = new(
            "SELECT COUNT(1) FROM audit_log WHERE tenant_id = @TenantId AND participant_id = @ParticipantId;");
    }
}
