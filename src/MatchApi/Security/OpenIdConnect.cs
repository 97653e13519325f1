using MatchApi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

/// <summary>OpenID Connect sign-in for coaches (configuration section <c>Authentication:Oidc</c>); off unless Authority is set.</summary>
public sealed class OidcSettings : ExternalClaimMapping
{
    public const string Section = "Authentication:Oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Where the provider sends the browser back; register it with the provider.</summary>
    public string CallbackPath { get; set; } = "/auth/oidc/callback";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// Sign-in through the municipality's identity provider (authorization code with PKCE). The
/// provider's claims are mapped like a bearer token's, and the result is the same session cookie a
/// local account gets, so the web client and antiforgery work the same way.
/// </summary>
public static class OpenIdConnect
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;

    public static AuthenticationBuilder AddMatchApiOpenIdConnect(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        auth.Services.AddOptions<OidcSettings>().BindConfiguration(OidcSettings.Section)
            .Validate(s => !s.Enabled || !string.IsNullOrWhiteSpace(s.ClientId),
                $"{OidcSettings.Section}:ClientId is required when {OidcSettings.Section}:Authority is set.")
            .ValidateOnStart();
        if (!MatchApiAuthentication.BoundAtRegistration<OidcSettings>(configuration, OidcSettings.Section).Enabled) return auth;

        auth.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<OidcSettings>>((o, bound) => Configure(o, bound.Value));
        return auth.AddOpenIdConnect(Scheme, _ => { });
    }

    private static void Configure(OpenIdConnectOptions o, OidcSettings settings)
    {
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = settings.ClientSecret;
        o.CallbackPath = settings.CallbackPath;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SignInScheme = CookieSignIn.Scheme;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        // The session is the cookie; the provider's tokens are not needed afterwards, so they are not kept in it.
        o.SaveTokens = false;
        o.Events = new OpenIdConnectEvents
        {
            // After the ID token and user info are in: replace the provider's principal with a MatchApi one.
            OnTicketReceived = async ctx =>
            {
                var db = ctx.HttpContext.RequestServices.GetRequiredService<Db>();
                var mapped = await ExternalClaims.MapAsync(ctx.Principal!, settings, CookieSignIn.Scheme, "oidc", db, ctx.HttpContext.RequestAborted);
                if (mapped.Principal is null) ctx.Fail(mapped.Error!);
                else ctx.Principal = mapped.Principal;
            },
            OnRemoteFailure = async ctx =>
            {
                ctx.HandleResponse();
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status401Unauthorized,
                        Title = "Sign-in failed.",
                        Detail = "The identity provider's answer could not be used to sign in to MatchApi.",
                    },
                });
            },
        };
    }
}
