using Dapper;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Openings;

/// <summary>
/// Employers for the openings tests, inserted straight into the database: openings only need an
/// employer row of the right tenant, not the employers API.
/// </summary>
public static class TestEmployers
{
    private static readonly Sql Insert = new(
        Sqlite: """
            INSERT INTO employers (tenant_id, name, sector, active, created_at, updated_at)
            VALUES (@TenantId, @Name, @Sector, 1, @Now, @Now)
            RETURNING id;
            """,
        SqlServer: """
            INSERT INTO employers (tenant_id, name, sector, active, created_at, updated_at)
            OUTPUT INSERTED.id
            VALUES (@TenantId, @Name, @Sector, 1, @Now, @Now);
            """);

    /// <summary>Adds an employer to the tenant and returns its id.</summary>
    public static async Task<long> NewEmployerAsync(this TenantClient tenant, string name = "ICA Maxi Högsbo", Sector sector = Sector.Private)
    {
        var db = tenant.Api.Db;
        await using var connection = await db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(Insert),
            new { tenant.TenantId, Name = name, Sector = sector.ToString(), Now = DateTimeOffset.UtcNow }));
    }
}
