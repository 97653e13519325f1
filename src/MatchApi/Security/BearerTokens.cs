using System.Text;
using MatchApi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MatchApi.Security;

/// <summary>JWT bearer settings (configuration section <c>Authentication:Jwt</c>); off unless Authority or SigningKey is set.</summary>
public sealed class JwtSettings : ExternalClaimMapping
{
    public const string Section = "Authentication:Jwt";

    /// <summary>The identity provider (its /.well-known/openid-configuration gives issuer and signing keys).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for; required whenever bearer tokens are on.</summary>
    public string? Audience { get; set; }

    /// <summary>Expected issuer when tokens are checked with <see cref="SigningKey"/> instead of an authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// A symmetric key (at least 32 characters) to check tokens without any network authority.
    /// For Development and Testing only; the service refuses to start with it elsewhere.
    /// </summary>
    public string? SigningKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>
/// Bearer tokens from a municipal identity provider. Claims are read as the provider wrote them
/// (no inbound renaming) and mapped by <see cref="ExternalClaims"/> to a tenant, role and coach; a
/// token whose tenant is not known here is refused with 401.
/// </summary>
public static class BearerTokens
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static AuthenticationBuilder AddMatchApiBearer(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        auth.Services.AddOptions<JwtSettings>().BindConfiguration(JwtSettings.Section)
            .Validate(s => !s.Enabled || !string.IsNullOrWhiteSpace(s.Audience),
                $"{JwtSettings.Section}:Audience is required when bearer tokens are on; without it tokens issued for other services would be accepted.")
            .Validate<IHostEnvironment>((s, environment) => string.IsNullOrWhiteSpace(s.SigningKey) || environment.IsDevelopment() || environment.IsEnvironment("Testing"),
                $"{JwtSettings.Section}:SigningKey is for Development and Testing only; configure {JwtSettings.Section}:Authority instead.")
            .Validate(s => !s.Enabled || !string.IsNullOrWhiteSpace(s.Authority) || Encoding.UTF8.GetByteCount(s.SigningKey!) >= 32,
                $"{JwtSettings.Section}:SigningKey must be at least 32 bytes (HS256 needs 256 bits).")
            .ValidateOnStart();
        if (!MatchApiAuthentication.BoundAtRegistration<JwtSettings>(configuration, JwtSettings.Section).Enabled) return auth;

        auth.Services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<JwtSettings>>((o, bound) => Configure(o, bound.Value));
        return auth.AddJwtBearer(Scheme, _ => { });
    }

    private static void Configure(JwtBearerOptions o, JwtSettings settings)
    {
        o.MapInboundClaims = false;
        o.Audience = settings.Audience;
        o.TokenValidationParameters.ValidAudience = settings.Audience;
        o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            o.Authority = settings.Authority;
        }
        else
        {
            o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey!));
            o.TokenValidationParameters.ValidIssuer = settings.Issuer;
            o.TokenValidationParameters.ValidateIssuer = !string.IsNullOrWhiteSpace(settings.Issuer);
        }
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = async ctx =>
            {
                var db = ctx.HttpContext.RequestServices.GetRequiredService<Db>();
                var mapped = await ExternalClaims.MapAsync(ctx.Principal!, settings, Scheme, "jwt", db, ctx.HttpContext.RequestAborted);
                if (mapped.Principal is null) ctx.Fail(mapped.Error!);
                else ctx.Principal = mapped.Principal;
            },
        };
    }
}
