using System.ComponentModel;
using System.Globalization;
using MatchApi.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Reference;

/// <summary>An SSYK 2012 occupation group at one of its four levels.</summary>
public sealed record OccupationDto(
    [property: Description("SSYK 2012 code, 1 to 4 digits; a longer code lies within each of its prefixes.")] string Code,
    [property: Description("1 (major group) to 4 (unit group): the number of digits.")] int Level,
    [property: Description("English name from SCB.")] string Name);

/// <summary>A Swedish municipality (kommun) and its county (län).</summary>
public sealed record MunicipalityDto(
    [property: Description("Municipality code, 4 digits; the first two are the county.")] string Code,
    [property: Description("The municipality's name.")] string Name,
    [property: Description("County code, 2 digits.")] string CountyCode,
    [property: Description("The county's name.")] string CountyName);

public static class ReferenceApi
{
    public const int MaxOccupations = 50;

    // Swedish order puts Å, Ä and Ö after Z, as a Swedish reader expects a list of kommuner.
    private static readonly StringComparer Swedish = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: false);

    public static RouteGroupBuilder MapReference(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/reference").WithTags("Reference").WithValidation();

        // Public classifications: any valid key may read them, whatever its scopes.
        group.MapGet("/occupations", Occupations).WithName("ListOccupations")
            .WithSummary($"Search SSYK 2012 occupations (at most {MaxOccupations}, by code)")
            .RequireAuthorization();
        group.MapGet("/municipalities", Municipalities).WithName("ListMunicipalities")
            .WithSummary("List Swedish municipalities in Swedish alphabetical order")
            .RequireAuthorization();
        return group;
    }

    public static Results<Ok<IReadOnlyList<OccupationDto>>, ValidationProblem> Occupations(
        [Description("Start of a code, or part of the name (case-insensitive).")] string? q,
        [Description("Only this level, 1 to 4.")] int? level,
        ReferenceData reference)
    {
        if (level is < 1 or > 4)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["level"] = ["level must be between 1 and 4."] });
        var term = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        IReadOnlyList<OccupationDto> found = reference.Occupations.Values
            .Where(o => level is null || o.Level == level)
            .Where(o => term is null
                || o.Code.StartsWith(term, StringComparison.Ordinal)
                || o.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(o => o.Code, StringComparer.Ordinal)
            .Take(MaxOccupations)
            .Select(o => new OccupationDto(o.Code, (int)o.Level, o.Name))
            .ToList();
        return TypedResults.Ok(found);
    }

    public static Results<Ok<IReadOnlyList<MunicipalityDto>>, ValidationProblem> Municipalities(
        [Description("Start of a code, or part of the name (case-insensitive).")] string? q,
        [Description("Only municipalities in this county (2-digit code).")] string? countyCode,
        ReferenceData reference)
    {
        if (countyCode is not null && !reference.Municipalities.Values.Any(m => m.CountyCode == countyCode))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["countyCode"] = ["countyCode must be a known 2-digit county code."] });
        var term = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        IReadOnlyList<MunicipalityDto> found = reference.Municipalities.Values
            .Where(m => countyCode is null || m.CountyCode == countyCode)
            .Where(m => term is null
                || m.Code.StartsWith(term, StringComparison.Ordinal)
                || m.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Name, Swedish)
            .ThenBy(m => m.Code, StringComparer.Ordinal)
            .Select(m => new MunicipalityDto(m.Code, m.Name, m.CountyCode, m.CountyName))
            .ToList();
        return TypedResults.Ok(found);
    }
}
