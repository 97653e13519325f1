using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>
/// A bounded, seeded fuzz over the served OpenAPI document: every operation gets malformed path ids, query values,
/// bodies, content types and charsets. Nothing may answer 5xx, every error must be problem+json, and a refused
/// request must not have written a row. The seed makes a failure reproducible; the count and time are reported.
/// </summary>
public abstract class FuzzTests(MatchApiFactory api)
{
    private const int Seed = 13;
    private const int RequestsPerOperation = 14;

    private static readonly string[] JunkIds = ["0", "-1", "+1", "abc", "99999999999999999999", "1.5", "%20", "%E2%80%AE1", "1e3"];

    private static readonly JsonNode?[] JunkValues =
    [
        null, "", "x\u0000y", "\u202Eevil", -1, 0, 2147483648L, 1.5, true, new JsonArray(), new JsonArray((JsonNode?)null), new JsonObject(),
        "9999-12-31", "0001-01-01", "2026-02-30", "01/02/2026", "private, public", new string('a', 5000), "competitive", "2025-01-13",
    ];

    private static readonly string[] JunkQueryValues =
        ["", "-1", "0", "abc", "2147483647", "99999999999999999999", "9999-99-99", "01/02/2026", "private,public", "%00", new string('z', 300)];

    // Rows the fuzz tenant owns; a refused request must leave all of them as they were (audit rows and sessions aside).
    private const string Fingerprint = """
        SELECT
          (SELECT COUNT(1) FROM coaches WHERE tenant_id = @T), (SELECT COALESCE(SUM(version), 0) FROM coaches WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM participants WHERE tenant_id = @T), (SELECT COALESCE(SUM(version), 0) FROM participants WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM participant_goals WHERE tenant_id = @T), (SELECT COALESCE(SUM(version), 0) FROM participant_goals WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM employers WHERE tenant_id = @T), (SELECT COALESCE(SUM(version), 0) FROM employers WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM openings WHERE tenant_id = @T), (SELECT COALESCE(SUM(version), 0) FROM openings WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM placements WHERE tenant_id = @T), (SELECT COALESCE(SUM(version), 0) FROM placements WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM employer_contacts WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM participant_exits WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM match_weights WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM api_keys WHERE tenant_id = @T), (SELECT COUNT(revoked_at) FROM api_keys WHERE tenant_id = @T),
          (SELECT COUNT(1) FROM accounts WHERE tenant_id = @T), (SELECT COUNT(disabled_at) FROM accounts WHERE tenant_id = @T);
        """;

    [Fact]
    public async Task Malformed_requests_to_every_operation_never_answer_5xx_and_refusals_write_nothing()
    {
        await using var app = api.WithSettings([new("RateLimiting:PermitsPerMinute", "1000000")]);
        var tenant = await api.NewTenantAsync();
        var (client, _) = await app.KeyClientAsync(api, tenant.TenantId);
        var person = await PersonalData.CreateAsync(tenant with { Http = client });
        var openingId = await client.CreateAsync("/v1/openings", new
        {
            employerId = person.EmployerId, title = "Lagerarbetare", ssykCode = "9412", municipalityCode = "1480",
            employmentForm = "permanent", jobType = "competitive",
        });
        var placementId = await client.CreateAsync($"/v1/participants/{person.ParticipantId}/placements",
            new { employerId = person.EmployerId, kind = "competitive", ssykCode = "5223", startDate = "2025-01-13", hoursPerWeek = 30 });
        var otherKeyId = await client.CreateAsync("/v1/admin/api-keys", new { name = "fuzz victim", scopes = new[] { "openings:read" } });
        var accountId = await client.CreateAsync("/v1/admin/accounts",
            new { username = $"fuzz.{Guid.NewGuid():N}", password = Sessions.Password, role = "coach", coachId = person.CoachId });
        var ids = new Dictionary<string, long>
        {
            ["participants"] = person.ParticipantId, ["employers"] = person.EmployerId, ["openings"] = openingId, ["coaches"] = person.CoachId,
            ["api-keys"] = otherKeyId, ["accounts"] = accountId, ["contactId"] = person.ContactId, ["placementId"] = placementId,
        };

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(op => (Path: path.Key, Method: op.Key.ToUpperInvariant(), Operation: op.Value!)))
            // The OpenID Connect sign-in redirects to a provider; nothing of it is ours to fuzz.
            .Where(op => !op.Path.StartsWith("/auth/oidc", StringComparison.Ordinal))
            .ToList();
        Assert.True(operations.Count >= 40, $"Expected the API's operations, found {operations.Count}.");

        var random = new Random(Seed);
        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        await using var connection = await api.Db.OpenAsync(default);
        foreach (var (path, method, operation) in operations)
        {
            for (var i = 0; i < RequestsPerOperation; i++)
            {
                using var request = Build(random, path, method, operation, ids, document, out var what);
                var before = await FingerprintAsync(connection, tenant.TenantId);
                using var response = await client.SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                var label = $"{method} {path} [{what}] -> {status}";
                if (status >= 500)
                    failures.Add(label);
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{label} without problem+json");
                else if (status >= 400 && await FingerprintAsync(connection, tenant.TenantId) != before)
                    failures.Add($"{label} but rows changed");
            }
        }
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Fuzz: {sent} requests over {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}).");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} fuzz requests misbehaved:\n" + string.Join("\n", failures.Take(40)));
    }

    private static async Task<string> FingerprintAsync(System.Data.Common.DbConnection connection, long tenantId)
    {
        await using var reader = await connection.ExecuteReaderAsync(Fingerprint, new { T = tenantId });
        await reader.ReadAsync();
        return string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
    }

    private static HttpRequestMessage Build(Random random, string path, string method, JsonNode operation,
        IReadOnlyDictionary<string, long> ids, JsonNode document, out string what)
    {
        var notes = new List<string>();
        var url = new StringBuilder();
        string? collection = null;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            url.Append('/');
            if (segment.StartsWith('{'))
            {
                var name = segment.Trim('{', '}');
                var key = name == "id" ? collection ?? "" : name;
                if (random.Next(3) > 0 && ids.TryGetValue(key, out var id)) url.Append(id);
                else
                {
                    var junk = ids.ContainsKey(key) ? JunkIds[random.Next(JunkIds.Length)] : $"ref-{random.Next(100)}";
                    url.Append(junk);
                    notes.Add($"{name}={junk}");
                }
            }
            else
            {
                url.Append(segment);
                collection = segment;
            }
        }

        var query = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if ((string?)parameter!["in"] != "query" || random.Next(2) == 0) continue;
            var value = JunkQueryValues[random.Next(JunkQueryValues.Length)];
            query.Add($"{(string)parameter["name"]!}={value}");
            notes.Add($"?{(string)parameter["name"]!}={(value.Length > 20 ? value[..20] + "…" : value)}");
        }
        if (query.Count > 0) url.Append('?').Append(string.Join('&', query));

        var request = new HttpRequestMessage(new HttpMethod(method), url.ToString());
        if (operation["requestBody"] is not null)
        {
            var (body, contentType, kind) = Body(random, operation, document);
            notes.Add(kind);
            if (body is not null)
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", contentType } } };
        }
        what = string.Join(", ", notes);
        return request;
    }

    private static (string? Body, string ContentType, string Kind) Body(Random random, JsonNode operation, JsonNode document)
    {
        const string json = "application/json";
        return random.Next(12) switch
        {
            0 => (null, json, "no body"),
            1 => ("null", json, "null"),
            2 => ("[]", json, "[]"),
            3 => ("{\"a\":", json, "truncated"),
            4 => ("{}", json, "{}"),
            5 => ("{\"x\":1,\"x\":2}", json, "duplicate key"),
            6 => ("hello", "text/plain", "text/plain"),
            7 => ("{}", "application/json; charset=ebcdic", "charset=ebcdic"),
            8 => ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", "multipart/form-data; boundary=zz", "bad multipart"),
            _ => (Mutate(random, operation, document).ToJsonString(), json, "mutated object"),
        };
    }

    // An object with the operation's own property names, each given a value of the wrong kind, range or text.
    private static JsonObject Mutate(Random random, JsonNode operation, JsonNode document)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"] is { } reference)
            schema = document["components"]?["schemas"]?[((string)reference!).Split('/').Last()];
        var result = new JsonObject();
        foreach (var property in schema?["properties"]?.AsObject() ?? [])
        {
            var junk = JunkValues[random.Next(JunkValues.Length)];
            result[property.Key] = junk?.DeepClone();
        }
        return result;
    }
}

public sealed class FuzzTestsOnSqlite(SqliteApiFactory api) : FuzzTests(api);
public sealed class FuzzTestsOnSqlServer(SqlServerApiFactory api) : FuzzTests(api);
