using System.ComponentModel;
using System.Globalization;

namespace MatchApi.Reports;

/// <summary>A calendar quarter or year, or the part of it that lies inside the report period.</summary>
public sealed record PeriodPart(
    [property: Description("The calendar quarter (yyyy-Qn) or year (yyyy).")] string Period,
    [property: Description("First day counted: the quarter's or year's first day, or the report's from when later.")] DateOnly From,
    [property: Description("Last day counted: the quarter's or year's last day, or the report's to when earlier.")] DateOnly To,
    [property: Description("True when the whole calendar quarter or year lies inside the report period.")] bool Whole);

/// <summary>Splits a report period into the calendar quarters and years it covers (the first and last may be partial).</summary>
public static class ReportPeriods
{
    public static IReadOnlyList<PeriodPart> Quarters(DateOnly from, DateOnly to) =>
        Split(from, to, months: 3, start => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{(start.Month - 1) / 3 + 1}"));

    public static IReadOnlyList<PeriodPart> Years(DateOnly from, DateOnly to) =>
        Split(from, to, months: 12, start => start.Year.ToString(CultureInfo.InvariantCulture));

    private static List<PeriodPart> Split(DateOnly from, DateOnly to, int months, Func<DateOnly, string> name)
    {
        var parts = new List<PeriodPart>();
        var start = new DateOnly(from.Year, (from.Month - 1) / months * months + 1, 1);
        while (start <= to)
        {
            var end = start.AddMonths(months).AddDays(-1);
            var partFrom = start < from ? from : start;
            var partTo = end > to ? to : end;
            parts.Add(new PeriodPart(name(start), partFrom, partTo, partFrom == start && partTo == end));
            start = start.AddMonths(months);
        }
        return parts;
    }
}
