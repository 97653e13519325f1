using System.Globalization;
using System.Security.Claims;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Security;

namespace MatchApi.Audit;

/// <summary>What was done to a participant's data, as the audit log records it.</summary>
public enum AuditAction { Read, Create, Update, Delete, Erase, Match }

/// <summary>
/// Marks an endpoint whose requests are written to the audit log. Put it on a route with
/// <see cref="AuditLog.Audited{TBuilder}"/>; the recording itself happens in one place, the
/// middleware added by <see cref="AuditLog.UseAuditLog"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class AuditedAttribute(string resource) : Attribute
{
    /// <summary>What kind of data the route touches, e.g. participant, goals, matches, contacts.</summary>
    public string Resource { get; } = resource;

    /// <summary>The action to record; when null it follows the HTTP method (GET read, POST create, PUT update, DELETE delete).</summary>
    public AuditAction? Action { get; init; }

    /// <summary>The route value that holds the participant's id, or null when the handler names the participant.</summary>
    public string? ParticipantRouteValue { get; init; }
}

public static class AuditLog
{
    private static readonly object ParticipantKey = new();

    /// <summary>
    /// Records every request to this route in the audit log (caller, action, resource, participant, status).
    /// With <paramref name="participantRouteValue"/> (default <c>id</c>) the route is about that participant:
    /// before the handler runs, an id that is not a live participant of the caller's organisation (another
    /// tenant's, unknown or erased) is answered 404, so every participant route treats erased people alike.
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string resource, AuditAction? action = null,
        string? participantRouteValue = "id", bool erasedToo = false) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AuditedAttribute(resource) { Action = action, ParticipantRouteValue = participantRouteValue });
        if (participantRouteValue is not null)
            builder.AddEndpointFilter(async (invocation, next) =>
            {
                var http = invocation.HttpContext;
                if (!TryParticipantFromRoute(http, participantRouteValue, out var id)) return await next(invocation);
                var db = http.RequestServices.GetRequiredService<Db>();
                await using var connection = await db.OpenAsync(http.RequestAborted);
                var found = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    db.Text(erasedToo ? Sqls.ParticipantExists : Sqls.LiveParticipantExists),
                    new { Id = id, TenantId = http.User.TenantId() }, cancellationToken: http.RequestAborted));
                return found > 0 ? await next(invocation) : new NotFoundProblem($"No participant with id {id} in your organisation.");
            });
        return builder;
    }

    /// <summary>Names the participant a request was about when the route does not (a new participant, a contact's subject).</summary>
    public static void AuditParticipant(this HttpContext http, long? participantId)
    {
        if (participantId is not null) http.Items[ParticipantKey] = participantId;
    }

    /// <summary>
    /// Writes one audit row per request to an audited endpoint by an authenticated caller, whatever the
    /// outcome (2xx, 403, 404, 400 …), with the status. The row is written as the response starts, so
    /// the status is known and no data leaves without its row: when the row cannot be written the
    /// request fails instead. Place after authentication (to know who) and before authorization (to
    /// see 403s).
    /// </summary>
    public static IApplicationBuilder UseAuditLog(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var audited = http.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>();
        // Without a tenant there is nobody to record and nothing was read (401).
        if (audited is not null && http.User.HasClaim(c => c.Type == ClaimNames.Tenant))
            http.Response.OnStarting(() => WriteAsync(http, audited));
        await next(http);
    });

    private static async Task WriteAsync(HttpContext http, AuditedAttribute audited)
    {
        var participantId = http.Items.TryGetValue(ParticipantKey, out var named) ? (long?)named
            : audited.ParticipantRouteValue is { } name && TryParticipantFromRoute(http, name, out var id) ? id
            : null;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        // Waits for the row's commit (batched with other requests' rows by the one writer).
        await http.RequestServices.GetRequiredService<AuditWriter>().WriteAsync(new AuditEntry(
            TenantId: http.User.TenantId(),
            OccurredAt: clock.GetUtcNow(),
            Actor: http.User.Actor(),
            Action: (audited.Action ?? ActionOf(http.Request.Method)).ToString(),
            Resource: audited.Resource,
            ParticipantId: participantId,
            HttpMethod: http.Request.Method,
            // The template, never the raw path or query string, which may carry search terms.
            Path: (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "",
            RemoteIp: http.Connection.RemoteIpAddress?.ToString(),
            StatusCode: http.Response.StatusCode));
    }

    private static AuditAction ActionOf(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? AuditAction.Read
        : HttpMethods.IsPost(method) ? AuditAction.Create
        : HttpMethods.IsDelete(method) ? AuditAction.Delete
        : AuditAction.Update;

    private static bool TryParticipantFromRoute(HttpContext http, string name, out long id)
    {
        id = 0;
        return http.Request.RouteValues.TryGetValue(name, out var value)
            && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    private static class Sqls
    {
        public static readonly Sql LiveParticipantExists = new(
            "SELECT COUNT(1) FROM participants WHERE id = @Id AND tenant_id = @TenantId AND erased_at IS NULL;");

        public static readonly Sql ParticipantExists = new(
            "SELECT COUNT(1) FROM participants WHERE id = @Id AND tenant_id = @TenantId;");
    }
}
