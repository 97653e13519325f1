using System.ComponentModel;
using System.Text.Json;
using FluentValidation;

namespace MatchApi.Matching;

/// <summary>
/// How much each factor counts in a match score, per tenant and versioned. The score is the
/// weighted mean of the factor values (each 0–1) times 100, so only the ratios between weights
/// matter; the defaults add up to 100 so that a weight reads as "points out of 100".
/// Defaults (documented in docs/matching.md): the participant's own occupation choice
/// dominates, then place, then the IPS preferences for ordinary jobs and known employers.
/// There is one weight property per <see cref="Factor"/>, named like it; the indexer, the total
/// and the validation follow the enum, so a new factor needs only its property here.
/// </summary>
public sealed record MatchWeights
{
    public const double MaxWeight = 100;

    [Description("The participant's desired occupations: their rank order and how close the SSYK code is. Default 30.")]
    public double Occupation { get; init; } = 30;

    [Description("Acceptable municipality or within the wished travel distance, closer is better; remote work when wished. Default 18.")]
    public double Place { get; init; } = 18;

    [Description("Hours per week within the wished range; a near miss scores more than a far miss. Default 8.")]
    public double Hours { get; init; } = 8;

    [Description("Day, evening, night or weekend as wished. Default 5.")]
    public double Schedule { get; init; } = 5;

    [Description("Form of employment as wished. Default 4.")]
    public double EmploymentForm { get; init; } = 4;

    [Description("Start date on or after the wished earliest start, and not long after it. Default 3.")]
    public double StartDate { get; init; } = 3;

    [Description("Ordinary (competitive) jobs before subsidised jobs before internships, unless the participant ordered them otherwise. Default 10.")]
    public double JobType { get; init; } = 10;

    [Description("Private employers before public before non-profit. Default 5.")]
    public double Sector { get; init; } = 5;

    [Description("Employers the coaches have recently met face to face, more so the participant's own coach; planned meetings do not count. Default 8.")]
    public double KnownEmployer { get; init; } = 8;

    [Description("The opening's title or description mentions one of the participant's interests (words and the starts of compound words). Default 6.")]
    public double Interests { get; init; } = 6;

    [Description("An employer or industry (SNI) the participant would like to work for. Default 3.")]
    public double PreferredEmployer { get; init; } = 3;

    [Description("Days after which a face-to-face contact counts half as much (1–730). Default 90.")]
    public double KnownEmployerHalfLifeDays { get; init; } = 90;

    [Description("How many times more a contact by the participant's own coach counts than one by another coach (1–10). Default 2.")]
    public double OwnCoachMultiplier { get; init; } = 2;

    public static MatchWeights Default { get; } = new();

    /// <summary>Contacts older than this are not read at all; after four default half-lives they weigh ~6 %.</summary>
    public const int ContactWindowDays = 365;

    // One getter per factor, found by name: a factor without a weight property fails here, at start-up, and in FactorTests.
    private static readonly Func<MatchWeights, double>[] Getters = Factors.All
        .Select(f => typeof(MatchWeights).GetProperty(f.ToString())?.GetMethod?.CreateDelegate<Func<MatchWeights, double>>()
            ?? throw new InvalidOperationException($"MatchWeights has no weight property for the factor {f}."))
        .ToArray();

    /// <summary>The weight of a factor.</summary>
    public double this[Factor factor] => Getters[(int)factor](this);

    /// <summary>The sum of the factor weights (in factor order).</summary>
    public double TotalWeight()
    {
        var total = 0.0;
        foreach (var f in Factors.All) total += this[f];
        return total;
    }

    private static readonly JsonSerializerOptions StorageJson = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, StorageJson);

    // Stored documents are written by ToJson; properties added later fall back to their defaults.
    public static MatchWeights FromJson(string json) => JsonSerializer.Deserialize<MatchWeights>(json, StorageJson) ?? Default;
}

public sealed class MatchWeightsValidator : AbstractValidator<MatchWeights>
{
    public MatchWeightsValidator()
    {
        foreach (var factor in Factors.All)
            RuleFor(x => x[factor]).InclusiveBetween(0, MatchWeights.MaxWeight).OverridePropertyName(factor.ToString());
        RuleFor(x => x.KnownEmployerHalfLifeDays).InclusiveBetween(1, 730);
        RuleFor(x => x.OwnCoachMultiplier).InclusiveBetween(1, 10);
        RuleFor(x => x).Must(x => x.TotalWeight() > 0).OverridePropertyName("Weights")
            .WithMessage("At least one factor weight must be positive.");
    }
}
