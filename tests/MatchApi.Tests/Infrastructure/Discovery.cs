using DotNet.Testcontainers.Builders;
using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.JobTech;
using Testcontainers.MsSql;
using Xunit.Sdk;

[assembly: TestFramework(typeof(Discovery.Framework))]

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// What this assembly's tests need that a machine may lack (see <see cref="Prerequisite"/>): a Docker engine for the
/// SQL Server subclasses of the HTTP suites (left out where none is reachable and <see cref="SqlServerApiFactory.RequireVariable"/>
/// is not 1; <c>SqlServerSuiteTests</c> skips in their place), and JobTech's data in ../shared for the tests marked
/// <c>[Trait(Discovery.Needs, Discovery.JobTechData)]</c> (<c>JobTechDataTests</c> skips in their place).
/// </summary>
public static class Discovery
{
    /// <summary>The trait that names what a test needs, and its value for JobTech's data.</summary>
    public const string Needs = "Needs", JobTechData = "jobtech";

    public static readonly Prerequisite SqlServer = new("SQL Server test", SqlServerApiFactory.RequireVariable,
        () => DockerIsReachable() ? null : SqlServerApiFactory.NoDockerReason);

    public static readonly Prerequisite JobTech = new("JobTech data test", null,
        () => global::MatchApi.Tests.JobTech.JobTechData.Folder is null ? global::MatchApi.Tests.JobTech.JobTechData.MissingReason : null);

    /// <summary>A sealed subclass of an abstract HTTP suite that runs on SQL Server (see SuiteCoverageTests).</summary>
    public static bool IsSqlServerSuite(Type type) =>
        type is { IsSealed: true, BaseType.IsAbstract: true }
        && type.GetConstructors().SingleOrDefault()?.GetParameters() is [{ ParameterType: var p }]
        && p == typeof(SqlServerApiFactory);

    /// <summary>What a test needs, by its class and its traits.</summary>
    public static IEnumerable<Prerequisite> NeedsOf(Type? testClass, IReadOnlyDictionary<string, IReadOnlyCollection<string>> traits)
    {
        if (testClass is not null && IsSqlServerSuite(testClass)) yield return SqlServer;
        if (traits.TryGetValue(Needs, out var needs) && needs.Contains(JobTechData)) yield return JobTech;
    }

    // Build() looks for a Docker endpoint and pings it once; without one it throws at once (as in SqlServerApiFactory).
    private static bool DockerIsReachable()
    {
        try
        {
            _ = new MsSqlBuilder(SqlServerApiFactory.Image).Build();
            return true;
        }
        catch (DockerUnavailableException)
        {
            return false;
        }
    }

    public sealed class Framework : LeavingOutFramework
    {
        protected override IEnumerable<Prerequisite> Needs(ITestCase testCase) =>
            NeedsOf(typeof(Discovery).Assembly.GetType(testCase.TestClassName ?? ""), testCase.Traits);
    }
}
