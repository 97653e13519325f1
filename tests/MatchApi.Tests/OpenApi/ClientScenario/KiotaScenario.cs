// Compiled at test time together with the Kiota client generated from openapi/v1.json (GeneratedClientTests);
// excluded from the test project's own build, since the client does not exist until then.
#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MatchApi.Client;
using MatchApi.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace MatchApi.ClientScenario;

/// <summary>What a new user of the generated client would do first; throws on the first surprise.</summary>
public static class KiotaScenario
{
    /// <summary>Runs the scenario; <paramref name="authenticated"/> sends an API key, <paramref name="anonymous"/> none.</summary>
    public static async Task<string> RunAsync(HttpClient authenticated, HttpClient anonymous)
    {
        var log = new List<string>();
        var client = Client(authenticated);

        // Create, then list.
        var created = await client.V1.Coaches.PostAsync(new CoachRequest { Name = "Kiota Coach", Email = "kiota@example.se" })
            ?? throw new InvalidOperationException("POST /v1/coaches returned no coach.");
        var id = created.Id ?? throw new InvalidOperationException("The created coach has no id.");
        var page = await client.V1.Coaches.GetAsync(c => c.QueryParameters.PageSize = 10)
            ?? throw new InvalidOperationException("GET /v1/coaches returned nothing.");
        Expect(page.Items?.Any(c => c.Id == id) == true, "the list holds the created coach");
        Expect(page.PageSize == 10, "the page size is echoed");
        log.Add($"list: {page.Items!.Count} of {page.Total}");

        // Read with its ETag.
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var read = await client.V1.Coaches[id].GetAsync(c => c.Options.Add(headers));
        Expect(read?.Name == "Kiota Coach", "the read returns the coach");
        var etag = headers.ResponseHeaders.TryGetValue("ETag", out var values) ? values.Single() : throw new InvalidOperationException("No ETag on the read.");
        log.Add($"read: ETag {etag}");

        // Update with If-Match, then again with the now stale ETag: 412 as a problem.
        var updated = await client.V1.Coaches[id].PutAsync(new CoachRequest { Name = "Kiota Coach Renamed" }, c => c.Headers.Add("If-Match", etag));
        Expect(updated?.Name == "Kiota Coach Renamed", "the update returns the new name");
        try
        {
            await client.V1.Coaches[id].PutAsync(new CoachRequest { Name = "Lost update" }, c => c.Headers.Add("If-Match", etag));
            throw new InvalidOperationException("A stale If-Match was accepted.");
        }
        catch (ProblemDetails stale)
        {
            Expect(stale.ResponseStatusCode == 412 && stale.Status == 412 && !string.IsNullOrEmpty(stale.Detail), "412 is read as a problem");
            log.Add($"stale: {stale.Status} {stale.Title}");
        }

        // A validation error: 400 read as a problem whose errors name the field as sent.
        try
        {
            await client.V1.Coaches.PostAsync(new CoachRequest { Name = "", Phone = "not a phone" });
            throw new InvalidOperationException("An invalid coach was accepted.");
        }
        catch (HttpValidationProblemDetails invalid)
        {
            var fields = invalid.Errors?.AdditionalData.Keys.Order(StringComparer.Ordinal).ToArray() ?? [];
            Expect(invalid.ResponseStatusCode == 400 && fields.SequenceEqual(["name", "phone"]), $"400 names name and phone (got {string.Join(", ", fields)})");
            Expect(!string.IsNullOrEmpty(invalid.TraceId), "the problem carries a traceId");
            log.Add($"invalid: {string.Join(", ", fields)}");
        }

        // No credentials: 401 read as a problem.
        try
        {
            await Client(anonymous).V1.Coaches.GetAsync();
            throw new InvalidOperationException("A request without credentials was answered.");
        }
        catch (ProblemDetails unauthorized)
        {
            Expect(unauthorized.ResponseStatusCode == 401 && unauthorized.Status == 401, "401 is read as a problem");
            log.Add($"anonymous: {unauthorized.Status} {unauthorized.Title}");
        }
        return string.Join(Environment.NewLine, log);
    }

    private static MatchApiClient Client(HttpClient http)
    {
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new MatchApiClient(adapter);
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException("Expected: " + what);
    }
}
