using MatchApi.Reports;

namespace MatchApi.Tests.Outcomes;

public sealed class ReportPeriodsTests
{
    [Fact]
    public void A_period_is_split_into_the_calendar_quarters_it_covers_with_the_ends_cut_to_the_period()
    {
        var quarters = ReportPeriods.Quarters(new(2024, 2, 15), new(2025, 1, 1));
        Assert.Equal(
        [
            new PeriodPart("2024-Q1", new(2024, 2, 15), new(2024, 3, 31), false),
            new PeriodPart("2024-Q2", new(2024, 4, 1), new(2024, 6, 30), true),
            new PeriodPart("2024-Q3", new(2024, 7, 1), new(2024, 9, 30), true),
            new PeriodPart("2024-Q4", new(2024, 10, 1), new(2024, 12, 31), true),
            new PeriodPart("2025-Q1", new(2025, 1, 1), new(2025, 1, 1), false),
        ], quarters);
        Assert.Equal([new PeriodPart("2024", new(2024, 2, 15), new(2024, 12, 31), false), new PeriodPart("2025", new(2025, 1, 1), new(2025, 1, 1), false)],
            ReportPeriods.Years(new(2024, 2, 15), new(2025, 1, 1)));
        Assert.Equal(20, ReportPeriods.Quarters(new(2020, 1, 1), new(2024, 12, 31)).Count(q => q.Whole));
    }

    [Theory]
    [InlineData(new[] { 6, 5, 2 }, new[] { false, true, true })]      // one small group: the next smallest goes with it
    [InlineData(new[] { 2, 9, 3 }, new[] { true, false, true })]      // two small groups: nothing more to hide
    [InlineData(new[] { 7, 8, 9 }, new[] { false, false, false })]
    [InlineData(new[] { 4 }, new[] { true })]                         // nothing else to take
    [InlineData(new[] { 5, 1, 5 }, new[] { true, true, false })]      // ties: the first listed
    public void A_single_withheld_group_takes_the_smallest_other_with_it(int[] sizes, bool[] withheld) =>
        Assert.Equal(withheld, Reporting.Withheld(sizes));
}
