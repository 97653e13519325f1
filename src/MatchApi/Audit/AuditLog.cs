using System.Security.Claims;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Participants;
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
    /// before the handler runs, <see cref="LiveParticipants"/> decides whether the id is a live participant of the
    /// caller's organisation; another tenant's, unknown or erased ids are answered 404. The check fails closed:
    /// a route whose participant id cannot be read is refused (404), never run unaudited.
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string resource, AuditAction? action = null,
        string? participantRouteValue = "id", bool erasedToo = false) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AuditedAttribute(resource) { Action = action, ParticipantRouteValue = participantRouteValue });
        if (participantRouteValue is not null)
            builder.Add(endpoint =>
            {
                // Lists and creation name no participant in their path; every route that does is checked.
                if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern } && pattern.GetParameter(participantRouteValue) is null) return;
                // The check below answers 404 on every such route, so the document says so.
                NotFoundProblem.Declare(endpoint);
                endpoint.FilterFactories.Add((_, next) => async invocation =>
                {
                    var http = invocation.HttpContext;
                    if (!TryParticipantFromRoute(http, participantRouteValue, out var id))
                        return new NotFoundProblem("No participant with this id in your organisation: ids are positive whole numbers.");
                    var db = http.RequestServices.GetRequiredService<Db>();
                    var tenantId = http.User.TenantId();
                    bool found;
                    // A read connection with the check compiled once (SQLite), given back before the handler runs.
                    await using (var connection = await http.RequestServices.GetRequiredService<ReadConnections>().OpenAsync(http.RequestAborted))
                        found = erasedToo
                            ? await LiveParticipants.EverExistedAsync(db, connection.Connection, id, tenantId, http.RequestAborted)
                            : await LiveParticipants.IsLiveAsync(db, connection, id, tenantId, http.RequestAborted);
                    return found ? await next(invocation) : LiveParticipants.NotFound(id);
                });
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
    /// outcome (2xx, 403, 404, 400 …), with the status. The response is held back until its row is written,
    /// so no data leaves without its row: when the row cannot be written the request fails closed instead
    /// (503 problem when the database is busy or unreachable; the held-back body is dropped). Audited responses
    /// carry participant data, so they are also marked <c>Cache-Control: no-store</c>. Place after
    /// authentication (to know who) and before authorization (to see 403s).
    /// </summary>
    public static IApplicationBuilder UseAuditLog(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var audited = http.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>();
        // Without a tenant there is nobody to record and nothing was read (401).
        if (audited is null || !http.User.HasClaim(c => c.Type == ClaimNames.Tenant))
        {
            await next(http);
            return;
        }

        http.Response.Headers.CacheControl = "no-store";
        var original = http.Response.Body;
        await using var held = new HeldBody();
        http.Response.Body = held;
        try
        {
            await next(http);
        }
        catch
        {
            // The error answer carries no participant data; its row is written as it starts, as far as possible.
            http.Response.Body = original;
            http.Response.OnStarting(() => TryWriteAsync(http, audited));
            throw;
        }
        http.Response.Body = original;
        await WriteAsync(http, audited);
        await held.SendAsync(original, http.RequestAborted);
    });

    private static async Task TryWriteAsync(HttpContext http, AuditedAttribute audited)
    {
        try
        {
            await WriteAsync(http, audited);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditLog))
                .LogWarning(ex, "The audit row of a failed request could not be written.");
        }
    }

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
        return http.Request.RouteValues.TryGetValue(name, out var value) && CanonicalIdRouteConstraint.TryParse(value, out id);
    }

}

/// <summary>
/// The held-back body of an audited response, in blocks rented from the shared pool and cleared when given back (they held
/// participant data). A match answer is some 30 KB: a <see cref="MemoryStream"/> grew through eight arrays for it on
/// every request.
/// </summary>
internal sealed class HeldBody : Stream
{
    private const int BlockSize = 32 * 1024;
    private readonly List<byte[]> _blocks = [];
    private int _used = BlockSize;
    private long _length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_used == BlockSize)
            {
                _blocks.Add(System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize));
                _used = 0;
            }
            var n = Math.Min(buffer.Length, BlockSize - _used);
            buffer[..n].CopyTo(_blocks[^1].AsSpan(_used));
            _used += n;
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>Writes what was held to <paramref name="destination"/>, in order.</summary>
    public async Task SendAsync(Stream destination, CancellationToken ct)
    {
        for (var i = 0; i < _blocks.Count; i++)
            await destination.WriteAsync(_blocks[i].AsMemory(0, i == _blocks.Count - 1 ? _used : BlockSize), ct);
    }

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        foreach (var block in _blocks) System.Buffers.ArrayPool<byte>.Shared.Return(block, clearArray: true);
        _blocks.Clear();
        base.Dispose(disposing);
    }
}
