using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace MatchApi.Reports;

public static class ReportsApi
{
    /// <summary>The longest period a report may cover.</summary>
    public const int MaxYears = 5;

    public static IServiceCollection AddMatchApiReports(this IServiceCollection services)
    {
        services.AddOptions<FidelityOptions>()
            .BindConfiguration(FidelityOptions.Section)
            .Validate(o => o.IsValid(), $"{FidelityOptions.Section}: each item's thresholds must run from FiveAt to TwoAt in the item's direction, and RapidJobSearch:Days must be positive.")
            .ValidateOnStart();
        services.AddOptions<SelfSupportOptions>()
            .BindConfiguration(SelfSupportOptions.Section)
            .Validate(o => o.IsValid(), $"{SelfSupportOptions.Section}: AimLow and AimHigh must be shares with 0 ≤ AimLow ≤ AimHigh ≤ 1, and Source must name where the aim comes from.")
            .ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/reports").WithTags("Reports").WithValidation();

        group.MapGet("/outcomes", GetOutcomes).WithName("GetOutcomesReport")
            .WithSummary("Participants served, job starts, the IPS employment rate per quarter and self-support for a period")
            .WithDescription("JSON, or CSV for Excel with `Accept: text/csv` (semicolon-separated, UTF-8 with BOM, decimal point). "
                + "Definitions are in docs/reports.md. Groups of fewer than 5 participants are suppressed in breakdowns, and a second group when only one is.")
            .AddOpenApiOperationTransformer(AlsoCsv)
            .RequireAuthorization(Scopes.ReportsRead);
        group.MapGet("/fidelity", GetFidelity).WithName("GetFidelityReport")
            .WithSummary("IPS-25 fidelity items the data can show, with values, scores and rules, for a period")
            .WithDescription("JSON, or CSV for Excel with `Accept: text/csv` (semicolon-separated, UTF-8 with BOM, decimal point). "
                + "Thresholds are configuration (Reports:Fidelity); definitions are in docs/reports.md. Items the data cannot show are listed as not measured. "
                + "Coaches who served fewer than 5 participants are suppressed, and a second coach when only one is; so are quarters with fewer than 5 served.")
            .AddOpenApiOperationTransformer(AlsoCsv)
            .RequireAuthorization(Scopes.ReportsRead);
        return group;
    }

    public static async Task<Results<Ok<OutcomesReport>, FileContentHttpResult, ValidationProblem>> GetOutcomes(
        [Description("First day of the period, yyyy-MM-dd (inclusive).")] DateOnly? from,
        [Description("Last day of the period, yyyy-MM-dd (inclusive); at most 5 years after from.")] DateOnly? to,
        [Description("Limit the report to one coach's participants.")] long? coachId,
        ClaimsPrincipal user, Db db, ReferenceData reference, IOptionsMonitor<SelfSupportOptions> selfSupport, HttpContext http, CancellationToken ct)
    {
        var (scope, errors) = await ResolveAsync(from, to, coachId, user, db, ct);
        if (errors is not null) return TypedResults.ValidationProblem(errors, detail: "The report period or filter is invalid; see errors.");
        var data = await ReportData.LoadAsync(db, scope!, ct);
        // Names in the caller's language (NameLanguage): Swedish by default, English with Accept-Language: en.
        var report = Outcomes.Compute(data, field => field is null ? NameLanguage.Name("Yrke inte angivet", "Occupation not recorded")
                : reference.OccupationName(field) ?? field,
            selfSupport.CurrentValue);
        http.Response.Headers.Vary = "Accept, Accept-Language";
        return ReportCsv.IsWanted(http.Request)
            ? TypedResults.File(ReportCsv.Outcomes(report), $"{ReportCsv.ContentType}; charset=utf-8", FileName("outcomes", scope!))
            : TypedResults.Ok(report);
    }

    public static async Task<Results<Ok<FidelityReport>, FileContentHttpResult, ValidationProblem>> GetFidelity(
        [Description("First day of the period, yyyy-MM-dd (inclusive).")] DateOnly? from,
        [Description("Last day of the period, yyyy-MM-dd (inclusive); at most 5 years after from.")] DateOnly? to,
        [Description("Limit the report to one coach.")] long? coachId,
        ClaimsPrincipal user, Db db, IOptionsMonitor<FidelityOptions> options, HttpContext http, CancellationToken ct)
    {
        var (scope, errors) = await ResolveAsync(from, to, coachId, user, db, ct);
        if (errors is not null) return TypedResults.ValidationProblem(errors, detail: "The report period or filter is invalid; see errors.");
        var data = await ReportData.LoadAsync(db, scope!, ct);
        var report = Fidelity.Compute(data, options.CurrentValue);
        http.Response.Headers.Vary = "Accept";
        return ReportCsv.IsWanted(http.Request)
            ? TypedResults.File(ReportCsv.Fidelity(report), $"{ReportCsv.ContentType}; charset=utf-8", FileName("fidelity", scope!))
            : TypedResults.Ok(report);
    }

    private static async Task<(ReportScope? Scope, Dictionary<string, string[]>? Errors)> ResolveAsync(
        DateOnly? from, DateOnly? to, long? coachId, ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var errors = new Dictionary<string, string[]>();
        if (from is null) errors["from"] = ["from is required: the first day of the period (yyyy-MM-dd)."];
        if (to is null) errors["to"] = ["to is required: the last day of the period (yyyy-MM-dd)."];
        if (from is { } f && to is { } t)
        {
            if (t < f) errors["to"] = ["to must not be before from."];
            else if (t >= f.AddYears(MaxYears)) errors["to"] = [$"The period must not be longer than {MaxYears} years."];
        }
        if (coachId is { } id && !await TenantRows.CoachExistsAsync(db, id, tenantId, ct))
            errors["coachId"] = [TenantRows.NoCoach(id)];
        return errors.Count > 0 ? (null, errors) : (new ReportScope(tenantId, from!.Value, to!.Value, coachId), null);
    }

    // The JSON response comes from the handler's signature; the CSV alternative is added to the same 200 response.
    private static Task AlsoCsv(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[ReportCsv.ContentType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Rows of section;metric;value with a header row, UTF-8 with BOM.",
                },
            };
        }
        return Task.CompletedTask;
    }

    private static string FileName(string report, ReportScope scope) =>
        string.Create(CultureInfo.InvariantCulture, $"{report}-{scope.From:yyyy-MM-dd}-{scope.To:yyyy-MM-dd}.csv");
}
