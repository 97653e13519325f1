using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Reference;

namespace MatchApi.JobTech;

/// <summary>
/// One element of a JobStream answer (<c>/v2/snapshot</c>, <c>/v2/stream</c>): a Platsbanken ad, or a removal
/// (<c>{ "id", "removed": true, "removed_date" }</c>). Only the fields MatchApi reads are listed; JobStream's others are ignored.
/// </summary>
public sealed class JobStreamAd
{
    [Description("The ad's id (a string in ads, a number in older removals).")]
    public JsonElement Id { get; init; }
    [Description("True for a removal: the ad is no longer open.")]
    public bool Removed { get; init; }
    [Description("When the ad was removed (local Swedish time).")]
    public string? RemovedDate { get; init; }
    [Description("The ad's title.")]
    public string? Headline { get; init; }
    [Description("The ad on Platsbanken.")]
    public string? WebpageUrl { get; init; }
    [Description("Last day to apply, local Swedish time without offset.")]
    public string? ApplicationDeadline { get; init; }
    public JobStreamText? Description { get; init; }
    public JobStreamEmployer? Employer { get; init; }
    public JobStreamConcept? Occupation { get; init; }
    public JobStreamConcept? OccupationGroup { get; init; }
    public JobStreamConcept? EmploymentType { get; init; }
    public JobStreamConcept? Duration { get; init; }
    public JobStreamConcept? WorkingHoursType { get; init; }
    [Description("Percent of full time, min and max.")]
    public JobStreamRange? ScopeOfWork { get; init; }
    public JobStreamAddress? WorkplaceAddress { get; init; }

    /// <summary>The id as text whatever JSON type carried it; null when there is none.</summary>
    public string? AdId => Id.ValueKind switch
    {
        JsonValueKind.String => Id.GetString() is { Length: > 0 and <= 200 } s ? s : null,
        JsonValueKind.Number => Id.GetRawText(),
        _ => null,
    };
}

public sealed class JobStreamText
{
    public string? Text { get; init; }
}

public sealed class JobStreamEmployer
{
    [Description("10 digits without a hyphen.")]
    public string? OrganizationNumber { get; init; }
    public string? Name { get; init; }
    public string? Workplace { get; init; }
}

public sealed class JobStreamConcept
{
    public string? ConceptId { get; init; }
    public string? Label { get; init; }
    [Description("For occupation_group: the 4-digit SSYK 2012 code (JobTech's codes).")]
    public string? LegacyAmsTaxonomyId { get; init; }
}

public sealed class JobStreamRange
{
    public double? Min { get; init; }
    public double? Max { get; init; }
}

public sealed class JobStreamAddress
{
    public string? MunicipalityCode { get; init; }
    public string? Municipality { get; init; }
    [Description("[longitude, latitude] (GeoJSON order); sometimes missing or [0, 0].")]
    public double?[]? Coordinates { get; init; }
}

/// <summary>An ad mapped to what MatchApi stores, or why it cannot be.</summary>
public sealed record MappedAd(string AdId, string OrgNumber, string EmployerName, OpeningColumns Opening, string? WebUrl);

/// <summary>
/// How a JobStream ad becomes an opening (see docs/taxonomy-and-imports.md): the ad id as external reference with source
/// <c>platsbanken</c>, hours from <c>scope_of_work</c> percent of a 40-hour week, the form of employment from type and duration,
/// the deadline's Swedish date as expiresOn, coordinates swapped from GeoJSON order. Ads name no subsidy: every ad is an ordinary job.
/// </summary>
public static class JobStreamMapping
{
    public const string Source = "platsbanken";

    public const double FullTimeHours = 40;

    /// <summary>JobStream's own JSON: snake_case, any field MatchApi does not read is ignored (the API's strict options are for its own bodies).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // Ads are a few kB each (descriptions twice, as text and HTML): a larger buffer means fewer reads per ad.
        DefaultBufferSize = 256 * 1024,
    };

    /// <summary>The mapped ad, or the reason it cannot be mapped (<paramref name="reason"/>).</summary>
    public static MappedAd? Map(JobStreamAd ad, ReferenceData reference, out string? reason)
    {
        reason = null;
        var id = ad.AdId!;
        var org = OrganisationNumber.Normalise(ad.Employer?.OrganizationNumber);
        if (org is null) return Fail(out reason, "the ad has no organisation number (10 digits)");
        if (OrganisationNumber.LooksLikePersonalIdentityNumber(org))
            return Fail(out reason, "the employer's number is a personal identity number (a sole trader), which MatchApi does not store");
        var employerName = Clean(ad.Employer?.Name, 200);
        if (employerName is null) return Fail(out reason, "the ad names no employer");
        var title = Clean(ad.Headline, 200);
        if (title is null) return Fail(out reason, "the ad has no headline");
        var ssyk = ad.OccupationGroup?.LegacyAmsTaxonomyId?.Trim();
        if (ssyk is null || !reference.Occupations.TryGetValue(ssyk, out var group) || group.Level != 4)
            return Fail(out reason, $"unknown SSYK 2012 code '{ssyk}' (occupation_group.legacy_ams_taxonomy_id)");
        var municipality = ad.WorkplaceAddress?.MunicipalityCode?.Trim();
        if (!reference.IsMunicipality(municipality))
            return Fail(out reason, $"unknown municipality code '{municipality}' (workplace_address.municipality_code)");

        var opening = new OpeningColumns
        {
            Title = title,
            Description = Clean(ad.Description?.Text, 4000),
            SsykCode = ssyk,
            MunicipalityCode = municipality!,
            HoursPerWeek = Hours(ad.ScopeOfWork),
            EmploymentForm = Form(ad.EmploymentType?.Label, ad.Duration?.Label).ToString(),
            JobType = JobType.Competitive.ToString(),
            ExpiresOn = Deadline(ad.ApplicationDeadline),
            Status = OpeningStatus.Open.ToString(),
        };
        if (Location(ad.WorkplaceAddress?.Coordinates) is { } point)
            opening = opening with { Latitude = point.Latitude, Longitude = point.Longitude };
        var url = ad.WebpageUrl is { Length: <= 500 } u && Uri.TryCreate(u, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps ? u : null;
        return new MappedAd(id, org, employerName, opening, url);
    }

    /// <summary>Percent of full time as hours of a 40-hour week; the larger end of a range, since that is what the job may offer.</summary>
    public static double? Hours(JobStreamRange? scope)
    {
        var percent = scope?.Max ?? scope?.Min;
        if (percent is not > 0) return null;
        return Math.Round(Math.Min(percent.Value, 200) * FullTimeHours / 100, 1);
    }

    public static EmploymentForm Form(string? type, string? duration)
    {
        var t = type?.ToLowerInvariant() ?? "";
        // "Tills vidare" and "Tillsvidare" both occur.
        var d = duration?.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal) ?? "";
        if (t.Contains("sommarjobb", StringComparison.Ordinal) || t.Contains("feriejobb", StringComparison.Ordinal) || t.Contains("säsong", StringComparison.Ordinal))
            return EmploymentForm.Seasonal;
        if (t.Contains("behovsanställning", StringComparison.Ordinal)) return EmploymentForm.Hourly;
        if (t.Contains("vikariat", StringComparison.Ordinal)) return EmploymentForm.Substitute;
        return d.Length == 0 || d.Contains("tillsvidare", StringComparison.Ordinal) ? EmploymentForm.Permanent : EmploymentForm.Temporary;
    }

    /// <summary>The deadline is local Swedish time already (no offset): its date is the last day to apply.</summary>
    public static DateOnly? Deadline(string? deadline) =>
        DateTime.TryParse(deadline, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? DateOnly.FromDateTime(local) : null;

    /// <summary>GeoJSON's [longitude, latitude] as a point, when it lies in Sweden (missing and [0, 0] are not places).</summary>
    public static Common.GeoPoint? Location(double?[]? coordinates) =>
        coordinates is [{ } lon, { } lat] && lat is >= 55 and <= 70 && lon is >= 10 and <= 25 ? new Common.GeoPoint(lat, lon) : null;

    private static string? Clean(string? text, int max)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        return t.Length <= max ? t : t[..max];
    }

    private static MappedAd? Fail(out string? reason, string why)
    {
        reason = why;
        return null;
    }
}
