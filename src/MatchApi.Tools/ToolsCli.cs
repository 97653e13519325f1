using System.Globalization;
using MatchApi.Data;
using MatchApi.Hosting;
using MatchApi.Reference;

namespace MatchApi.Tools;

/// <summary>
/// The benchmarks of MatchApi, apart from the service: <c>bench-match</c> (see <see cref="MatchBenchmark"/>),
/// <c>bench-sync [--rows 100000]</c> (see <see cref="SyncBenchmark"/>), <c>bench-taxonomy-search [--queries 20000]</c> and
/// <c>bench-jobtech --ads 40000 [--file sample.json]</c> (see <see cref="JobTechBenchmarks"/>). They read the service's settings
/// (its appsettings.json when run from the source tree, and environment variables such as <c>Database__SqlitePath</c>), so
/// <c>Database:*</c> names the same database as the service's commands. A missing or unknown command is refused with the list.
/// </summary>
public static class ToolsCli
{
    public static readonly string[] Commands = ["bench-match", "bench-sync", "bench-taxonomy-search", "bench-jobtech"];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
            return Cli.Fail($"{(args.Length == 0 ? "No command." : $"Unknown command '{args[0]}'.")} Commands: {string.Join(", ", Commands)}.");

        Dictionary<string, string> options;
        try
        {
            options = Cli.ParseOptions(args[1..]);
        }
        catch (ArgumentException ex)
        {
            return Cli.Fail(ex.Message);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = ServiceContentRoot() });
        builder.Services.AddMatchApiData(builder.Environment);
        await using var app = builder.Build();
        try
        {
            switch (args[0])
            {
                case "bench-match":
                    return await MatchBenchmark.RunAsync(app, options);
                case "bench-sync":
                    if (!int.TryParse(options.GetValueOrDefault("rows", "100000"), CultureInfo.InvariantCulture, out var rows) || rows is < 1 or > 10_000_000)
                        return Cli.Fail("--rows must be a whole number from 1 to 10000000.");
                    return await SyncBenchmark.RunAsync(app, rows, CancellationToken.None);
            }
            var db = app.Services.GetRequiredService<Db>();
            await Migrations.ApplyAsync(db, app.Logger);
            var reference = app.Services.GetRequiredService<ReferenceData>();
            return args[0] == "bench-taxonomy-search"
                ? JobTechBenchmarks.BenchSearch(reference, int.Parse(options.GetValueOrDefault("queries", "20000"), CultureInfo.InvariantCulture))
                : await JobTechBenchmarks.BenchImportAsync(db, reference, app.Services.GetRequiredService<TimeProvider>(), options);
        }
        catch (ArgumentException ex)
        {
            return Cli.Fail(ex.Message);
        }
    }

    /// <summary>
    /// Run from the source tree (<c>dotnet run --project src/MatchApi.Tools</c> from the repository or the project folder), the
    /// service's project folder, so that its appsettings.json and its relative SQLite path are the ones the service uses;
    /// otherwise the working directory.
    /// </summary>
    private static string ServiceContentRoot()
    {
        var here = Directory.GetCurrentDirectory();
        return new[] { Path.Combine(here, "src", "MatchApi"), Path.Combine(here, "..", "MatchApi") }
            .Select(Path.GetFullPath)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "MatchApi.csproj"))) ?? here;
    }
}
