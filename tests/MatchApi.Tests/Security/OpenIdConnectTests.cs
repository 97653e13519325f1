using System.Net;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MatchApi.Tests.Security;

public abstract class OpenIdConnectTests(MatchApiFactory api)
{
    [Fact]
    public async Task Without_configuration_oidc_sign_in_is_404_problem()
    {
        var problem = await (await api.Browser().GetAsync("/auth/oidc/login")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("Authentication:Oidc:Authority", (string)problem["detail"]!);
    }

    [Fact]
    public async Task With_an_authority_oidc_sign_in_sends_the_browser_there_with_the_code_flow_and_pkce()
    {
        api.EnsureUsable();
        // The provider's discovery document is given directly, so no network is needed.
        var provider = new OpenIdConnectConfiguration
        {
            Issuer = "https://idp.test.example",
            AuthorizationEndpoint = "https://idp.test.example/authorize",
            TokenEndpoint = "https://idp.test.example/token",
        };
        await using var app = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Authentication:Oidc:Authority", "https://idp.test.example");
            b.UseSetting("Authentication:Oidc:ClientId", "matchapi-web");
            b.ConfigureTestServices(s => s.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.Configuration = provider;
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(provider);
            }));
        });
        var browser = app.Browser();

        var response = await browser.GetAsync("/auth/oidc/login?returnUrl=/participants");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://idp.test.example/authorize?", location);
        Assert.Contains("client_id=matchapi-web", location);
        Assert.Contains("response_type=code", location);
        Assert.Contains("code_challenge_method=S256", location);
        Assert.Contains(Uri.EscapeDataString("https://localhost/auth/oidc/callback"), location);
    }
}

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/participants/12", "/participants/12")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/redirect?to=https://evil.example", "/")]
    public void Only_local_paths_are_returned_to(string? returnUrl, string expected) =>
        Assert.Equal(expected, MatchApi.Security.AuthApi.LocalPath(returnUrl));
}

public sealed class OpenIdConnectTestsOnSqlite(SqliteApiFactory api) : OpenIdConnectTests(api);
public sealed class OpenIdConnectTestsOnSqlServer(SqlServerApiFactory api) : OpenIdConnectTests(api);
