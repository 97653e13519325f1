using System.Diagnostics;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.JobTech;

/// <summary>The commands docs/taxonomy-and-imports.md names, run as a user would, at a small size, on a SQLite file of their own.</summary>
public sealed class JobTechCliTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"matchapi-cli-{Guid.NewGuid():N}.db");

    private Task<(int Code, string Output)> RunAsync(params string[] args) => RunAsync(typeof(Program).Assembly.Location, args);

    /// <summary>A command of MatchApi.Tools (the benchmarks), over the same database.</summary>
    private Task<(int Code, string Output)> RunToolAsync(params string[] args) =>
        RunAsync(Performance.DocumentedBenchmarkTests.AssemblyPath("MatchApi.Tools"), args);

    private async Task<(int Code, string Output)> RunAsync(string assembly, string[] args)
    {
        using var process = Process.Start(StartInfo(args, assembly))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private ProcessStartInfo StartInfo(string[] args, string? assembly = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly ?? typeof(Program).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqlitePath"] = _database;
        start.Environment["Taxonomy__Fetch"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
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

        var search = await RunToolAsync("bench-taxonomy-search", "--queries", "200");
        search.Code.ShouldBe(0, search.Output);
        search.Output.ShouldContain("p99");
        var import = await RunToolAsync("bench-jobtech", "--ads", "100", "--file", JobTechData.SampleAds);
        import.Code.ShouldBe(0, import.Output);
        import.Output.ShouldContain("Imported 100 ads");
    }

    [Fact]
    public async Task An_unknown_command_is_refused_with_the_list_of_commands_and_exit_code_2()
    {
        var typo = await RunAsync("some-typo");
        typo.Code.ShouldBe(2, typo.Output);
        typo.Output.ShouldContain("Unknown command 'some-typo'");
        foreach (var command in new[] { "migrate", "create-tenant", "create-api-key", "create-account", "import-taxonomy", "import-jobtech" })
            typo.Output.ShouldContain(command);
        // The benchmarks moved to the tools: the service says where they are.
        typo.Output.ShouldContain("src/MatchApi.Tools");
        // Nothing was started: no database was made.
        File.Exists(_database).ShouldBeFalse();

        // A known command still runs.
        var migrate = await RunAsync("migrate");
        migrate.Code.ShouldBe(0, migrate.Output);
    }

    [Theory]
    [InlineData("some-typo", "Unknown command 'some-typo'")]
    [InlineData("migrate", "Unknown command 'migrate'")]
    [InlineData(null, "No command.")]
    public async Task The_tools_refuse_a_missing_or_unknown_command_with_the_list_of_their_commands(string? command, string message)
    {
        var refused = await RunToolAsync(command is null ? [] : [command]);
        refused.Code.ShouldBe(2, refused.Output);
        refused.Output.ShouldContain(message);
        foreach (var known in new[] { "bench-match", "bench-sync", "bench-taxonomy-search", "bench-jobtech" })
            refused.Output.ShouldContain(known);
        File.Exists(_database).ShouldBeFalse();
    }

    [Fact]
    public async Task Settings_asp_net_core_reads_from_the_command_line_still_start_the_server()
    {
        // key=value first, then --environment and --urls: all ASP.NET Core's, so the server starts and listens.
        var start = StartInfo(["Demo:Seed=false", "--environment", "Development", "--urls", "http://127.0.0.1:0"]);
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            string? line;
            var listening = false;
            while (!listening && (line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
                listening = line.Contains("Now listening on: http://127.0.0.1:", StringComparison.Ordinal);
            listening.ShouldBeTrue("the server did not start");
            process.HasExited.ShouldBeFalse();
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
        return ValueTask.CompletedTask;
    }
}
