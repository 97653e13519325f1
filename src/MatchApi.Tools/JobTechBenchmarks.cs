using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MatchApi.Data;
using MatchApi.JobTech;
using MatchApi.Reference;

namespace MatchApi.Tools;

/// <summary>
/// JobTech's benchmarks: <c>bench-taxonomy-search [--queries 20000]</c> and <c>bench-jobtech --ads 40000 [--file sample.json]</c>,
/// both over the configured database (the service's <c>import-taxonomy</c> fills it first).
/// </summary>
public static class JobTechBenchmarks
{
    /// <summary>
    /// Search latency over every stored name: each query is a prefix (3 to 8 letters) of a real title or group name, plus words
    /// people type ("lager", "barista", "under hem"), so hits and misses are both timed. Needs the taxonomy imported.
    /// </summary>
    public static int BenchSearch(ReferenceData reference, int queries)
    {
        if (!reference.HasTaxonomy) return Fail("Import the taxonomy first (import-taxonomy --from …).");
        var search = reference.Search;
        var names = reference.Titles.Select(t => t.Title).Concat(reference.Occupations.Values.Select(o => o.NameSv ?? o.NameEn)).ToArray();
        var random = new Random(12);
        string[] typed = ["lager", "barista", "städ", "undersköterska", "under hem", "truck", "vård", "kock", "butik", "chef"];
        var terms = Enumerable.Range(0, queries).Select(i =>
        {
            if (i % 10 == 0) return typed[i / 10 % typed.Length];
            var name = names[random.Next(names.Length)].ToLowerInvariant();
            return name[..Math.Min(name.Length, random.Next(3, 9))];
        }).ToArray();
        foreach (var t in terms.Take(200)) search.Occupations(t, null, ReferenceApi.MaxOccupations);
        var times = new double[terms.Length];
        var hits = 0L;
        for (var i = 0; i < terms.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            hits += search.Occupations(terms[i], null, ReferenceApi.MaxOccupations).Count;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        double P(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
        Console.WriteLine($"Occupation search over {search.Size} names, {terms.Length} queries ({hits} hits): "
            + $"p50 {P(0.50):F3} ms, p95 {P(0.95):F3} ms, p99 {P(0.99):F3} ms, max {times[^1]:F3} ms");
        return 0;
    }

    /// <summary>
    /// Import speed: <c>--ads</c> ads generated from the sample's ads with new ids (every municipality let in) into a new
    /// tenant of the configured database, timed, with the process's peak working set before and after.
    /// </summary>
    public static async Task<int> BenchImportAsync(Db db, ReferenceData reference, TimeProvider clock, Dictionary<string, string> options)
    {
        var count = int.Parse(options.GetValueOrDefault("ads", "40000"), CultureInfo.InvariantCulture);
        var sample = options.GetValueOrDefault("file") ?? Path.Combine("..", "shared", "jobtech", "ads", "jobstream-sample-2020-02-27.json");
        if (!File.Exists(sample)) return Fail($"No sample '{sample}' (give --file).");
        var ads = JsonNode.Parse(await File.ReadAllTextAsync(sample))!.AsArray().Where(a => a!["removed"]?.GetValue<bool>() != true).Select(a => a!.ToJsonString()).ToArray();
        var feed = Path.Combine(Path.GetTempPath(), $"matchapi-bench-jobtech-{Guid.NewGuid():N}.json");
        try
        {
            await using (var writer = new StreamWriter(feed))
            {
                await writer.WriteAsync('[');
                for (var i = 0; i < count; i++)
                {
                    var ad = JsonNode.Parse(ads[i % ads.Length])!;
                    ad["id"] = (90_000_000 + i).ToString(CultureInfo.InvariantCulture);
                    if (i > 0) await writer.WriteAsync(',');
                    await writer.WriteAsync(ad.ToJsonString());
                }
                await writer.WriteAsync(']');
            }
            var tenant = await Tenants.Tenants.CreateAsync(db, $"bench-jobtech {Guid.NewGuid():N}", "1480", clock.GetUtcNow(), default);
            var everywhere = new ImportArea(reference.Municipalities.Keys.ToHashSet(StringComparer.Ordinal));
            using var process = Process.GetCurrentProcess();
            var peakBefore = process.PeakWorkingSet64;
            var start = Stopwatch.GetTimestamp();
            await using var stream = File.OpenRead(feed);
            var report = await JobStreamImport.ImportAsync(stream, tenant.Id, everywhere, db, reference, clock.GetUtcNow(), default);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            Console.WriteLine($"Imported {report.Received} ads ({new FileInfo(feed).Length / 1024 / 1024} MB) in {seconds:F1} s: {report.Received / seconds:F0} ads/s; "
                + $"{report.Created} created, {report.SkippedCount} skipped; peak working set {peakBefore / 1024 / 1024} MB before, "
                + $"{process.PeakWorkingSet64 / 1024 / 1024} MB after.");
            return 0;
        }
        finally
        {
            File.Delete(feed);
        }
    }

    private static int Fail(string message) => Hosting.Cli.Fail(message);
}
