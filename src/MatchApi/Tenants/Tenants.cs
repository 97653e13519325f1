using Dapper;
using MatchApi.Data;

namespace MatchApi.Tenants;

/// <summary>An organisation that owns data: a municipality, or a district or unit within one.</summary>
public sealed record Tenant(long Id, string Name, string MunicipalityCode);

public static class Tenants
{
    public static async Task<Tenant> CreateAsync(Db db, string name, string municipalityCode, DateTimeOffset now, CancellationToken ct)
    {
        var id = await db.ExecuteScalarAsync<long>(Insert,
            new { Name = name, MunicipalityCode = municipalityCode, Now = now }, ct);
        return new Tenant(id, name, municipalityCode);
    }

    /// <summary>Finds a tenant by its numeric id or its exact name.</summary>
    public static async Task<Tenant?> FindAsync(Db db, string idOrName, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        long? id = long.TryParse(idOrName, out var parsed) ? parsed : null;
        return await connection.QuerySingleOrDefaultAsync<Tenant>(db, Find,
            new { Id = id, Name = idOrName }, null, ct);
    }

    public static async Task<bool> MunicipalityExistsAsync(Db db, string code, CancellationToken ct)
    {
        return await db.ExecuteScalarAsync<long>(MunicipalityCount, new { Code = code }, ct) == 1;
    }

    private static readonly Sql Insert = new(
        Sqlite: "INSERT INTO tenants (name, municipality_code, created_at) VALUES (@Name, @MunicipalityCode, @Now) RETURNING id;",
        SqlServer: "INSERT INTO tenants (name, municipality_code, created_at) OUTPUT INSERTED.id VALUES (@Name, @MunicipalityCode, @Now);");

    private static readonly Sql Find = new(
        "SELECT id AS Id, name AS Name, municipality_code AS MunicipalityCode FROM tenants WHERE id = @Id OR name = @Name;");

    private static readonly Sql MunicipalityCount = new("SELECT COUNT(1) FROM ref_municipalities WHERE code = @Code;");
}
