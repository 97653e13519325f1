using System.ComponentModel;
using MatchApi.Placements;

namespace MatchApi.Reports;

/// <summary>The IPS-25 fidelity items that the stored data can show. Definitions: README, section "Reports".</summary>
public sealed record FidelityReport(
    [property: Description("First day of the period (inclusive).")] DateOnly From,
    [property: Description("Last day of the period (inclusive).")] DateOnly To,
    [property: Description("The coach the report is limited to, if any.")] long? CoachId,
    [property: Description("One entry per item, in IPS-25 order.")] IReadOnlyList<FidelityItemResult> Items,
    [property: Description("Caseload and job development per coach; coaches who served fewer than 5 participants are suppressed.")] IReadOnlyList<CoachFidelity> ByCoach);

public enum FidelityItem { CaseloadSize, RapidJobSearch, JobDevelopmentFrequency, DiversityOfEmployers, DiversityOfJobTypes, CompetitiveJobs }

public sealed record FidelityItemResult(
    [property: Description("The item, in IPS-25 terms.")] FidelityItem Item,
    [property: Description("The item's name.")] string Title,
    [property: Description("The measured value; null when there is nothing to measure (see basis).")] double? Value,
    [property: Description("What the value counts.")] string Unit,
    [property: Description("The item's score, 1–5; null when there is no value.")] int? Score,
    [property: Description("How the value is measured and scored, with the configured thresholds.")] string Rule,
    [property: Description("How many coaches, participants or job starts the value is based on.")] int Basis);

public sealed record CoachFidelity(
    [property: Description("The coach.")] long CoachId,
    [property: Description("The coach's name.")] string CoachName,
    [property: Description("Participants on the coach's caseload on the last day; null when suppressed.")] int? Caseload,
    [property: Description("Caseload score, 1–5; null when suppressed.")] int? CaseloadScore,
    [property: Description("Face-to-face employer contacts per week in the period; null when suppressed.")] double? FaceToFaceContactsPerWeek,
    [property: Description("Job development score, 1–5; null when suppressed.")] int? JobDevelopmentScore,
    [property: Description("True when the coach served fewer than 5 participants in the period; the numbers are then withheld.")] bool Suppressed);

public static class Fidelity
{
    public static FidelityReport Compute(ReportData data, FidelityOptions options)
    {
        var scope = data.Scope;
        var served = data.Participants.Where(data.IsServed).ToList();
        var servedIds = served.Select(p => p.Id).ToHashSet();
        var servedByCoach = served.Where(p => p.CoachId is not null).GroupBy(p => p.CoachId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var caseloads = data.Participants.Where(p => p.CoachId is not null && data.IsActiveAtEnd(p))
            .GroupBy(p => p.CoachId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var weeks = scope.Days / 7.0;

        // Coaches who worked in the period: with participants served or with face-to-face employer contacts.
        var coaches = data.Coaches
            .Where(c => servedByCoach.ContainsKey(c.Id) || data.FaceToFaceContactsByCoach.GetValueOrDefault(c.Id) > 0)
            .OrderBy(c => c.Name, Reporting.SwedishOrder).ThenBy(c => c.Id)
            .ToList();

        var items = new List<FidelityItemResult>();

        var withCaseload = coaches.Where(c => caseloads.ContainsKey(c.Id)).ToList();
        var caseloadBands = options.CaseloadSize;
        items.Add(Item(FidelityItem.CaseloadSize, "Caseload size", "participants per coach",
            Round2(withCaseload.Count == 0 ? null : withCaseload.Average(c => caseloads[c.Id])), caseloadBands, higherIsBetter: false,
            $"IPS-25 item 1. Participants on each coach's caseload on {scope.To:yyyy-MM-dd} (enrolled by then and not exited), averaged over coaches "
            + $"with a caseload. Participants without a coach are not counted. {caseloadBands.Describe(false, ScoreBands.Number)}.",
            withCaseload.Count));

        var rapid = options.RapidJobSearch;
        var (rapidWithin, rapidBasis) = RapidJobSearch(data, served, rapid.Days);
        items.Add(Item(FidelityItem.RapidJobSearch, "Rapid job search", "share of new participants",
            Reporting.Ratio(rapidWithin, rapidBasis), rapid, higherIsBetter: true,
            $"Share of the participants enrolled in the period whose first face-to-face employer contact (a contact about them) was within "
            + $"{rapid.Days} days of enrolment. Participants enrolled fewer than {rapid.Days} days before {scope.To:yyyy-MM-dd} without such a "
            + $"contact yet are left out, as their outcome is not known. {rapid.Describe(true, ScoreBands.Percent)} (configurable, IPS-25 itself "
            + "scores the average days to the first contact).",
            rapidBasis));

        var contacts = coaches.Sum(c => data.FaceToFaceContactsByCoach.GetValueOrDefault(c.Id));
        var jobDevelopment = options.JobDevelopmentFrequency;
        items.Add(Item(FidelityItem.JobDevelopmentFrequency, "Job development – frequent employer contact", "face-to-face contacts per coach per week",
            coaches.Count == 0 ? null : Round2(contacts / (double)coaches.Count / weeks), jobDevelopment, higherIsBetter: true,
            $"Face-to-face employer contacts in the period ({contacts}) per coach who served participants or met employers in it ({coaches.Count}) "
            + $"per week ({scope.Days} days / 7). {jobDevelopment.Describe(true, ScoreBands.Number)}.",
            coaches.Count));

        var jobStarts = data.Placements.Where(p => servedIds.Contains(p.ParticipantId) && scope.Contains(p.StartDate) && p.IsJobStart).ToList();
        var employers = options.DiversityOfEmployers;
        items.Add(Item(FidelityItem.DiversityOfEmployers, "Diversity of employers", "share of job starts",
            Reporting.Ratio(jobStarts.Count - jobStarts.Select(p => p.EmployerId).Distinct().Count(), jobStarts.Count), employers, higherIsBetter: false,
            "Share of the job starts in the period that were at an employer that already had a job start in the period (lower is better). "
            + $"{employers.Describe(false, ScoreBands.Percent)}.",
            jobStarts.Count));

        var coded = jobStarts.Where(p => p.SsykCode is not null).ToList();
        var jobTypes = options.DiversityOfJobTypes;
        items.Add(Item(FidelityItem.DiversityOfJobTypes, "Diversity of job types", "distinct occupations per job start",
            Reporting.Ratio(coded.Select(p => p.SsykCode).Distinct(StringComparer.Ordinal).Count(), coded.Count), jobTypes, higherIsBetter: true,
            "Distinct SSYK 2012 codes among the job starts in the period, divided by the job starts that have a code. "
            + $"{jobTypes.Describe(true, ScoreBands.Percent)}.",
            coded.Count));

        var competitive = options.CompetitiveJobs;
        items.Add(Item(FidelityItem.CompetitiveJobs, "Competitive jobs", "share of job starts",
            Reporting.Ratio(jobStarts.Count(p => p.Kind == PlacementKind.Competitive), jobStarts.Count), competitive, higherIsBetter: true,
            "Share of the job starts in the period (competitive, subsidised and internships, not education) that are competitive. "
            + $"{competitive.Describe(true, ScoreBands.Percent)}.",
            jobStarts.Count));

        var byCoach = coaches.Select(c =>
        {
            if (Reporting.IsSmall(servedByCoach.GetValueOrDefault(c.Id))) return new CoachFidelity(c.Id, c.Name, null, null, null, null, true);
            var caseload = caseloads.GetValueOrDefault(c.Id);
            var perWeek = Round2(data.FaceToFaceContactsByCoach.GetValueOrDefault(c.Id) / weeks)!.Value;
            // A coach whose participants have all left has no caseload to score.
            return new CoachFidelity(c.Id, c.Name, caseload, caseload == 0 ? null : caseloadBands.Score(caseload, higherIsBetter: false),
                perWeek, jobDevelopment.Score(perWeek, higherIsBetter: true), false);
        }).ToList();

        return new FidelityReport(scope.From, scope.To, scope.CoachId, items, byCoach);
    }

    /// <summary>
    /// Participants enrolled in the period, and how many of them met an employer face to face within
    /// <paramref name="days"/> days. Only contacts up to the end of the period count, so a report on a
    /// past period does not change later.
    /// </summary>
    private static (int Within, int Basis) RapidJobSearch(ReportData data, IEnumerable<ReportParticipant> served, int days)
    {
        var scope = data.Scope;
        int within = 0, basis = 0;
        foreach (var p in served.Where(p => scope.Contains(p.EnrolmentDate)))
        {
            var deadline = p.EnrolmentDate.AddDays(days);
            var first = data.FirstContacts.TryGetValue(p.Id, out var c) ? c.FaceToFace : null;
            if (first is { } day && day <= deadline) { within++; basis++; }
            else if (deadline <= scope.To) basis++;
        }
        return (within, basis);
    }

    private static FidelityItemResult Item(FidelityItem item, string title, string unit, double? value, ScoreBands bands, bool higherIsBetter,
        string rule, int basis) =>
        new(item, title, value, unit, value is { } v ? bands.Score(v, higherIsBetter) : null, rule, basis);

    private static double? Round2(double? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;
}
