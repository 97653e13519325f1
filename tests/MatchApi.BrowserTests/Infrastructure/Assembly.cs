using MatchApi.BrowserTests.Infrastructure;

// One app on a real port and one browser for the whole assembly; each test has its own tenant and browser context.
[assembly: AssemblyFixture(typeof(BrowserApp))]

// Two cores are shared with other work: pages run one at a time, which also keeps timings predictable.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
