using MatchApi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

/// <summary>Session cookie settings (configuration section <c>Authentication:Cookie</c>).</summary>
public sealed class CookieSettings
{
    public const string Section = "Authentication:Cookie";

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>
/// The web client's session: a cookie set by <c>POST /auth/login</c> (or an OpenID Connect
/// sign-in). HttpOnly, SameSite=Strict and, outside Development and Testing, Secure with the
/// <c>__Host-</c> prefix. It answers 401/403 itself instead of redirecting to a login page, and
/// re-reads the account on every request so that disabling it or changing its role applies at once.
/// </summary>
public static class CookieSignIn
{
    public const string Scheme = "Cookie";

    /// <summary>Plain HTTP is tolerated only in Development and Testing; everywhere else cookies are Secure.</summary>
    public static bool RequireHttps(IHostEnvironment environment) =>
        !environment.IsDevelopment() && !environment.IsEnvironment("Testing");

    public static string CookieName(IHostEnvironment environment) => RequireHttps(environment) ? "__Host-matchapi" : "matchapi";

    public static AuthenticationBuilder AddMatchApiCookie(this AuthenticationBuilder auth, IHostEnvironment environment)
    {
        auth.Services.AddOptions<CookieSettings>().BindConfiguration(CookieSettings.Section)
            .Validate(s => s.IdleTimeout > TimeSpan.Zero, $"{CookieSettings.Section}:IdleTimeout must be positive.")
            .ValidateOnStart();
        // The cookie names a server-side session, so that signing out ends every copy of it.
        auth.Services.AddSingleton<SessionStore>();
        auth.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<SessionStore, IOptions<CookieSettings>>((o, store, settings) =>
        {
            o.SessionStore = store;
            o.ExpireTimeSpan = settings.Value.IdleTimeout;
        });
        return auth.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName(environment);
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = RequireHttps(environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.SlidingExpiration = true;
            // An API answers with a status; UseStatusCodePages turns it into problem+json.
            o.Events.OnRedirectToLogin = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.Headers.WWWAuthenticate = $"{ApiKeys.Scheme} header=\"{ApiKeys.Header}\"";
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToLogout = _ => Task.CompletedTask;
            o.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        // OpenID Connect sessions have no local account; they last as long as the cookie.
        if (context.Principal?.AccountId() is not { } accountId) return;
        var db = context.HttpContext.RequestServices.GetRequiredService<Db>();
        var account = await Accounts.FindActiveAsync(db, accountId, context.Principal.TenantId(), context.HttpContext.RequestAborted);
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.ReplacePrincipal(Principals.ForAccount(Scheme, account.Id, account.TenantId, account.Role, account.CoachId, account.Username));
    }
}
