using MatchApi.Tests.Infrastructure;

// One app per database kind for the whole assembly; tests isolate themselves by tenant.
[assembly: AssemblyFixture(typeof(SqliteApiFactory))]
[assembly: AssemblyFixture(typeof(SqlServerApiFactory))]
