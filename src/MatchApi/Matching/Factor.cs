using System.Text.Json;

namespace MatchApi.Matching;

/// <summary>
/// The factors of a match score: the one list everything per factor follows. A factor's reported
/// name is its member name in camelCase, its weight is the <see cref="MatchWeights"/> property of the
/// same name, weights and contributions are listed in this order, and the matcher gives each one a
/// value, a bound term and reasons. FactorTests fails when any of these is missing for a member.
/// </summary>
public enum Factor
{
    Occupation,
    Place,
    Hours,
    Schedule,
    EmploymentForm,
    StartDate,
    JobType,
    Sector,
    KnownEmployer,
    Interests,
    PreferredEmployer,
}

public static class Factors
{
    /// <summary>Every factor, in the order they are reported.</summary>
    public static readonly Factor[] All = Enum.GetValues<Factor>();

    public static readonly int Count = All.Length;

    /// <summary>The names reported in a match's factors, in <see cref="All"/> order.</summary>
    public static readonly IReadOnlyList<string> Names = All.Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.ToString())).ToArray();

    public static string Name(this Factor factor) => Names[(int)factor];

    /// <summary>
    /// The value a factor gets when the opening does not say (no hours, no schedule, no start date,
    /// no place): the same for every factor, between a near miss and a fit, and said in a reason.
    /// </summary>
    public const double Unknown = 0.75;
}

/// <summary>Number of values of an enum whose values are 0..n-1: the size of every table indexed by it.</summary>
internal static class EnumCount<T> where T : struct, Enum
{
    public static readonly int Value = Enum.GetValues<T>().Length;
}
