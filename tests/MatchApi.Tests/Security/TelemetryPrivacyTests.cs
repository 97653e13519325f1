using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>
/// With OTLP export on, the spans and metrics the service exports for a scenario over a participant's
/// data hold none of it: the exporter's own requests are received here and searched byte for byte
/// (protobuf carries strings as UTF-8).
/// </summary>
public abstract class TelemetryPrivacyTests(MatchApiFactory api)
{
    [Fact]
    public async Task Exported_spans_and_metrics_hold_no_personal_data_raw_path_or_api_key()
    {
        using var collector = new OtlpCollector();
        string key;
        PersonalData person;
        await using (var app = api.WithSettings(
        [
            new("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address),
            new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            new("OTEL_BSP_SCHEDULE_DELAY", "100"),
            // Metrics go out every 200 ms as well as on disposal, whose flush can run out of time on a busy machine.
            new("OTEL_METRIC_EXPORT_INTERVAL", "200"),
        ]))
        {
            var tenant = await api.NewTenantAsync();
            (var client, key) = await app.KeyClientAsync(api, tenant.TenantId);
            person = await PersonalData.CreateAsync(tenant with { Http = client });
            await OpeningAsync(client, person.EmployerId);

            (await client.GetAsync($"/v1/participants/{person.ParticipantId}/goals")).EnsureSuccessStatusCode();
            (await client.GetAsync($"/v1/employers/{person.EmployerId}/contacts/{person.ContactId}")).EnsureSuccessStatusCode();
            (await client.GetAsync($"/v1/participants/{person.ParticipantId}/matches?municipalityCode=1480")).EnsureSuccessStatusCode();
            (await client.PostJsonAsync("/v1/matches", new { goals = SecurityKit.Goals(person.OwnWords) })).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/participants/{person.ParticipantId}/nothing-here?q={person.ExternalRef}")).StatusCode);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        } // disposing the app flushes both exporters

        var traces = collector.Received("/v1/traces");
        var metrics = collector.Received("/v1/metrics");
        // The scenario was exported: ASP.NET Core's span and metric, and the service's own.
        Assert.Contains("/v1/participants/{id:long}/matches", traces);
        Assert.Contains("match", traces);
        Assert.Contains("http.server.request.duration", metrics);
        Assert.Contains("matchapi.match.duration", metrics);
        Assert.Contains("matchapi.audit.batch.size", metrics);

        var secrets = person.Texts.Append(key).Append("Anna Lindqvist")
            .Append($"/v1/participants/{person.ParticipantId}/").Append($"/v1/employers/{person.EmployerId}/").ToList();
        var leaks = secrets.Where(s => traces.Contains(s, StringComparison.Ordinal) || metrics.Contains(s, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "Exported personal data, paths with ids or keys: " + string.Join(", ", leaks));
    }

    private static async Task OpeningAsync(HttpClient client, long employerId) =>
        await client.CreateAsync("/v1/openings", new
        {
            employerId,
            title = "Djurskötare",
            ssykCode = "9412",
            municipalityCode = "1480",
            employmentForm = "permanent",
            jobType = "competitive",
        });

    /// <summary>An OTLP/HTTP endpoint that keeps every request body by path and answers 200.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new();
        private readonly Task _loop;

        public OtlpCollector()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Address = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            }
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    _bodies.GetOrAdd(context.Request.Url!.AbsolutePath, _ => new()).Enqueue(body.ToArray());
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/x-protobuf";
                    context.Response.Close();
                }
            });
        }

        public string Address { get; }

        /// <summary>Everything received on a path, as text (protobuf strings are UTF-8; the rest is noise).</summary>
        public string Received(string path) =>
            _bodies.TryGetValue(path, out var bodies) ? string.Concat(bodies.Select(b => Encoding.UTF8.GetString(b))) : "";

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}

public sealed class TelemetryPrivacyTestsOnSqlite(SqliteApiFactory api) : TelemetryPrivacyTests(api);
public sealed class TelemetryPrivacyTestsOnSqlServer(SqlServerApiFactory api) : TelemetryPrivacyTests(api);
