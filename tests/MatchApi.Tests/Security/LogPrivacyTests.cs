using System.Collections.Concurrent;
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
        var logs = new CapturingLoggerProvider();
        await using var app = api.WithSettings([], builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(logs);
            // Everything the framework and the app can say, at every level, reaches this provider.
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
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

    /// <summary>Keeps every message, its structured values, exceptions and the scopes around it.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _texts = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyList<string> Texts() => [.. _texts];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var parts = new List<string> { $"{category}: {formatter(state, exception)}" };
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                    parts.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
                if (exception is not null) parts.Add(exception.ToString());
                provider._scopes.ForEachScope((scope, list) =>
                {
                    list.Add($"scope {scope}");
                    if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                        list.AddRange(scopeValues.Select(v => $"scope {v.Key}={v.Value}"));
                }, parts);
                provider._texts.Enqueue(string.Join(" | ", parts));
            }
        }
    }
}

public sealed class LogPrivacyTestsOnSqlite(SqliteApiFactory api) : LogPrivacyTests(api);
public sealed class LogPrivacyTestsOnSqlServer(SqlServerApiFactory api) : LogPrivacyTests(api);
