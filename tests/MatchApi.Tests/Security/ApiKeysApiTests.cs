using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Security;

public abstract class ApiKeysApiTests(MatchApiFactory api)
{
    private static readonly object HrSync = new { name = "HR sync", scopes = new[] { Scopes.EmployersWrite, Scopes.EmployersRead } };

    private HttpClient WithKey(string key)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        return client;
    }

    [Fact]
    public async Task A_created_key_is_shown_once_works_with_its_scopes_and_is_listed_without_secret()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/admin/api-keys", HrSync);
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        var key = (string)created["key"]!;
        Assert.Equal($"/v1/admin/api-keys/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.CacheControl?.NoStore == true, "Cache-Control: no-store expected");
        Assert.Equal(key[..10], (string)created["prefix"]!);
        Assert.Equal("active", (string)created["status"]!);

        var client = WithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/employers")).StatusCode);
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Forbidden);

        var listResponse = await tenant.Http.GetAsync("/v1/admin/api-keys");
        var text = await listResponse.Content.ReadAsStringAsync();
        var list = await listResponse.ReadJsonAsync(HttpStatusCode.OK);
        var item = list["items"]!.AsArray().Single(k => (long)k!["id"]! == (long)created["id"]!)!;
        Assert.Equal("HR sync", (string)item["name"]!);
        Assert.Equal([Scopes.EmployersWrite, Scopes.EmployersRead], item["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Null(item["key"]);
        Assert.DoesNotContain(key, text);
        Assert.DoesNotContain(ApiKeys.Hash(key), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);

        var single = await (await tenant.Http.GetAsync(response.Headers.Location)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(single["key"]);
        Assert.Null(single["tenantId"]);
    }

    [Fact]
    public async Task Each_invalid_field_is_reported_and_nothing_is_created()
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/admin/api-keys",
            new { name = "", scopes = new[] { "everything" }, expiresAt = DateTimeOffset.UtcNow.AddDays(-1) })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("scopes[0]"));
        Assert.True(errors.ContainsKey("expiresAt"));

        var none = await (await tenant.Http.PostJsonAsync("/v1/admin/api-keys", new { name = "x", scopes = Array.Empty<string>() })).ReadValidationErrorsAsync();
        Assert.True(none.ContainsKey("scopes"));

        var list = await (await tenant.Http.GetAsync("/v1/admin/api-keys")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (long)list["total"]!); // only the test's own key
    }

    [Fact]
    public async Task A_revoked_key_is_401_at_once_and_listed_as_revoked()
    {
        var tenant = await api.NewTenantAsync();
        var created = await (await tenant.Http.PostJsonAsync("/v1/admin/api-keys", HrSync)).ReadJsonAsync(HttpStatusCode.Created);
        var client = WithKey((string)created["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/employers")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/admin/api-keys/{created["id"]}")).StatusCode);
        await (await client.GetAsync("/v1/employers")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        var item = await (await tenant.Http.GetAsync($"/v1/admin/api-keys/{created["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("revoked", (string)item["status"]!);
        Assert.NotNull(item["revokedAt"]);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/admin/api-keys/{created["id"]}")).StatusCode);
        var again = await (await tenant.Http.GetAsync($"/v1/admin/api-keys/{created["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string)item["revokedAt"]!, (string)again["revokedAt"]!);
    }

    [Fact]
    public async Task A_key_revoked_through_another_instance_stops_working_here_within_five_seconds()
    {
        var tenant = await api.NewTenantAsync();
        var created = await (await tenant.Http.PostJsonAsync("/v1/admin/api-keys", HrSync)).ReadJsonAsync(HttpStatusCode.Created);
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var other = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = other.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, (string)created["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/employers")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/admin/api-keys/{created["id"]}")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(5));
        await (await client.GetAsync("/v1/employers")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_recently_used_stops_working_at_its_expiry()
    {
        var tenant = await api.NewTenantAsync();
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var app = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(api.Db, tenant.TenantId, "Ends soon", [Scopes.CoachesRead], key, clock.GetUtcNow().AddSeconds(2), default);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/coaches")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_works_until_its_expiry_and_is_401_after()
    {
        var tenant = await api.NewTenantAsync();
        var future = await (await tenant.Http.PostJsonAsync("/v1/admin/api-keys",
            new { name = "Until summer", scopes = new[] { Scopes.CoachesRead }, expiresAt = DateTimeOffset.UtcNow.AddDays(30) })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await WithKey((string)future["key"]!).GetAsync("/v1/coaches")).StatusCode);

        var expired = ApiKeys.Generate();
        var id = await ApiKeys.CreateAsync(api.Db, tenant.TenantId, "Last year's", [Scopes.CoachesRead], expired, DateTimeOffset.UtcNow.AddMinutes(-1), default);
        await (await WithKey(expired).GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var item = await (await tenant.Http.GetAsync($"/v1/admin/api-keys/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("expired", (string)item["status"]!);
    }

    [Fact]
    public async Task Another_tenants_key_is_not_found_cannot_be_revoked_and_is_not_listed()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var created = await (await owner.Http.PostJsonAsync("/v1/admin/api-keys", HrSync)).ReadJsonAsync(HttpStatusCode.Created);

        await (await other.Http.GetAsync($"/v1/admin/api-keys/{created["id"]}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.DeleteAsync($"/v1/admin/api-keys/{created["id"]}")).ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await other.Http.GetAsync("/v1/admin/api-keys")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(list["items"]!.AsArray(), k => (long)k!["id"]! == (long)created["id"]!);
        Assert.Equal(HttpStatusCode.OK, (await WithKey((string)created["key"]!).GetAsync("/v1/employers")).StatusCode);
    }

    [Fact]
    public async Task Missing_key_is_404_problem()
    {
        var tenant = await api.NewTenantAsync();
        await (await tenant.Http.GetAsync("/v1/admin/api-keys/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.DeleteAsync("/v1/admin/api-keys/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Key_routes_need_credentials_and_the_admin_scope()
    {
        var tenant = await api.NewTenantAsync();
        var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/v1/admin/api-keys")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/v1/admin/api-keys/1")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJsonAsync("/v1/admin/api-keys", HrSync)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync("/v1/admin/api-keys/1")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        var notAdmin = await tenant.WithScopesAsync(Scopes.All.Where(s => s != Scopes.Admin).ToArray());
        await (await notAdmin.GetAsync("/v1/admin/api-keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await notAdmin.GetAsync("/v1/admin/api-keys/1")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await notAdmin.PostJsonAsync("/v1/admin/api-keys", HrSync)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await notAdmin.DeleteAsync("/v1/admin/api-keys/1")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_is_paged_newest_first()
    {
        var tenant = await api.NewTenantAsync();
        foreach (var name in new[] { "first", "second", "third" })
            await tenant.Http.PostJsonAsync("/v1/admin/api-keys", new { name, scopes = new[] { Scopes.Match } });
        var page = await (await tenant.Http.GetAsync("/v1/admin/api-keys?pageSize=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (long)page["total"]!);
        Assert.Equal(["third", "second"], page["items"]!.AsArray().Select(k => (string)k!["name"]!));
        await (await tenant.Http.GetAsync("/v1/admin/api-keys?pageSize=201")).ReadValidationErrorsAsync();
    }
}

public sealed class ApiKeysApiTestsOnSqlite(SqliteApiFactory api) : ApiKeysApiTests(api);
public sealed class ApiKeysApiTestsOnSqlServer(SqlServerApiFactory api) : ApiKeysApiTests(api);
