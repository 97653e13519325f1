using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;

// --sizes 1000,5000 first replaces the candidate counts (1k, 10k, 100k), e.g. to check at a tiny size that the command runs.
if (args is ["--sizes", var sizes, .. var rest])
{
    ScorerBenchmarks.Sizes = sizes.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    args = rest;
}
if (args is ["--quick", ..])
{
    // A fast look without BenchmarkDotNet: mean time and allocation per match at each size.
    foreach (var size in ScorerBenchmarks.Sizes)
    {
        var bench = new ScorerBenchmarks { Candidates = size };
        bench.Setup();
        foreach (var (name, match) in new (string, Func<int>)[] { ("own occupations", bench.MatchTop20), ("any occupation", bench.MatchAnyOccupationTop20) })
        {
            for (var i = 0; i < 200; i++) match(); // past tiered compilation
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            // CPU time besides wall time: on a shared, loaded machine the wall time mostly measures waiting for a core.
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            const int runs = 200;
            for (var i = 0; i < runs; i++) match();
            var cpuPerMatch = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
            Console.WriteLine($"{size,8:N0} candidates, {name,-15}: {watch.Elapsed.TotalMilliseconds / runs,8:F3} ms/match, {cpuPerMatch,8:F3} ms CPU/match, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / runs / 1024.0,8:F1} KB/match");
        }
    }
    return;
}
#if DEBUG
// A Debug build's numbers mean nothing (the README says -c Release); it is let through so that a test can check the command still runs.
BenchmarkSwitcher.FromAssembly(typeof(ScorerBenchmarks).Assembly).Run(args,
    BenchmarkDotNet.Configs.ManualConfig.Create(BenchmarkDotNet.Configs.DefaultConfig.Instance)
        .WithOptions(BenchmarkDotNet.Configs.ConfigOptions.DisableOptimizationsValidator));
#else
BenchmarkSwitcher.FromAssembly(typeof(ScorerBenchmarks).Assembly).Run(args);
#endif

/// <summary>
/// The pure matcher over a generated municipality: one match (pick the diverse top 20 and explain
/// them) at 1k, 10k and 100k candidates. With desired occupations most SSYK groups are skipped by
/// their bound; with none ("any occupation") every group can reach the top and nearly every
/// candidate is scored: the worst case, which should grow no faster than linearly.
/// </summary>
[MemoryDiagnoser]
public class ScorerBenchmarks
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GeoPoint Centre = new(57.7089, 11.9746);
    private MatchCandidateSet _set = MatchCandidateSet.Empty;
    private ParticipantGoals[] _goals = [];
    private int _next;

    public static int[] Sizes { get; set; } = [1_000, 10_000, 100_000];

    [ParamsSource(nameof(Sizes))]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var codes = Enumerable.Range(0, 400).Select(_ => random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)).ToArray();
        var employerCount = Math.Max(1, Candidates / 5);
        var employers = Enumerable.Range(1, employerCount).Select(e => new CandidateEmployer
        {
            Id = e, Name = $"Arbetsgivare {e}", Sector = (Sector)random.Next(3), SniCode = random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture),
            Location = Near(random, 20),
        }).ToList();
        var openings = Enumerable.Range(1, Candidates).Select(i => new CandidateOpening
        {
            Id = i, EmployerId = random.Next(1, employerCount + 1), Title = $"Jobb {i}", SsykCode = codes[random.Next(codes.Length)],
            MunicipalityCode = random.Next(3) == 0 ? "1401" : "1480", Location = Near(random, 20), JobType = (JobType)random.Next(3),
            HoursPerWeek = random.Next(10, 41), Schedule = (Schedule)random.Next(4), EmploymentForm = (EmploymentForm)random.Next(5),
            StartDate = Today.AddDays(random.Next(0, 120)), ExpiresOn = Today.AddDays(random.Next(0, 90)),
        }).ToList();
        var contacts = Enumerable.Range(0, Candidates * 2).Select(_ => new FaceToFaceContact(random.Next(1, employerCount + 1),
            random.Next(1, 200), Today.AddDays(-random.Next(0, 365)))).ToList();
        _set = new MatchCandidateSet(openings, employers, contacts);
        _goals = Enumerable.Range(0, 64).Select(_ => new ParticipantGoals
        {
            DesiredOccupations = [codes[random.Next(codes.Length)], codes[random.Next(codes.Length)]],
            AcceptableMunicipalities = ["1480"], HomeLocation = Near(random, 10), MaxTravelKm = random.Next(5, 30),
            MinHoursPerWeek = 20, MaxHoursPerWeek = 35, Schedules = [Schedule.Day], EarliestStart = Today.AddDays(random.Next(0, 60)),
        }).ToArray();
    }

    [Benchmark]
    public int MatchTop20() =>
        Matcher.Match(_goals[_next++ & 63], _set, MatchWeights.Default, new MatchQuery { Limit = 20, OwnCoachId = 7 }, Today).Count;

    [Benchmark]
    public int MatchAnyOccupationTop20() =>
        Matcher.Match(_goals[_next++ & 63] with { DesiredOccupations = [] }, _set, MatchWeights.Default,
            new MatchQuery { Limit = 20, OwnCoachId = 7 }, Today).Count;

    private static GeoPoint Near(Random random, double km) =>
        new(Centre.Latitude + (random.NextDouble() * 2 - 1) * km / 111.0, Centre.Longitude + (random.NextDouble() * 2 - 1) * km / 60.0);
}
