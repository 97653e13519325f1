using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Security;

/// <summary>
/// Route ids have one spelling, and an erased participant is gone from every participant route. The routes are
/// read from the app's endpoint data source, so a participant route added later is covered the day it is mapped.
/// </summary>
public abstract class ParticipantIdTests(MatchApiFactory api)
{
    /// <summary>Spellings the framework's own <c>long</c> constraint reads as the id (or as another number); {0} is the id.</summary>
    public static TheoryData<string> OtherSpellings => ["+{0}", "%20{0}", "{0}%20", "0{0}", "-1", "0", "{0}.0", "99999999999999999999"];

    private sealed record Route(string Method, string Pattern);

    private IReadOnlyList<Route> ParticipantRoutes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/participants/{id", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(m, e.RoutePattern.RawText!)))
            .ToList();

    private static string Url(Route route, string id, long placementId) =>
        route.Pattern.Replace("{id:long}", id).Replace("{placementId:long}", placementId.ToString(CultureInfo.InvariantCulture));

    private static HttpRequestMessage Request(Route route, string url) => new(new HttpMethod(route.Method), url)
    {
        Content = route.Method is "POST" or "PUT" ? JsonContent.Create(new { }) : null,
    };

    private async Task<long> AuditRowsAsync(long tenantId)
    {
        await using var connection = await api.Db.OpenAuditAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM audit_log WHERE tenant_id = @TenantId;", new { TenantId = tenantId });
    }

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public async Task Every_participant_route_refuses_other_spellings_of_an_id_before_anything_runs(string spelling)
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        var placementId = await tenant.Http.CreateAsync($"/v1/participants/{person.ParticipantId}/placements",
            new { employerId = person.EmployerId, kind = "competitive", ssykCode = "5223", startDate = "2025-01-13", hoursPerWeek = 30 });
        var routes = ParticipantRoutes();
        Assert.True(routes.Count >= 12, $"Expected the participant routes, found {routes.Count}.");
        var auditBefore = await AuditRowsAsync(tenant.TenantId);

        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var response = await tenant.Http.SendAsync(Request(route, Url(route, string.Format(CultureInfo.InvariantCulture, spelling, person.ParticipantId), placementId)));
            if (response.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{route.Method} {route.Pattern}: {(int)response.StatusCode}");
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{route.Method} {route.Pattern}: 404 without problem+json");
        }
        Assert.True(failures.Count == 0, $"'{spelling}' was read as an id: " + string.Join("; ", failures));

        // Refused by routing: nothing ran, so nothing was read, written or (needlessly) audited.
        Assert.Equal(auditBefore, await AuditRowsAsync(tenant.TenantId));
        var participant = await (await tenant.Http.GetAsync($"/v1/participants/{person.ParticipantId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(person.ExternalRef, (string)participant["externalRef"]!);
        await (await tenant.Http.GetAsync($"/v1/participants/{person.ParticipantId}/exit")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_canonical_spelling_reaches_the_handler_and_is_audited_with_the_participant()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);

        var goals = await (await tenant.Http.GetAsync($"/v1/participants/{person.ParticipantId}/goals")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(person.OwnWords, (string)goals["ownWords"]!);

        await using var connection = await api.Db.OpenAuditAsync(default);
        var reads = await connection.QueryAsync<long?>(
            "SELECT participant_id FROM audit_log WHERE tenant_id = @TenantId AND resource = 'goals' AND http_method = 'GET';",
            new { TenantId = tenant.TenantId });
        Assert.Equal([person.ParticipantId], reads);
    }

    [Fact]
    public async Task After_erasure_every_participant_route_but_the_audit_trail_is_404_and_writes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        var id = person.ParticipantId;
        var placementId = await tenant.Http.CreateAsync($"/v1/participants/{id}/placements",
            new { employerId = person.EmployerId, kind = "competitive", ssykCode = "5223", startDate = "2025-01-13", hoursPerWeek = 30 });
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/participants/{id}")).StatusCode);

        // Valid bodies, so that the answer can only be about the erased id.
        var bodies = new Dictionary<string, object>
        {
            ["PUT /v1/participants/{id:long}"] = new { externalRef = "IPS-BACK", enrolmentDate = "2024-03-15" },
            ["PUT /v1/participants/{id:long}/goals/"] = SecurityKit.Goals("Tillbaka"),
            ["POST /v1/participants/{id:long}/placements"] =
                new { employerId = person.EmployerId, kind = "competitive", ssykCode = "5223", startDate = "2025-02-03", hoursPerWeek = 20 },
            ["PUT /v1/participants/{id:long}/placements/{placementId:long}"] = new { endDate = "2025-03-31", endReason = "contractEnded" },
            ["POST /v1/participants/{id:long}/exit"] = new { exitedOn = "2025-06-30", reason = "moved" },
            ["POST /v1/participants/{id:long}/next-steps/"] = new { what = "Ring tillbaka", dueOn = "2025-07-01" },
            ["PUT /v1/participants/{id:long}/next-steps/{stepId:long}"] = new { what = "Ring tillbaka", dueOn = "2025-07-01", done = true },
        };
        var failures = new List<string>();
        foreach (var route in ParticipantRoutes().Where(r => r.Pattern != "/v1/participants/{id:long}/audit/"))
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), Url(route, id.ToString(CultureInfo.InvariantCulture), placementId));
            if (route.Method is "POST" or "PUT")
            {
                if (!bodies.TryGetValue($"{route.Method} {route.Pattern}", out var body))
                {
                    failures.Add($"{route.Method} {route.Pattern}: no valid body in this test; add one");
                    continue;
                }
                request.Content = JsonContent.Create(body, options: Http.Json);
            }
            using var response = await tenant.Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound) failures.Add($"{route.Method} {route.Pattern}: {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, "Erased participant still reachable: " + string.Join("; ", failures));

        await using var connection = await api.Db.OpenAsync(default);
        var args = new { Id = id, TenantId = tenant.TenantId };
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM placements WHERE participant_id = @Id;", args));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM placements WHERE participant_id = @Id AND end_date IS NOT NULL;", args));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM participant_exits WHERE participant_id = @Id;", args));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM participant_goals WHERE participant_id = @Id;", args));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM next_steps WHERE participant_id = @Id;", args));
        Assert.Equal($"erased-{id}", await connection.ExecuteScalarAsync<string>("SELECT external_ref FROM participants WHERE id = @Id;", args));
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/audit")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("+1")]
    public async Task The_audit_trail_of_an_impossible_id_is_404(string id)
    {
        var tenant = await api.NewTenantAsync();
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/audit")).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class ParticipantIdTestsOnSqlite(SqliteApiFactory api) : ParticipantIdTests(api);
public sealed class ParticipantIdTestsOnSqlServer(SqlServerApiFactory api) : ParticipantIdTests(api);
