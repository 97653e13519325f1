using Dapper;
using MatchApi.Data;

namespace MatchApi.Reference;

public sealed record Occupation(string Code, long Level, string Name);

public sealed record Municipality(string Code, string Name, string CountyCode, string CountyName);

/// <summary>
/// The SSYK 2012 and municipality code lists, read once from the database (they change only
/// with a migration) and kept in memory for validation, search and match explanations.
/// </summary>
public sealed class ReferenceData(Db db)
{
    private Snapshot? _snapshot;

    public IReadOnlyDictionary<string, Occupation> Occupations => Load().Occupations;

    public IReadOnlyDictionary<string, Municipality> Municipalities => Load().Municipalities;

    public bool IsOccupation(string? code) => code is not null && Occupations.ContainsKey(code);

    public bool IsMunicipality(string? code) => code is not null && Municipalities.ContainsKey(code);

    private Snapshot Load()
    {
        if (_snapshot is { } loaded) return loaded;
        using var connection = db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        var occupations = connection.Query<Occupation>(db.Text(Sqls.Occupations)).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var municipalities = connection.Query<Municipality>(db.Text(Sqls.Municipalities)).ToDictionary(m => m.Code, StringComparer.Ordinal);
        return _snapshot = new Snapshot(occupations, municipalities);
    }

    private sealed record Snapshot(Dictionary<string, Occupation> Occupations, Dictionary<string, Municipality> Municipalities);

    private static class Sqls
    {
        public static readonly Sql Occupations = new("SELECT code AS Code, CAST(level AS bigint) AS Level, name_en AS Name FROM ref_occupations ORDER BY code;");
        public static readonly Sql Municipalities = new(
            "SELECT code AS Code, name AS Name, county_code AS CountyCode, county_name AS CountyName FROM ref_municipalities ORDER BY code;");
    }
}
