using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Common;

/// <summary>
/// Optimistic concurrency: every row has an integer version, sent as a strong ETag. A PUT with
/// If-Match updates only when the version still matches; otherwise 412.
/// </summary>
public static class ETags
{
    public static string Format(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version named by If-Match; null when the header is absent or "*" (unconditional update).</summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? version)
    {
        version = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return true;
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        if (header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            version = v;
            return true;
        }
        return false;
    }

    public static void Set(HttpContext context, long version) => context.Response.Headers.ETag = Format(version);

    public const string StaleTitle = "The resource has changed.";

    public const string StaleDetail = "If-Match does not match the current ETag; fetch the resource again and re-apply your change.";

    public static ProblemHttpResult Stale() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed, title: StaleTitle, detail: StaleDetail);

    public static ProblemHttpResult BadIfMatch() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The request is malformed.",
        detail: "If-Match must be an ETag returned by this API, e.g. \"3\", or *.");
}

/// <summary>
/// HEAD is answered wherever GET is (the same status and headers, no body), and a GET or HEAD whose
/// If-None-Match names the current ETag is answered 304 Not Modified. Placed before routing, so that
/// HEAD finds the GET route; handlers stay unaware of both.
/// </summary>
public static class ConditionalRequests
{
    public static IApplicationBuilder UseConditionalRequests(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        var head = HttpMethods.IsHead(request.Method);
        var conditional = request.Headers.IfNoneMatch.Count > 0;
        if (!head && !(conditional && HttpMethods.IsGet(request.Method)))
        {
            await next(http);
            return;
        }

        var body = http.Response.Body;
        // Only a conditional GET is buffered: its answer is either the body or nothing.
        var buffer = head ? null : new MemoryStream();
        http.Response.Body = head ? Stream.Null : buffer!;
        if (head) request.Method = HttpMethods.Get;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
            if (head) request.Method = HttpMethods.Head;
        }

        var response = http.Response;
        if (conditional && response.StatusCode == StatusCodes.Status200OK && Matches(request.Headers.IfNoneMatch.ToString(), response.Headers.ETag.ToString()))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.ContentLength = null;
            response.ContentType = null;
            response.Headers.ContentDisposition = default;
            return;
        }
        if (buffer is not null)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(body, http.RequestAborted);
        }
    });

    // If-None-Match compares weakly: W/"3" matches "3"; * matches any current representation.
    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (etag.Length == 0) return false;
        static string Opaque(string tag) => (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag).Trim();
        return ifNoneMatch.Split(',').Select(Opaque).Any(t => t == "*" || t == Opaque(etag));
    }
}
