using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace MatchApi.Common;

/// <summary>
/// JSON and form bodies are UTF-8. One that declares another charset (<c>application/json; charset=ebcdic</c>) is
/// answered 415 problem before any endpoint reads it, instead of failing deep in a reader with a 500. CSV bodies
/// are left to the sync endpoints, which decode the charsets they support and refuse the others.
/// </summary>
public static class RequestCharsets
{
    public static IApplicationBuilder UseUtf8RequestBodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var media)
            && media.Charset.HasValue
            && ReadAsUtf8Only(media)
            && !IsUtf8(media.Charset.Value))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Unsupported charset.",
                    Detail = $"Request bodies must be UTF-8; the Content-Type names the charset '{media.Charset.Value}'. Send charset=utf-8 or no charset.",
                },
            });
            return;
        }
        await next(http);
    });

    // JSON and forms are read as UTF-8 only; CSV sync bodies decode their declared charset themselves (Windows-1252 from Excel).
    private static bool ReadAsUtf8Only(MediaTypeHeaderValue media) =>
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
