using System.Reflection;
using MatchApi.Common;
using MatchApi.Security;
using MatchApi.Sync;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Hosting;

/// <summary>
/// What every operation can answer besides its own results, derived from the endpoint's metadata and
/// signature rather than written per route: who may call it (security, 401, 403), what the middleware
/// answers (400 for malformed input or a missing antiforgery token, 413, 415, 429 with Retry-After), a
/// problem body on every error, Location on 201, and the limits of <c>[AsParameters]</c> query types.
/// </summary>
internal static class OpenApiOperationRules
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "HttpValidationProblemDetails";
    public const string ProblemMediaType = "application/problem+json";

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var unsafeMethod = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);
        operation.Responses ??= new OpenApiResponses();

        Security(operation, context, metadata);
        QueryTypes(operation, context, metadata);

        var hasInput = operation.Parameters?.Count > 0 || operation.RequestBody is not null;
        // Malformed parameters and bodies are answered by the framework, a missing antiforgery token by its middleware.
        if (hasInput || unsafeMethod)
            Add(operation, context, StatusCodes.Status400BadRequest, "The request is malformed or a field is invalid; errors names each field.", ValidationProblem);
        if (operation.RequestBody is not null)
        {
            Add(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than this operation accepts.");
            Add(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body's Content-Type is not one this operation accepts.");
        }
        Add(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests from this caller in this minute; wait the seconds in Retry-After.");
        Header(operation.Responses["429"], "Retry-After", "Seconds to wait before trying again.", required: true,
            new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "86400" });

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete) continue;
            // Every error answers with a problem body, whichever code produced it.
            if (status.Length == 3 && status[0] is '4' or '5' && (concrete.Content is null || concrete.Content.Count == 0))
                concrete.Content = ProblemContent(context, status == "400" ? ValidationProblem : Problem);
            if (status is "201" or "301" or "302" or "303" or "307" or "308")
                Header(concrete, "Location", status == "201" ? "Where the created resource can be read." : "Where to go next.", required: true,
                    new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 });
        }
        // A retried sync with the same Idempotency-Key gets the stored answer, marked as such.
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Header && p.Name == IdempotencyKeys.Header) == true
            && operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
            Header(okResponse, SyncHttp.ReplayedHeader, "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
                required: false, new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["true"] });
        return Task.CompletedTask;
    }

    private static void Security(OpenApiOperation operation, OpenApiOperationTransformerContext context, IList<object> metadata)
    {
        var authorize = metadata.OfType<IAuthorizeData>().ToArray();
        if (authorize.Length == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            // A public operation (sign-in, health): no credentials, stated explicitly.
            operation.Security = [];
            return;
        }
        // Alternatives: any one of the three schemes authenticates.
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeys.Scheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerTokens.Scheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieSignIn.Scheme, context.Document)] = [] },
        ];
        Add(operation, context, StatusCodes.Status401Unauthorized, "No valid API key, bearer token or session cookie was sent.");
        // Operations open to any valid key (reference data) cannot be forbidden.
        var policies = authorize.Select(a => a.Policy).OfType<string>().ToArray();
        if (policies.Length > 0)
            Add(operation, context, StatusCodes.Status403Forbidden, $"The caller lacks the scope this operation needs ({string.Join(", ", policies)}).");
    }

    /// <summary>
    /// Query parameters bound with [AsParameters] take the limits (bounds, lengths, names) of their type's validator;
    /// a string parameter marked [QueryEnum&lt;T&gt;] lists the names it takes.
    /// </summary>
    private static void QueryTypes(OpenApiOperation operation, OpenApiOperationTransformerContext context, IList<object> metadata)
    {
        if (operation.Parameters is null) return;
        foreach (var described in context.Description.ParameterDescriptions)
        {
            if (described.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: var info }
                || info.GetCustomAttributes(true).OfType<IQueryEnumNames>().FirstOrDefault() is not { } names) continue;
            var parameter = operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == described.Name);
            if (parameter?.Schema is OpenApiSchema schema) schema.Enum = names.Names.Select(n => (System.Text.Json.Nodes.JsonNode)n).ToList();
        }
        if (metadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler) return;
        foreach (var container in handler.GetParameters().Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null))
        {
            if (OpenApiValidatorRules.For(container.ParameterType, context.ApplicationServices) is not { } rules) continue;
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
                if (parameter.Name is { } name && rules.TryGetValue(name, out var field) && parameter.Schema is { } schema)
                    OpenApiValidatorRules.Apply(schema, field);
        }
    }

    public static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description,
        string schema = Problem)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing))
        {
            // The framework's default text ("Bad Request") says less than ours.
            if (existing is OpenApiResponse concrete && (concrete.Description is null || concrete.Description == ReasonPhrase(status)))
                concrete.Description = description;
            return;
        }
        operation.Responses[key] = new OpenApiResponse { Description = description, Content = ProblemContent(context, schema) };
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiOperationTransformerContext context, string schema) => new()
    {
        [ProblemMediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, context.Document) },
    };

    public static void Header(IOpenApiResponse response, string name, string description, bool required, OpenApiSchema schema)
    {
        if (response is not OpenApiResponse concrete) return;
        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers.TryAdd(name, new OpenApiHeader { Description = description, Required = required, Schema = schema });
    }
}
