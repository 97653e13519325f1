namespace MatchApi.Common;

/// <summary>
/// Calendar dates in this service (enrolment, job starts, exits, report periods) are Swedish dates.
/// Times are stored in UTC, so a contact at 00:30 on 1 January in Sweden is 23:30 on 31 December
/// in UTC; it must count on 1 January.
/// </summary>
public static class SwedishTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateOnly DateOf(DateTimeOffset time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, Zone).DateTime);

    public static DateOnly Today(this TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The UTC instant at which a Swedish calendar day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
