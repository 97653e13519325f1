using System.ComponentModel;
using System.Globalization;
using MatchApi.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Reference;

/// <summary>An SSYK 2012 occupation group at one of its four levels, and what matched the search.</summary>
public sealed record OccupationDto(
    [property: Description("SSYK 2012 code, 1 to 4 digits; a longer code lies within each of its prefixes. JobTech's merged manager codes (1210 … 1790) are included once the taxonomy is imported.")] string Code,
    [property: Description("1 (major group) to 4 (unit group): the number of digits.")] int Level,
    [property: Description("The group's name: Swedish (from JobTech's taxonomy, or SCB) unless the request asks for English with Accept-Language: en; SCB's English name when no Swedish one is imported.")] string Name,
    [property: Description("The text the search matched: an everyday title such as \"Barista\", an older title, or a group name; null when listed or found by code.")] string? MatchedTitle = null,
    [property: Description("What matched: code, title (an occupation name under the group), groupName or synonym (an older title); null when listed.")] MatchedBy? MatchedBy = null,
    [property: Description("The matched title needs no education (JobTech's collection of entry jobs).")] bool NoEducationRequired = false);

/// <summary>An SNI 2007 industry at one of its five levels.</summary>
public sealed record IndustryDto(
    [property: Description("SNI 2007 code: a section letter (level 1) or 2 to 5 digits; a longer code lies within each of its prefixes.")] string Code,
    [property: Description("1 (section, a letter) to 5 (detailed group, 5 digits).")] int Level,
    [property: Description("The industry's Swedish name (SNI 2007 has no English names here).")] string Name);

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
            .WithSummary($"Search SSYK 2012 occupations by Swedish or English name, everyday title or code (at most {MaxOccupations}, best match first)")
            .RequireAuthorization();
        group.MapGet("/industries", Industries).WithName("ListIndustries")
            .WithSummary($"Search SNI 2007 industries by Swedish name or code (at most {MaxOccupations}, best match first)")
            .RequireAuthorization();
        group.MapGet("/municipalities", Municipalities).WithName("ListMunicipalities")
            .WithSummary("List Swedish municipalities in Swedish alphabetical order")
            .RequireAuthorization();
        return group;
    }

    public static Results<Ok<IReadOnlyList<OccupationDto>>, ValidationProblem> Occupations(
        [Description("Words that begin words of a name or title (case-insensitive: \"lager\" finds Lagerarbetare and \"Truckförare, lager\"), or the start of a code.")] string? q,
        [Description("Only this level, 1 to 4.")] int? level,
        ReferenceData reference)
    {
        if (level is < 1 or > 4)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["level"] = ["level must be between 1 and 4."] });
        if (string.IsNullOrWhiteSpace(q))
        {
            IReadOnlyList<OccupationDto> listed = reference.Occupations.Values
                .Where(o => level is null || o.Level == level)
                .OrderBy(o => o.Code, StringComparer.Ordinal)
                .Take(MaxOccupations)
                .Select(o => new OccupationDto(o.Code, (int)o.Level, o.Name))
                .ToList();
            return TypedResults.Ok(listed);
        }
        IReadOnlyList<OccupationDto> found = reference.Search.Occupations(q, level, MaxOccupations)
            .Select(h => new OccupationDto(h.Code, (int)h.Level, reference.OccupationName(h.Code) ?? h.Matched,
                h.By == MatchedBy.Code ? null : h.Matched, h.By, h.NoEducation))
            .ToList();
        return TypedResults.Ok(found);
    }

    public static Results<Ok<IReadOnlyList<IndustryDto>>, ValidationProblem> Industries(
        [Description("Words that begin words of the Swedish name (case-insensitive: \"vård\" finds Sjukhusvård and \"Vård och omsorg …\"), or the start of a code.")] string? q,
        [Description("Only this level, 1 to 5.")] int? level,
        ReferenceData reference)
    {
        if (level is < 1 or > 5)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["level"] = ["level must be between 1 and 5."] });
        IReadOnlyList<IndustryDto> found = string.IsNullOrWhiteSpace(q)
            ? reference.Industries.Values.Where(i => level is null || i.Level == level)
                .OrderBy(i => i.Code, StringComparer.Ordinal).Take(MaxOccupations)
                .Select(i => new IndustryDto(i.Code, (int)i.Level, i.NameSv)).ToList()
            : reference.Search.Industries(q, level, MaxOccupations)
                .Select(h => new IndustryDto(h.Code, (int)h.Level, reference.Industries[h.Code].NameSv)).ToList();
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
