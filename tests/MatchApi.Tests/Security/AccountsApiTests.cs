using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

public abstract class AccountsApiTests(MatchApiFactory api)
{
    private static object NewAccount(string role = "coach", long? coachId = null) =>
        new { username = $"Kim.{Guid.NewGuid():N}", password = Sessions.Password, role, coachId };

    [Fact]
    public async Task A_created_account_can_sign_in_and_no_response_carries_a_password_or_hash()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Kim Karlsson" });
        var username = $"Kim.{Guid.NewGuid():N}";

        var response = await tenant.Http.PostJsonAsync("/v1/admin/accounts",
            new { username, password = Sessions.Password, role = "teamLead", coachId });
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/admin/accounts/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(username.ToLowerInvariant(), (string)created["username"]!);
        Assert.Equal("teamLead", (string)created["role"]!);
        Assert.Equal(coachId, (long)created["coachId"]!);

        var me = await (await api.Browser().SignInAsync(username)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("teamLead", (string)me["role"]!);

        foreach (var url in new[] { "/v1/admin/accounts", $"/v1/admin/accounts/{created["id"]}" })
        {
            var text = await (await tenant.Http.GetAsync(url)).Content.ReadAsStringAsync();
            Assert.Contains(username.ToLowerInvariant(), text);
            Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Sessions.Password, text);
            Assert.DoesNotContain("AQAAAA", text); // how every PasswordHasher v3 hash begins
            Assert.DoesNotContain("tenantId", text);
        }
    }

    [Fact]
    public async Task Each_invalid_field_is_reported_and_nothing_is_created()
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/admin/accounts",
            new { username = "a b", password = "short", role = (string?)null })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("username"));
        Assert.True(errors.ContainsKey("password"));
        Assert.True(errors.ContainsKey("role"));

        var badRole = await tenant.Http.PostJsonAsync("/v1/admin/accounts", new { username = "kim.k", password = Sessions.Password, role = "root" });
        await badRole.ReadProblemAsync(HttpStatusCode.BadRequest);

        var list = await (await tenant.Http.GetAsync("/v1/admin/accounts")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task A_coach_of_another_tenant_cannot_be_linked()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var foreignCoach = await other.Http.CreateAsync("/v1/coaches", new { name = "Someone Else" });

        var errors = await (await tenant.Http.PostJsonAsync("/v1/admin/accounts", NewAccount(coachId: foreignCoach))).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("coachId"));
        var list = await (await tenant.Http.GetAsync("/v1/admin/accounts")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task A_username_taken_in_any_tenant_is_409()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(other.TenantId, Role.Coach);

        var response = await tenant.Http.PostJsonAsync("/v1/admin/accounts",
            new { username = username.ToUpperInvariant(), password = Sessions.Password, role = "coach" });
        await response.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_disabling_twice_keeps_the_first_time()
    {
        var tenant = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);

        var disabled = await (await tenant.Http.PostAsync($"/v1/admin/accounts/{id}/disable", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(disabled["disabledAt"]);
        await (await api.Browser().SignInAsync(username)).ReadProblemAsync(HttpStatusCode.Unauthorized);

        var again = await (await tenant.Http.PostAsync($"/v1/admin/accounts/{id}/disable", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string)disabled["disabledAt"]!, (string)again["disabledAt"]!);
    }

    [Fact]
    public async Task An_admin_cannot_disable_the_account_they_are_signed_in_with()
    {
        var tenant = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.Admin);
        var browser = api.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);
        await browser.UseAntiforgeryAsync();

        await (await browser.PostAsync($"/v1/admin/accounts/{id}/disable", null)).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_locked_account_shows_until_when()
    {
        var tenant = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var browser = api.Browser();
        for (var i = 0; i < 5; i++) await browser.SignInAsync(username, "wrong");

        var account = await (await tenant.Http.GetAsync($"/v1/admin/accounts/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(account["lockedUntil"]);
    }

    [Fact]
    public async Task Another_tenants_account_is_not_found_cannot_be_disabled_and_is_not_listed()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var (id, username) = await api.NewAccountAsync(owner.TenantId, Role.Coach);

        await (await other.Http.GetAsync($"/v1/admin/accounts/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PostAsync($"/v1/admin/accounts/{id}/disable", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await other.Http.GetAsync("/v1/admin/accounts")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.Browser().SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task Missing_account_is_404_problem()
    {
        var tenant = await api.NewTenantAsync();
        await (await tenant.Http.GetAsync("/v1/admin/accounts/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.PostAsync("/v1/admin/accounts/987654321/disable", null)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_is_sorted_by_username()
    {
        var tenant = await api.NewTenantAsync();
        foreach (var name in new[] { "carl", "adam", "bea" })
            await tenant.Http.PostJsonAsync("/v1/admin/accounts", new { username = $"{name}.{tenant.TenantId}", password = Sessions.Password, role = "coach" });
        var page = await (await tenant.Http.GetAsync("/v1/admin/accounts?pageSize=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (long)page["total"]!);
        Assert.Equal([$"adam.{tenant.TenantId}", $"bea.{tenant.TenantId}"], page["items"]!.AsArray().Select(a => (string)a!["username"]!));
    }

    [Fact]
    public async Task Account_routes_need_credentials_and_the_admin_scope()
    {
        var tenant = await api.NewTenantAsync();
        var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/v1/admin/accounts")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/v1/admin/accounts/1")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJsonAsync("/v1/admin/accounts", NewAccount())).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/v1/admin/accounts/1/disable", null)).ReadProblemAsync(HttpStatusCode.Unauthorized);

        var notAdmin = await tenant.WithScopesAsync(Scopes.All.Where(s => s != Scopes.Admin).ToArray());
        await (await notAdmin.GetAsync("/v1/admin/accounts")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await notAdmin.GetAsync("/v1/admin/accounts/1")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await notAdmin.PostJsonAsync("/v1/admin/accounts", NewAccount())).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await notAdmin.PostAsync("/v1/admin/accounts/1/disable", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class AccountsApiTestsOnSqlite(SqliteApiFactory api) : AccountsApiTests(api);
public sealed class AccountsApiTestsOnSqlServer(SqlServerApiFactory api) : AccountsApiTests(api);
