using System.Text.Json.Nodes;
using MatchApi.Sync;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Hosting;

/// <summary>
/// Corrections that need the whole document: problem schemas as the server writes them (traceId, a sync's
/// invalidRows, room for extensions), enums that a null can satisfy only through the nullable wrapper that
/// uses them, and the conditional-request headers of every resource with an ETag.
/// </summary>
internal static class OpenApiDocumentRules
{
    public static async Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;

        // The generator lists null among an enum's values when a property is nullable, and wraps the property in
        // oneOf [null, enum] as well: null then matches both branches, which oneOf forbids. The wrapper says it alone.
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null))
            {
                schema.Enum = values.Where(v => v is not null).ToList();
                schema.Type ??= values.All(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.String)
                    ? JsonSchemaType.String
                    : null;
            }
        }

        // Every problem the server writes carries traceId; a sync list's 400 adds invalidRows; RFC 9457 allows more members.
        if (!schemas.ContainsKey(OpenApiOperationRules.Problem))
            schemas[OpenApiOperationRules.Problem] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
        if (!schemas.ContainsKey(OpenApiOperationRules.ValidationProblem))
            schemas[OpenApiOperationRules.ValidationProblem] = await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), null, ct);
        if (!schemas.ContainsKey(nameof(SyncRowError)))
            schemas[nameof(SyncRowError)] = await context.GetOrCreateSchemaAsync(typeof(SyncRowError), null, ct);
        foreach (var name in new[] { OpenApiOperationRules.Problem, OpenApiOperationRules.ValidationProblem })
        {
            if (schemas[name] is not OpenApiSchema problem) continue;
            problem.AdditionalPropertiesAllowed = true;
            problem.AdditionalProperties = null;
            problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
            problem.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MaxLength = 128,
                Description = "Identifies this request in the service's logs; quote it when reporting a problem.",
            };
            if (name == OpenApiOperationRules.ValidationProblem)
            {
                problem.Properties["invalidRows"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MaxItems = 1_000_000,
                    Description = "Sync lists only: every problem with its row, CSV line and column.",
                    Items = new OpenApiSchemaReference(nameof(SyncRowError), document),
                };
            }
        }

        ConditionalRequests(document);
    }

    /// <summary>
    /// A path whose changes take If-Match (it declares 412) is a versioned resource: its reads send an ETag and
    /// answer 304 to a matching If-None-Match, its writes send the new ETag, and its collection's create sends the first.
    /// </summary>
    private static void ConditionalRequests(OpenApiDocument document)
    {
        if (document.Paths is null) return;
        var versioned = document.Paths
            .Where(p => p.Value.Operations?.Values.Any(o => o.Responses?.ContainsKey("412") == true) == true)
            .Select(p => p.Key).ToHashSet();
        var etag = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Pattern = "^(W/)?\"[^\"]*\"$" };
        foreach (var (path, item) in document.Paths)
        {
            if (item.Operations is null) continue;
            foreach (var (method, operation) in item.Operations)
            {
                if (operation.Responses is null) continue;
                if (versioned.Contains(path))
                {
                    if (operation.Responses.TryGetValue("200", out var ok))
                        OpenApiOperationRules.Header(ok, "ETag", "The resource's current version; send it in If-Match to change it.", required: true, etag);
                    // A PUT that creates (by reference) sends the new row's first version.
                    if (method == HttpMethod.Put && operation.Responses.TryGetValue("201", out var made))
                        OpenApiOperationRules.Header(made, "ETag", "The new resource's version; send it in If-Match to change it.", required: true, etag);
                    if (method == HttpMethod.Get)
                    {
                        Parameter(operation, "If-None-Match", "An ETag from an earlier read: 304 without a body while the resource is unchanged.", etag);
                        operation.Responses.TryAdd("304", new OpenApiResponse
                        {
                            Description = "Not modified: the ETag in If-None-Match is still current.",
                            Headers = new Dictionary<string, IOpenApiHeader>
                            {
                                ["ETag"] = new OpenApiHeader { Description = "The resource's current version.", Required = true, Schema = etag },
                            },
                        });
                    }
                    else if (operation.Responses.ContainsKey("412"))
                    {
                        Parameter(operation, "If-Match", "The ETag of the version this change is based on (or *): 412 when the resource has changed since. "
                            + "Without it the change is unconditional.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Pattern = "^(\\*|(W/)?\"[^\"]*\")$" });
                    }
                }
                else if (method == HttpMethod.Post && versioned.Any(v => v.StartsWith(path + "/{", StringComparison.Ordinal) && v.IndexOf('/', path.Length + 1) < 0)
                    && operation.Responses.TryGetValue("201", out var created))
                {
                    OpenApiOperationRules.Header(created, "ETag", "The new resource's version.", required: false, etag);
                }
            }
        }
    }

    private static void Parameter(OpenApiOperation operation, string name, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= new List<IOpenApiParameter>();
        if (operation.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.In == ParameterLocation.Header)) return;
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = schema });
    }
}
