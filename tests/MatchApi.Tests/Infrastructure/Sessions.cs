using System.Net;
using System.Net.Http.Headers;
using MatchApi.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchApi.Tests.Infrastructure;

/// <summary>Accounts, browser-like clients (HTTPS, cookies kept, no redirects followed) and bearer clients for the security tests.</summary>
public static class Sessions
{
    public const string Password = "correct horse battery staple";

    /// <summary>An account of the tenant with a unique username; returns the username.</summary>
    public static async Task<(long Id, string Username)> NewAccountAsync(this MatchApiFactory api, long tenantId, Role role, long? coachId = null)
    {
        var username = $"user.{Guid.NewGuid():N}";
        var id = await Accounts.CreateAsync(api.Db, tenantId, username, Password, role, coachId, DateTimeOffset.UtcNow, default);
        return (id!.Value, username);
    }

    /// <summary>A client that behaves like the web client's browser.</summary>
    public static HttpClient Browser(this WebApplicationFactory<Program> api, string baseAddress = "https://localhost")
    {
        (api as MatchApiFactory)?.EnsureUsable();
        return api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = true });
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string username, string password = Password) =>
        client.PostJsonAsync("/auth/login", new { username, password });

    /// <summary>A browser signed in as a new account of the tenant with the role.</summary>
    public static async Task<HttpClient> SignedInAsync(this MatchApiFactory api, long tenantId, Role role, long? coachId = null)
    {
        var (_, username) = await api.NewAccountAsync(tenantId, role, coachId);
        var browser = api.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(username)).StatusCode);
        return browser;
    }

    /// <summary>Fetches the antiforgery token (and its cookie) and sends it with every later request of this client.</summary>
    public static async Task<string> UseAntiforgeryAsync(this HttpClient client)
    {
        var json = await (await client.GetAsync("/auth/antiforgery")).ReadJsonAsync(HttpStatusCode.OK);
        var token = (string)json["token"]!;
        client.DefaultRequestHeaders.Remove(CookieAntiforgery.HeaderName);
        client.DefaultRequestHeaders.Add(CookieAntiforgery.HeaderName, token);
        return token;
    }

    public static HttpClient Bearer(this MatchApiFactory api, string token)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The tenant's name, as a token's tenant claim must give it.</summary>
    public static async Task<string> NameAsync(this TenantClient tenant)
    {
        var me = await (await tenant.Http.GetAsync("/auth/me")).ReadJsonAsync(HttpStatusCode.OK);
        return (string)me["tenant"]!;
    }

    /// <summary>The Set-Cookie header for the named cookie, lower-cased for attribute checks.</summary>
    public static string SetCookie(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Single(v => v.StartsWith(name + "=", StringComparison.Ordinal)).ToLowerInvariant()
            : throw new InvalidOperationException($"No Set-Cookie header for {name}.");
}
