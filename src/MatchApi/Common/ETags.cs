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

    public static ProblemHttpResult Stale() => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The resource has changed.",
        detail: "If-Match does not match the current ETag; fetch the resource again and re-apply your change.");

    public static ProblemHttpResult BadIfMatch() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The request is malformed.",
        detail: "If-Match must be an ETag returned by this API, e.g. \"3\", or *.");
}
