using System.Text.Json.Nodes;
using MatchApi.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Hosting;

/// <summary>
/// The OpenAPI document: API description, the three ways to authenticate (API key, bearer token,
/// session cookie; any one will do), and the transformers that make the document say what the server
/// does: <see cref="OpenApiOperationRules"/> (statuses, problem bodies, security, headers),
/// <see cref="OpenApiValidatorRules"/> (limits and required fields from the validators) and
/// <see cref="OpenApiDocumentRules"/> (problem schemas, nullable enums, conditional requests).
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddMatchApiOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MatchApi",
                    Version = "v1",
                    Description = "Stores IPS participants' own goals and a municipality's employers, openings and coach–employer "
                        + "contacts, and ranks openings by the participant's own goals. There is no field for work ability or diagnosis. "
                        + $"Systems authenticate with the `{ApiKeys.Header}` header or, where an identity provider is configured, a bearer token; "
                        + "the web client signs in with `POST /auth/login` and then sends the session cookie plus the `X-XSRF-TOKEN` header on changes.",
                };
                // Relative: the API is served from wherever this document is; tools resolve paths against the document's own URL.
                document.Servers =
                [
                    new OpenApiServer
                    {
                        Url = "/",
                        Description = "The host that serves this document (production: HTTPS only).",
                        // For inventory tools (OWASP API9): a service for the organisation's own systems and coaches, not a public API.
                        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(true)) },
                    },
                ];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeys.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeys.Header,
                    Description = "An API key created with `create-api-key` or `POST /v1/admin/api-keys`; it carries a tenant and scopes.",
                };
                document.Components.SecuritySchemes[BearerTokens.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT from the organisation's identity provider (when configured); its claims name tenant, role and coach. "
                        + "Validated as RFC8725 recommends: a signature is required (no `none`), the audience and lifetime are checked "
                        + "(1 minute clock skew), and the issuer where one is configured.",
                };
                document.Components.SecuritySchemes[CookieSignIn.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = "__Host-matchapi",
                    Description = "The session cookie set by `POST /auth/login` (named `matchapi` in Development). "
                        + $"POST, PUT, PATCH and DELETE must also send the token from `GET /auth/antiforgery` in `{CookieAntiforgery.HeaderName}`.",
                };
                return Task.CompletedTask;
            });

            options.AddOperationTransformer(OpenApiOperationRules.Transform);
            options.AddSchemaTransformer(OpenApiValidatorRules.TransformSchema);
            options.AddDocumentTransformer(OpenApiDocumentRules.Transform);
        });
}
