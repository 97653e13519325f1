using System.Diagnostics;
using System.Net;
using Dapper;
using MatchApi.Data;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>
/// A database in trouble is the service's 503 (problem+json with Retry-After, within the request time limit), never an
/// empty 500, and readiness says so because it checks a write; when the trouble passes, the same app recovers.
/// Each test uses a database of its own, so that the trouble never reaches the other suites running alongside.
/// </summary>
public abstract class DatabaseFaultTests(MatchApiFactory api)
{
    /// <summary>Settings that point an app at a database it cannot use.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string>> UnreachableDatabase();

    [Fact]
    public async Task An_unreachable_database_is_503_problem_with_retry_after_even_with_a_key_and_readiness_is_503()
    {
        await using var app = api.WithSettings(UnreachableDatabase());
        var keyed = app.CreateClient();
        keyed.DefaultRequestHeaders.Add(ApiKeys.Header, $"mk_{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
        var call = await keyed.GetAsync("/v1/participants");
        await call.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(call.Headers.RetryAfter);
        Assert.Equal("nosniff", call.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await keyed.GetAsync("/health/ready")).StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}, past the request time limit");
    }
}

public sealed class DatabaseFaultTestsOnSqlite(SqliteApiFactory api) : DatabaseFaultTests(api), IDisposable
{
    private readonly string _garbage = Path.Combine(Path.GetTempPath(), $"matchapi-fault-{Guid.NewGuid():N}.db");

    // The unreadable file was left in the temp folder after every run.
    public void Dispose() => Db.DeleteSqliteFiles(_garbage);

    protected override IEnumerable<KeyValuePair<string, string>> UnreachableDatabase()
    {
        File.WriteAllText(_garbage, "This is not a database file. It is here so that every open and every statement fails.");
        return [new("Database:SqlitePath", _garbage)];
    }

    [Fact]
    public async Task While_another_connection_holds_the_write_lock_readiness_reads_and_writes_are_503_and_recover()
    {
        await using var database = await TempSqliteDatabase.CreateAsync();
        var tenant = await Tenants.Tenants.CreateAsync(database.Db, "Lock test", "1480", DateTimeOffset.UtcNow, default);
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(database.Db, tenant.Id, "lock test", Scopes.All, key, null, default);
        await using var app = api.WithSettings([new("Database:SqlitePath", database.Db.SqlitePath!), new("Database:BusyTimeoutSeconds", "1")]);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        var participantId = await client.CreateAsync("/v1/participants", new { externalRef = "IPS-LOCK", enrolmentDate = "2024-03-15" });
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        // Another writer on the main file alone: reads do not wait for it, and the audit row goes to the audit log's own file.
        await using (var holder = await database.Db.OpenAsync(default))
        await using (var tx = await holder.BeginTransactionAsync())
        {
            await holder.ExecuteAsync("UPDATE tenants SET name = name WHERE id = -1;", transaction: tx);
            var unhindered = await (await client.GetAsync($"/v1/participants/{participantId}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("IPS-LOCK", (string)unhindered["externalRef"]!);
            await tx.RollbackAsync();
        }

        // Both files held, as a long backup or a stuck process would hold them.
        await using (var holder = await database.Db.OpenAsync(default))
        await using (var tx = await holder.BeginTransactionAsync())
        await using (var auditHolder = await database.Db.OpenAuditAsync(default))
        await using (var auditTx = await auditHolder.BeginTransactionAsync())
        {
            await holder.ExecuteAsync("UPDATE tenants SET name = name WHERE id = -1;", transaction: tx);
            await auditHolder.ExecuteAsync("UPDATE audit_log SET status_code = status_code WHERE id = -1;", transaction: auditTx);
            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health/ready")).StatusCode);
            // An audited read must write its audit row; without it the data does not leave.
            var read = await client.GetAsync($"/v1/participants/{participantId}");
            var problem = await read.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(read.Headers.RetryAfter);
            Assert.DoesNotContain("IPS-LOCK", problem.ToJsonString());
            var write = await client.PutJsonAsync($"/v1/participants/{participantId}", new { externalRef = "IPS-LOCK-2", enrolmentDate = "2024-03-15" });
            await write.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}, near the request time limit");
            await auditTx.RollbackAsync();
            await tx.RollbackAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        var again = await (await client.GetAsync($"/v1/participants/{participantId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("IPS-LOCK", (string)again["externalRef"]!);
    }

    [Fact]
    public async Task When_the_database_file_is_back_the_same_app_answers_again()
    {
        await using var good = await TempSqliteDatabase.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"matchapi-fault-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, "Not a database file either.", TestContext.Current.CancellationToken);
        try
        {
            await using var app = api.WithSettings([new("Database:SqlitePath", path)]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);

            // Restored from backup, both files of it (docs/security.md, "What is audited"): no restart needed.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Copy(good.Db.SqlitePath!, path, overwrite: true);
            File.Copy(good.Db.SqliteAuditPath!, Db.AuditPathOf(path), overwrite: true);
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
            var keyed = app.CreateClient();
            keyed.DefaultRequestHeaders.Add(ApiKeys.Header, $"mk_{Guid.NewGuid():N}");
            await (await keyed.GetAsync("/v1/participants")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Db.DeleteSqliteFiles(path);
        }
    }
}

public sealed class DatabaseFaultTestsOnSqlServer(SqlServerApiFactory api) : DatabaseFaultTests(api)
{
    // Nothing listens on port 1; the short connect timeout keeps the test inside the request time limit.
    protected override IEnumerable<KeyValuePair<string, string>> UnreachableDatabase() =>
        [new("Database:SqlServerConnectionString", "Server=tcp:127.0.0.1,1;Database=matchapi;User Id=sa;Password=x;Connect Timeout=2;ConnectRetryCount=0;TrustServerCertificate=true")];
}
