using MatchApi.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Hosting;

/// <summary>
/// The OpenAPI document: API description, the three ways to authenticate (API key, bearer token,
/// session cookie; any one will do), and the 401/403 every protected operation can answer.
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
                document.Servers = [];
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
                    Description = "A JWT from the organisation's identity provider (when configured); its claims name tenant, role and coach.",
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

            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToArray();
                if (policies.Length == 0 && !metadata.OfType<IAuthorizeData>().Any()) return Task.CompletedTask;

                // Alternatives: any one of the three schemes authenticates.
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeys.Scheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerTokens.Scheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieSignIn.Scheme, context.Document)] = [] },
                ];
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid API key, bearer token or session cookie was sent." });
                // Operations open to any valid key (reference data) cannot be forbidden.
                if (policies.Length > 0)
                    operation.Responses.TryAdd("403", new OpenApiResponse
                    {
                        Description = $"The caller lacks the scope this operation needs ({string.Join(", ", policies)}).",
                    });
                return Task.CompletedTask;
            });
        });
}
