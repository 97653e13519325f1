using System.Net;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchApi.Tests.Security;

public abstract class SecurityHeadersTests(MatchApiFactory api)
{
    private static void ShouldHaveSecurityHeaders(HttpResponseMessage response, string expectedCsp)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
            : throw Xunit.Sdk.FailException.ForFailure($"{response.RequestMessage!.RequestUri} ({(int)response.StatusCode}) has no {name} header.");

        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Contains("camera=()", Header("Permissions-Policy"));
        Assert.Equal("same-origin", Header("Cross-Origin-Opener-Policy"));
        Assert.Equal(expectedCsp, Header("Content-Security-Policy"));
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers_and_the_strict_policy()
    {
        var tenant = await api.NewTenantAsync();
        var anonymous = api.Anonymous();
        var responses = new[]
        {
            await tenant.Http.GetAsync("/v1/coaches"),
            await tenant.Http.GetAsync("/v1/coaches/987654321"),
            await tenant.Http.PostJsonAsync("/v1/coaches", new { name = "" }),
            await anonymous.GetAsync("/v1/participants"),
            await anonymous.GetAsync("/health/live"),
            await anonymous.GetAsync("/openapi/v1.json"),
            await anonymous.GetAsync("/no/such/page"),
        };
        foreach (var response in responses) ShouldHaveSecurityHeaders(response, SecurityHeaders.StrictContentSecurityPolicy);
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'",
            SecurityHeaders.StrictContentSecurityPolicy);
    }

    [Fact]
    public async Task The_docs_page_gets_a_policy_that_lets_only_its_own_inline_start_up_run()
    {
        var response = await api.Anonymous().GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ShouldHaveSecurityHeaders(response, SecurityHeaders.DocsContentSecurityPolicy);

        var policy = SecurityHeaders.DocsContentSecurityPolicy;
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("http", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        // The page loads the viewer from our own origin; no web fonts or scripts from elsewhere.
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("https://", html);
        Assert.Equal(policy, (await api.Anonymous().GetAsync("/docs/scalar.js")).Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task No_https_redirect_or_hsts_in_testing()
    {
        var response = await api.Anonymous().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Outside_development_http_is_redirected_to_https_and_https_answers_carry_hsts()
    {
        await using var app = api.WithSettings(
            // A production app has no test signing key (it refuses to start with one).
            [new("https_port", "443"), new("Authentication:Jwt:SigningKey", "")], builder => builder.UseEnvironment("Production"));

        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://matchapi.example.se") });
        var redirect = await http.GetAsync("/health/live");
        Assert.Equal(307, ((int)redirect.StatusCode));
        Assert.Equal(new Uri("https://matchapi.example.se/health/live"), redirect.Headers.Location);

        var https = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://matchapi.example.se") });
        var response = await https.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
        ShouldHaveSecurityHeaders(response, SecurityHeaders.StrictContentSecurityPolicy);
    }
}

public sealed class SecurityHeadersTestsOnSqlite(SqliteApiFactory api) : SecurityHeadersTests(api);
public sealed class SecurityHeadersTestsOnSqlServer(SqlServerApiFactory api) : SecurityHeadersTests(api);
