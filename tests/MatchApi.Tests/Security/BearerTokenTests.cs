using System.Net;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>JWTs from an identity provider, checked with the test signing key (no network authority).</summary>
public abstract class BearerTokenTests(MatchApiFactory api)
{
    [Fact]
    public async Task A_valid_token_maps_tenant_role_and_coach_to_the_same_claims_as_a_key()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Kim Karlsson" });
        var client = api.Bearer(TestTokens.Create(TestTokens.Claims(await tenant.NameAsync(), "coach", coachId)));

        var me = await (await client.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("bearer", (string)me["kind"]!);
        Assert.Equal("coach", (string)me["role"]!);
        Assert.Equal(coachId, (long)me["coachId"]!);
        Assert.Equal("kim.karlsson@kommun.example", (string)me["username"]!);
        Assert.Equal(await tenant.NameAsync(), (string)me["tenant"]!);

        var coaches = await (await client.GetAsync("/v1/coaches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (long)coaches["total"]!);
        await (await client.GetAsync("/v1/admin/api-keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_token_may_manage_keys()
    {
        var tenant = await api.NewTenantAsync();
        var client = api.Bearer(TestTokens.Create(TestTokens.Claims(await tenant.NameAsync(), "admin")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/admin/api-keys")).StatusCode);
    }

    [Fact]
    public async Task A_token_sees_only_its_own_tenants_data()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await owner.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var client = api.Bearer(TestTokens.Create(TestTokens.Claims(await other.NameAsync(), "teamLead")));

        await (await client.GetAsync($"/v1/coaches/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await client.GetAsync("/v1/coaches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task A_token_naming_an_unknown_tenant_is_401()
    {
        api.EnsureUsable();
        var client = api.Bearer(TestTokens.Create(TestTokens.Claims($"No such tenant {Guid.NewGuid():N}", "admin")));
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_whose_coach_belongs_to_another_tenant_is_401()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var foreignCoach = await other.Http.CreateAsync("/v1/coaches", new { name = "Someone Else" });
        var client = api.Bearer(TestTokens.Create(TestTokens.Claims(await tenant.NameAsync(), "coach", foreignCoach)));
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_without_a_known_role_is_401()
    {
        var tenant = await api.NewTenantAsync();
        var client = api.Bearer(TestTokens.Create(TestTokens.Claims(await tenant.NameAsync(), "superuser")));
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var tenant = await api.NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Claims(await tenant.NameAsync(), "admin"), expires: DateTimeOffset.UtcNow.AddMinutes(-5));
        var response = await api.Bearer(token).GetAsync("/v1/coaches");
        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("audience")]
    [InlineData("issuer")]
    [InlineData("key")]
    public async Task A_token_for_another_audience_from_another_issuer_or_signed_with_another_key_is_401(string wrong)
    {
        var tenant = await api.NewTenantAsync();
        var claims = TestTokens.Claims(await tenant.NameAsync(), "admin");
        var token = wrong switch
        {
            "audience" => TestTokens.Create(claims, audience: "some-other-service"),
            "issuer" => TestTokens.Create(claims, issuer: "https://evil.example"),
            _ => TestTokens.Create(claims, signingKey: "an-entirely-different-signing-key-of-enough-length"),
        };
        await (await api.Bearer(token).GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_malformed_bearer_token_is_401()
    {
        api.EnsureUsable();
        await (await api.Bearer("not.a.jwt").GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class BearerTokenTestsOnSqlite(SqliteApiFactory api) : BearerTokenTests(api);
public sealed class BearerTokenTestsOnSqlServer(SqlServerApiFactory api) : BearerTokenTests(api);
