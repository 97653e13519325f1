using System.Diagnostics;
using System.Text.RegularExpressions;
using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.JobTech;

namespace MatchApi.Tests.Performance;

/// <summary>
/// Every benchmark command that README.md or docs/*.md names is run here at a tiny size and must exit 0
/// and print its table, so a documented command cannot break unnoticed (bench-match once aborted on
/// the rate limit). The runs use this build's assemblies; the documented options are passed as written,
/// then overridden with small sizes.
/// </summary>
public sealed partial class DocumentedBenchmarkTests
{
    /// <summary>A documented command (project and arguments after <c>--</c>, brackets and comments dropped) and how to run it small.</summary>
    private static readonly Dictionary<string, TinyRun> Runs = new()
    {
        ["src/MatchApi.Tools -- bench-match --openings 100000 --employers 20000 --contacts 200000 --participants 5000 --requests 2000 --connections 16 --rounds 5"] =
            new("MatchApi.Tools", args => [.. args, "--openings", "400", "--employers", "60", "--contacts", "600", "--participants", "30", "--requests", "40", "--connections", "4", "--rounds", "2"],
                @"GET /v1/participants/\{id\}/matches +\| +\d+ +[\d.,]+ +[\d.,]+ +\| +\d+ +[\d.,]+ +[\d.,]+[\s\S]*GET …/matches ÷ POST /v1/matches at 4 connections: \d+ % of the medians; by round \d+ %, \d+ %[\s\S]*change-counter check per match .*: \d+ µs[\s\S]*one-opening change .*: \d+ ms"),
        ["src/MatchApi.Tools -- bench-sync --rows 100000"] = new("MatchApi.Tools", args => [.. args, "--rows", "300"], @"mirror: 1 % changed, 1 % left out +[\d.,]+ +[\d.,]+ +created"),
        // JobTech's benchmarks need its real data (never in the repository): the taxonomy is imported into the run's own database first.
        ["src/MatchApi.Tools -- bench-taxonomy-search --queries 20000"] = new("MatchApi.Tools", args => [args[0], "--queries", "200"],
            @"Occupation search over \d+ names, 200 queries \(\d+ hits\): p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms",
            Before: () => [["import-taxonomy", "--from", JobTechData.Taxonomy]], NeedsJobTechData: true),
        ["src/MatchApi.Tools -- bench-jobtech --ads 40000 --file sample.json"] = new("MatchApi.Tools",
            args => [args[0], "--ads", "50", "--file", JobTechData.SampleAds],
            @"Imported 50 ads \(\d+ MB\) in [\d.]+ s: \d+ ads/s; \d+ created, \d+ skipped; peak working set \d+ MB before, \d+ MB after",
            Before: () => [["import-taxonomy", "--from", JobTechData.Taxonomy]], NeedsJobTechData: true),
        ["tests/MatchApi.Benchmarks -- --quick"] = new("MatchApi.Benchmarks", args => ["--sizes", "1000", .. args], @"candidates, any occupation *: +[\d.,]+ ms/match"),
        ["tests/MatchApi.Benchmarks -- --filter * --job short"] = new("MatchApi.Benchmarks",
            args => ["--sizes", "1000", .. args.Select(a => a == "short" ? "dry" : a), "--inProcess"], @"\| MatchAnyOccupationTop20 +\| 1000 +\|"),
    };

    /// <param name="Before">Commands of the service run first against the same database (e.g. an import the benchmark needs).</param>
    public sealed record TinyRun(string Assembly, Func<string[], string[]> Arguments, string TableRow, Func<string[][]>? Before = null,
        bool NeedsJobTechData = false);

    // The runs that read JobTech's data are left out at discovery where it is absent (see JobTechDataTests).
    public static IEnumerable<TheoryDataRow<string>> Commands() =>
        Runs.Select(run => run.Value.NeedsJobTechData ? new TheoryDataRow<string>(run.Key).WithTrait(Discovery.Needs, Discovery.JobTechData) : new TheoryDataRow<string>(run.Key));

    [Fact]
    public void Every_documented_benchmark_command_has_a_tiny_run_here_and_every_tiny_run_is_documented()
    {
        var documented = DocumentedCommands().ToHashSet();
        Assert.True(documented.Count > 0, "No benchmark command found in README.md or docs/*.md.");
        Assert.Empty(documented.Except(Runs.Keys));
        Assert.Empty(Runs.Keys.Except(documented));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_documented_benchmark_runs_at_a_tiny_size_and_prints_its_table(string command)
    {
        var run = Runs[command];
        var documentedArgs = command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ');
        // Each run gets a database of its own, so a benchmark never writes into a checkout's data folder.
        var database = Path.Combine(Path.GetTempPath(), $"matchapi-bench-{Guid.NewGuid():N}.db");
        try
        {
            foreach (var before in run.Before?.Invoke() ?? [])
            {
                var (code, printedBefore, errorsBefore) = await RunAsync("MatchApi", before, database);
                Assert.True(code == 0, $"{string.Join(' ', before)}: exit code {code}\n{printedBefore}\n{errorsBefore}");
            }
            var (exitCode, printed, errors) = await RunAsync(run.Assembly, run.Arguments(documentedArgs), database);
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{printed}\n{errors}");
            Assert.Matches(run.TableRow, printed);
        }
        finally
        {
            Db.DeleteSqliteFiles(database);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string assembly, IEnumerable<string> arguments, string database)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath(assembly))!,
        };
        start.ArgumentList.Add(AssemblyPath(assembly));
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Database__SqlitePath"] = database;
        start.Environment["Taxonomy__Fetch"] = "false";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Lines like <c>dotnet run -c Release --project P -- ARGS</c> in README.md and docs/*.md, as "P -- ARGS".</summary>
    private static IEnumerable<string> DocumentedCommands()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.Exists(Path.Combine(root, "docs")) ? Directory.GetFiles(Path.Combine(root, "docs"), "*.md") : []);
        foreach (var file in files)
            foreach (Match m in BenchmarkCommand().Matches(File.ReadAllText(file)))
            {
                var args = Regex.Replace(m.Groups["args"].Value.Split('#')[0], @"[\[\]'`]", "");
                yield return $"{m.Groups["project"].Value} -- {string.Join(' ', args.Split(' ', StringSplitOptions.RemoveEmptyEntries))}";
            }
    }

    // A run of a benchmark: the scorer project, or a bench-* command of the tools.
    [GeneratedRegex(@"dotnet run [^\n`]*?--project (?<project>\S+) -- (?<args>(?:bench-|--)[^\n`]*)")]
    private static partial Regex BenchmarkCommand();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MatchApi.sln"))) return dir.FullName;
        throw new InvalidOperationException("MatchApi.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// This build's assembly: the service's sits next to the tests; the tools' and the benchmarks' are built alongside (see the
    /// test project), under src/ or tests/.
    /// </summary>
    internal static string AssemblyPath(string name)
    {
        if (name == "MatchApi") return Path.Combine(AppContext.BaseDirectory, "MatchApi.dll");
        // …/tests/MatchApi.Tests/bin/<Configuration>/<framework>/ → …/{src|tests}/<name>/bin/<Configuration>/<framework>/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var folder = Directory.Exists(Path.Combine(RepositoryRoot(), "src", name)) ? "src" : "tests";
        return Path.Combine(RepositoryRoot(), folder, name, "bin", configuration.Name, framework.Name, name + ".dll");
    }
}
