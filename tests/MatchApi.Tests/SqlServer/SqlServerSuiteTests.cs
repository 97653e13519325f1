using System.Net;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.SqlServer;

/// <summary>
/// Stands in for the SQL Server subclasses of the HTTP suites where discovery leaves them out (no Docker engine,
/// see <see cref="Discovery"/>): one skip with the reason and the count, instead of one per test.
/// Where they run, it checks that the app on SQL Server is up and answers.
/// </summary>
public sealed class SqlServerSuiteTests(SqlServerApiFactory api)
{
    [Fact]
    public async Task The_http_suites_run_on_sql_server()
    {
        if (Discovery.SqlServer.LeavesOut) Assert.Skip(Discovery.SqlServer.Summary);
        var response = await api.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
