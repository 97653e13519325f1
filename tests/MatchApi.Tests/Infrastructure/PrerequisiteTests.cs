using System.Text.RegularExpressions;
using MatchApi.Tests.JobTech;
using MatchApi.Tests.SqlServer;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// The logic that turns a missing prerequisite into one line instead of one skip per test: who is left out, how they
/// are counted, what the line says, and that .ci/run reads the count back from it.
/// </summary>
public sealed class PrerequisiteTests
{
    private static readonly Dictionary<string, IReadOnlyCollection<string>> NoTraits = [];

    [Fact]
    public void A_missing_prerequisite_leaves_out_and_counts_each_test_that_needs_it()
    {
        var missing = new Prerequisite("browser test", null, () => "chromium is not at /nowhere/chromium.");
        Assert.True(missing.LeavesOut);
        Assert.False(missing.Keep());
        Assert.False(missing.Keep());
        Assert.False(missing.Keep());
        Assert.Equal(3, missing.LeftOut);
        Assert.Equal("3 browser tests were not run: chromium is not at /nowhere/chromium.", missing.Summary);
    }

    [Fact]
    public void A_prerequisite_that_is_there_keeps_every_test_and_counts_none()
    {
        var asked = 0;
        var present = new Prerequisite("browser test", null, () => { asked++; return null; });
        Assert.True(present.Keep());
        Assert.True(present.Keep());
        Assert.False(present.LeavesOut);
        Assert.Equal(0, present.LeftOut);
        Assert.Equal(1, asked);
    }

    [Fact]
    public void A_required_prerequisite_is_never_left_out_so_its_tests_fail_with_the_reason()
    {
        var variable = $"MATCHAPI_TEST_REQUIRE_{Guid.NewGuid():N}";
        var missing = new Prerequisite("browser test", variable, () => "no chromium");
        Assert.True(missing.LeavesOut);
        Environment.SetEnvironmentVariable(variable, "1");
        try
        {
            Assert.False(missing.LeavesOut);
            Assert.True(missing.Keep());
            Assert.Equal(0, missing.LeftOut);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData(1, "1 Kiota client test was not run: the tool is not restored: Run \"dotnet tool restore\" first.")]
    [InlineData(0, "0 Kiota client tests were not run: the tool is not restored: Run \"dotnet tool restore\" first.")]
    [InlineData(629, "629 Kiota client tests were not run: the tool is not restored: Run \"dotnet tool restore\" first.")]
    public void The_summary_is_one_line_with_the_count_whatever_the_reason_holds(int count, string expected)
    {
        var summary = Prerequisite.Summarise(count, "Kiota client test", "the tool is not restored:\n  Run \"dotnet tool restore\"\r\n first.\n");
        Assert.Equal(expected, summary);
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), Regex.Match(summary, Prerequisite.NotRunPattern).Groups[1].Value);
    }

    [Fact]
    public void Ci_run_counts_the_tests_a_summary_stands_for_with_the_same_pattern()
    {
        var script = File.ReadAllText(Path.Combine(OpenApiContract.RepositoryRoot, ".ci", "run"));
        Assert.Contains($"r\"{Prerequisite.NotRunPattern}\"", script);
    }

    [Fact]
    public void Sql_server_suites_and_tests_marked_for_jobtech_data_need_them_and_other_tests_need_nothing()
    {
        Assert.Equal([Discovery.SqlServer, Discovery.JobTech], Discovery.NeedsOf(typeof(JobTechTestsOnSqlServer), Traits(typeof(JobTechTestsOnSqlServer))));
        Assert.Equal([Discovery.JobTech], Discovery.NeedsOf(typeof(JobTechTestsOnSqlite), Traits(typeof(JobTechTestsOnSqlite))));
        Assert.Empty(Discovery.NeedsOf(typeof(SqlServerSuiteTests), NoTraits));
        Assert.Empty(Discovery.NeedsOf(typeof(JobTechDataTests), Traits(typeof(JobTechDataTests))));
        Assert.Empty(Discovery.NeedsOf(typeof(PrerequisiteTests), NoTraits));
        Assert.Empty(Discovery.NeedsOf(null, NoTraits));
    }

    private static Dictionary<string, IReadOnlyCollection<string>> Traits(Type type) =>
        type.GetCustomAttributes(typeof(TraitAttribute), inherit: false).Cast<TraitAttribute>()
            .GroupBy(t => t.Name).ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(t => t.Value).ToList());
}
