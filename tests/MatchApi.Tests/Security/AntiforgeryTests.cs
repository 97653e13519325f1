using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>Cookie-authenticated changes need the antiforgery header; API keys and bearer tokens do not.</summary>
public abstract class AntiforgeryTests(MatchApiFactory api)
{
    private static readonly object Anna = new { name = "Anna Lindqvist" };

    private static async Task<long> TotalCoachesAsync(HttpClient http) =>
        (long)(await (await http.GetAsync("/v1/coaches")).ReadJsonAsync(HttpStatusCode.OK))["total"]!;

    [Fact]
    public async Task A_cookie_post_without_the_token_is_a_400_problem_and_writes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var browser = await api.SignedInAsync(tenant.TenantId, Role.TeamLead);

        var problem = await (await browser.PostJsonAsync("/v1/coaches", Anna)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(CookieAntiforgery.HeaderName, (string)problem["detail"]!);
        await (await browser.PutJsonAsync("/v1/coaches/1", Anna)).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await browser.DeleteAsync("/v1/admin/api-keys/1")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await browser.PostAsync("/auth/logout", null)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await TotalCoachesAsync(tenant.Http));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_post_with_the_token_works()
    {
        var tenant = await api.NewTenantAsync();
        var browser = await api.SignedInAsync(tenant.TenantId, Role.TeamLead);
        await browser.UseAntiforgeryAsync();

        Assert.Equal(HttpStatusCode.Created, (await browser.PostJsonAsync("/v1/coaches", Anna)).StatusCode);
        Assert.Equal(1, await TotalCoachesAsync(tenant.Http));
    }

    [Fact]
    public async Task A_token_from_another_session_is_refused()
    {
        var tenant = await api.NewTenantAsync();
        var mallory = await api.SignedInAsync(tenant.TenantId, Role.TeamLead);
        var victim = await api.SignedInAsync(tenant.TenantId, Role.TeamLead);
        var stolen = await mallory.UseAntiforgeryAsync();
        await victim.UseAntiforgeryAsync();
        victim.DefaultRequestHeaders.Remove(CookieAntiforgery.HeaderName);
        victim.DefaultRequestHeaders.Add(CookieAntiforgery.HeaderName, stolen);

        await (await victim.PostJsonAsync("/v1/coaches", Anna)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await TotalCoachesAsync(tenant.Http));
    }

    [Fact]
    public async Task A_token_fetched_before_sign_in_must_be_fetched_again_after()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.TeamLead);
        var browser = api.Browser();
        await browser.UseAntiforgeryAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);

        await (await browser.PostJsonAsync("/v1/coaches", Anna)).ReadProblemAsync(HttpStatusCode.BadRequest);
        await browser.UseAntiforgeryAsync();
        Assert.Equal(HttpStatusCode.Created, (await browser.PostJsonAsync("/v1/coaches", Anna)).StatusCode);
    }

    [Fact]
    public async Task Api_key_and_bearer_callers_need_no_token()
    {
        var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.Created, (await tenant.Http.PostJsonAsync("/v1/coaches", Anna)).StatusCode);

        var bearer = api.Bearer(TestTokens.Create(TestTokens.Claims(await tenant.NameAsync(), "teamLead")));
        Assert.Equal(HttpStatusCode.Created, (await bearer.PostJsonAsync("/v1/coaches", Anna)).StatusCode);
        Assert.Equal(2, await TotalCoachesAsync(tenant.Http));
    }

    [Fact]
    public async Task An_api_key_sent_with_a_session_cookie_is_what_counts()
    {
        var tenant = await api.NewTenantAsync();
        var browser = await api.SignedInAsync(tenant.TenantId, Role.Coach);
        var key = await tenant.WithScopesAsync(Scopes.CoachesWrite, Scopes.CoachesRead);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/coaches") { Content = System.Net.Http.Json.JsonContent.Create(Anna) };
        request.Headers.Add(ApiKeys.Header, key.DefaultRequestHeaders.GetValues(ApiKeys.Header).Single());

        // The coach's cookie alone could not create a coach; the key can, and needs no antiforgery token.
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Reads_with_the_cookie_need_no_token()
    {
        var tenant = await api.NewTenantAsync();
        var browser = await api.SignedInAsync(tenant.TenantId, Role.Coach);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/v1/coaches")).StatusCode);
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_httponly_and_samesite_strict()
    {
        api.EnsureUsable();
        var response = await api.Browser().GetAsync("/auth/antiforgery");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.SetCookie("matchapi-xsrf");
        Assert.Contains("; httponly", cookie);
        Assert.Contains("; samesite=strict", cookie);
        Assert.Contains("; secure", cookie);
        Assert.True(response.Headers.CacheControl?.NoStore == true, "Cache-Control: no-store expected");
    }
}

public sealed class AntiforgeryTestsOnSqlite(SqliteApiFactory api) : AntiforgeryTests(api);
public sealed class AntiforgeryTestsOnSqlServer(SqlServerApiFactory api) : AntiforgeryTests(api);
