using System.Text.Json;
using MatchApi.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Common;

/// <summary>Thrown where a request is well-formed but conflicts with stored data (duplicate reference, missing parent).</summary>
public sealed class ConflictException(string detail) : Exception(detail);

/// <summary>
/// Turns what reaches the exception handler into RFC 9457 problem details: malformed bodies
/// and parameters are the caller's 400 (saying what was wrong), conflicts are 409, and only
/// genuine faults are 500 (without internals).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request is malformed.", Describe(bad)),
            ConflictException conflict => (StatusCodes.Status409Conflict, "The request conflicts with stored data.", conflict.Message),
            // A malformed multipart or form body (bad boundary, truncated section) is the caller's, like malformed JSON.
            InvalidDataException invalid => (StatusCodes.Status400BadRequest, "The request is malformed.", invalid.Message),
            _ when DbErrors.IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable.",
                $"The database is busy or cannot be reached; try again after {DbErrors.RetryAfterSeconds} seconds."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request.", null),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred.", null),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Database unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = DbErrors.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status >= 500)
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    // The framework's message names the parameter; the JSON reader's says which property and where.
    private static string Describe(BadHttpRequestException bad)
    {
        var inner = bad.InnerException;
        return inner switch
        {
            JsonException json => $"{bad.Message} {Simplify(json.Message)}",
            FormatException or InvalidOperationException or NotSupportedException => $"{bad.Message} {inner.Message}",
            _ => bad.Message,
        };
    }

    // Keep the path and the reason, not the internal .NET type names.
    internal static string Simplify(string message)
    {
        var cut = message.IndexOf(" contained in type ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] + "." : message;
    }
}
