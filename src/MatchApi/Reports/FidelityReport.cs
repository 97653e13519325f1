using System.ComponentModel;
using MatchApi.Placements;

namespace MatchApi.Reports;

/// <summary>The IPS-25 fidelity items that the stored data can show. Definitions: docs/reports.md.</summary>
public sealed record FidelityReport(
    [property: Description("First day of the period (inclusive).")] DateOnly From,
    [property: Description("Last day of the period (inclusive).")] DateOnly To,
    [property: Description("The coach the report is limited to, if any.")] long? CoachId,
    [property: Description("One entry per item the data can show, in IPS-25 order.")] IReadOnlyList<FidelityItemResult> Items,
    [property: Description("The IPS-25 items the data cannot show, so that a reviewer sees the whole scale.")] IReadOnlyList<NotMeasuredItem> NotMeasured,
    [property: Description("The items per calendar quarter of the period (the first and last may be partial); quarters with fewer than 5 participants served are suppressed.")] IReadOnlyList<FidelityQuarter> Quarters,
    [property: Description("Caseload and job development per coach; coaches who served fewer than 5 participants are suppressed, and a second coach when only one is.")] IReadOnlyList<CoachFidelity> ByCoach);

public enum FidelityItem
{
    CaseloadSize, RapidJobSearch, RapidJobSearchShare, IndividualizedJobSearch, JobDevelopmentFrequency, JobDevelopmentQuality,
    DiversityOfEmployers, DiversityOfJobTypes, CompetitiveJobs, FollowAlong,
}

public sealed record NotMeasuredItem(
    [property: Description("The IPS-25 item's name.")] string Title,
    [property: Description("Always \"not measured by MatchApi\", with what a review rests on instead.")] string Status);

public sealed record FidelityQuarter(
    [property: Description("The calendar quarter (yyyy-Qn).")] string Quarter,
    [property: Description("First day counted.")] DateOnly From,
    [property: Description("Last day counted.")] DateOnly To,
    [property: Description("True when the whole quarter lies inside the report period.")] bool WholeQuarter,
    [property: Description("The items measured over the quarter alone; empty when suppressed.")] IReadOnlyList<FidelityQuarterItem> Items,
    [property: Description("True when fewer than 5 participants were served in the quarter.")] bool Suppressed);

public sealed record FidelityQuarterItem(
    [property: Description("The item.")] FidelityItem Item,
    [property: Description("The measured value; null when there is nothing to measure.")] double? Value,
    [property: Description("The item's score, 1–5; null when there is no value.")] int? Score,
    [property: Description("How many coaches, participants, contacts, employers or job starts the value is based on.")] int Basis);

public sealed record FidelityItemResult(
    [property: Description("The item, in IPS-25 terms.")] FidelityItem Item,
    [property: Description("The item's name.")] string Title,
    [property: Description("The measured value; null when there is nothing to measure (see basis).")] double? Value,
    [property: Description("What the value counts.")] string Unit,
    [property: Description("The item's score, 1–5; null when there is no value.")] int? Score,
    [property: Description("How the value is measured and scored, with the configured thresholds.")] string Rule,
    [property: Description("How many coaches, participants, contacts, employers or job starts the value is based on.")] int Basis);

public sealed record CoachFidelity(
    [property: Description("The coach.")] long CoachId,
    [property: Description("The coach's name.")] string CoachName,
    [property: Description("Participants on the coach's caseload on the last day; null when suppressed.")] int? Caseload,
    [property: Description("Caseload score, 1–5; null when suppressed.")] int? CaseloadScore,
    [property: Description("Face-to-face employer contacts per week in the period; null when suppressed.")] double? FaceToFaceContactsPerWeek,
    [property: Description("Job development score, 1–5; null when suppressed.")] int? JobDevelopmentScore,
    [property: Description("True when the coach served fewer than 5 participants in the period, or when a single other coach is withheld and this row would give it away; the numbers are then withheld.")] bool Suppressed);

public static class Fidelity
{
    public const string NotMeasuredStatus = "not measured by MatchApi";

    /// <summary>The IPS-25 items that rest on interviews, records and observation MatchApi does not hold.</summary>
    public static readonly IReadOnlyList<string> NotMeasuredTitles =
    [
        "Employment services staff",
        "Vocational generalists",
        "Integration of rehabilitation with mental health treatment through team assignment",
        "Integration of rehabilitation with mental health treatment through frequent team member contact",
        "Collaboration between employment specialists and vocational rehabilitation counsellors",
        "Vocational unit",
        "Role of employment supervisor (supervision)",
        "Zero exclusion criteria",
        "Agency focus on competitive employment",
        "Executive team support for supported employment",
        "Work incentives planning (benefits counselling)",
        "Disclosure",
        "Ongoing, work-based vocational assessment",
        "Individualized follow-along supports",
        "Community-based services",
        "Assertive engagement and outreach by the integrated treatment team",
    ];

    public static FidelityReport Compute(ReportData data, FidelityOptions options)
    {
        var scope = data.Scope;
        var served = data.Participants.Where(data.IsServed).ToList();
        var servedByCoach = served.Where(p => p.CoachId is not null).GroupBy(p => p.CoachId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var caseloads = data.Participants.Where(p => p.CoachId is not null && data.IsActiveAtEnd(p))
            .GroupBy(p => p.CoachId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var weeks = scope.Days / 7.0;
        var coaches = WorkingCoaches(data, servedByCoach);

        var quarters = ReportPeriods.Quarters(scope.From, scope.To).Select(q =>
        {
            var part = data.Within(q.From, q.To);
            if (Reporting.IsSmall(data.Participants.Count(part.IsServed))) return new FidelityQuarter(q.Period, q.From, q.To, q.Whole, [], true);
            var items = Items(part, options).Select(i => new FidelityQuarterItem(i.Item, i.Value, i.Score, i.Basis)).ToList();
            return new FidelityQuarter(q.Period, q.From, q.To, q.Whole, items, false);
        }).ToList();

        // The per-coach rows add up to the totals in the items' rules (caseloads, contacts), so a single withheld coach gets a second one withheld.
        var hidden = Reporting.WithComplement(coaches.Select(c => Reporting.IsSmall(servedByCoach.GetValueOrDefault(c.Id))).ToList(),
            coaches.Select(c => servedByCoach.GetValueOrDefault(c.Id)).ToList());
        var byCoach = coaches.Select((c, i) =>
        {
            if (hidden[i]) return new CoachFidelity(c.Id, c.Name, null, null, null, null, true);
            var caseload = caseloads.GetValueOrDefault(c.Id);
            var perWeek = Round2(data.FaceToFaceContactsByCoach.GetValueOrDefault(c.Id) / weeks)!.Value;
            // A coach whose participants have all left has no caseload to score.
            return new CoachFidelity(c.Id, c.Name, caseload, caseload == 0 ? null : options.CaseloadSize.Score(caseload, higherIsBetter: false),
                perWeek, options.JobDevelopmentFrequency.Score(perWeek, higherIsBetter: true), false);
        }).ToList();

        return new FidelityReport(scope.From, scope.To, scope.CoachId, Items(data, options),
            NotMeasuredTitles.Select(t => new NotMeasuredItem(t, NotMeasuredStatus)).ToList(), quarters, byCoach);
    }

    // Coaches who worked in the period: with participants served or with face-to-face employer contacts.
    private static List<ReportCoach> WorkingCoaches(ReportData data, Dictionary<long, int> servedByCoach) => data.Coaches
        .Where(c => servedByCoach.ContainsKey(c.Id) || data.FaceToFaceContactsByCoach.GetValueOrDefault(c.Id) > 0)
        .OrderBy(c => c.Name, Reporting.SwedishOrder).ThenBy(c => c.Id)
        .ToList();

    /// <summary>Every measured item over the data's period; the quarters of the trend are the same rules over each quarter.</summary>
    public static List<FidelityItemResult> Items(ReportData data, FidelityOptions options)
    {
        var scope = data.Scope;
        var served = data.Participants.Where(data.IsServed).ToList();
        var servedIds = served.Select(p => p.Id).ToHashSet();
        var servedByCoach = served.Where(p => p.CoachId is not null).GroupBy(p => p.CoachId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var caseloads = data.Participants.Where(p => p.CoachId is not null && data.IsActiveAtEnd(p))
            .GroupBy(p => p.CoachId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var weeks = scope.Days / 7.0;
        var coaches = WorkingCoaches(data, servedByCoach);
        var coachIds = coaches.Select(c => c.Id).ToHashSet();
        var contacts = data.Contacts.Where(c => scope.Contains(c.Date)).ToList();
        const string unchecked_ = "The anchors could not be checked against the current IPS-25 manual, so they are configuration.";

        var items = new List<FidelityItemResult>();

        var withCaseload = coaches.Where(c => caseloads.ContainsKey(c.Id)).ToList();
        var caseloadBands = options.CaseloadSize;
        items.Add(Item(FidelityItem.CaseloadSize, "Caseload size", "participants per coach",
            Round2(withCaseload.Count == 0 ? null : withCaseload.Average(c => caseloads[c.Id])), caseloadBands, higherIsBetter: false,
            $"IPS-25 item 1. Participants on each coach's caseload on {scope.To:yyyy-MM-dd} (enrolled by then and not exited), averaged over coaches "
            + $"with a caseload. Participants without a coach are not counted. {caseloadBands.Describe(false, ScoreBands.Number)}.",
            withCaseload.Count));

        var rapid = options.RapidJobSearch;
        var toFirstMeeting = served
            .Select(p => (p, First: data.FirstContacts.TryGetValue(p.Id, out var c) ? c.FaceToFace : null))
            .Where(x => x.First is { } day && scope.Contains(day))
            .Select(x => Reporting.DaysBetween(x.p.EnrolmentDate, x.First!.Value))
            .ToList();
        items.Add(Item(FidelityItem.RapidJobSearch, "Rapid job search", "mean days to first face-to-face employer contact",
            Round2(toFirstMeeting.Count == 0 ? null : toFirstMeeting.Average()), rapid, higherIsBetter: false,
            "IPS-25 rapid job search: mean days from enrolment to the first face-to-face employer contact about the participant, over the "
            + "participants served whose first such contact happened in the period (one made before enrolment counts as 0 days, and the data does "
            + $"not say whether the contact was about a competitive job). {rapid.Describe(false, ScoreBands.Number)} days. {unchecked_}",
            toFirstMeeting.Count));

        var share = options.RapidJobSearchShare;
        var (rapidWithin, rapidBasis) = RapidJobSearch(data, served, rapid.Days);
        items.Add(Item(FidelityItem.RapidJobSearchShare, "Rapid job search – share within " + rapid.Days + " days", "share of new participants",
            Reporting.Ratio(rapidWithin, rapidBasis), share, higherIsBetter: true,
            $"MatchApi's own measure beside the IPS-25 mean: share of the participants enrolled in the period whose first face-to-face employer "
            + $"contact (a contact about them) was within {rapid.Days} days of enrolment. Participants enrolled fewer than {rapid.Days} days before "
            + $"{scope.To:yyyy-MM-dd} without such a contact yet are left out, as their outcome is not known. {share.Describe(true, ScoreBands.Percent)} (ours, configurable).",
            rapidBasis));

        var aboutParticipants = contacts.Where(c => c.ParticipantId is { } id && servedIds.Contains(id)
            && data.DesiredOccupations.ContainsKey(id)).ToList();
        var fitting = aboutParticipants.Count(c => FitsDesiredOccupation(data, c));
        var individualized = options.IndividualizedJobSearch;
        items.Add(Item(FidelityItem.IndividualizedJobSearch, "Individualized job search", "share of participant-specific employer contacts",
            Reporting.Ratio(fitting, aboutParticipants.Count), individualized, higherIsBetter: true,
            "Share of the employer contacts in the period about a participant (who has stated desired occupations) that were with an employer "
            + "that has had an opening or a placement in one of the participant's desired occupations (an SSYK code within the desired code). "
            + $"Contacts about participants without stated occupations are left out. {individualized.Describe(true, ScoreBands.Percent)}. {unchecked_}",
            aboutParticipants.Count));

        var faceToFace = coaches.Sum(c => data.FaceToFaceContactsByCoach.GetValueOrDefault(c.Id));
        var jobDevelopment = options.JobDevelopmentFrequency;
        items.Add(Item(FidelityItem.JobDevelopmentFrequency, "Job development – frequent employer contact", "face-to-face contacts per coach per week",
            coaches.Count == 0 ? null : Round2(faceToFace / (double)coaches.Count / weeks), jobDevelopment, higherIsBetter: true,
            $"Face-to-face employer contacts in the period ({faceToFace}) per coach who served participants or met employers in it ({coaches.Count}) "
            + $"per week ({scope.Days} days / 7). {jobDevelopment.Describe(true, ScoreBands.Number)}.",
            coaches.Count));

        var meetings = contacts.Where(c => c.Kind == Employers.ContactKind.FaceToFace && coachIds.Contains(c.CoachId))
            .GroupBy(c => c.EmployerId).Select(g => g.Count()).ToList();
        var quality = options.JobDevelopmentQuality;
        items.Add(Item(FidelityItem.JobDevelopmentQuality, "Job development – quality of employer contact", "share of employers met",
            Reporting.Ratio(meetings.Count(n => n >= 2), meetings.Count), quality, higherIsBetter: true,
            "Share of the employers met face to face in the period that were met face to face at least twice in it (relationships built over "
            + $"several visits). {quality.Describe(true, ScoreBands.Percent)} (ours, configurable). {unchecked_}",
            meetings.Count));

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

        var followAlong = options.FollowAlong;
        var (followed, followBasis) = FollowedAlong(data, jobStarts.Where(p => p.Kind == PlacementKind.Competitive), followAlong);
        items.Add(Item(FidelityItem.FollowAlong, "Follow-along after a job start", "share of competitive job starts",
            Reporting.Ratio(followed, followBasis), followAlong, higherIsBetter: true,
            $"Share of the competitive job starts in the period with an employer contact about the participant, with the employer of the job, "
            + $"within {followAlong.FirstContactDays} days of the start and another within {followAlong.SecondContactDays} days of it. Starts less "
            + $"than {followAlong.SecondContactDays} days before {scope.To:yyyy-MM-dd} that have not had both yet are left out. Part of IPS-25 "
            + $"time-unlimited follow-along supports. {followAlong.Describe(true, ScoreBands.Percent)} (ours, configurable). {unchecked_}",
            followBasis));

        return items;
    }

    // An employer fits when it has had an opening or placement whose SSYK code lies within one of the desired codes (a shorter code is its whole group).
    private static bool FitsDesiredOccupation(ReportData data, ReportContact contact) =>
        data.EmployerOccupations.TryGetValue(contact.EmployerId, out var codes)
        && data.DesiredOccupations[contact.ParticipantId!.Value].Any(desired => codes.Any(code => code.StartsWith(desired, StringComparison.Ordinal)));

    /// <summary>
    /// Competitive starts followed up with their employer: a contact about the participant on day 0..FirstContactDays after the
    /// start, and at least one more by SecondContactDays. Starts still inside that window without both are not known yet.
    /// </summary>
    private static (int Followed, int Basis) FollowedAlong(ReportData data, IEnumerable<ReportPlacement> starts, FollowAlongBands rule)
    {
        var scope = data.Scope;
        var byParticipant = data.Contacts.Where(c => c.ParticipantId is not null).ToLookup(c => c.ParticipantId!.Value);
        int followed = 0, basis = 0;
        foreach (var start in starts)
        {
            var days = byParticipant[start.ParticipantId]
                .Where(c => c.EmployerId == start.EmployerId && c.Date <= scope.To)
                .Select(c => c.Date.DayNumber - start.StartDate.DayNumber)
                .Where(d => d >= 0 && d <= rule.SecondContactDays)
                .ToList();
            if (days.Count >= 2 && days.Min() <= rule.FirstContactDays) { followed++; basis++; }
            else if (start.StartDate.AddDays(rule.SecondContactDays) <= scope.To) basis++;
        }
        return (followed, basis);
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
            if (first is { } day && day <= deadline && day <= scope.To) { within++; basis++; }
            else if (deadline <= scope.To) basis++;
        }
        return (within, basis);
    }

    private static FidelityItemResult Item(FidelityItem item, string title, string unit, double? value, ScoreBands bands, bool higherIsBetter,
        string rule, int basis) =>
        new(item, title, value, unit, value is { } v ? bands.Score(v, higherIsBetter) : null, rule, basis);

    private static double? Round2(double? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;
}
