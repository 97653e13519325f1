using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Security;

public abstract class SignInTests(MatchApiFactory api)
{
    [Fact]
    public async Task Right_password_starts_a_session_and_me_describes_the_coach()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach, coachId);
        var browser = api.Browser();

        var login = await (await browser.SignInAsync(username)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(username, (string)login["username"]!);

        var me = await (await browser.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("account", (string)me["kind"]!);
        Assert.Equal(username, (string)me["username"]!);
        Assert.Equal("coach", (string)me["role"]!);
        Assert.Equal(coachId, (long)me["coachId"]!);
        Assert.Equal(await tenant.NameAsync(), (string)me["tenant"]!);
        Assert.Contains(Scopes.ParticipantsWrite, me["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Null(me["tenantId"]);
        Assert.Null(me["id"]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/v1/coaches")).StatusCode);
    }

    [Fact]
    public async Task Session_cookie_is_httponly_samesite_strict_and_secure_over_https()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var response = await api.Browser().SignInAsync(username);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var cookie = response.SetCookie("matchapi");
        Assert.Contains("; httponly", cookie);
        Assert.Contains("; samesite=strict", cookie);
        Assert.Contains("; secure", cookie);
        Assert.Contains("; path=/", cookie);
        Assert.DoesNotContain("expires=", cookie);
    }

    [Fact]
    public async Task Outside_development_and_testing_the_session_cookie_is_secure_even_over_http()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        await using var production = api.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Authentication:Jwt:SigningKey", "");
        });

        var response = await production.Browser("http://localhost").SignInAsync(username);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.SetCookie("__Host-matchapi");
        Assert.Contains("; secure", cookie);
        Assert.Contains("; httponly", cookie);
        Assert.Contains("; samesite=strict", cookie);
    }

    [Fact]
    public void The_test_signing_key_is_refused_outside_development_and_testing()
    {
        api.EnsureUsable();
        using var production = api.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        // Validated at start like every options type (JwtSettings, ValidateOnStart).
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => production.CreateClient());
        Assert.Contains("Authentication:Jwt:SigningKey", error.Message);
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_disabled_account_get_the_same_401_problem()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var (disabledId, disabled) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PostAsync($"/v1/admin/accounts/{disabledId}/disable", null)).StatusCode);
        var browser = api.Browser();

        var wrong = await (await browser.SignInAsync(username, "not the password")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await browser.SignInAsync($"nobody.{Guid.NewGuid():N}")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var off = await (await browser.SignInAsync(disabled)).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal((string)wrong["detail"]!, (string)unknown["detail"]!);
        Assert.Equal((string)wrong["detail"]!, (string)off["detail"]!);
        Assert.Equal((string)wrong["title"]!, (string)unknown["title"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Username_ignores_case()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        Assert.Equal(HttpStatusCode.OK, (await api.Browser().SignInAsync(username.ToUpperInvariant())).StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_with_429_and_retry_after_even_for_the_right_password()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var browser = api.Browser();

        for (var i = 0; i < 4; i++)
            await (await browser.SignInAsync(username, "wrong")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var fifth = await browser.SignInAsync(username, "wrong");
        await fifth.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = fifth.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, 14 * 60, 15 * 60);

        var right = await browser.SignInAsync(username);
        await right.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(right.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Lockout_ends_after_fifteen_minutes()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var app = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var browser = app.Browser();

        for (var i = 0; i < 5; i++) await browser.SignInAsync(username, "wrong");
        clock.Advance(TimeSpan.FromMinutes(14));
        await (await browser.SignInAsync(username)).ReadProblemAsync(HttpStatusCode.TooManyRequests);

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task A_successful_sign_in_starts_the_failure_count_over()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var browser = api.Browser();

        for (var i = 0; i < 4; i++) await browser.SignInAsync(username, "wrong");
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);
        for (var i = 0; i < 4; i++)
            await (await browser.SignInAsync(username, "wrong")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task Missing_fields_are_a_validation_problem_and_unknown_fields_or_plain_text_are_rejected()
    {
        var browser = api.Browser();
        var errors = await (await browser.PostJsonAsync("/auth/login", new { username = "", password = "" })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("username"));
        Assert.True(errors.ContainsKey("password"));

        var unknown = await browser.SendRawJsonAsync(HttpMethod.Post, "/auth/login", """{"username":"a","password":"b","tenant":"x"}""");
        Assert.Contains("tenant", (string)(await unknown.ReadProblemAsync(HttpStatusCode.BadRequest))["detail"]!);

        var text = await browser.PostAsync("/auth/login", new StringContent("username=a&password=b"));
        await text.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_form_sign_in_needs_the_antiforgery_token()
    {
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var browser = api.Browser();
        FormUrlEncodedContent Form(string? token) => new(new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = Sessions.Password,
            ["__RequestVerificationToken"] = token ?? "",
        });

        await (await browser.PostAsync("/auth/login", Form(null))).ReadProblemAsync(HttpStatusCode.BadRequest);
        var token = (string)(await (await browser.GetAsync("/auth/antiforgery")).ReadJsonAsync(HttpStatusCode.OK))["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/auth/login", Form(token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        var tenant = await api.NewTenantAsync();
        var browser = await api.SignedInAsync(tenant.TenantId, Role.Coach);
        await browser.UseAntiforgeryAsync();

        var logout = await browser.PostAsync("/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Contains("expires=thu, 01 jan 1970", logout.SetCookie("matchapi"));
        await (await browser.GetAsync("/auth/me")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_credentials_api_and_me_answer_401_problem_without_redirecting()
    {
        var browser = api.Browser();
        foreach (var url in new[] { "/v1/coaches", "/auth/me", "/v1/admin/api-keys" })
        {
            var response = await browser.GetAsync(url);
            await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task A_coach_cannot_manage_keys_or_accounts_and_gets_403_problem_without_redirecting()
    {
        var tenant = await api.NewTenantAsync();
        var coach = await api.SignedInAsync(tenant.TenantId, Role.Coach);
        await coach.UseAntiforgeryAsync();

        foreach (var url in new[] { "/v1/admin/api-keys", "/v1/admin/accounts" })
        {
            var response = await coach.GetAsync(url);
            await response.ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.Null(response.Headers.Location);
        }
        await (await coach.PostJsonAsync("/v1/admin/api-keys", new { name = "mine", scopes = new[] { Scopes.Admin } }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_coach_reads_and_writes_participant_data_but_only_a_team_lead_keeps_the_coach_list_and_reads_reports()
    {
        var tenant = await api.NewTenantAsync();
        var coach = await api.SignedInAsync(tenant.TenantId, Role.Coach);
        var lead = await api.SignedInAsync(tenant.TenantId, Role.TeamLead);
        await coach.UseAntiforgeryAsync();
        await lead.UseAntiforgeryAsync();

        Assert.Equal(HttpStatusCode.OK, (await coach.GetAsync("/v1/coaches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coach.GetAsync("/v1/participants")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await coach.PostJsonAsync("/v1/employers", new { name = "Café Linné AB" })).StatusCode);
        await (await coach.PostJsonAsync("/v1/coaches", new { name = "New Coach" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await lead.PostJsonAsync("/v1/coaches", new { name = "New Coach" })).StatusCode);

        var coachScopes = (await (await coach.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK))["scopes"]!.AsArray().Select(s => (string)s!).ToList();
        var leadScopes = (await (await lead.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK))["scopes"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.DoesNotContain(Scopes.ReportsRead, coachScopes);
        Assert.Contains(Scopes.ReportsRead, leadScopes);
        Assert.DoesNotContain(Scopes.Admin, leadScopes);
        await (await lead.GetAsync("/v1/admin/accounts")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_account_manages_keys_and_accounts()
    {
        var tenant = await api.NewTenantAsync();
        var admin = await api.SignedInAsync(tenant.TenantId, Role.Admin);
        await admin.UseAntiforgeryAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/v1/admin/api-keys", new { name = "HR sync", scopes = new[] { Scopes.EmployersWrite } }))
            .StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_session_at_once()
    {
        var tenant = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var browser = api.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/v1/coaches")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PostAsync($"/v1/admin/accounts/{id}/disable", null)).StatusCode);
        await (await browser.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_describes_an_api_key_caller_without_a_person()
    {
        var tenant = await api.NewTenantAsync(Scopes.CoachesRead);
        var me = await (await tenant.Http.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("apiKey", (string)me["kind"]!);
        Assert.Null(me["username"]);
        Assert.Null(me["role"]);
        Assert.Equal([Scopes.CoachesRead], me["scopes"]!.AsArray().Select(s => (string)s!));
    }
}

public sealed class SignInTestsOnSqlite(SqliteApiFactory api) : SignInTests(api);
public sealed class SignInTestsOnSqlServer(SqlServerApiFactory api) : SignInTests(api);
