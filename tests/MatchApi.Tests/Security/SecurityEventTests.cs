using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.Security;

/// <summary>Failed sign-ins and lockouts are logged as security events without the password; participant data is never cached.</summary>
public abstract class SecurityEventTests(MatchApiFactory api)
{
    [Fact]
    public async Task Failed_sign_ins_and_lockouts_are_logged_with_a_hashed_username_and_no_password()
    {
        var events = new LogCapture();
        await using var app = api.WithSettings([new("Authentication:Lockout:MaxFailedAttempts", "2")],
            builder => builder.ConfigureLogging(logging => logging.AddProvider(events)));
        var tenant = await api.NewTenantAsync();
        var (_, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var browser = app.Browser();
        const string wrong = "not-the-password-4711";

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(username, wrong)).StatusCode);
        await browser.SignInAsync(username, wrong);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SignInAsync(username)).StatusCode);

        var logged = events.Entries.Where(e => e.Category == typeof(SecurityEvents).FullName).ToList();
        Assert.Equal(3, logged.Count);
        Assert.Equal(SecurityEvents.SignInFailed.Id, logged[0].EventId);
        Assert.Equal(SecurityEvents.SignInLockedOut.Id, logged[2].EventId);
        Assert.All(logged, e => Assert.Contains(SecurityEvents.UsernameHash(username), e.Text));
        var everything = string.Join("\n", events.Entries.Select(e => e.Text));
        Assert.DoesNotContain(wrong, everything);
        Assert.DoesNotContain(Sessions.Password, everything);
        Assert.DoesNotContain(username, everything);
    }

    [Fact]
    public async Task A_role_change_is_logged_as_a_security_event_and_an_admin_cannot_change_their_own()
    {
        var events = new LogCapture();
        await using var app = api.WithSettings([], builder => builder.ConfigureLogging(logging => logging.AddProvider(events)));
        var tenant = await api.NewTenantAsync();
        var (adminId, adminName) = await api.NewAccountAsync(tenant.TenantId, Role.Admin);
        var (id, username) = await api.NewAccountAsync(tenant.TenantId, Role.Coach);
        var admin = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await admin.SignInAsync(adminName)).StatusCode);
        await admin.UseAntiforgeryAsync();

        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/v1/admin/accounts/{id}/role", new { role = "teamLead" })).StatusCode);
        await (await admin.PutJsonAsync($"/v1/admin/accounts/{adminId}/role", new { role = "coach" })).ReadProblemAsync(HttpStatusCode.Conflict);

        var logged = Assert.Single(events.Entries, e => e.EventId == SecurityEvents.AccountRoleChanged.Id);
        Assert.Equal(typeof(SecurityEvents).FullName, logged.Category);
        Assert.Contains(SecurityEvents.UsernameHash(username), logged.Text);
        Assert.Contains("FromRole=Coach", logged.Text);
        Assert.Contains("ToRole=TeamLead", logged.Text);
        Assert.Contains($"ByAccountId={adminId}", logged.Text);
        Assert.DoesNotContain(username, string.Join("\n", events.Entries.Select(e => e.Text)));
    }

    [Fact]
    public async Task Responses_with_participant_data_are_not_stored_by_caches()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        foreach (var url in new[]
                 {
                     "/v1/participants", $"/v1/participants/{person.ParticipantId}", $"/v1/participants/{person.ParticipantId}/goals",
                     $"/v1/employers/{person.EmployerId}/contacts/{person.ContactId}", $"/v1/coaches/{person.CoachId}/caseload",
                 })
        {
            var response = await tenant.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url} lacks Cache-Control: no-store");
        }
    }
}

public sealed class SecurityEventTestsOnSqlite(SqliteApiFactory api) : SecurityEventTests(api);
public sealed class SecurityEventTestsOnSqlServer(SqlServerApiFactory api) : SecurityEventTests(api);
