using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Common;

/// <summary>The 409 answer: a request that is well-formed but conflicts with stored data (a duplicate reference, a taken name).</summary>
public static class ConflictProblem
{
    public const string Title = "The request conflicts with stored data.";

    public static ProblemHttpResult Result(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Title, detail: detail);
}

/// <summary>
/// The 400 answer with errors keyed by field (camelCase, as sent): from the validation filter, and from the checks only a
/// handler can make (an id in the body that is not one of the caller's organisation's, a date before the enrolment).
/// </summary>
public static class FieldProblem
{
    public const string Detail = "One or more fields are invalid; see errors.";

    public static ValidationProblem Result(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors, detail: Detail);

    public static ValidationProblem Result(string field, string message) => Result(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Turns what reaches the exception handler into RFC 9457 problem details: malformed bodies
/// and parameters are the caller's 400 (saying what was wrong), a busy database is 503, and only
/// genuine faults are 500 (without internals).
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request is malformed.", Describe(bad)),
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
            ProblemDetails = FieldErrors(exception) is { } errors
                ? new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail }
                : new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    // A field the body got wrong, keyed as validation errors are (camelCase, as sent).
    private static Dictionary<string, string[]>? FieldErrors(Exception exception) =>
        exception is BadHttpRequestException { InnerException: OneEnumValueException one }
            ? new Dictionary<string, string[]> { [one.Field] = [one.Message] }
            : null;

    // The framework's messages name C# parameters and .NET types ("Nullable<int> pageSize", "System.Nullable`1[System.DateOnly]");
    // the caller is told the same in the API's terms: the field or parameter as sent, and the kind of value it takes.
    private static string Describe(BadHttpRequestException bad)
    {
        var message = bad.Message;
        if (BindFailure().Match(message) is { Success: true } bind)
            return $"'{bind.Groups["name"].Value}' must be {Kind(bind.Groups["type"].Value)}; \"{bind.Groups["value"].Value}\" is not.";
        if (MissingParameter().Match(message) is { Success: true } missing)
            return $"'{missing.Groups["name"].Value}' is required ({missing.Groups["where"].Value}).";
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.StartsWith("Required parameter", StringComparison.Ordinal))
            return "A JSON request body is required.";
        if (message.StartsWith("Failed to read parameter", StringComparison.Ordinal))
            message = "The request body could not be read.";
        return bad.InnerException is JsonException json ? $"{message} {Simplify(json.Message)}" : message;
    }

    // Keep the path and the reason, not the internal .NET type names.
    internal static string Simplify(string message)
    {
        var cut = message.IndexOf(" contained in type ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut].Replace("could not be mapped to any .NET member", "is not a field of this body", StringComparison.Ordinal) + ".";
        if (Unconvertible().Match(message) is { Success: true } value)
            message = $"The value at {value.Groups["path"].Value} must be {Kind(value.Groups["type"].Value)}.";
        // Line and byte positions refer to the raw body; the path already says where.
        var position = message.IndexOf(" | LineNumber:", StringComparison.Ordinal);
        return position > 0 ? message[..position] + "." : message;
    }

    /// <summary>What a .NET type name means to a caller.</summary>
    internal static string Kind(string typeName)
    {
        var name = typeName.Trim();
        foreach (var wrapper in new[] { "System.Nullable`1[", "Nullable<" })
            if (name.StartsWith(wrapper, StringComparison.Ordinal)) name = name[wrapper.Length..^1];
        if (name.EndsWith("[]", StringComparison.Ordinal) || name.Contains("List`1", StringComparison.Ordinal) || name.Contains("List<", StringComparison.Ordinal))
            return "a JSON array";
        name = name[(name.LastIndexOf('.') + 1)..];
        return name.ToLowerInvariant() switch
        {
            "int" or "int32" or "long" or "int64" or "short" or "int16" or "byte" => "a whole number",
            "double" or "decimal" or "single" or "float" => "a number",
            "bool" or "boolean" => "true or false",
            "dateonly" => "a date (yyyy-MM-dd)",
            "datetimeoffset" or "datetime" => "a date and time (ISO 8601, e.g. 2026-03-01T09:30:00Z)",
            "timeonly" => "a time (HH:mm)",
            "guid" => "a UUID",
            "string" or "char" => "a string",
            _ => "a value of the documented type (see the OpenAPI document)",
        };
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided from (?<where>.+)\.$""")]
    private static partial Regex MissingParameter();

    [GeneratedRegex("""^The JSON value could not be converted to (?<type>\S+)\. Path: (?<path>\S+)""")]
    private static partial Regex Unconvertible();
}
