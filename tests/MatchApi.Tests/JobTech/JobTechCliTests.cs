using System.Diagnostics;
using MatchApi.Data;
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
    [Trait(Discovery.Needs, Discovery.JobTechData)]
    public async Task Import_taxonomy_import_jobtech_and_the_benchmarks_run_from_the_command_line()
    {
        JobTechData.Require();
        var taxonomy = await RunAsync("import-taxonomy", "--from", JobTechData.Taxonomy);
        Assert.True(taxonomy.Code == 0, taxonomy.Output);
        Assert.Contains("1817 SNI industries", taxonomy.Output);

        Assert.Equal(0, (await RunAsync("create-tenant", "--name", "Göteborg IPS", "--municipality", "1480")).Code);
        var ads = await RunAsync("import-jobtech", "--tenant", "Göteborg IPS", "--file", JobTechData.SampleAds, "--county", "14");
        Assert.True(ads.Code == 0, ads.Output);
        Assert.Contains("\"created\": 2", ads.Output);
        var again = await RunAsync("import-jobtech", "--tenant", "Göteborg IPS", "--file", JobTechData.SampleAds, "--county", "14");
        Assert.Contains("\"unchanged\": 2", again.Output);

        var missing = await RunAsync("import-taxonomy", "--from", Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("No folder", missing.Output);

        var search = await RunToolAsync("bench-taxonomy-search", "--queries", "200");
        Assert.True(search.Code == 0, search.Output);
        Assert.Contains("p99", search.Output);
        var import = await RunToolAsync("bench-jobtech", "--ads", "100", "--file", JobTechData.SampleAds);
        Assert.True(import.Code == 0, import.Output);
        Assert.Contains("Imported 100 ads", import.Output);
    }

    [Fact]
    public async Task An_unknown_command_is_refused_with_the_list_of_commands_and_exit_code_2()
    {
        var typo = await RunAsync("some-typo");
        Assert.True(typo.Code == 2, typo.Output);
        Assert.Contains("Unknown command 'some-typo'", typo.Output);
        foreach (var command in new[] { "migrate", "create-tenant", "create-api-key", "create-account", "import-taxonomy", "import-jobtech" })
            Assert.Contains(command, typo.Output);
        // The benchmarks moved to the tools: the service says where they are.
        Assert.Contains("src/MatchApi.Tools", typo.Output);
        // Nothing was started: no database was made.
        Assert.False(File.Exists(_database));

        // A known command still runs.
        var migrate = await RunAsync("migrate");
        Assert.True(migrate.Code == 0, migrate.Output);
    }

    [Theory]
    [InlineData("some-typo", "Unknown command 'some-typo'")]
    [InlineData("migrate", "Unknown command 'migrate'")]
    [InlineData(null, "No command.")]
    public async Task The_tools_refuse_a_missing_or_unknown_command_with_the_list_of_their_commands(string? command, string message)
    {
        var refused = await RunToolAsync(command is null ? [] : [command]);
        Assert.True(refused.Code == 2, refused.Output);
        Assert.Contains(message, refused.Output);
        foreach (var known in new[] { "bench-match", "bench-sync", "bench-taxonomy-search", "bench-jobtech" })
            Assert.Contains(known, refused.Output);
        Assert.False(File.Exists(_database));
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
            Assert.True(listening, "the server did not start");
            Assert.False(process.HasExited);
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
        Db.DeleteSqliteFiles(_database);
        return ValueTask.CompletedTask;
    }
}
