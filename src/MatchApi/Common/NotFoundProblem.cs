using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Common;

/// <summary>
/// A 404 written as application/problem+json (TypedResults.NotFound would write plain JSON),
/// and declared as such in the OpenAPI document when named in a handler's return type.
/// </summary>
public sealed class NotFoundProblem(string detail) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value { get; } = new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        Detail = detail,
    };

    public int? StatusCode => StatusCodes.Status404NotFound;

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder);

    /// <summary>Declares the 404 problem on an endpoint that answers it from a filter rather than its handler.</summary>
    public static void Declare(EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
