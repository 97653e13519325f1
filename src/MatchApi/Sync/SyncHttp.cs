using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Reference;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MatchApi.Sync;

/// <summary>The query and headers of a list sync, as the route received them.</summary>
public sealed record SyncQuery(string Source, string? Mode, bool? DryRun, string? IdempotencyKey, string? OnInvalid = null);

/// <summary>The query values and header every list sync takes after its own source and mode, described once.</summary>
public readonly record struct SyncListOptions(
    [property: FromQuery(Name = "dryRun"), Description(SyncParameterDescriptions.DryRun)] bool? DryRun,
    [property: FromQuery(Name = "onInvalid"), Description(SyncParameterDescriptions.OnInvalid)] string? OnInvalid,
    [property: FromHeader(Name = IdempotencyKeys.Header), Description(SyncParameterDescriptions.IdempotencyKey)] string? IdempotencyKey);

/// <summary>What every sync handler takes from the request and the services besides its route values and body.</summary>
public readonly record struct SyncServices<TItem>(
    HttpContext Http, ClaimsPrincipal User, SyncEngine Engine, ReferenceData Reference, IValidator<TItem> Validator,
    IOptions<JsonOptions> Json, CancellationToken Ct);

/// <summary>What the sync routes share at the HTTP edge: query values, reading the list, and turning results into responses.</summary>
public static class SyncHttp
{
    /// <summary>
    /// The body limit of the sync list routes, instead of the server's 1 MB: a 100,000-row employer
    /// CSV is about 10 MB, so this leaves room for long rows and JSON.
    /// </summary>
    public const long MaxBodyBytes = 100L * 1024 * 1024;

    /// <summary>How long a list sync may take where the service applies request timeouts.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// What a list route accepts: a JSON array of items or CSV text whose columns the document lists (a schema
    /// per media type, which Accepts alone cannot say), up to <see cref="MaxBodyBytes"/>, with the problems that go with it.
    /// </summary>
    public static RouteHandlerBuilder AcceptsSyncList<TItem>(this RouteHandlerBuilder builder, CsvSchema<TItem> csv) where TItem : class =>
        builder.Accepts<TItem[]>("application/json", "text/csv")
            // Routing applies this to the request before the handler reads the body; the server's default stays 1 MB.
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            // A list of 100,000 rows takes seconds, more on a busy server: more than a request-timeout policy for single rows allows.
            .WithMetadata(new RequestTimeoutAttribute((int)MaxDuration.TotalMilliseconds))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.RequestBody?.Content?.TryGetValue("text/csv", out var media) == true)
                    media.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "CSV with a header line; semicolon or comma between fields; UTF-8 (with or without BOM) or the declared "
                            + "charset (windows-1252). Columns, Swedish or English header: "
                            + CsvRows.Describe(csv.Columns) + ".",
                    };
                return Task.CompletedTask;
            });

    /// <summary>
    /// The two routes of a synced collection: PUT one row by its reference in a source system, POST a whole list.
    /// Each feature gives its own handlers (their parameters carry its descriptions), names, summaries and scope.
    /// </summary>
    public static RouteGroupBuilder MapSyncRoutes<TItem>(this IEndpointRouteBuilder app, string collection, string scope, CsvSchema<TItem> csv,
        (Delegate Handler, string Name, string Summary) putByRef, (Delegate Handler, string Name, string Summary) sync) where TItem : class
    {
        var group = app.MapGroup(collection).WithTags("Sync").WithValidation();

        group.MapPut("/by-ref/{source}/{externalRef}", putByRef.Handler).WithName(putByRef.Name)
            .WithSummary(putByRef.Summary)
            // If-Match: the stored row must still be at that version (412 otherwise); the answer carries its ETag.
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(scope);
        group.MapPost("/sync", sync.Handler).WithName(sync.Name)
            .WithSummary(sync.Summary)
            .AcceptsSyncList(csv)
            .RequireAuthorization(scope);
        return group;
    }

    /// <summary>A list sync from request to response: the query is checked, the body streamed into the engine.</summary>
    public static async Task<Results<Ok<SyncReport>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> RunListAsync<TItem, TColumns>(
        SyncTable<TItem, TColumns> table, CsvSchema<TItem> csv, string source, string? requestedMode, SyncListOptions options, SyncServices<TItem> services)
        where TItem : class where TColumns : class
    {
        var query = new SyncQuery(source, requestedMode, options.DryRun, options.IdempotencyKey, options.OnInvalid);
        var (http, user, engine, validator, json, ct) = (services.Http, services.User, services.Engine, services.Validator, services.Json.Value.SerializerOptions, services.Ct);
        if (Check(query.Source, query.Mode, null, out var mode) is { } errors) return Invalid(errors);
        var skipInvalid = query.OnInvalid?.ToLowerInvariant() switch
        {
            null or "reject" => false,
            "skip" => true,
            _ => (bool?)null,
        };
        if (skipInvalid is null) return Invalid(new Dictionary<string, string[]> { ["onInvalid"] = ["onInvalid must be reject or skip."] });
        // A skipped row is left out of the list, and mirror closes what a list leaves out: skipping would close the row it could not read.
        if (skipInvalid.Value && mode == SyncMode.Mirror)
            return Invalid(new Dictionary<string, string[]> { ["onInvalid"] = ["onInvalid=skip works with mode=upsert only: in mirror mode a skipped row would be deactivated."] });
        var dryRun = query.DryRun ?? false;
        if (query.IdempotencyKey is { } key && IdempotencyKeys.Check(key) is { } message)
            return Invalid(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [message] });
        // A dry run writes nothing, not even its key, so its body needs no hash.
        var input = Input(http.Request, csv, json, hashBody: query.IdempotencyKey is not null && !dryRun, out var problem);
        if (input is null) return Problem(problem!);
        var request = new SyncRequest(user.TenantId(), query.Source, mode, dryRun, query.IdempotencyKey, skipInvalid.Value);
        return ToHttp(await engine.RunAsync(table, request, input, validator, ct), http.Response);
    }

    /// <summary>
    /// One row by its reference in the path: always upsert, answered with the row's outcome and its ETag. With If-Match
    /// the stored row must still be at that version (a row that does not exist has none): otherwise 412 and nothing is written.
    /// </summary>
    public static async Task<Results<Created<SyncItemResult>, Ok<SyncItemResult>, ValidationProblem, ProblemHttpResult>> RunByRefAsync<TItem, TColumns>(
        SyncTable<TItem, TColumns> table, TItem item, string source, string externalRef, string collection, SyncServices<TItem> services)
        where TItem : class where TColumns : class
    {
        var (http, user, engine, validator, ct) = (services.Http, services.User, services.Engine, services.Validator, services.Ct);
        if (!Common.ETags.TryReadIfMatch(http.Request, out var ifMatch)) return Common.ETags.BadIfMatch();
        if (Check(source, null, externalRef, out _) is { } errors) return Invalid(errors);
        if (table.ExternalRefOf(item) is { } inBody && inBody != externalRef)
            return Invalid(new Dictionary<string, string[]> { ["externalRef"] = ["'External Ref' in the body must equal the path's, or be left out."] });
        var request = new SyncRequest(user.TenantId(), source, SyncMode.Upsert, DryRun: false, IdempotencyKey: null,
            IfMatch: ifMatch, ReadVersion: true);
        var result = await engine.RunAsync(table, request, Single(table.WithExternalRef(item, externalRef)), validator, ct);
        if (result is SyncResult.Synced { Version: { } version }) Common.ETags.Set(http, version);
        return ToByRefHttp(result, collection);
    }

    /// <summary>Why the source, mode or external reference of a request cannot be used; null when they can.</summary>
    private static Dictionary<string, string[]>? Check(string source, string? mode, string? externalRef, out SyncMode syncMode)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(source) || source.Length > 100) errors["source"] = ["source must be 1 to 100 characters, e.g. crm."];
        if (externalRef is not null && (string.IsNullOrWhiteSpace(externalRef) || externalRef.Length > 200))
            errors["externalRef"] = ["externalRef must be 1 to 200 characters."];
        syncMode = SyncMode.Upsert;
        // Only the names: Enum.TryParse would also take "1".
        if (mode is not null && !(mode.All(char.IsAsciiLetter) && Enum.TryParse(mode, ignoreCase: true, out syncMode)))
            errors["mode"] = ["mode must be upsert or mirror."];
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>
    /// The rows of the body as they arrive: a JSON array of items, or CSV (text/csv, charset optional).
    /// With an Idempotency-Key the body is hashed on the way through. Null with a problem for an unsupported body.
    /// </summary>
    private static SyncInput<TItem>? Input<TItem>(HttpRequest request, CsvSchema<TItem> csv, JsonSerializerOptions json, bool hashBody,
        out SyncResult.Rejected? problem) where TItem : class
    {
        problem = null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            problem = Unsupported($"Content-Type '{request.ContentType}' is not supported.");
            return null;
        }
        var media = type.MediaType.Value ?? "";
        var isCsv = media.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || media.Equals("application/csv", StringComparison.OrdinalIgnoreCase);
        var isJson = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isCsv && !isJson)
        {
            problem = Unsupported($"Content-Type '{media}' is not supported.");
            return null;
        }
        Encoding? encoding = null;
        if (isCsv && type.Charset.HasValue && !CsvRows.TryGetEncoding(type.Charset.Value!, out encoding))
        {
            problem = Unsupported($"charset '{type.Charset}' is not supported; use utf-8 or windows-1252.");
            return null;
        }

        var body = request.Body;
        Func<CancellationToken, Task<string>>? hash = null;
        if (hashBody)
        {
            var hashing = new HashingStream(request.Body, IdempotencyKeys.StartHash(request));
            request.HttpContext.Response.RegisterForDispose(hashing);
            body = hashing;
            hash = hashing.FinishAsync;
        }
        var rows = isCsv
            ? CsvRows.ReadAsync(body, encoding, csv, request.HttpContext.RequestAborted)
            : JsonRows<TItem>(body, json, request.HttpContext.RequestAborted);
        return new SyncInput<TItem>(rows, hash);
    }

    /// <summary>One item as a list of one, for the by-reference routes.</summary>
    private static SyncInput<TItem> Single<TItem>(TItem item) where TItem : class =>
        new(One(new ParsedRow<TItem>(1, null, item, [], null)), null);

    private static Results<Ok<SyncReport>, ContentHttpResult, ValidationProblem, ProblemHttpResult> ToHttp(SyncResult result, HttpResponse response) =>
        result switch
        {
            SyncResult.Synced synced => TypedResults.Ok(synced.Report),
            SyncResult.Replayed replayed => Replay(replayed, response),
            SyncResult.Invalid invalid => InvalidRows(invalid.Errors),
            SyncResult.Rejected rejected => Problem(rejected),
            _ => throw new InvalidOperationException($"Unknown sync result {result.GetType().Name}."),
        };

    /// <summary>201 with a Location when the row was new, 200 otherwise; a validation problem names fields without row numbers.</summary>
    private static Results<Created<SyncItemResult>, Ok<SyncItemResult>, ValidationProblem, ProblemHttpResult> ToByRefHttp(
        SyncResult result, string collection) =>
        result switch
        {
            SyncResult.Synced { Report.Items: [var item] } when item.Outcome == SyncOutcome.Created =>
                TypedResults.Created($"{collection}/{item.Id}", item),
            SyncResult.Synced { Report.Items: [var item] } => TypedResults.Ok(item),
            SyncResult.Invalid invalid => TypedResults.ValidationProblem(
                invalid.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                detail: "One or more fields are invalid; see errors."),
            SyncResult.Rejected rejected => Problem(rejected),
            _ => throw new InvalidOperationException($"Unexpected sync result {result.GetType().Name} for one row."),
        };

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid; see errors.");

    private static ContentHttpResult Replay(SyncResult.Replayed replayed, HttpResponse response)
    {
        response.Headers[ReplayedHeader] = "true";
        return TypedResults.Text(replayed.Json, "application/json; charset=utf-8", Encoding.UTF8, replayed.Status);
    }

    // errors keeps the shape of every 400 of this API; invalidRows adds the CSV line and column a person needs to fix the file.
    private static ValidationProblem InvalidRows(IReadOnlyList<SyncRowError> rows)
    {
        var errors = rows.GroupBy(e => e.Field.Length == 0 ? $"rows[{e.Row}]" : $"rows[{e.Row}].{e.Field}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        var invalid = rows.Select(e => e.Row).Distinct().Count();
        return TypedResults.ValidationProblem(errors,
            detail: $"{invalid} row(s) are invalid, so nothing was written. invalidRows lists every problem with its row, line and column.",
            extensions: new Dictionary<string, object?> { ["invalidRows"] = rows });
    }

    private static ProblemHttpResult Problem(SyncResult.Rejected rejected) =>
        TypedResults.Problem(statusCode: rejected.Status, title: rejected.Title, detail: rejected.Detail);

    private static SyncResult.Rejected Unsupported(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, "The body's media type is not supported.",
            $"{detail} Send application/json (an array of rows) or text/csv (optionally with charset=windows-1252).");

    private static async IAsyncEnumerable<ParsedRow<TItem>> JsonRows<TItem>(Stream body, JsonSerializerOptions options,
        [EnumeratorCancellation] CancellationToken ct) where TItem : class
    {
        var number = 0;
        // A list is required: null (or an object) would otherwise read as no rows, which mirror mode takes as "delete all".
        var (input, first) = await PeekFirstAsync(body, ct);
        if (first != (byte)'[')
            throw new SyncBodyException(first is null
                ? "The body is empty; send a JSON array of rows."
                : "The body must be a JSON array of rows ([ … ]); null or a single object is not a list.");
        await foreach (var item in JsonSerializer.DeserializeAsyncEnumerable<TItem>(input, options, ct))
            yield return new ParsedRow<TItem>(++number, null, item, [], null);
    }

    /// <summary>The first byte after whitespace and a UTF-8 byte-order mark, and the body with what was read put back.</summary>
    private static async Task<(Stream Input, byte? First)> PeekFirstAsync(Stream body, CancellationToken ct)
    {
        var read = new List<byte>();
        var one = new byte[1];
        while (await body.ReadAsync(one, ct) == 1)
        {
            read.Add(one[0]);
            if (one[0] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                return (new CsvRows.PrefixedStream(read.ToArray(), body), one[0]);
        }
        return (new CsvRows.PrefixedStream(read.ToArray(), body), null);
    }

#pragma warning disable CS1998 // an async iterator of one ready item
    private static async IAsyncEnumerable<T> One<T>(T value)
    {
        yield return value;
    }
#pragma warning restore CS1998
}

/// <summary>The descriptions of the list-sync parameters that every sync route shares, written once.</summary>
public static class SyncParameterDescriptions
{
    public const string DryRun = "true: check the list and report what would change, writing nothing.";
    public const string OnInvalid = "reject (default): one invalid row fails the list and nothing is written. skip: the valid rows are written and the invalid ones listed in skipped (with mode=upsert only).";
    public const string IdempotencyKey = "Any unique string, e.g. the file's SHA-256: a retry with the same key and body gets the first answer and writes nothing. Kept 24 hours.";
}
