using System.Globalization;
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

    /// <summary>
    /// The code of a municipality given by its code ("1480") or its name ("Göteborg", in any case), as
    /// spreadsheets kept by people name them; null when it is neither.
    /// </summary>
    public string? MunicipalityCodeOf(string? codeOrName)
    {
        if (codeOrName is null) return null;
        var value = codeOrName.Trim();
        if (Municipalities.ContainsKey(value)) return value;
        return Load().MunicipalityCodesByName.GetValueOrDefault(value);
    }

    private Snapshot Load()
    {
        if (_snapshot is { } loaded) return loaded;
        using var connection = db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        var occupations = connection.Query<Occupation>(db.Text(Sqls.Occupations)).ToDictionary(o => o.Code, StringComparer.Ordinal);
        var municipalities = connection.Query<Municipality>(db.Text(Sqls.Municipalities)).ToDictionary(m => m.Code, StringComparer.Ordinal);
        // Swedish comparison ignoring case: "göteborg" and "GÖTEBORG" are Göteborg, but Å, Ä and Ö stay letters of their own.
        var byName = municipalities.Values.ToDictionary(m => m.Name, m => m.Code,
            StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true));
        return _snapshot = new Snapshot(occupations, municipalities, byName);
    }

    private sealed record Snapshot(
        Dictionary<string, Occupation> Occupations,
        Dictionary<string, Municipality> Municipalities,
        Dictionary<string, string> MunicipalityCodesByName);

    private static class Sqls
    {
        public static readonly Sql Occupations = new("SELECT code AS Code, CAST(level AS bigint) AS Level, name_en AS Name FROM ref_occupations ORDER BY code;");
        public static readonly Sql Municipalities = new(
            "SELECT code AS Code, name AS Name, county_code AS CountyCode, county_name AS CountyName FROM ref_municipalities ORDER BY code;");
    }
}
