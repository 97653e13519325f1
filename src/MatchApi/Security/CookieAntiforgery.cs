using Microsoft.AspNetCore.Antiforgery;

namespace MatchApi.Security;

/// <summary>
/// Cross-site request forgery protection for the one kind of caller a browser authenticates by
/// itself: the session cookie. State-changing requests (POST, PUT, PATCH, DELETE) to <c>/v1</c>
/// and <c>/auth/logout</c> made with the cookie must carry the token from
/// <c>GET /auth/antiforgery</c> in the <c>X-XSRF-TOKEN</c> header (or a form field); so must a
/// sign-in posted as a form. API keys and bearer tokens are never sent by a browser on its own, so
/// their callers need no token.
/// </summary>
public static class CookieAntiforgery
{
    public const string HeaderName = "X-XSRF-TOKEN";

    public static IServiceCollection AddMatchApiAntiforgery(this IServiceCollection services, IHostEnvironment environment) =>
        services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.Name = CookieSignIn.RequireHttps(environment) ? "__Host-matchapi-xsrf" : "matchapi-xsrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSignIn.RequireHttps(environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
        });

    /// <summary>Runs after authentication, so it knows whether the cookie is what authenticated the request.</summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (NeedsToken(context))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await IsValidAsync(antiforgery, context))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails =
                        {
                            Status = StatusCodes.Status400BadRequest,
                            Title = "Missing or invalid antiforgery token.",
                            Detail = $"Requests made with the session cookie must send the token from GET /auth/antiforgery in the {HeaderName} header.",
                        },
                    });
                    return;
                }
            }
            await next(context);
        });

    // A form body that cannot be read (bad multipart boundary, truncated) carries no valid token either: 400, not 500.
    private static async Task<bool> IsValidAsync(IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    internal static bool NeedsToken(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return false;
        // A form can be posted from any site; a JSON sign-in cannot without a CORS preflight, which this API does not allow.
        if (request.Path.Equals("/auth/login", StringComparison.OrdinalIgnoreCase))
            return request.HasFormContentType;
        var byCookie = context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieSignIn.Scheme };
        return byCookie && (request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/auth/logout", StringComparison.OrdinalIgnoreCase));
    }
}
