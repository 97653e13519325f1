using System.Diagnostics;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.JobTech;

/// <summary>The commands docs/taxonomy-and-imports.md names, run as a user would, at a small size, on a SQLite file of their own.</summary>
public sealed class JobTechCliTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"matchapi-cli-{Guid.NewGuid():N}.db");

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqlitePath"] = _database;
        start.Environment["Taxonomy__Fetch"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Import_taxonomy_import_jobtech_and_the_benchmarks_run_from_the_command_line()
    {
        JobTechData.Require();
        var taxonomy = await RunAsync("import-taxonomy", "--from", JobTechData.Taxonomy);
        taxonomy.Code.ShouldBe(0, taxonomy.Output);
        taxonomy.Output.ShouldContain("1817 SNI industries");

        (await RunAsync("create-tenant", "--name", "Göteborg IPS", "--municipality", "1480")).Code.ShouldBe(0);
        var ads = await RunAsync("import-jobtech", "--tenant", "Göteborg IPS", "--file", JobTechData.SampleAds, "--county", "14");
        ads.Code.ShouldBe(0, ads.Output);
        ads.Output.ShouldContain("\"created\": 2");
        var again = await RunAsync("import-jobtech", "--tenant", "Göteborg IPS", "--file", JobTechData.SampleAds, "--county", "14");
        again.Output.ShouldContain("\"unchanged\": 2");

        var missing = await RunAsync("import-taxonomy", "--from", Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}"));
        missing.Code.ShouldBe(2);
        missing.Output.ShouldContain("No folder");

        var search = await RunAsync("bench-taxonomy-search", "--queries", "200");
        search.Code.ShouldBe(0, search.Output);
        search.Output.ShouldContain("p99");
        var import = await RunAsync("bench-jobtech", "--ads", "100", "--file", JobTechData.SampleAds);
        import.Code.ShouldBe(0, import.Output);
        import.Output.ShouldContain("Imported 100 ads");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
        return ValueTask.CompletedTask;
    }
}
