using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Matching;

/// <summary>
/// Zero staleness (issue 20): a write committed through one instance is in the very next match of
/// another instance on the same database, without waiting; and every write route that changes what a
/// match shows moves the tenant's change counter, which is what tells the other instances.
/// </summary>
public abstract class FreshnessTests(MatchApiFactory api)
{
    private static readonly JsonObject Goals = new()
    {
        ["desiredOccupations"] = new JsonArray("5223", "9111"),
        ["acceptableMunicipalities"] = new JsonArray("1480"),
    };

    private static object Opening(long employerId, string title, string ssykCode = "5223") => new
    {
        employerId, title, ssykCode, municipalityCode = "1480", employmentForm = "permanent", jobType = "competitive",
    };

    private static async Task<JsonNode> MatchAsync(HttpClient http, long? coachId = null) =>
        await (await http.PostJsonAsync("/v1/matches", new JsonObject { ["goals"] = Goals.DeepClone(), ["coachId"] = coachId }))
            .ReadJsonAsync(HttpStatusCode.OK);

    private static JsonNode? Result(JsonNode matches, long openingId) =>
        matches["results"]!.AsArray().FirstOrDefault(r => (long)r!["opening"]!["id"]! == openingId);

    private static double KnownEmployer(JsonNode result) =>
        (double)result["factors"]!.AsArray().Single(f => (string)f!["name"]! == "knownEmployer")!["contribution"]!;

    private static async Task<string> ETagAsync(HttpClient http, string url) =>
        (await http.GetAsync(url)).Headers.ETag!.Tag;

    [Fact]
    public async Task A_write_through_one_instance_is_in_the_very_next_match_of_another()
    {
        var tenant = await api.NewTenantAsync();
        var a = tenant.Http;
        // Instance B: a second app on the same database, with its own candidate store and weights cache.
        await using var other = api.WithSettings([]);
        var (b, _) = await other.KeyClientAsync(api, tenant.TenantId);
        var coach = await new MatchTestData(api.Db, tenant.TenantId).CoachAsync();

        var shop = await a.CreateAsync("/v1/employers", new { name = "Kläder & Co", sector = "private" });
        var first = await a.CreateAsync("/v1/openings", Opening(shop, "Butikssäljare"));
        var before = await MatchAsync(b, coach);
        Assert.NotNull(Result(before, first));
        var weightsVersion = (long)before["weightsVersion"]!;

        // A new opening.
        var second = await a.CreateAsync("/v1/openings", Opening(shop, "Lokalvårdare", "9111"));
        Assert.NotNull(Result(await MatchAsync(b, coach), second));

        // An edited opening.
        Assert.Equal(HttpStatusCode.OK, (await a.PutJsonAsync($"/v1/openings/{second}", Opening(shop, "Lokalvårdare kvällstid", "9111"),
            await ETagAsync(a, $"/v1/openings/{second}"))).StatusCode);
        Assert.Equal("Lokalvårdare kvällstid", ((string)Result(await MatchAsync(b, coach), second)!["opening"]!["title"]!));

        // A closed opening.
        Assert.Equal(HttpStatusCode.OK, (await a.PostJsonAsync($"/v1/openings/{first}/status", new { status = "closed" })).StatusCode);
        Assert.Null(Result(await MatchAsync(b, coach), first));

        // A new face-to-face contact, then its withdrawal.
        Assert.Equal(0, KnownEmployer(Result(await MatchAsync(b, coach), second)!));
        var contact = await a.CreateAsync($"/v1/employers/{shop}/contacts",
            new { coachId = coach, contactedAt = DateTimeOffset.UtcNow.AddDays(-1), kind = "faceToFace" });
        Assert.True(KnownEmployer(Result(await MatchAsync(b, coach), second)!) > 0);
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/v1/employers/{shop}/contacts/{contact}")).StatusCode);
        Assert.Equal(0, KnownEmployer(Result(await MatchAsync(b, coach), second)!));

        // The employer's sector.
        Assert.Equal(HttpStatusCode.OK, (await a.PutJsonAsync($"/v1/employers/{shop}", new { name = "Kläder & Co", sector = "public" },
            await ETagAsync(a, $"/v1/employers/{shop}"))).StatusCode);
        Assert.Equal("public", ((string)Result(await MatchAsync(b, coach), second)!["employer"]!["sector"]!));

        // The weights.
        var weights = await (await a.GetAsync("/v1/matching/weights")).ReadJsonAsync(HttpStatusCode.OK);
        var changed = weights["weights"]!.DeepClone().AsObject();
        changed["occupation"] = 40;
        Assert.Equal(HttpStatusCode.OK, (await a.PutJsonAsync("/v1/matching/weights", changed)).StatusCode);
        Assert.Equal(weightsVersion + 1, ((long)(await MatchAsync(b, coach))["weightsVersion"]!));
    }

    [Fact]
    public async Task Every_write_route_that_changes_a_match_moves_the_tenants_change_counter()
    {
        var tenant = await api.NewTenantAsync();
        var http = tenant.Http;
        var coach = await new MatchTestData(api.Db, tenant.TenantId).CoachAsync();
        var driven = new HashSet<string>();
        async Task<T> Moves<T>(string method, string route, Func<Task<T>> write)
        {
            var before = await CounterAsync(tenant.TenantId);
            var result = await write();
            Assert.True(await CounterAsync(tenant.TenantId) > before, $"{method} {route} did not move the tenant's change counter.");
            driven.Add($"{method} {route}");
            return result;
        }
        static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> send)
        {
            var response = await send;
            Assert.True((int)response.StatusCode is >= 200 and <= 299, await response.Content.ReadAsStringAsync());
            return response;
        }

        var employer = await Moves("POST", "/v1/employers/", () => http.CreateAsync("/v1/employers", new { name = "Bageriet" }));
        await Moves("PUT", "/v1/employers/{id:long}", () => Ok(http.PutJsonAsync($"/v1/employers/{employer}", new { name = "Bageriet", sector = "public" })));
        await Moves("PUT", "/v1/employers/by-ref/{source}/{externalRef}", () => Ok(http.PutJsonAsync("/v1/employers/by-ref/crm/E1", new { name = "Konditoriet" })));
        await Moves("POST", "/v1/employers/sync", () => Ok(http.PostJsonAsync("/v1/employers/sync?source=crm",
            new[] { new { externalRef = "E2", name = "Caféet" } })));
        var opening = await Moves("POST", "/v1/openings/", () => http.CreateAsync("/v1/openings", Opening(employer, "Bagare", "9412")));
        await Moves("PUT", "/v1/openings/{id:long}", () => Ok(http.PutJsonAsync($"/v1/openings/{opening}", Opening(employer, "Bagare natt", "9412"))));
        await Moves("POST", "/v1/openings/{id:long}/status", () => Ok(http.PostJsonAsync($"/v1/openings/{opening}/status", new { status = "filled" })));
        await Moves("PUT", "/v1/openings/by-ref/{source}/{externalRef}", () => Ok(http.PutJsonAsync("/v1/openings/by-ref/ats/O1",
            new { title = "Konditor", ssykCode = "9412", municipalityCode = "1480", employmentForm = "permanent", jobType = "competitive", employerRef = "E1", employerSource = "crm" })));
        await Moves("POST", "/v1/openings/sync", () => Ok(http.PostJsonAsync("/v1/openings/sync?source=ats",
            new[] { new { externalRef = "O2", title = "Bagare", ssykCode = "9412", municipalityCode = "1480", employmentForm = "permanent", jobType = "competitive", employerRef = "E2", employerSource = "crm" } })));
        var contact = await Moves("POST", "/v1/employers/{id:long}/contacts", () => http.CreateAsync($"/v1/employers/{employer}/contacts",
            new { coachId = coach, contactedAt = DateTimeOffset.UtcNow.AddDays(-1), kind = "faceToFace" }));
        await Moves("PUT", "/v1/employers/{id:long}/contacts/{contactId:long}", () => Ok(http.PutJsonAsync($"/v1/employers/{employer}/contacts/{contact}",
            new { coachId = coach, contactedAt = DateTimeOffset.UtcNow.AddDays(-2), kind = "faceToFace" })));
        await Moves("DELETE", "/v1/employers/{id:long}/contacts/{contactId:long}", () => Ok(http.DeleteAsync($"/v1/employers/{employer}/contacts/{contact}")));
        var weights = (await (await http.GetAsync("/v1/matching/weights")).ReadJsonAsync(HttpStatusCode.OK))["weights"]!;
        await Moves("PUT", "/v1/matching/weights", () => Ok(http.PutJsonAsync("/v1/matching/weights", weights)));
        // Its feed needs JobTech's taxonomy from ../shared: JobTechTests check that an import moves the counter.
        driven.Add("POST /v1/openings/import/jobtech");

        // Every mapped write on openings, employers, their contacts and the weights is driven above: a new one must be added there.
        var writes = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(w => !w.StartsWith("GET ", StringComparison.Ordinal) && !w.StartsWith("HEAD ", StringComparison.Ordinal))
            .Where(w => w.Contains("/v1/openings", StringComparison.Ordinal) || w.Contains("/v1/employers", StringComparison.Ordinal)
                || w.Contains("/v1/matching", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Empty(writes.Except(driven));
    }

    private async Task<long> CounterAsync(long tenantId)
    {
        await using var connection = await api.Db.OpenAsync(default);
        return await TenantChanges.ReadAsync(api.Db, connection, tenantId, default);
    }
}

public sealed class FreshnessTestsOnSqlite(SqliteApiFactory api) : FreshnessTests(api);
public sealed class FreshnessTestsOnSqlServer(SqlServerApiFactory api) : FreshnessTests(api);
