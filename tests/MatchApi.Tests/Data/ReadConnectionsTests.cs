using MatchApi.Data;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Data;

/// <summary>The match routes' read connections: a statement is compiled once per connection, which is given back for the next request.</summary>
public sealed class ReadConnectionsTests
{
    private static readonly Sql CountTenants = new("SELECT COUNT(1) FROM tenants WHERE id = @Id;");

    [Fact]
    public async Task A_connection_given_back_keeps_its_compiled_statement_and_binds_new_values()
    {
        await using var database = await TempSqliteDatabase.CreateAsync();
        var tenant = await Tenants.Tenants.CreateAsync(database.Db, "Read test", "1480", DateTimeOffset.UtcNow, default);
        using var reads = new ReadConnections(database.Db);
        var ct = TestContext.Current.CancellationToken;

        System.Data.Common.DbCommand first;
        await using (var connection = await reads.OpenAsync(ct))
        {
            first = connection.Prepared(CountTenants, ("@Id", tenant.Id))!;
            Assert.Equal(1L, await first.ExecuteScalarAsync(ct));
        }
        await using (var connection = await reads.OpenAsync(ct))
        {
            var again = connection.Prepared(CountTenants, ("@Id", tenant.Id + 1))!;
            Assert.Same(first, again);
            Assert.Equal(0L, await again.ExecuteScalarAsync(ct));
        }
    }

    [Fact]
    public async Task Concurrent_requests_get_connections_of_their_own_and_at_most_MaxIdle_stay_open()
    {
        await using var database = await TempSqliteDatabase.CreateAsync();
        using var reads = new ReadConnections(database.Db);
        var ct = TestContext.Current.CancellationToken;
        var many = ReadConnections.MaxIdle + 4;

        var rented = new List<ReadConnection>();
        for (var i = 0; i < many; i++) rented.Add(await reads.OpenAsync(ct));
        Assert.Equal(many, rented.Select(r => r.Connection).Distinct().Count());
        var compiled = rented.Select(r => r.Prepared(CountTenants, ("@Id", 1L))!).ToHashSet();
        foreach (var r in rented) await r.DisposeAsync();

        rented.Clear();
        for (var i = 0; i < many; i++) rented.Add(await reads.OpenAsync(ct));
        Assert.Equal(ReadConnections.MaxIdle, rented.Count(r => compiled.Contains(r.Prepared(CountTenants, ("@Id", 1L))!)));
        foreach (var r in rented) await r.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_disposed_twice_is_given_back_once()
    {
        await using var database = await TempSqliteDatabase.CreateAsync();
        using var reads = new ReadConnections(database.Db);
        var ct = TestContext.Current.CancellationToken;
        var connection = await reads.OpenAsync(ct);
        await connection.DisposeAsync();
        await connection.DisposeAsync();

        await using var first = await reads.OpenAsync(ct);
        await using var second = await reads.OpenAsync(ct);
        Assert.NotSame(first.Connection, second.Connection);
    }

    [Fact]
    public async Task A_connection_given_back_after_the_pool_is_disposed_is_closed()
    {
        await using var database = await TempSqliteDatabase.CreateAsync();
        var reads = new ReadConnections(database.Db);
        var connection = await reads.OpenAsync(TestContext.Current.CancellationToken);
        reads.Dispose();
        await connection.DisposeAsync();
        Assert.Equal(System.Data.ConnectionState.Closed, connection.Connection.State);
    }
}
