using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

/// <summary>Requests per minute (configuration section <c>RateLimiting</c>).</summary>
public sealed class RateLimitSettings
{
    /// <summary>Per API key (or signed-in account).</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Per remote address, for requests without valid credentials.</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 60;
}

/// <summary>Size and time a request may take (configuration section <c>RequestLimits</c>).</summary>
public sealed class RequestLimitSettings
{
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>After this the request is cancelled and answered 504.</summary>
    public double TimeoutSeconds { get; set; } = 30;
}

/// <summary>
/// Limits that keep one caller from exhausting the service: requests per minute per caller (429 with
/// Retry-After), request body size (413), and a time limit per request (504). Page sizes are capped
/// by <see cref="Common.PageRequest"/>, and SQL commands by Database:CommandTimeoutSeconds.
/// </summary>
public static class AbuseLimits
{
    public static IServiceCollection AddMatchApiAbuseLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration("RateLimiting")
            .Validate(o => o.PermitsPerMinute >= 1 && o.AnonymousPermitsPerMinute >= 1,
                "RateLimiting: PermitsPerMinute and AnonymousPermitsPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<RequestLimitSettings>().BindConfiguration("RequestLimits")
            .Validate(o => o.MaxBodyBytes >= 1 && o.TimeoutSeconds > 0, "RequestLimits: MaxBodyBytes must be at least 1 and TimeoutSeconds positive.")
            .ValidateOnStart();

        // Kestrel cuts off bodies without a Content-Length (chunked) at the same size.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitSettings>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, settings) =>
        {
            var rates = settings.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                // Load balancers and orchestrators probe health often; those answers cost nothing.
                if (http.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("health");
                // The web client's own static files: a phone loads a dozen of them before anyone can sign in,
                // they hold no data and are answered from disk with ETags.
                if (http.Request.Path.StartsWithSegments(WebClient.WebClientEndpoints.BasePath.TrimEnd('/')) || http.Request.Path == "/")
                    return RateLimitPartition.GetNoLimiter("web-client");
                var (partition, permits) = http.User.Identity?.IsAuthenticated == true
                    ? (http.User.Actor(), rates.PermitsPerMinute)
                    : ($"ip:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", rates.AnonymousPermitsPerMinute);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await WriteProblemAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests.",
                    $"This caller has used its requests for this minute; try again in {seconds} seconds.");
            };
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<RequestLimitSettings>>((options, limits) =>
            options.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(limits.Value.TimeoutSeconds),
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = http => WriteProblemAsync(http, StatusCodes.Status504GatewayTimeout, "The request took too long.",
                    "The request was cancelled because it took longer than this service allows; narrow it down or try again later."),
            });
        return services;
    }

    /// <summary>Place after authentication, so that limits are counted per caller rather than per address.</summary>
    public static IApplicationBuilder UseMatchApiAbuseLimits(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            // Routes that take large bodies on purpose (the sync lists) declare their own limit; the rest get the default.
            var max = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? http.RequestServices.GetRequiredService<IOptions<RequestLimitSettings>>().Value.MaxBodyBytes;
            if (http.Request.ContentLength > max)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await WriteProblemAsync(http, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                    $"Request bodies may be at most {max} bytes.");
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max;
            await next(http);
        });
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        // SqlClient reports a cancelled command as a SqlException; once the time is up any failure is the timeout's 504.
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception ex) when (ex is not OperationCanceledException
                && http.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true)
            {
                throw new OperationCanceledException("The request timed out.", ex, http.RequestAborted);
            }
        });
        return app;
    }

    private static async Task WriteProblemAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
