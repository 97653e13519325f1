namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand, for behaviour that depends on time passing (lockout, how long a
/// cache may be used). Wall-clock time and elapsed-time stamps move together.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
