using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MatchApi.Reports;

/// <summary>
/// The reports as CSV for Excel: one row per number (section;metric;value), semicolon-separated
/// because Swedish Excel expects it, UTF-8 with a byte-order mark so that å, ä and ö survive.
/// Numbers use a decimal point (invariant culture), the same as the JSON; withheld numbers read "suppressed".
/// </summary>
public static class ReportCsv
{
    public const string ContentType = "text/csv";
    public const string Suppressed = "suppressed";

    public static byte[] Outcomes(OutcomesReport r)
    {
        var csv = new Writer();
        csv.Period(r.From, r.To, r.CoachId);
        csv.Row("participants", "served", r.Served);
        csv.Row("outcomes", "definition", r.Outcomes.Definition);
        foreach (var (name, share) in new[]
        {
            ("competitive", r.Outcomes.Competitive), ("anyPaidJob", r.Outcomes.AnyPaidJob), ("internship", r.Outcomes.Internship),
            ("education", r.Outcomes.Education), ("none", r.Outcomes.None),
        })
        {
            csv.Row("outcomes", $"{name}.participants", share.Participants);
            csv.Row("outcomes", $"{name}.share", share.Share);
        }
        csv.Row("employmentRate", "rate", r.EmploymentRate.Rate);
        csv.Row("employmentRate", "participants", r.EmploymentRate.Participants);
        csv.Row("employmentRate", "benchmark.minimum", r.EmploymentRate.Benchmarks.Minimum);
        csv.Row("employmentRate", "benchmark.average", r.EmploymentRate.Benchmarks.Average);
        csv.Row("employmentRate", "benchmark.excellent", r.EmploymentRate.Benchmarks.Excellent);
        csv.Row("employmentRate", "level", r.EmploymentRate.Level);
        foreach (var q in r.Quarters)
        {
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.from", q.From);
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.to", q.To);
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.wholeQuarter", q.WholeQuarter);
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.served", q.Served, q.Suppressed);
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.workedCompetitive", q.WorkedCompetitive, q.Suppressed);
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.rate", q.Rate, q.Suppressed);
            csv.Row("employmentRateByQuarter", $"{q.Quarter}.level", q.Level, q.Suppressed);
        }
        csv.Row("selfSupport", "aim.low", r.SelfSupport.Aim.Low);
        csv.Row("selfSupport", "aim.high", r.SelfSupport.Aim.High);
        csv.Row("selfSupport", "aim.source", r.SelfSupport.Aim.Source);
        foreach (var (section, parts) in new[] { ("selfSupportByYear", r.SelfSupport.ByYear), ("selfSupportByQuarter", r.SelfSupport.ByQuarter) })
        {
            foreach (var p in parts)
            {
                csv.Row(section, $"{p.Period}.from", p.From);
                csv.Row(section, $"{p.Period}.to", p.To);
                csv.Row(section, $"{p.Period}.whole", p.Whole);
                csv.Row(section, $"{p.Period}.served", p.Served, p.Suppressed);
                csv.Row(section, $"{p.Period}.exited", p.Exited, p.Suppressed);
                csv.Row(section, $"{p.Period}.selfSupporting", p.SelfSupporting, p.Suppressed);
                csv.Row(section, $"{p.Period}.shareOfExited", p.ShareOfExited, p.Suppressed);
                csv.Row(section, $"{p.Period}.shareOfServed", p.ShareOfServed, p.Suppressed);
            }
        }
        csv.Row("medianDays", "toFirstEmployerContact.days", r.MedianDays.ToFirstEmployerContact.Days);
        csv.Row("medianDays", "toFirstEmployerContact.participants", r.MedianDays.ToFirstEmployerContact.Participants);
        csv.Row("medianDays", "toFirstCompetitiveJob.days", r.MedianDays.ToFirstCompetitiveJob.Days);
        csv.Row("medianDays", "toFirstCompetitiveJob.participants", r.MedianDays.ToFirstCompetitiveJob.Participants);
        csv.Row("jobStarts", "total", r.JobStarts.Total);
        foreach (var f in r.JobStarts.ByOccupationField)
            csv.Row("jobStartsByOccupationField", f.Field is null ? f.Name : $"{f.Field} {f.Name}", f.JobStarts, f.Suppressed);
        foreach (var s in r.JobStarts.BySector)
            csv.Row("jobStartsBySector", Writer.Name(s.Sector), s.JobStarts, s.Suppressed);
        foreach (var c in r.ByCoach)
        {
            var coach = c.CoachId is { } id ? $"coach {id.ToString(CultureInfo.InvariantCulture)}" : "no coach";
            csv.Row("byCoach", $"{coach}.name", c.CoachName);
            csv.Row("byCoach", $"{coach}.served", c.Served, c.Suppressed);
            csv.Row("byCoach", $"{coach}.competitive", c.Competitive, c.Suppressed);
            csv.Row("byCoach", $"{coach}.anyPaidJob", c.AnyPaidJob, c.Suppressed);
            csv.Row("byCoach", $"{coach}.employmentRate", c.EmploymentRate, c.Suppressed);
        }
        return csv.ToBytes();
    }

    public static byte[] Fidelity(FidelityReport r)
    {
        var csv = new Writer();
        csv.Period(r.From, r.To, r.CoachId);
        foreach (var item in r.Items)
        {
            var section = Writer.Name(item.Item);
            csv.Row(section, "value", item.Value);
            csv.Row(section, "score", item.Score);
            csv.Row(section, "basis", item.Basis);
            csv.Row(section, "unit", item.Unit);
            csv.Row(section, "rule", item.Rule);
        }
        foreach (var item in r.NotMeasured)
            csv.Row("notMeasured", item.Title, item.Status);
        foreach (var q in r.Quarters)
        {
            csv.Row("byQuarter", $"{q.Quarter}.from", q.From);
            csv.Row("byQuarter", $"{q.Quarter}.to", q.To);
            csv.Row("byQuarter", $"{q.Quarter}.wholeQuarter", q.WholeQuarter);
            csv.Row("byQuarter", $"{q.Quarter}.suppressed", q.Suppressed);
            foreach (var item in q.Items)
            {
                var name = Writer.Name(item.Item);
                csv.Row("byQuarter", $"{q.Quarter}.{name}.value", item.Value);
                csv.Row("byQuarter", $"{q.Quarter}.{name}.score", item.Score);
                csv.Row("byQuarter", $"{q.Quarter}.{name}.basis", item.Basis);
            }
        }
        foreach (var c in r.ByCoach)
        {
            var coach = $"coach {c.CoachId.ToString(CultureInfo.InvariantCulture)}";
            csv.Row("byCoach", $"{coach}.name", c.CoachName);
            csv.Row("byCoach", $"{coach}.caseload", c.Caseload, c.Suppressed);
            csv.Row("byCoach", $"{coach}.caseloadScore", c.CaseloadScore, c.Suppressed);
            csv.Row("byCoach", $"{coach}.faceToFaceContactsPerWeek", c.FaceToFaceContactsPerWeek, c.Suppressed);
            csv.Row("byCoach", $"{coach}.jobDevelopmentScore", c.JobDevelopmentScore, c.Suppressed);
        }
        return csv.ToBytes();
    }

    /// <summary>True when the client prefers CSV: text/csv (or text/*) is its most preferred type we serve, first listed on a tie.</summary>
    public static bool IsWanted(HttpRequest request)
    {
        var best = request.GetTypedHeaders().Accept
            .Where(a => (a.Quality ?? 1) > 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .FirstOrDefault(a => a.MediaType.Value is "text/csv" or "text/*" or "application/json" or "application/*" or "*/*");
        return best?.MediaType.Value is "text/csv" or "text/*";
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new("section;metric;value\r\n");

        public void Period(DateOnly from, DateOnly to, long? coachId)
        {
            Row("report", "from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Row("report", "to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Row("report", "coachId", coachId);
        }

        public void Row(string section, string metric, object? value, bool suppressed = false)
        {
            var text = suppressed ? Suppressed : value switch
            {
                null => "",
                double d => d.ToString(CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f when value is Enum => Name(f),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => Text(value.ToString() ?? ""),
            };
            _text.Append(Field(section)).Append(';').Append(Field(metric)).Append(';').Append(Field(text)).Append("\r\n");
        }

        public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

        /// <summary>Enum values as in the JSON (camelCase).</summary>
        public static string Name(object value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString()!);

        // A name such as "=HYPERLINK(…)" would run as a formula in Excel; a leading apostrophe keeps it text.
        private static string Text(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

        // RFC 4180 quoting, with the semicolon as the separator.
        private static string Field(string value) =>
            value.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
