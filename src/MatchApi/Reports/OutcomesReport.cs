using System.ComponentModel;
using System.Globalization;
using MatchApi.Employers;
using MatchApi.Placements;

namespace MatchApi.Reports;

/// <summary>Outcomes of the participants served in a period. Definitions: README, section "Reports".</summary>
public sealed record OutcomesReport(
    [property: Description("First day of the period (inclusive).")] DateOnly From,
    [property: Description("Last day of the period (inclusive).")] DateOnly To,
    [property: Description("The coach the report is limited to, if any.")] long? CoachId,
    [property: Description("Participants served: enrolled on or before `to` and not exited before `from`.")] int Served,
    [property: Description("What the participants served started in the period; a participant can be in more than one category except none.")] OutcomeCategories Outcomes,
    [property: Description("The IPS employment rate with the published benchmarks.")] EmploymentRate EmploymentRate,
    [property: Description("Median days from enrolment to first events that happened in the period.")] MedianDays MedianDays,
    [property: Description("Job starts (every placement except education) in the period.")] JobStarts JobStarts,
    [property: Description("Per coach; groups of fewer than 5 participants are suppressed.")] IReadOnlyList<CoachOutcomes> ByCoach);

public sealed record OutcomeCategories(
    [property: Description("Started competitive employment: an ordinary job at the usual wage.")] ParticipantShare Competitive,
    [property: Description("Started any paid job: competitive or subsidised.")] ParticipantShare AnyPaidJob,
    [property: Description("Started an internship (praktik).")] ParticipantShare Internship,
    [property: Description("Started education.")] ParticipantShare Education,
    [property: Description("Started nothing in the period.")] ParticipantShare None);

/// <summary>A number of participants and their share of the participants served (0–1, 4 decimals; null when none were served).</summary>
public sealed record ParticipantShare(
    [property: Description("Participants in the category.")] int Participants,
    [property: Description("Their share of the participants served, 0–1 (4 decimals); null when none were served.")] double? Share);

public sealed record EmploymentRate(
    [property: Description("Participants with a competitive job start in the period / participants served (0–1, 4 decimals).")] double? Rate,
    [property: Description("Participants with a competitive job start in the period.")] int Participants,
    [property: Description("Published IPS employment-rate benchmarks.")] EmploymentRateBenchmarks Benchmarks,
    [property: Description("The highest benchmark the rate reaches.")] BenchmarkLevel? Level);

public sealed record EmploymentRateBenchmarks(
    [property: Description("Minimum acceptable employment rate (0.31).")] double Minimum,
    [property: Description("Average of IPS programmes (0.41).")] double Average,
    [property: Description("Excellent (0.50).")] double Excellent)
{
    public static readonly EmploymentRateBenchmarks Published = new(0.31, 0.41, 0.50);

    public BenchmarkLevel LevelOf(double rate) =>
        rate >= Excellent ? BenchmarkLevel.Excellent
        : rate >= Average ? BenchmarkLevel.AtLeastAverage
        : rate >= Minimum ? BenchmarkLevel.AtLeastMinimum
        : BenchmarkLevel.BelowMinimum;
}

public enum BenchmarkLevel { BelowMinimum, AtLeastMinimum, AtLeastAverage, Excellent }

public sealed record MedianDays(
    [property: Description("Participants served whose first employer contact (any kind, about them) was in the period.")] Median ToFirstEmployerContact,
    [property: Description("Participants served whose first competitive job started in the period.")] Median ToFirstCompetitiveJob);

/// <summary>A median number of days and how many participants it is taken over (null when none).</summary>
public sealed record Median(
    [property: Description("Median days; null when no participant had the event in the period.")] double? Days,
    [property: Description("Participants the median is taken over.")] int Participants);

public sealed record JobStarts(
    [property: Description("Job starts in the period.")] int Total,
    [property: Description("By SSYK 2012 major group (first digit of the occupation code).")] IReadOnlyList<OccupationFieldStarts> ByOccupationField,
    [property: Description("By the employer's sector.")] IReadOnlyList<SectorStarts> BySector);

public sealed record OccupationFieldStarts(
    [property: Description("SSYK 2012 major group (one digit); null when the placement has no occupation.")] string? Field,
    [property: Description("The major group's English name.")] string Name,
    [property: Description("Job starts; null when suppressed.")] int? JobStarts,
    [property: Description("True when fewer than 5 participants are behind the number, which is then withheld.")] bool Suppressed);

public sealed record SectorStarts(
    [property: Description("The employer's sector.")] Sector Sector,
    [property: Description("Job starts; null when suppressed.")] int? JobStarts,
    [property: Description("True when fewer than 5 participants are behind the number, which is then withheld.")] bool Suppressed);

public sealed record CoachOutcomes(
    [property: Description("The coach; null for participants without a coach.")] long? CoachId,
    [property: Description("The coach's name.")] string? CoachName,
    [property: Description("Participants served; null when suppressed.")] int? Served,
    [property: Description("Participants with a competitive job start; null when suppressed.")] int? Competitive,
    [property: Description("Participants with a competitive or subsidised job start; null when suppressed.")] int? AnyPaidJob,
    [property: Description("Competitive / served; null when suppressed.")] double? EmploymentRate,
    [property: Description("True when the coach served fewer than 5 participants; the numbers are then withheld.")] bool Suppressed);

public static class Outcomes
{
    public static OutcomesReport Compute(ReportData data, Func<string, string> occupationFieldName)
    {
        var scope = data.Scope;
        var served = data.Participants.Where(data.IsServed).ToList();
        var servedIds = served.Select(p => p.Id).ToHashSet();
        var placements = data.Placements.Where(p => servedIds.Contains(p.ParticipantId)).ToList();
        var inPeriod = placements.Where(p => scope.Contains(p.StartDate)).ToList();
        var started = inPeriod.ToLookup(p => p.ParticipantId);

        bool Started(ReportParticipant p, params PlacementKind[] kinds) => started[p.Id].Any(s => kinds.Contains(s.Kind));
        ParticipantShare Share(Func<ReportParticipant, bool> predicate)
        {
            var n = served.Count(predicate);
            return new ParticipantShare(n, Reporting.Ratio(n, served.Count));
        }

        var competitive = Share(p => Started(p, PlacementKind.Competitive));
        var outcomes = new OutcomeCategories(
            competitive,
            Share(p => Started(p, PlacementKind.Competitive, PlacementKind.Subsidised)),
            Share(p => Started(p, PlacementKind.Internship)),
            Share(p => Started(p, PlacementKind.Education)),
            Share(p => !started[p.Id].Any()));

        var benchmarks = EmploymentRateBenchmarks.Published;
        var rate = new EmploymentRate(competitive.Share, competitive.Participants, benchmarks,
            competitive.Share is { } r ? benchmarks.LevelOf(r) : null);

        // Days to the first event, for the participants whose first event happened in this period.
        var toContact = served
            .Select(p => (p, First: data.FirstContacts.TryGetValue(p.Id, out var c) ? c.Any : null))
            .Where(x => x.First is { } day && scope.Contains(day))
            .Select(x => Reporting.DaysBetween(x.p.EnrolmentDate, x.First!.Value))
            .ToList();
        var firstCompetitive = placements.Where(p => p.Kind == PlacementKind.Competitive)
            .GroupBy(p => p.ParticipantId).ToDictionary(g => g.Key, g => g.Min(p => p.StartDate));
        var toCompetitive = served
            .Where(p => firstCompetitive.TryGetValue(p.Id, out var day) && scope.Contains(day))
            .Select(p => Reporting.DaysBetween(p.EnrolmentDate, firstCompetitive[p.Id]))
            .ToList();
        var medians = new MedianDays(
            new Median(Reporting.Median(toContact), toContact.Count),
            new Median(Reporting.Median(toCompetitive), toCompetitive.Count));

        var jobStarts = inPeriod.Where(p => p.IsJobStart).ToList();
        var byField = jobStarts
            .GroupBy(p => p.SsykCode is { Length: > 0 } code ? code[..1] : null)
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var suppressed = Reporting.IsSmall(g.Select(p => p.ParticipantId).Distinct().Count());
                return new OccupationFieldStarts(g.Key, g.Key is null ? "Occupation not recorded" : occupationFieldName(g.Key),
                    suppressed ? null : g.Count(), suppressed);
            })
            .ToList();
        var bySector = jobStarts
            .GroupBy(p => p.Sector)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var suppressed = Reporting.IsSmall(g.Select(p => p.ParticipantId).Distinct().Count());
                return new SectorStarts(g.Key, suppressed ? null : g.Count(), suppressed);
            })
            .ToList();

        var coachNames = data.Coaches.ToDictionary(c => c.Id, c => c.Name);
        var byCoach = served
            .GroupBy(p => p.CoachId)
            .Select(g =>
            {
                var group = g.ToList();
                var name = g.Key is { } id && coachNames.TryGetValue(id, out var n) ? n : null;
                if (Reporting.IsSmall(group.Count)) return new CoachOutcomes(g.Key, name, null, null, null, null, true);
                var c = group.Count(p => Started(p, PlacementKind.Competitive));
                var paid = group.Count(p => Started(p, PlacementKind.Competitive, PlacementKind.Subsidised));
                return new CoachOutcomes(g.Key, name, group.Count, c, paid, Reporting.Ratio(c, group.Count), false);
            })
            .OrderBy(c => c.CoachId is null).ThenBy(c => c.CoachName, Reporting.SwedishOrder).ThenBy(c => c.CoachId)
            .ToList();

        return new OutcomesReport(scope.From, scope.To, scope.CoachId, served.Count, outcomes, rate, medians,
            new JobStarts(jobStarts.Count, byField, bySector), byCoach);
    }
}

/// <summary>Arithmetic and disclosure rules shared by the reports.</summary>
public static class Reporting
{
    /// <summary>Breakdown groups with fewer participants than this are withheld, so that no one can be singled out.</summary>
    public const int MinimumGroupSize = 5;

    public static readonly StringComparer SwedishOrder = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true);

    public static bool IsSmall(int participants) => participants < MinimumGroupSize;

    public static double? Ratio(double numerator, double denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, 4, MidpointRounding.AwayFromZero);

    /// <summary>Days from enrolment; an event recorded before enrolment counts as day 0.</summary>
    public static int DaysBetween(DateOnly enrolment, DateOnly day) => Math.Max(0, day.DayNumber - enrolment.DayNumber);

    public static double? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
