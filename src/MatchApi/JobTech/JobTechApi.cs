using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Reference;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MatchApi.JobTech;

/// <summary>JobTech's taxonomy as its GraphQL API answers it, one answer per property, plus the optional tables.</summary>
public sealed record TaxonomyImportRequest(
    [property: Description("The SSYK 2012 hierarchy with occupation names: {\"data\":{\"concepts\":[…]}} with ssyk-level-1 concepts.")] JsonElement SsykHierarchy,
    [property: Description("SNI 2007: {\"data\":{\"concepts\":[…]}} with sni-level-1 concepts.")] JsonElement SniHierarchy,
    [property: Description("The collection of occupations needing no education: {\"data\":{\"concepts\":[{\"related\":[…]}]}}.")] JsonElement? NoEducation = null,
    [property: Description("Older occupation ids → names (search synonyms).")] Dictionary<string, string>? LegacyNames = null,
    [property: Description("Older occupation ids → SSYK 2012 codes.")] Dictionary<string, string>? LegacySsyk = null,
    [property: Description("CSV code,name_sv_scb: SCB's Swedish names for codes JobTech lacks.")] string? ScbNamesCsv = null,
    [property: Description("CSV jobtech_code,scb_code: which SCB codes JobTech files under another code.")] string? EquivalentsCsv = null);

public sealed class TaxonomyImportRequestValidator : AbstractValidator<TaxonomyImportRequest>
{
    public TaxonomyImportRequestValidator()
    {
        RuleFor(x => x.SsykHierarchy).Must(IsObject).WithMessage("'ssykHierarchy' is required: JobTech's GraphQL answer {\"data\":{\"concepts\":[…]}}.");
        RuleFor(x => x.SniHierarchy).Must(IsObject).WithMessage("'sniHierarchy' is required: JobTech's GraphQL answer {\"data\":{\"concepts\":[…]}}.");
        RuleFor(x => x.NoEducation).Must(e => e is null || e.Value.ValueKind is JsonValueKind.Null || IsObject(e.Value))
            .WithMessage("'noEducation' must be JobTech's GraphQL answer {\"data\":{\"concepts\":[…]}}.");
    }

    private static bool IsObject(JsonElement element) => element.ValueKind == JsonValueKind.Object;
}

public static class JobTechApi
{
    /// <summary>JobStream's national snapshot is about 40,000 ads of a few kB each.</summary>
    public const long MaxFeedBytes = 400L * 1024 * 1024;

    public const long MaxTaxonomyBytes = 20L * 1024 * 1024;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapJobTech(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin/taxonomy").WithTags("Reference").WithValidation();
        admin.MapPost("/", ImportTaxonomy).WithName("ImportTaxonomy")
            .WithSummary("Import JobTech's taxonomy (shared by all organisations): Swedish SSYK names, titles, SNI 2007")
            .WithDescription("Replaces the taxonomy every organisation of the service reads, so only the service operator may: an admin key "
                + "(or admin sign-in) of an organisation listed in the setting Taxonomy:OperatorTenants. Any other organisation's admin gets 403.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxTaxonomyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireAuthorization(Scopes.Admin);
        admin.MapGet("/", TaxonomyStatus).WithName("GetTaxonomyStatus")
            .WithSummary("Which taxonomy is stored: version, source and time of the last import")
            .RequireAuthorization(Scopes.Admin);

        app.MapGroup("/v1/openings").WithTags("Openings")
            .MapPost("/import/jobtech", ImportAds).WithName("ImportJobTechAds")
            .WithSummary("Import Platsbanken ads in JobStream format (a JSON array, read as it streams in)")
            .Accepts<JobStreamAd[]>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxFeedBytes))
            .WithMetadata(new RequestTimeoutAttribute((int)MaxDuration.TotalMilliseconds))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(Scopes.OpeningsWrite, Scopes.EmployersWrite);
        return app;
    }

    public static async Task<Results<Ok<TaxonomyStatusDto>, ValidationProblem, ProblemHttpResult>> ImportTaxonomy(
        TaxonomyImportRequest request, ClaimsPrincipal user, IOptions<TaxonomyOptions> options, Db db, ReferenceData reference,
        TimeProvider clock, CancellationToken ct)
    {
        // Shared data: a tenant's admin governs its own organisation, not the names every other organisation reads.
        if (!options.Value.OperatorTenants.Contains(user.TenantId()))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "Only the service operator may replace the shared taxonomy.",
                detail: "The taxonomy is shared by every organisation of this service; your organisation is not among the operator's (Taxonomy:OperatorTenants).");
        var documents = new TaxonomyDocuments("POST /v1/admin/taxonomy",
            request.SsykHierarchy.GetRawText(), request.SniHierarchy.GetRawText(), request.NoEducation is { ValueKind: JsonValueKind.Object } noEducation ? noEducation.GetRawText() : null,
            request.LegacyNames is null ? null : JsonSerializer.Serialize(request.LegacyNames),
            request.LegacySsyk is null ? null : JsonSerializer.Serialize(request.LegacySsyk),
            request.ScbNamesCsv, request.EquivalentsCsv);
        Taxonomy taxonomy;
        try { taxonomy = Taxonomy.Parse(documents); }
        catch (TaxonomyFormatException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["taxonomy"] = [ex.Message] });
        }
        return TypedResults.Ok(await TaxonomyImport.ImportAsync(db, reference, taxonomy, clock.GetUtcNow(), ct));
    }

    public static async Task<Results<Ok<TaxonomyStatusDto>, NotFoundProblem>> TaxonomyStatus(Db db, CancellationToken ct) =>
        await TaxonomyImport.LatestAsync(db, ct) is { } status
            ? TypedResults.Ok(status)
            : new NotFoundProblem("No taxonomy has been imported; occupations have SCB's English names only.");

    public static async Task<Results<Ok<JobTechImportReport>, ValidationProblem, ProblemHttpResult>> ImportAds(
        [Description("Only ads for work in these municipalities (4-digit codes, comma-separated).")] string? municipalities,
        [Description("Only ads for work in this county (2 digits); without this or municipalities, the county of your organisation's municipality.")] string? county,
        HttpRequest http, ClaimsPrincipal user, Db db, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var codes = municipalities?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var errors = new Dictionary<string, string[]>();
        if (codes.FirstOrDefault(c => !reference.IsMunicipality(c)) is { } unknown)
            errors["municipalities"] = [$"'{unknown}' is not a municipality code."];
        if (county is not null && !reference.Municipalities.Values.Any(m => m.CountyCode == county))
            errors["county"] = [$"'{county}' is not a county code (2 digits)."];
        if (codes.Length > 0 && county is not null) errors["county"] = ["Give municipalities or county, not both."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (http.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the JobStream array as application/json.");

        var tenantId = user.TenantId();
        var area = await JobStreamImport.AreaAsync(db, reference, tenantId, codes, county, ct);
        try
        {
            return TypedResults.Ok(await JobStreamImport.ImportAsync(http.Body, tenantId, area, db, reference, clock.GetUtcNow(), ct));
        }
        catch (JobStreamFormatException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The feed could not be read; nothing was imported.", detail: ex.Message);
        }
    }
}
