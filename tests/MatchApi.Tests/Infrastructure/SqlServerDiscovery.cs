using System.Reflection;
using DotNet.Testcontainers.Builders;
using MatchApi.Tests.Infrastructure;
using Testcontainers.MsSql;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestFramework(typeof(SqlServerDiscovery.Framework))]

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// Where no Docker engine is reachable (and <see cref="SqlServerApiFactory.RequireVariable"/> is not 1), the
/// SQL Server subclasses of the HTTP suites are left out at discovery, and one test
/// (<c>SqlServerSuiteTests</c>) skips in their place with the reason and how many were left out. Skipping
/// each of them would print the same notice several hundred times in <c>dotnet test</c>'s output. Where
/// Docker exists, or on GitHub where it is required, every one of them is discovered and runs.
/// </summary>
public static class SqlServerDiscovery
{
    private static int _leftOut;
    private static readonly Lazy<bool> Reachable = new(DockerIsReachable);

    /// <summary>How many SQL Server test cases discovery left out in this run.</summary>
    public static int LeftOut => Volatile.Read(ref _leftOut);

    /// <summary>True when the SQL Server suites are not discovered here.</summary>
    public static bool LeavesOut => !SqlServerApiFactory.Required && !Reachable.Value;

    /// <summary>A sealed subclass of an abstract HTTP suite that runs on SQL Server (see SuiteCoverageTests).</summary>
    public static bool IsSqlServerSuite(Type type) =>
        type is { IsSealed: true, BaseType.IsAbstract: true }
        && type.GetConstructors().SingleOrDefault()?.GetParameters() is [{ ParameterType: var p }]
        && p == typeof(SqlServerApiFactory);

    private static bool Keep(ITestCase testCase)
    {
        if (!LeavesOut) return true;
        var type = typeof(SqlServerDiscovery).Assembly.GetType(testCase.TestClassName ?? "");
        if (type is null || !IsSqlServerSuite(type)) return true;
        Interlocked.Increment(ref _leftOut);
        return false;
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

    /// <summary>xunit's own framework with <see cref="Keep"/> applied to what it discovers.</summary>
    public sealed class Framework : XunitTestFramework
    {
        protected override ITestFrameworkDiscoverer CreateDiscoverer(Assembly assembly) => new Discoverer(base.CreateDiscoverer(assembly));
    }

    private sealed class Discoverer(ITestFrameworkDiscoverer inner) : ITestFrameworkDiscoverer
    {
        public ITestAssembly TestAssembly => inner.TestAssembly;

        public ValueTask Find(Func<ITestCase, ValueTask<bool>> callback, ITestFrameworkDiscoveryOptions discoveryOptions, Type[]? types = null, CancellationToken? cancellationToken = null) =>
            inner.Find(testCase => Keep(testCase) ? callback(testCase) : new ValueTask<bool>(true), discoveryOptions, types, cancellationToken);
    }
}
