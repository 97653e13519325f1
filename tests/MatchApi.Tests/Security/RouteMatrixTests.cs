using System.Net;
using System.Net.Http.Json;
using System.Text;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Security;

/// <summary>
/// Every endpoint the app maps, read from its endpoint data source (so a new route is covered the
/// day it is mapped): without credentials it is 401, with a key lacking its scope 403, and with
/// another organisation's ids 404, all as problem+json.
/// </summary>
public abstract class RouteMatrixTests(MatchApiFactory api)
{
    /// <summary>Routes open without credentials, each on purpose. Anything else must answer 401 to an anonymous caller.</summary>
    private static readonly HashSet<string> OpenRoutes =
    [
        "/health/live",
        "/health/ready",
        "/openapi/{documentName}.json",
        // The Scalar API reference: its page and the assets it serves itself.
        "/docs/{documentName?}",
        "/docs/scalar.js",
        "/docs/scalar.aspnetcore.js",
        "/docs/favicon.svg",
        // Sign-in: the way to get credentials, and harmless without them (sign-out of nobody, a token for a form).
        "/auth/login",
        "/auth/logout",
        "/auth/antiforgery",
        "/auth/oidc/login",
        // The coach web client's static files; every piece of data it shows comes from /v1 with credentials.
        "/",
        "/app/{**path}",
    ];

    /// <summary>
    /// Upserts keyed by the caller's own source system and reference: another organisation's PUT creates a row of
    /// its own instead of finding one (tested in the sync suite: the owner's row is never touched), so 404 is not the rule here.
    /// </summary>
    private static readonly HashSet<string> CallerKeyedRoutes =
    [
        "/v1/employers/by-ref/{source}/{externalRef}",
        "/v1/openings/by-ref/{source}/{externalRef}",
    ];

    /// <summary>
    /// A valid body for every write route that names an id, so that the answer to another tenant's id
    /// is about the id and not about the body. A new write route with an id fails the matrix until it
    /// has one here. Ids inside bodies are the other tenant's own.
    /// </summary>
    private static readonly Dictionary<string, Func<Fixture, object>> Bodies = new()
    {
        ["PUT /v1/coaches/{id:long}"] = _ => new { name = "Anna Lindqvist" },
        ["PUT /v1/employers/{id:long}"] = _ => new { name = "Volvo Cars" },
        ["PUT /v1/openings/{id:long}"] = f => Opening(f.OtherEmployerId),
        ["POST /v1/openings/{id:long}/status"] = _ => new { status = "filled" },
        ["PUT /v1/participants/{id:long}"] = _ => new { externalRef = "IPS-MATRIX-B", enrolmentDate = "2024-03-15" },
        ["PUT /v1/participants/{id:long}/goals/"] = _ => SecurityKit.Goals("Jag vill jobba i lager."),
        ["POST /v1/employers/{id:long}/contacts"] = f => SecurityKit.Contact(f.OtherCoachId),
        ["PUT /v1/employers/{id:long}/contacts/{contactId:long}"] = f => SecurityKit.Contact(f.OtherCoachId),
        ["POST /v1/participants/{id:long}/next-steps/"] = _ => new { what = "Ring arbetsgivaren", dueOn = "2025-03-17" },
        ["PUT /v1/participants/{id:long}/next-steps/{stepId:long}"] = _ => new { what = "Ring arbetsgivaren", dueOn = "2025-03-17", done = true },
        ["POST /v1/participants/{id:long}/placements"] = f => Placement(f.OtherEmployerId),
        ["PUT /v1/participants/{id:long}/placements/{placementId:long}"] = _ => new { endDate = "2025-03-31", endReason = "contractEnded" },
        ["POST /v1/participants/{id:long}/exit"] = _ => new { exitedOn = "2025-06-30", reason = "moved" },
        // Takes no body; an empty object stands for "nothing to send".
        ["POST /v1/admin/accounts/{id:long}/disable"] = _ => new { },
        ["PUT /v1/admin/accounts/{id:long}/role"] = _ => new { role = "teamLead" },
    };

    private sealed record Route(string Method, RouteEndpoint Endpoint)
    {
        public string Pattern => Endpoint.RoutePattern.RawText ?? "";

        public string[] Policies => Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().Distinct().ToArray();

        public bool HasBody => Method is "POST" or "PUT" or "PATCH";

        public bool HasParameters => Endpoint.RoutePattern.Parameters.Count > 0;

        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>One of each resource in the owner's organisation, and what the other organisation needs for valid bodies.</summary>
    private sealed record Fixture(TenantClient Owner, TenantClient Other, IReadOnlyDictionary<string, long> Ids, long OtherCoachId, long OtherEmployerId);

    private static object Opening(long employerId) => new
    {
        employerId,
        title = "Lagerarbetare",
        ssykCode = "9412",
        municipalityCode = "1480",
        employmentForm = "permanent",
        jobType = "competitive",
    };

    private IReadOnlyList<Route> Routes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(m, e)))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    private static object Placement(long employerId) =>
        new { employerId, kind = "competitive", ssykCode = "5223", startDate = "2025-01-13", hoursPerWeek = 30 };

    private async Task<Fixture> CreateFixtureAsync()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(owner);
        var openingId = await owner.Http.CreateAsync("/v1/openings", Opening(person.EmployerId));
        var otherCoachId = await other.Http.CreateAsync("/v1/coaches", new { name = "Berit Ek" });
        var otherEmployerId = await other.Http.CreateAsync("/v1/employers", new { name = "Berits Bygg" });
        var placementId = await owner.Http.CreateAsync($"/v1/participants/{person.ParticipantId}/placements", Placement(person.EmployerId));
        // Exited after the start, so that the exit route has something to show its owner.
        (await owner.Http.PostJsonAsync($"/v1/participants/{person.ParticipantId}/exit", new { exitedOn = "2025-06-30", reason = "moved" }))
            .EnsureSuccessStatusCode();
        var keyId = await owner.Http.CreateAsync("/v1/admin/api-keys", new { name = "matrix key", scopes = new[] { "openings:read" } });
        var accountId = await owner.Http.CreateAsync("/v1/admin/accounts",
            new { username = $"matrix.{Guid.NewGuid():N}", password = Sessions.Password, role = "coach", coachId = person.CoachId });
        // A route parameter named id takes the id of the collection before it; other names stand for themselves.
        var ids = new Dictionary<string, long>
        {
            ["coaches"] = person.CoachId,
            ["employers"] = person.EmployerId,
            ["openings"] = openingId,
            ["participants"] = person.ParticipantId,
            ["contactId"] = person.ContactId,
            ["placementId"] = placementId,
            ["stepId"] = person.NextStepId,
            ["api-keys"] = keyId,
            ["accounts"] = accountId,
            // Text keys of the by-ref upserts; any value reaches the scope check.
            ["source"] = 1,
            ["externalRef"] = 2,
        };
        return new Fixture(owner, other, ids, otherCoachId, otherEmployerId);
    }

    /// <summary>The route's URL with the fixture's ids; null (and a complaint) when a parameter has no id.</summary>
    private static string? Url(Route route, IReadOnlyDictionary<string, long> ids, List<string> failures)
    {
        var url = new StringBuilder();
        string? collection = null;
        foreach (var segment in route.Endpoint.RoutePattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                if (part is RoutePatternLiteralPart literal)
                {
                    url.Append(literal.Content);
                    collection = literal.Content;
                }
                else if (part is RoutePatternParameterPart parameter)
                {
                    var key = parameter.Name == "id" ? collection ?? "" : parameter.Name;
                    if (!ids.TryGetValue(key, out var id))
                    {
                        failures.Add($"{route}: no fixture id for {{{parameter.Name}}} (after '{collection}'); add one to {nameof(CreateFixtureAsync)}.");
                        return null;
                    }
                    url.Append(id);
                }
                else if (part is RoutePatternSeparatorPart separator)
                {
                    url.Append(separator.Content);
                }
            }
        }
        return url.Length == 0 ? "/" : url.ToString();
    }

    private static HttpRequestMessage Request(Route route, string url, object? body) => new(new HttpMethod(route.Method), url)
    {
        Content = route.HasBody ? JsonContent.Create(body ?? new { }, options: Http.Json) : null,
    };

    private static async Task ExpectProblemAsync(HttpClient client, Route route, string url, object? body, HttpStatusCode expected,
        string who, List<string> failures)
    {
        using var response = await client.SendAsync(Request(route, url, body));
        if (response.StatusCode != expected)
            failures.Add($"{route} {who}: expected {(int)expected} but got {(int)response.StatusCode}");
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            failures.Add($"{route} {who}: {(int)expected} without a problem+json body");
    }

    [Fact]
    public void The_allow_list_names_only_routes_that_exist()
    {
        api.EnsureUsable();
        var patterns = Routes().Select(r => r.Pattern).ToHashSet();
        // A stale entry would quietly open whatever route later takes its name.
        var stale = OpenRoutes.Where(open => !patterns.Contains(open)).ToList();
        Assert.True(stale.Count == 0, "Allow-listed routes that do not exist: " + string.Join(", ", stale));
        Assert.True(Routes().Count(r => !OpenRoutes.Contains(r.Pattern)) >= 20, "The matrix should see the API's routes.");
    }

    [Fact]
    public async Task Every_route_without_credentials_is_401_problem()
    {
        api.EnsureUsable();
        var anonymous = api.Anonymous();
        var failures = new List<string>();
        foreach (var route in Routes().Where(r => !OpenRoutes.Contains(r.Pattern)))
        {
            // Ids do not matter before authentication; 1 stands in for any.
            var url = string.Join('/', route.Pattern.Split('/').Select(s => s.StartsWith('{') ? "1" : s));
            await ExpectProblemAsync(anonymous, route, url, null, HttpStatusCode.Unauthorized, "without credentials", failures);
        }
        Assert.True(failures.Count == 0, "Routes that do not refuse anonymous callers:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_route_with_a_key_lacking_its_scope_is_403_problem()
    {
        var fixture = await CreateFixtureAsync();
        var clients = new Dictionary<string, HttpClient>();
        var failures = new List<string>();
        foreach (var route in Routes().Where(r => !OpenRoutes.Contains(r.Pattern)))
        {
            var policies = route.Policies;
            // Reference data is open to any valid key: there is no scope to lack.
            if (policies.Length == 0) continue;
            var scope = new[] { Scopes.CoachesRead, Scopes.EmployersRead }.First(s => !policies.Contains(s));
            if (!clients.TryGetValue(scope, out var client)) clients[scope] = client = await fixture.Owner.WithScopesAsync(scope);
            if (Url(route, fixture.Ids, failures) is not { } url) continue;
            var body = Bodies.TryGetValue(route.ToString(), out var make) ? make(fixture) : null;
            await ExpectProblemAsync(client, route, url, body, HttpStatusCode.Forbidden, $"with only {scope}", failures);
        }
        Assert.True(failures.Count == 0, "Routes that do not forbid a key without their scope:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_route_with_an_id_is_404_problem_for_another_organisation()
    {
        var fixture = await CreateFixtureAsync();
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => !OpenRoutes.Contains(r.Pattern) && r.HasParameters && !CallerKeyedRoutes.Contains(r.Pattern)))
        {
            if (Url(route, fixture.Ids, failures) is not { } url) continue;
            object? body = null;
            if (route.HasBody)
            {
                if (!Bodies.TryGetValue(route.ToString(), out var make))
                {
                    failures.Add($"{route}: no sample body; add one to {nameof(Bodies)}.");
                    continue;
                }
                body = make(fixture);
            }
            // The ids must be right for the owner, or a 404 below would prove nothing.
            if (route.Method == "GET")
            {
                using var own = await fixture.Owner.Http.SendAsync(Request(route, url, body));
                if (!own.IsSuccessStatusCode) failures.Add($"{route}: the owner gets {(int)own.StatusCode} for {url}; the fixture id is wrong.");
            }
            await ExpectProblemAsync(fixture.Other.Http, route, url, body, HttpStatusCode.NotFound, "for another organisation", failures);
            checkedRoutes++;
        }
        Assert.True(failures.Count == 0, "Routes that answer another organisation's ids:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        Assert.True(checkedRoutes >= 15, $"{checkedRoutes} is not >= {15}");

        // Nothing the other organisation sent changed the owner's data.
        var participant = await (await fixture.Owner.Http.GetAsync($"/v1/participants/{fixture.Ids["participants"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.StartsWith("IPS-", participant["externalRef"]!.GetValue<string>());
        var coach = await (await fixture.Owner.Http.GetAsync($"/v1/coaches/{fixture.Ids["coaches"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Anna Lindqvist", coach["name"]!.GetValue<string>());
        var opening = await (await fixture.Owner.Http.GetAsync($"/v1/openings/{fixture.Ids["openings"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("open", opening["status"]!.GetValue<string>());
    }
}

public sealed class RouteMatrixTestsOnSqlite(SqliteApiFactory api) : RouteMatrixTests(api);
public sealed class RouteMatrixTestsOnSqlServer(SqlServerApiFactory api) : RouteMatrixTests(api);
