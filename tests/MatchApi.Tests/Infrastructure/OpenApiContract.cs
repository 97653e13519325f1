using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// The committed openapi/v1.json as a contract for responses: is the status declared for the operation, is
/// the body valid against the declared schema of its media type (JSON Schema 2020-12, as OpenAPI 3.1 uses),
/// and are the headers the document marks required present. Schemas are checked with JsonSchema.Net.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly Lazy<OpenApiContract> CommittedDocument = new(() => new OpenApiContract(File.ReadAllText(DocumentPath)));
    private static int _schemaCounter;

    private readonly JsonObject _paths;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiContract(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        _paths = root["paths"]!.AsObject();
        var components = root["components"]?["schemas"]?.ToJsonString() ?? "{}";
        _definitions = JsonNode.Parse(RewriteRefs(components))!.AsObject();
    }

    /// <summary>The document the build wrote and the repository holds.</summary>
    public static OpenApiContract Committed => CommittedDocument.Value;

    public static string DocumentPath => Path.Combine(RepositoryRoot, "openapi", "v1.json");

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Whether the document has this operation (route template as the document writes it, e.g. /v1/openings/{id}).</summary>
    public bool HasOperation(string method, string template) => Operation(method, template) is not null;

    /// <summary>What is wrong with one response of a documented operation; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string template, int status, Func<string, bool> hasHeader, string? contentType, ReadOnlySpan<byte> body)
    {
        var problems = new List<string>();
        var operation = Operation(method, template);
        if (operation is null) return [$"{method} {template} is not in the document"];
        var responses = operation["responses"]?.AsObject();
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = responses?[key] ?? responses?[$"{key[0]}XX"] ?? responses?["default"];
        if (response is null)
            return [$"status {status} is not declared (declared: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})"];

        foreach (var (name, header) in response["headers"]?.AsObject() ?? [])
            if ((bool?)header?["required"] == true && !hasHeader(name))
                problems.Add($"required header {name} is missing");

        var head = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
        if (head || status is 204 or 304) return problems;
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0) problems.Add($"a body ({contentType}) was sent, but the document declares none");
            return problems;
        }
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (content[media] is not { } declared)
        {
            problems.Add($"media type '{media}' is not declared (declared: {string.Join(", ", content.Select(c => c.Key))})");
            return problems;
        }
        if (!(media.EndsWith("/json", StringComparison.Ordinal) || media.EndsWith("+json", StringComparison.Ordinal)) || declared["schema"] is not { } schemaNode)
            return problems;

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            problems.Add($"the body is not JSON: {e.Message}");
            return problems;
        }
        using (json)
        {
            var schema = _schemas.GetOrAdd($"{method} {template} {key} {media}", _ => Build(schemaNode));
            var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
                problems.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(8)
                    .Select(d => $"body at '{d.InstanceLocation}' ({d.EvaluationPath}): {string.Join("; ", d.Errors!.Values)}"));
            if (!result.IsValid && problems.Count == 0) problems.Add("the body does not match its schema");
        }
        return problems;
    }

    private JsonObject? Operation(string method, string template)
    {
        var verb = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) ? "get" : method.ToLowerInvariant();
        return _paths[template]?[verb]?.AsObject();
    }

    private JsonSchema Build(JsonNode schemaNode)
    {
        var schema = JsonNode.Parse(RewriteRefs(schemaNode.ToJsonString()))!.AsObject();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["$defs"] = _definitions.DeepClone();
        var uri = new Uri($"https://matchapi.test/contract/{Interlocked.Increment(ref _schemaCounter)}");
        return JsonSchema.FromText(schema.ToJsonString(), baseUri: uri);
    }

    private static string RewriteRefs(string json) => json.Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);

    /// <summary>A route pattern as the document writes it: no constraints ({id:long} is {id}), no trailing slash.</summary>
    public static string Template(string routePattern)
    {
        var template = Regex.Replace(routePattern, @"\{([^}:?=]+)[^}]*\}", "{$1}");
        if (!template.StartsWith('/')) template = "/" + template;
        return template.Length > 1 ? template.TrimEnd('/') : template;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "openapi", "v1.json")) && File.Exists(Path.Combine(dir.FullName, "MatchApi.sln")))
                return dir.FullName;
        throw new InvalidOperationException("The repository root (with openapi/v1.json) was not found above " + AppContext.BaseDirectory);
    }
}
