using System.Net;
using System.Text;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MatchApi.Tests.Security;

public abstract class AbuseLimitsTests(MatchApiFactory api)
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_problem_with_retry_after_while_other_keys_go_on()
    {
        await using var app = api.WithSettings([new("RateLimiting:PermitsPerMinute", "3")]);
        var tenant = await api.NewTenantAsync();
        var (busy, _) = await app.KeyClientAsync(api, tenant.TenantId, Scopes.CoachesRead);
        var (calm, _) = await app.KeyClientAsync(api, tenant.TenantId, Scopes.CoachesRead);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/v1/coaches")).StatusCode);
        var limited = await busy.GetAsync("/v1/coaches");

        var problem = await limited.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("seconds", (string)problem["detail"]!);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/v1/coaches")).StatusCode);
    }

    [Fact]
    public async Task Callers_without_credentials_are_limited_by_address_but_health_probes_are_not()
    {
        await using var app = api.WithSettings([new("RateLimiting:AnonymousPermitsPerMinute", "2")]);
        var client = app.CreateClient();

        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/coaches")).StatusCode);
        await (await client.GetAsync("/v1/coaches")).ReadProblemAsync(HttpStatusCode.TooManyRequests);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_413_problem_and_nothing_is_stored()
    {
        var tenant = await api.NewTenantAsync();
        var name = new string('a', 1024 * 1024);
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/coaches", $$"""{"name":"{{name}}"}""");

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", (string)problem["detail"]!);
        var list = await (await tenant.Http.GetAsync("/v1/coaches")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task The_body_limit_is_configurable()
    {
        await using var app = api.WithSettings([new("RequestLimits:MaxBodyBytes", "200")]);
        var tenant = await api.NewTenantAsync();
        var (client, _) = await app.KeyClientAsync(api, tenant.TenantId);

        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/v1/coaches", new { name = "Anna" })).StatusCode);
        var tooLarge = new StringContent($$"""{"name":"{{new string('a', 300)}}"}""", Encoding.UTF8, "application/json");
        await (await client.PostAsync("/v1/coaches", tooLarge)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Every_request_has_a_time_limit_answered_with_a_504_problem()
    {
        await using var app = api.WithSettings([new("RequestLimits:TimeoutSeconds", "7")]);
        _ = app.Server;
        var policy = app.Services.GetRequiredService<IOptions<RequestTimeoutOptions>>().Value.DefaultPolicy;
        Assert.NotNull(policy);
        Assert.Equal(TimeSpan.FromSeconds(7), policy.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), api.Services.GetRequiredService<IOptions<RequestTimeoutOptions>>().Value.DefaultPolicy!.Timeout);

        // What the middleware writes once the time is up.
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Response.Body = new MemoryStream();
        http.Response.StatusCode = policy.TimeoutStatusCode ?? StatusCodes.Status504GatewayTimeout;
        await policy.WriteTimeoutResponse!(http);

        Assert.Equal(StatusCodes.Status504GatewayTimeout, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("\"status\":504", body);
    }

    [Fact]
    public async Task Page_sizes_are_capped()
    {
        var tenant = await api.NewTenantAsync();
        foreach (var url in new[] { "/v1/participants", "/v1/coaches", "/v1/employers", "/v1/openings" })
        {
            var errors = await (await tenant.Http.GetAsync($"{url}?pageSize=201")).ReadValidationErrorsAsync();
            Assert.True(errors.ContainsKey("pageSize"), url);
        }
    }
}

public sealed class AbuseLimitsTestsOnSqlite(SqliteApiFactory api) : AbuseLimitsTests(api);
public sealed class AbuseLimitsTestsOnSqlServer(SqlServerApiFactory api) : AbuseLimitsTests(api);
