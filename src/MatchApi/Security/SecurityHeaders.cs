namespace MatchApi.Security;

/// <summary>
/// Response headers that keep browsers from sniffing, framing, leaking referrers or running
/// foreign scripts, on every response (API, errors, health, docs), plus HTTPS redirection and
/// HSTS outside Development and Testing.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>For the web client's pages and every API response: only our own scripts, styles and images.</summary>
    public const string StrictContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// For the Scalar docs page only: its HTML starts the viewer with an inline module script and the
    /// viewer sets inline styles, so those two are allowed there. Everything else stays our own origin;
    /// the viewer's default web fonts are switched off so that nothing is fetched from elsewhere.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        + "frame-ancestors 'none'; form-action 'self'";

    public const string DocsPath = "/docs";

    public static IServiceCollection AddMatchApiSecurityHeaders(this IServiceCollection services) =>
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use((http, next) =>
        {
            // Set as the response starts, so that error responses written after Response.Clear() carry them too.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(DocsPath)
                    ? DocsContentSecurityPolicy
                    : StrictContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
