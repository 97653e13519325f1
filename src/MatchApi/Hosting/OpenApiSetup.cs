using MatchApi.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Hosting;

/// <summary>The OpenAPI document: API description, the API-key scheme, and the 401/403 every protected operation can answer.</summary>
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
                        + $"Authenticate with the `{ApiKeys.Header}` header.",
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeys.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeys.Header,
                    Description = "An API key created with `create-api-key`; it carries a tenant and scopes.",
                };
                return Task.CompletedTask;
            });

            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToArray();
                if (policies.Length == 0 && !metadata.OfType<IAuthorizeData>().Any()) return Task.CompletedTask;

                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeys.Scheme, context.Document)] = [] },
                ];
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid API key was sent." });
                // Operations open to any valid key (reference data) cannot be forbidden.
                if (policies.Length > 0)
                    operation.Responses.TryAdd("403", new OpenApiResponse
                    {
                        Description = $"The key lacks the scope this operation needs ({string.Join(", ", policies)}).",
                    });
                return Task.CompletedTask;
            });
        });
}
