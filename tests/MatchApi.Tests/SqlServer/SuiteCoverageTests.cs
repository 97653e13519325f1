using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.SqlServer;

/// <summary>Every HTTP suite runs on both databases: an abstract suite needs a SQLite and a SQL Server subclass.</summary>
public sealed class SuiteCoverageTests
{
    [Fact]
    public void Every_http_suite_has_a_sqlite_and_a_sql_server_subclass()
    {
        var types = typeof(SuiteCoverageTests).Assembly.GetTypes();
        var suites = types.Where(t => t.IsAbstract && !t.IsSealed
            && t.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Any(c => c.GetParameters() is [{ ParameterType: var p }] && p == typeof(MatchApiFactory)));
        var missing = new List<string>();
        foreach (var suite in suites)
        {
            var factories = types.Where(t => t.IsSealed && t.BaseType == suite)
                .Select(t => t.GetConstructors().Single().GetParameters().Single().ParameterType).ToHashSet();
            if (!factories.Contains(typeof(SqliteApiFactory))) missing.Add($"{suite.Name} on SQLite");
            if (!factories.Contains(typeof(SqlServerApiFactory))) missing.Add($"{suite.Name} on SQL Server");
        }
        Assert.True(missing.Count == 0, "Suites without a subclass: " + string.Join(", ", missing));
        Assert.NotEmpty(suites);
    }
}
