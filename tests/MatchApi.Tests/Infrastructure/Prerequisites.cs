using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// Something a group of tests needs that a machine may lack: a Docker engine, chromium, JobTech's data next to the
/// checkout. Where it is missing (and its require variable is not 1), the tests that need it are left out at discovery
/// and one stand-in test skips in their place with one line, <see cref="Summary"/>: how many were not run and why.
/// Skipping each of them would print the same notice once per test in <c>dotnet test</c>'s output. Where it exists,
/// or where the variable requires it (then each of them fails with the reason), every one of them is discovered and runs.
/// </summary>
/// <param name="test">What one of the tests is, e.g. "browser test" (the summary adds the plural's s).</param>
/// <param name="requireVariable">An environment variable that, set to 1, makes the prerequisite required; null when nothing requires it.</param>
/// <param name="missing">Why it is missing here, or null when it is there; asked once.</param>
public sealed class Prerequisite(string test, string? requireVariable, Func<string?> missing)
{
    private readonly Lazy<string?> _missing = new(missing);
    private int _leftOut;

    /// <summary>Why it is missing here, or null when it is there.</summary>
    public string? Missing => _missing.Value;

    public bool Required => requireVariable is not null && Environment.GetEnvironmentVariable(requireVariable) == "1";

    /// <summary>True when the tests that need it are not discovered here.</summary>
    public bool LeavesOut => !Required && Missing is not null;

    /// <summary>How many test cases discovery left out in this run.</summary>
    public int LeftOut => Volatile.Read(ref _leftOut);

    /// <summary>The one line that stands for all of them, e.g. "12 browser tests were not run: …".</summary>
    public string Summary => Summarise(LeftOut, test, Missing ?? "");

    /// <summary>Counts one test case that needs it; false when that test case is to be left out.</summary>
    public bool Keep()
    {
        if (!LeavesOut) return true;
        Interlocked.Increment(ref _leftOut);
        return false;
    }

    /// <summary>
    /// "1 browser test was not run: reason" or "12 browser tests were not run: reason", on one line whatever the reason
    /// holds. .ci/run reads the count back from the skipped stand-in (<see cref="NotRunPattern"/>) to count these as skipped.
    /// </summary>
    public static string Summarise(int count, string test, string reason) =>
        (count == 1 ? $"1 {test} was not run: " : $"{count} {test}s were not run: ")
        + string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The start of a summary, as .ci/run matches it (Python's re) in the reasons of skipped tests.</summary>
    public const string NotRunPattern = @"^(\d+) .+? (?:was|were) not run: ";
}

/// <summary>
/// xunit's own framework with the test cases that need a missing <see cref="Prerequisite"/> left out of what it
/// discovers. An assembly names its subclass in <c>[assembly: TestFramework(…)]</c> and says what each test case needs.
/// </summary>
public abstract class LeavingOutFramework : XunitTestFramework
{
    /// <summary>What the test case needs, first what it is counted under when several are missing.</summary>
    protected abstract IEnumerable<Prerequisite> Needs(ITestCase testCase);

    /// <summary>True when the test case is to be discovered: it needs nothing that is missing (or required).</summary>
    public bool Keep(ITestCase testCase)
    {
        foreach (var prerequisite in Needs(testCase))
            if (!prerequisite.Keep()) return false;
        return true;
    }

    protected override ITestFrameworkDiscoverer CreateDiscoverer(Assembly assembly) => new Discoverer(base.CreateDiscoverer(assembly), this);

    private sealed class Discoverer(ITestFrameworkDiscoverer inner, LeavingOutFramework framework) : ITestFrameworkDiscoverer
    {
        public ITestAssembly TestAssembly => inner.TestAssembly;

        public ValueTask Find(Func<ITestCase, ValueTask<bool>> callback, ITestFrameworkDiscoveryOptions discoveryOptions, Type[]? types = null, CancellationToken? cancellationToken = null) =>
            inner.Find(testCase => framework.Keep(testCase) ? callback(testCase) : new ValueTask<bool>(true), discoveryOptions, types, cancellationToken);
    }
}
