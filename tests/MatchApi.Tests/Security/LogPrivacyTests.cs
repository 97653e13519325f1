using System.Net;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.Security;

public abstract class LogPrivacyTests(MatchApiFactory api)
{
    [Fact]
    public async Task Logs_hold_no_goal_text_contact_note_or_api_key()
    {
        var logs = new LogCapture();
        await using var app = api.WithSettings([], builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(logs);
            // Everything the framework and the app can say, at every level, reaches this provider.
            logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        }));
        var tenant = await api.NewTenantAsync();
        var (client, key) = await app.KeyClientAsync(api, tenant.TenantId);
        var person = await PersonalData.CreateAsync(tenant with { Http = client });

        // Reads, a refused write, a malformed body and a wrong key: the paths where frameworks like to log details.
        (await client.GetAsync($"/v1/participants/{person.ParticipantId}/goals")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/v1/employers/{person.EmployerId}/contacts/{person.ContactId}")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/v1/employers/{person.EmployerId}/contacts")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutJsonAsync($"/v1/participants/{person.ParticipantId}/goals", SecurityKit.Goals($"{person.OwnWords} 850709-9805")))
            .StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendRawJsonAsync(HttpMethod.Post, $"/v1/employers/{person.EmployerId}/contacts",
            $$"""{"coachId": {{person.CoachId}}, "note": "{{person.Note}}", "kind": 7"""))
            .StatusCode);
        var wrongKey = $"mk_{Guid.NewGuid():N}";
        var stranger = app.CreateClient();
        stranger.DefaultRequestHeaders.Add("X-Api-Key", wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/v1/participants")).StatusCode);
        (await client.DeleteAsync($"/v1/participants/{person.ParticipantId}")).EnsureSuccessStatusCode();

        var texts = logs.Texts();
        Assert.True(texts.Count > 20, "the provider should have captured the requests' logs");
        var secrets = person.Texts.Append(key).Append(wrongKey).Append("850709-9805").ToList();
        var leaks = texts.SelectMany(t => secrets.Where(s => t.Contains(s, StringComparison.Ordinal)).Select(s => $"'{s}' in: {t}")).ToList();
        Assert.True(leaks.Count == 0, "Logged personal data or keys:" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }
}

public sealed class LogPrivacyTestsOnSqlite(SqliteApiFactory api) : LogPrivacyTests(api);
public sealed class LogPrivacyTestsOnSqlServer(SqlServerApiFactory api) : LogPrivacyTests(api);
