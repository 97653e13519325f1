using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

/// <summary>
/// One default scheme that picks, per request, how the caller proves who it is: an
/// <c>X-Api-Key</c> header means an API key, <c>Authorization: Bearer</c> a JWT, anything else
/// the session cookie. Each yields the same claims (<see cref="Principals"/>), so authorization
/// by scope is the same for all.
/// </summary>
public static class MatchApiAuthentication
{
    public const string Scheme = "MatchApi";

    public static IServiceCollection AddMatchApiAuthentication(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var bearerOn = BoundAtRegistration<JwtSettings>(configuration, JwtSettings.Section).Enabled;
        services.AddOptions<LockoutOptions>().BindConfiguration(LockoutOptions.Section)
            .Validate(o => o.MaxFailedAttempts is >= 1 and <= 1000 && o.Duration > TimeSpan.Zero,
                $"{LockoutOptions.Section}: MaxFailedAttempts must be from 1 to 1000 and Duration positive.")
            .ValidateOnStart();
        services.AddOptions<ApiKeyCacheOptions>().BindConfiguration(ApiKeyCacheOptions.Section)
            .Validate(o => o.Seconds is >= 0 and <= 3600 && o.MaxEntries >= 0,
                $"{ApiKeyCacheOptions.Section}: Seconds must be from 0 to 3600 and MaxEntries at least 0.")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyCache>();
        services.AddMatchApiAntiforgery(environment);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key, bearer token or session cookie", o => o.ForwardDefaultSelector = context =>
            {
                var request = context.Request;
                if (request.Headers.ContainsKey(ApiKeys.Header)) return ApiKeys.Scheme;
                // With bearer tokens off, a bearer token is no credential at all: the API-key scheme finds no key and answers 401.
                if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                    return bearerOn ? BearerTokens.Scheme : ApiKeys.Scheme;
                return CookieSignIn.Scheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeys.Scheme, null)
            .AddMatchApiCookie(environment)
            .AddMatchApiBearer(configuration)
            .AddMatchApiOpenIdConnect(configuration);
        return services;
    }

    /// <summary>
    /// The values of an options type bound from its section now, while services are registered, for the one
    /// decision that cannot wait for <see cref="IOptions{TOptions}"/>: whether a scheme is added at all. The
    /// type itself is registered, bound and validated like every other (BindConfiguration, ValidateOnStart);
    /// its handlers read it from there.
    /// </summary>
    internal static T BoundAtRegistration<T>(IConfiguration configuration, string section) where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}
