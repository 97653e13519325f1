using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Security;
using Microsoft.Extensions.Options;

namespace MatchApi.Hosting;

public static class ServiceSetup
{
    public static IServiceCollection AddMatchApiData(this IServiceCollection services, IHostEnvironment environment)
    {
        TypeHandlers.Register();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .PostConfigure<IConfiguration>((options, config) => options.SqlServerConnectionString ??= config.GetConnectionString("SqlServer"))
            .Validate(o => o.IsValid(), $"{DatabaseOptions.Section}: Provider must be Sqlite or SqlServer, with SqlitePath or a SQL Server connection string "
                + "(SqlServerConnectionString or ConnectionStrings:SqlServer) to match; CommandTimeoutSeconds must be from 1 to 3600 and BusyTimeoutSeconds from 0 to 3600.")
            .ValidateOnStart();
        // The bound value, registered once for the consumers that take it as it is.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        services.AddSingleton(sp => new Db(sp.GetRequiredService<DatabaseOptions>(), environment.ContentRootPath));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Reference.ReferenceData>();
        services.AddSingleton<Sync.SyncEngine>();
        services.AddSingleton<Audit.AuditWriter>();
        services.AddSingleton<ReadConnections>();
        return services;
    }

    /// <summary>camelCase JSON, enums as camelCase strings, and unknown properties rejected with a 400.</summary>
    public static IServiceCollection AddMatchApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // Enums as camelCase names, one per field ("private, public" is refused, not read as a flags combination).
            o.SerializerOptions.Converters.Add(new OneEnumValueConverter(o.SerializerOptions));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // {"name":"Dup AB","name":""} is refused rather than judged on whichever value came last.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });

    public static IServiceCollection AddMatchApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) reach the exception handler, which says what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Route ids have one spelling; any other is 404 before filters, the audit log and handlers see it.
        services.Configure<RouteOptions>(CanonicalIdRouteConstraint.Register);
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Transient, includeInternalTypes: true);
        // The goal rules (some 40 and a regex) are costly to build and keep no per-validation state: both goal routes
        // share one instance (building them per stateless match cost as much as the match). These override the
        // transient registrations above.
        services.AddSingleton<Participants.ParticipantGoalsValidator>();
        services.AddSingleton<IValidator<Participants.ParticipantGoals>>(sp => sp.GetRequiredService<Participants.ParticipantGoalsValidator>());
        services.AddSingleton<IValidator<Matching.MatchRequest>, Matching.MatchRequestValidator>();
        return services;
    }

    public static IServiceCollection AddMatchApiSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddMatchApiAuthentication(configuration, environment);
        services.AddAuthorizationBuilder().AddScopePolicies();
        return services;
    }
}
