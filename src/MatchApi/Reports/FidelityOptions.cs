using System.Globalization;

namespace MatchApi.Reports;

/// <summary>
/// Where a measured value earns 5, 4, 3 and 2 points on an IPS-25 item (below <see cref="TwoAt"/> it earns 1).
/// Whether "at" means "at most" or "at least" depends on the item: a caseload is better when lower,
/// a contact frequency when higher.
/// </summary>
public class ScoreBands
{
    public double FiveAt { get; set; }
    public double FourAt { get; set; }
    public double ThreeAt { get; set; }
    public double TwoAt { get; set; }

    public int Score(double value, bool higherIsBetter) => higherIsBetter
        ? value >= FiveAt ? 5 : value >= FourAt ? 4 : value >= ThreeAt ? 3 : value >= TwoAt ? 2 : 1
        : value <= FiveAt ? 5 : value <= FourAt ? 4 : value <= ThreeAt ? 3 : value <= TwoAt ? 2 : 1;

    public bool IsOrdered(bool higherIsBetter) => higherIsBetter
        ? FiveAt >= FourAt && FourAt >= ThreeAt && ThreeAt >= TwoAt
        : FiveAt <= FourAt && FourAt <= ThreeAt && ThreeAt <= TwoAt;

    /// <summary>The bands in words, e.g. "5 if ≤ 20, 4 if ≤ 25, 3 if ≤ 30, 2 if ≤ 40, otherwise 1".</summary>
    public string Describe(bool higherIsBetter, Func<double, string> format)
    {
        var op = higherIsBetter ? "≥" : "≤";
        return $"5 if {op} {format(FiveAt)}, 4 if {op} {format(FourAt)}, 3 if {op} {format(ThreeAt)}, 2 if {op} {format(TwoAt)}, otherwise 1";
    }

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}

public sealed class RapidJobSearchBands : ScoreBands
{
    /// <summary>Days from enrolment within which the first face-to-face employer contact should happen.</summary>
    public int Days { get; set; } = 30;
}

public sealed class FollowAlongBands : ScoreBands
{
    /// <summary>Days after the job start within which the first employer contact about the participant should happen.</summary>
    public int FirstContactDays { get; set; } = 3;

    /// <summary>Days after the job start within which a second one should follow (the first month).</summary>
    public int SecondContactDays { get; set; } = 30;
}

/// <summary>
/// Score thresholds of the fidelity report, configuration section <c>Reports:Fidelity</c>. The
/// defaults are in appsettings.json; docs/reports.md says which come from the IPS-25 scale and which are ours.
/// </summary>
public sealed class FidelityOptions
{
    public const string Section = "Reports:Fidelity";

    /// <summary>Participants per coach, lower is better (IPS-25 item 1: ≤20, 21–25, 26–30, 31–40, ≥41).</summary>
    public ScoreBands CaseloadSize { get; set; } = new() { FiveAt = 20, FourAt = 25, ThreeAt = 30, TwoAt = 40 };

    /// <summary>
    /// Mean days from enrolment to the first face-to-face employer contact, lower is better. IPS-25 "Rapid job search"
    /// as we read it (within 30 days, 31–60, 61–150, 151–270, 271 or more); not checked against the current manual.
    /// <see cref="RapidJobSearchBands.Days"/> is the target the share below and the caseload's first-contact flag use.
    /// </summary>
    public RapidJobSearchBands RapidJobSearch { get; set; } = new() { Days = 30, FiveAt = 30, FourAt = 60, ThreeAt = 150, TwoAt = 270 };

    /// <summary>Share of new participants with a face-to-face employer contact within <see cref="RapidJobSearchBands.Days"/>, higher is better (ours).</summary>
    public ScoreBands RapidJobSearchShare { get; set; } = new() { FiveAt = 0.85, FourAt = 0.70, ThreeAt = 0.60, TwoAt = 0.50 };

    /// <summary>Share of participant-specific employer contacts that fit the participant's desired occupations, higher is better (anchors not checked).</summary>
    public ScoreBands IndividualizedJobSearch { get; set; } = new() { FiveAt = 0.90, FourAt = 0.75, ThreeAt = 0.50, TwoAt = 0.25 };

    /// <summary>Share of employers met face to face who were met at least twice in the period, higher is better (ours).</summary>
    public ScoreBands JobDevelopmentQuality { get; set; } = new() { FiveAt = 0.50, FourAt = 0.40, ThreeAt = 0.30, TwoAt = 0.20 };

    /// <summary>Share of competitive job starts followed up with the employer within 3 days and again within the first month, higher is better (ours).</summary>
    public FollowAlongBands FollowAlong { get; set; } = new() { FirstContactDays = 3, SecondContactDays = 30, FiveAt = 0.90, FourAt = 0.75, ThreeAt = 0.50, TwoAt = 0.25 };

    /// <summary>Face-to-face employer contacts per coach per week, higher is better (6 or more scores 5).</summary>
    public ScoreBands JobDevelopmentFrequency { get; set; } = new() { FiveAt = 6, FourAt = 5, ThreeAt = 4, TwoAt = 3 };

    /// <summary>Share of job starts at an employer that already had one in the period, lower is better.</summary>
    public ScoreBands DiversityOfEmployers { get; set; } = new() { FiveAt = 0.15, FourAt = 0.30, ThreeAt = 0.40, TwoAt = 0.50 };

    /// <summary>Distinct occupations per job start, higher is better.</summary>
    public ScoreBands DiversityOfJobTypes { get; set; } = new() { FiveAt = 0.85, FourAt = 0.70, ThreeAt = 0.60, TwoAt = 0.50 };

    /// <summary>Share of job starts that are competitive, higher is better (≥95%, 85–94%, 75–84%, 65–74%, below 65%).</summary>
    public ScoreBands CompetitiveJobs { get; set; } = new() { FiveAt = 0.95, FourAt = 0.85, ThreeAt = 0.75, TwoAt = 0.65 };

    public bool IsValid() =>
        CaseloadSize.IsOrdered(higherIsBetter: false)
        && RapidJobSearch.IsOrdered(higherIsBetter: false) && RapidJobSearch.Days > 0
        && RapidJobSearchShare.IsOrdered(higherIsBetter: true)
        && IndividualizedJobSearch.IsOrdered(higherIsBetter: true)
        && JobDevelopmentQuality.IsOrdered(higherIsBetter: true)
        && FollowAlong.IsOrdered(higherIsBetter: true) && FollowAlong.FirstContactDays >= 0 && FollowAlong.SecondContactDays > FollowAlong.FirstContactDays
        && JobDevelopmentFrequency.IsOrdered(higherIsBetter: true)
        && DiversityOfEmployers.IsOrdered(higherIsBetter: false)
        && DiversityOfJobTypes.IsOrdered(higherIsBetter: true)
        && CompetitiveJobs.IsOrdered(higherIsBetter: true);
}
