using System.ComponentModel;
using System.Globalization;
using MatchApi.Employers;
using MatchApi.Placements;

namespace MatchApi.Reports;

/// <summary>Outcomes of the participants served in a period. Definitions: docs/reports.md.</summary>
public sealed record OutcomesReport(
    [property: Description("First day of the period (inclusive).")] DateOnly From,
    [property: Description("Last day of the period (inclusive).")] DateOnly To,
    [property: Description("The coach the report is limited to, if any.")] long? CoachId,
    [property: Description("Participants served: enrolled on or before `to` and not exited before `from`.")] int Served,
    [property: Description("Start-based: what the participants served started in the period, in the categories of the Swedish national evaluation of IPS; a participant can be in more than one category except none.")] OutcomeCategories Outcomes,
    [property: Description("The IPS employment rate over the whole period: participants who worked in a competitive job on any day they were served in the period / participants served. The benchmark level is given only when the period is exactly one calendar quarter.")] EmploymentRate EmploymentRate,
    [property: Description("The IPS employment rate per calendar quarter of the period (the first and last may be partial), with the benchmark level on whole quarters; quarters with fewer than 5 participants served are suppressed.")] IReadOnlyList<QuarterEmployment> Quarters,
    [property: Description("Participants who exited as self-supporting, per year and per quarter of the period, beside the configured aim.")] SelfSupport SelfSupport,
    [property: Description("Median days from enrolment to first events that happened in the period.")] MedianDays MedianDays,
    [property: Description("Job starts (every placement except education) in the period.")] JobStarts JobStarts,
    [property: Description("Per coach; groups of fewer than 5 participants are suppressed.")] IReadOnlyList<CoachOutcomes> ByCoach);

public sealed record OutcomeCategories(
    [property: Description("What these shares are: start-based categories of the national evaluation, not the IPS employment rate.")] string Definition,
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
    [property: Description("Participants who worked in a competitive job during the period / participants served (0–1, 4 decimals).")] double? Rate,
    [property: Description("Participants who worked in a competitive job on a day of the period on which they were served.")] int Participants,
    [property: Description("Published IPS employment-rate benchmarks (quarterly).")] EmploymentRateBenchmarks Benchmarks,
    [property: Description("The highest benchmark the rate reaches; null unless the period is exactly one calendar quarter, as the benchmarks are quarterly.")] BenchmarkLevel? Level);

public sealed record QuarterEmployment(
    [property: Description("The calendar quarter (yyyy-Qn).")] string Quarter,
    [property: Description("First day counted (the report's from when the quarter starts earlier).")] DateOnly From,
    [property: Description("Last day counted (the report's to when the quarter ends later).")] DateOnly To,
    [property: Description("True when the whole quarter lies inside the report period; only then is the level given.")] bool WholeQuarter,
    [property: Description("Participants served in the quarter; null when suppressed.")] int? Served,
    [property: Description("Participants who worked in a competitive job in the quarter (a placement whose dates overlap the days they were served); null when suppressed.")] int? WorkedCompetitive,
    [property: Description("WorkedCompetitive / Served (0–1, 4 decimals); null when suppressed or none served.")] double? Rate,
    [property: Description("The highest benchmark the rate reaches; only for whole quarters.")] BenchmarkLevel? Level,
    [property: Description("True when fewer than 5 participants were served in the quarter; the numbers are then withheld.")] bool Suppressed);

public sealed record SelfSupport(
    [property: Description("The aim the shares are compared with (configuration Reports:SelfSupport).")] SelfSupportAim Aim,
    [property: Description("Per calendar year of the period (the first and last may be partial).")] IReadOnlyList<SelfSupportPart> ByYear,
    [property: Description("Per calendar quarter of the period.")] IReadOnlyList<SelfSupportPart> ByQuarter);

public sealed record SelfSupportAim(
    [property: Description("Lower end of the aim (share of participants who exited).")] double Low,
    [property: Description("Upper end of the aim.")] double High,
    [property: Description("Where the aim comes from.")] string Source);

public sealed record SelfSupportPart(
    [property: Description("The calendar year (yyyy) or quarter (yyyy-Qn).")] string Period,
    [property: Description("First day counted.")] DateOnly From,
    [property: Description("Last day counted.")] DateOnly To,
    [property: Description("True when the whole year or quarter lies inside the report period.")] bool Whole,
    [property: Description("Participants served in it; null when suppressed.")] int? Served,
    [property: Description("Participants who exited in it (any reason); null when suppressed.")] int? Exited,
    [property: Description("Participants who exited in it as self-supporting; null when suppressed.")] int? SelfSupporting,
    [property: Description("SelfSupporting / Exited (0–1, 4 decimals), the share the aim describes; null when suppressed or none exited.")] double? ShareOfExited,
    [property: Description("SelfSupporting / Served (0–1, 4 decimals); null when suppressed or none served.")] double? ShareOfServed,
    [property: Description("True when 1–4 participants exited in it (or fewer than 5 were served), or when another quarter of the same year is withheld and this one would give it away.")] bool Suppressed);

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
    [property: Description("The major group's name: Swedish (once JobTech's taxonomy is imported) unless the request asks for English with Accept-Language: en; without an occupation, \"Yrke inte angivet\" (\"Occupation not recorded\").")] string Name,
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
    [property: Description("Competitive starts / served (start-based, like outcomes.competitive); null when suppressed.")] double? EmploymentRate,
    [property: Description("True when the coach served fewer than 5 participants, or when a single other coach is withheld and this row would give it away; the numbers are then withheld.")] bool Suppressed);

public static class Outcomes
{
    public const string StartBasedDefinition = "Start-based: participants served who started each kind of placement in the period, as counted by the Swedish "
        + "national evaluation of IPS (ordinary job, any paid job incl. subsidised, internship, education, nothing). Not the IPS employment rate.";

    public static OutcomesReport Compute(ReportData data, Func<string?, string> occupationFieldName, SelfSupportOptions selfSupport)
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
            StartBasedDefinition,
            competitive,
            Share(p => Started(p, PlacementKind.Competitive, PlacementKind.Subsidised)),
            Share(p => Started(p, PlacementKind.Internship)),
            Share(p => Started(p, PlacementKind.Education)),
            Share(p => !started[p.Id].Any()));

        var benchmarks = EmploymentRateBenchmarks.Published;
        var worked = WorkedCompetitive(data, served, scope.From, scope.To);
        var workedRate = Reporting.Ratio(worked, served.Count);
        var quarters = ReportPeriods.Quarters(scope.From, scope.To);
        var rate = new EmploymentRate(workedRate, worked, benchmarks,
            workedRate is { } r && quarters is [{ Whole: true }] ? benchmarks.LevelOf(r) : null);
        var byQuarter = quarters.Select(q => QuarterRate(data, q, benchmarks)).ToList();

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

        // The groups of each breakdown add up to a total that is shown, so a single withheld group gets a second one withheld beside it.
        var jobStarts = inPeriod.Where(p => p.IsJobStart).ToList();
        var fieldGroups = jobStarts
            .GroupBy(p => p.SsykCode is { Length: > 0 } code ? code[..1] : null)
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var fieldHidden = Reporting.Withheld(fieldGroups.Select(g => g.Select(p => p.ParticipantId).Distinct().Count()).ToList());
        var byField = fieldGroups
            .Select((g, i) => new OccupationFieldStarts(g.Key, occupationFieldName(g.Key),
                fieldHidden[i] ? null : g.Count(), fieldHidden[i]))
            .ToList();
        var sectorGroups = jobStarts.GroupBy(p => p.Sector).OrderBy(g => g.Key).ToList();
        var sectorHidden = Reporting.Withheld(sectorGroups.Select(g => g.Select(p => p.ParticipantId).Distinct().Count()).ToList());
        var bySector = sectorGroups.Select((g, i) => new SectorStarts(g.Key, sectorHidden[i] ? null : g.Count(), sectorHidden[i])).ToList();

        var coachNames = data.Coaches.ToDictionary(c => c.Id, c => c.Name);
        var coachGroups = served
            .GroupBy(p => p.CoachId)
            .Select(g => (g.Key, Name: g.Key is { } id && coachNames.TryGetValue(id, out var n) ? n : null, Group: g.ToList()))
            .OrderBy(c => c.Key is null).ThenBy(c => c.Name, Reporting.SwedishOrder).ThenBy(c => c.Key)
            .ToList();
        var coachHidden = Reporting.Withheld(coachGroups.Select(c => c.Group.Count).ToList());
        var byCoach = coachGroups
            .Select((g, i) =>
            {
                if (coachHidden[i]) return new CoachOutcomes(g.Key, g.Name, null, null, null, null, true);
                var c = g.Group.Count(p => Started(p, PlacementKind.Competitive));
                var paid = g.Group.Count(p => Started(p, PlacementKind.Competitive, PlacementKind.Subsidised));
                return new CoachOutcomes(g.Key, g.Name, g.Group.Count, c, paid, Reporting.Ratio(c, g.Group.Count), false);
            })
            .ToList();

        var aim = new SelfSupportAim(selfSupport.AimLow, selfSupport.AimHigh, selfSupport.Source);
        var selfSupportByYear = ReportPeriods.Years(scope.From, scope.To).Select(y => SelfSupportIn(data, y)).ToList();
        var selfSupportByQuarter = WithholdWithinYears(quarters.Select(q => SelfSupportIn(data, q)).ToList());

        return new OutcomesReport(scope.From, scope.To, scope.CoachId, served.Count, outcomes, rate, byQuarter,
            new SelfSupport(aim, selfSupportByYear, selfSupportByQuarter), medians,
            new JobStarts(jobStarts.Count, byField, bySector), byCoach);
    }

    /// <summary>
    /// Participants who worked in a competitive job in a part of the period: a competitive placement whose
    /// dates overlap the days of that part on which the participant was served (from enrolment to exit).
    /// </summary>
    public static int WorkedCompetitive(ReportData data, IEnumerable<ReportParticipant> served, DateOnly from, DateOnly to)
    {
        var competitive = data.Placements.Where(p => p.Kind == PlacementKind.Competitive).ToLookup(p => p.ParticipantId);
        return served.Count(p =>
        {
            var first = p.EnrolmentDate > from ? p.EnrolmentDate : from;
            var last = p.ExitedOn is { } exit && exit < to ? exit : to;
            return competitive[p.Id].Any(pl => pl.Overlaps(first, last));
        });
    }

    private static QuarterEmployment QuarterRate(ReportData data, PeriodPart quarter, EmploymentRateBenchmarks benchmarks)
    {
        var part = data.Within(quarter.From, quarter.To);
        var served = data.Participants.Where(part.IsServed).ToList();
        if (Reporting.IsSmall(served.Count))
            return new QuarterEmployment(quarter.Period, quarter.From, quarter.To, quarter.Whole, null, null, null, null, true);
        var worked = WorkedCompetitive(data, served, quarter.From, quarter.To);
        var rate = Reporting.Ratio(worked, served.Count);
        return new QuarterEmployment(quarter.Period, quarter.From, quarter.To, quarter.Whole, served.Count, worked, rate,
            quarter.Whole && rate is { } r ? benchmarks.LevelOf(r) : null, false);
    }

    private static SelfSupportPart SelfSupportIn(ReportData data, PeriodPart part)
    {
        var within = data.Within(part.From, part.To);
        var served = data.Participants.Count(within.IsServed);
        var exited = data.Participants.Where(p => p.ExitedOn is { } day && within.Scope.Contains(day) && within.IsServed(p)).ToList();
        var self = exited.Count(p => p.ExitReason == ExitReason.SelfSupporting);
        var withheld = Reporting.IsSmall(served) || exited.Count is > 0 and < Reporting.MinimumGroupSize;
        return withheld
            ? new SelfSupportPart(part.Period, part.From, part.To, part.Whole, null, null, null, null, null, true)
            : new SelfSupportPart(part.Period, part.From, part.To, part.Whole, served, exited.Count, self,
                Reporting.Ratio(self, exited.Count), Reporting.Ratio(self, served), false);
    }

    // The quarters of a year add up to the year's exits, which are shown: one withheld quarter would be
    // the year's number minus the others, so a second quarter of that year is withheld with it.
    private static List<SelfSupportPart> WithholdWithinYears(List<SelfSupportPart> quarters)
    {
        var result = new List<SelfSupportPart>(quarters.Count);
        foreach (var year in quarters.GroupBy(q => q.Period[..4]))
        {
            var parts = year.ToList();
            var hidden = Reporting.WithComplement(parts.Select(p => p.Suppressed).ToList(), parts.Select(p => p.Exited ?? 0).ToList());
            result.AddRange(parts.Select((p, i) => hidden[i] && !p.Suppressed
                ? new SelfSupportPart(p.Period, p.From, p.To, p.Whole, null, null, null, null, null, true)
                : p));
        }
        return result;
    }
}

/// <summary>Arithmetic and disclosure rules shared by the reports.</summary>
public static class Reporting
{
    /// <summary>Breakdown groups with fewer participants than this are withheld, so that no one can be singled out.</summary>
    public const int MinimumGroupSize = 5;

    public static readonly StringComparer SwedishOrder = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true);

    public static bool IsSmall(int participants) => participants < MinimumGroupSize;

    /// <summary>Which groups of a breakdown to withhold: those of fewer than 5 participants, and a second when only one is.</summary>
    public static bool[] Withheld(IReadOnlyList<int> participants) => WithComplement(participants.Select(IsSmall).ToList(), participants);

    /// <summary>
    /// Complementary suppression: when the groups add up to a total that is shown and exactly one group is
    /// withheld, it could be found by subtraction, so the smallest other group with anyone in it is withheld too.
    /// </summary>
    public static bool[] WithComplement(IReadOnlyList<bool> withheld, IReadOnlyList<int> sizes)
    {
        var result = withheld.ToArray();
        if (result.Count(w => w) != 1) return result;
        var next = Enumerable.Range(0, result.Length).Where(i => !result[i] && sizes[i] > 0)
            .OrderBy(i => sizes[i]).ThenBy(i => i).DefaultIfEmpty(-1).First();
        if (next >= 0) result[next] = true;
        return result;
    }

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
