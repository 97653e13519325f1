using System.Net;
using Dapper;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>
/// The session cookie names a server-side session: once it is ended, a copy of the cookie kept by anyone
/// (another tab, a proxy log, a thief) is refused at once, not at the idle timeout.
/// </summary>
public abstract class SessionReplayTests(MatchApiFactory api)
{
    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(long tenantId, Role role)
    {
        var (_, username) = await api.NewAccountAsync(tenantId, role);
        var browser = api.Browser();
        var login = await browser.SignInAsync(username);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (browser, CookieOf(login));
    }

    /// <summary>A client that knows nothing but the copied cookie value.</summary>
    private HttpClient Replay(string cookie)
    {
        var client = api.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task A_copied_cookie_stops_working_when_its_session_signs_out()
    {
        var tenant = await api.NewTenantAsync();
        var (browser, cookie) = await SignInAsync(tenant.TenantId, Role.Coach);
        var copy = Replay(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/v1/participants")).StatusCode);

        await browser.UseAntiforgeryAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/auth/logout", null)).StatusCode);

        await (await copy.GetAsync("/auth/me")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await copy.GetAsync("/v1/participants")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Disabling_an_account_ends_all_its_sessions_at_once()
    {
        var tenant = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var first = api.Browser();
        var second = api.Browser();
        Assert.Equal(HttpStatusCode.OK, (await first.SignInAsync(username)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.SignInAsync(username)).StatusCode);
        await using (var connection = await api.Db.OpenAsync(default))
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM sessions WHERE account_id = @Id;", new { Id = id }));

        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PostJsonAsync($"/v1/admin/accounts/{id}/disable", new { })).StatusCode);

        await using (var connection = await api.Db.OpenAsync(default))
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM sessions WHERE account_id = @Id;", new { Id = id }));
        await (await first.GetAsync("/auth/me")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await second.GetAsync("/v1/participants")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_an_accounts_role_ends_all_its_sessions_and_the_next_sign_in_carries_the_new_role()
    {
        var tenant = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.TeamLead);
        var (browser, cookie) = await SignInAsync(tenant.TenantId, Role.Coach);
        var copy = Replay(cookie);
        var teamLead = api.Browser();
        var login = await teamLead.SignInAsync(username);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var teamLeadCopy = Replay(CookieOf(login));
        Assert.Equal(HttpStatusCode.OK, (await teamLeadCopy.GetAsync("/v1/participants")).StatusCode);

        var changed = await (await tenant.Http.PutJsonAsync($"/v1/admin/accounts/{id}/role", new { role = "coach" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("coach", (string)changed["role"]!);

        await (await teamLead.GetAsync("/auth/me")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await teamLeadCopy.GetAsync("/v1/participants")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await using (var connection = await api.Db.OpenAsync(default))
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(1) FROM sessions WHERE account_id = @Id;", new { Id = id }));
        // Another account's session is untouched.
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode);

        var again = api.Browser();
        Assert.Equal(HttpStatusCode.OK, (await again.SignInAsync(username)).StatusCode);
        var me = await (await again.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("coach", (string)me["role"]!);
    }

    [Fact]
    public async Task A_role_change_is_refused_with_a_problem_for_a_bad_role_an_unknown_account_or_another_organisation()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var (id, _) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var missing = await (await tenant.Http.PutJsonAsync($"/v1/admin/accounts/{id}/role", new { })).ReadValidationErrorsAsync();
        Assert.True(missing.ContainsKey("role"), missing.ToJsonString());
        var joined = await (await tenant.Http.PutJsonAsync($"/v1/admin/accounts/{id}/role", new { role = "coach, admin" })).ReadValidationErrorsAsync();
        Assert.True(joined.ContainsKey("role"), joined.ToJsonString());
        await (await tenant.Http.PutJsonAsync($"/v1/admin/accounts/{id}/role", new { role = "superuser" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await other.Http.PutJsonAsync($"/v1/admin/accounts/{id}/role", new { role = "admin" })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.PutJsonAsync("/v1/admin/accounts/987654321/role", new { role = "admin" })).ReadProblemAsync(HttpStatusCode.NotFound);
        var account = await (await tenant.Http.GetAsync($"/v1/admin/accounts/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("coach", (string)account["role"]!);
    }

    private static string CookieOf(HttpResponseMessage login)
    {
        var setCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("matchapi=", StringComparison.Ordinal));
        return setCookie[..setCookie.IndexOf(';')];
    }

    [Fact]
    public async Task The_session_table_holds_no_usable_key()
    {
        var tenant = await api.NewTenantAsync();
        var (_, cookie) = await SignInAsync(tenant.TenantId, Role.Coach);
        await using var connection = await api.Db.OpenAsync(default);
        var ids = (await connection.QueryAsync<string>("SELECT id FROM sessions WHERE tenant_id = @TenantId;", new { tenant.TenantId })).ToList();
        var only = Assert.Single(ids);
        Assert.Equal(64, only.Length);
        Assert.DoesNotContain(only, cookie, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SessionReplayTestsOnSqlite(SqliteApiFactory api) : SessionReplayTests(api);
public sealed class SessionReplayTestsOnSqlServer(SqlServerApiFactory api) : SessionReplayTests(api);
