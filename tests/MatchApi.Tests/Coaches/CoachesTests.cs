using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Coaches;

public abstract class CoachesTests(MatchApiFactory api)
{
    private static readonly object Anna = new { name = "Anna Lindqvist", email = "anna.lindqvist@goteborg.se", phone = "031-365 00 00" };

    [Fact]
    public async Task Created_coach_can_be_read_back_with_an_etag()
    {
        var tenant = await api.NewTenantAsync();
        var created = await tenant.Http.PostJsonAsync("/v1/coaches", Anna);
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/coaches/{body["id"]}", created.Headers.Location?.OriginalString);

        var fetched = await tenant.Http.GetAsync(created.Headers.Location);
        var coach = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Anna Lindqvist", (string)coach["name"]!);
        Assert.Equal("anna.lindqvist@goteborg.se", (string)coach["email"]!);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Null(coach["tenantId"]);
        Assert.Null(coach["version"]);
    }

    [Fact]
    public async Task List_is_paged_sorted_by_name_and_searchable()
    {
        var tenant = await api.NewTenantAsync();
        foreach (var name in new[] { "Örjan Berg", "Cecilia Ek", "Adam Nilsson" })
            await tenant.Http.CreateAsync("/v1/coaches", new { name });

        var page1 = await (await tenant.Http.GetAsync("/v1/coaches?pageSize=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (long)page1["total"]!);
        Assert.Equal(["Adam Nilsson", "Cecilia Ek"], page1["items"]!.AsArray().Select(c => (string)c!["name"]!));
        var page2 = await (await tenant.Http.GetAsync("/v1/coaches?pageSize=2&page=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Örjan Berg"], page2["items"]!.AsArray().Select(c => (string)c!["name"]!));

        var search = await (await tenant.Http.GetAsync("/v1/coaches?q=ecil")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Cecilia Ek"], search["items"]!.AsArray().Select(c => (string)c!["name"]!));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query, string field)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/coaches?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
    }

    [Fact]
    public async Task Invalid_fields_are_each_reported()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/coaches", new { name = "", email = "not-an-email", phone = "call me" });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("email"));
        Assert.True(errors.ContainsKey("phone"));
        var list = await (await tenant.Http.GetAsync("/v1/coaches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task Unknown_property_is_rejected_with_its_name()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/coaches", """{"name":"Anna","workAbility":"low"}""");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("workAbility", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/coaches", """{"name": "Anna" """);
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Missing_coach_is_404_problem()
    {
        var tenant = await api.NewTenantAsync();
        var problem = await (await tenant.Http.GetAsync("/v1/coaches/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Another_tenants_coach_is_not_found_for_read_or_write()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await owner.Http.CreateAsync("/v1/coaches", Anna);

        await (await other.Http.GetAsync($"/v1/coaches/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/coaches/{id}", new { name = "Hijacked" })).ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await other.Http.GetAsync("/v1/coaches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);

        var unchanged = await (await owner.Http.GetAsync($"/v1/coaches/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Anna Lindqvist", (string)unchanged["name"]!);
    }

    [Fact]
    public async Task Update_with_current_etag_succeeds_and_stale_etag_is_412()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/coaches", Anna);

        var updated = await tenant.Http.PutJsonAsync($"/v1/coaches/{id}", new { name = "Anna Berg", phone = "+46 31 123 45" }, "\"1\"");
        var body = await updated.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Anna Berg", (string)body["name"]!);
        Assert.Null(body["email"]);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);

        var stale = await tenant.Http.PutJsonAsync($"/v1/coaches/{id}", new { name = "Lost update" }, "\"1\"");
        await stale.ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await tenant.Http.GetAsync($"/v1/coaches/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Anna Berg", (string)current["name"]!);
    }

    [Fact]
    public async Task Malformed_if_match_is_400()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/coaches", Anna);
        await (await tenant.Http.PutJsonAsync($"/v1/coaches/{id}", Anna, "yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_key_every_coach_route_is_401()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/coaches")).StatusCode);
        await (await client.GetAsync("/v1/coaches/1")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync("/v1/coaches", Anna)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PutJsonAsync("/v1/coaches/1", Anna)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_wrong_key_is_401()
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", "mk_not-a-real-key-at-all");
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_key_cannot_write()
    {
        var tenant = await api.NewTenantAsync();
        var reader = await tenant.WithScopesAsync(Scopes.CoachesRead);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/coaches")).StatusCode);
        await (await reader.PostJsonAsync("/v1/coaches", Anna)).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class CoachesTestsOnSqlite(SqliteApiFactory api) : CoachesTests(api);
public sealed class CoachesTestsOnSqlServer(SqlServerApiFactory api) : CoachesTests(api);
