namespace MatchApi.Reports;

/// <summary>
/// The aim for leaving financial assistance by becoming self-supporting, configuration section
/// <c>Reports:SelfSupport</c>. Shown beside the measured shares; docs/reports.md names the source.
/// </summary>
public sealed class SelfSupportOptions
{
    public const string Section = "Reports:SelfSupport";

    /// <summary>Lower end of the aim, as a share (0–1).</summary>
    public double AimLow { get; set; } = 0.40;

    /// <summary>Upper end of the aim, as a share (0–1).</summary>
    public double AimHigh { get; set; } = 0.45;

    /// <summary>Where the aim comes from, shown in the report.</summary>
    public string Source { get; set; } = "National aim of 40–45% quoted by Swedish municipalities (IPS Hisingen, Göteborg, reached 39% in a year)";

    public bool IsValid() => AimLow >= 0 && AimLow <= AimHigh && AimHigh <= 1 && !string.IsNullOrWhiteSpace(Source);
}
