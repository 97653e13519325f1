using System.Globalization;
using Dapper;
using MatchApi.Data;

namespace MatchApi.Reference;

/// <summary>
/// An SSYK 2012 group. <see cref="Name"/> is Swedish when the taxonomy gave one, unless the caller asked for English
/// (<see cref="NameLanguage"/>); <see cref="Origin"/> is "jobtech" for JobTech's merged codes (1210 … 1790) SCB's list lacks.
/// </summary>
public sealed record Occupation(string Code, long Level, string NameEn, string? NameSv = null, string? DefinitionSv = null, string Origin = "scb")
{
    public string Name => NameLanguage.Name(NameSv, NameEn);
}

/// <summary>An everyday title (yrkesbenämning) under its 4-digit group; legacy titles are older names kept for search.</summary>
public sealed record OccupationTitle(string SsykCode, string Title, string Kind, bool NoEducation);

/// <summary>An SNI 2007 industry: a section letter (level 1) or 2 to 5 digits.</summary>
public sealed record Industry(string Code, long Level, string NameSv);

public sealed record Municipality(string Code, string Name, string CountyCode, string CountyName);

/// <summary>
/// The SSYK 2012, SNI 2007 and municipality code lists, read once from the database and kept in memory for
/// validation, search and names. SCB's lists come with the migrations; JobTech's taxonomy (Swedish names, titles,
/// SNI) comes with an import, after which <see cref="Reload"/> makes the next read see it.
/// </summary>
public sealed class ReferenceData(Db db)
{
    private volatile Snapshot? _snapshot;

    public IReadOnlyDictionary<string, Occupation> Occupations => Load().Occupations;

    public IReadOnlyDictionary<string, Municipality> Municipalities => Load().Municipalities;

    public IReadOnlyDictionary<string, Industry> Industries => Load().Industries;

    public IReadOnlyList<OccupationTitle> Titles => Load().Titles;

    /// <summary>SCB codes JobTech files under another code (1211 → 1210, 5322 → 5321).</summary>
    public IReadOnlyDictionary<string, string> JobTechCodeOf => Load().Equivalents;

    /// <summary>True once JobTech's taxonomy has been imported: SNI codes are then checked and Swedish names exist.</summary>
    public bool HasTaxonomy => Load().Industries.Count > 0;

    public OccupationSearch Search => Load().Search;

    public bool IsOccupation(string? code) => code is not null && Occupations.ContainsKey(code);

    public bool IsMunicipality(string? code) => code is not null && Municipalities.ContainsKey(code);

    /// <summary>An SNI code is checked against SNI 2007 only when the taxonomy is present; without it any 2–5 digits pass.</summary>
    public bool IsKnownIndustry(string? code) => code is not null && (!HasTaxonomy || Industries.ContainsKey(code));

    /// <summary>
    /// The code matching compares: JobTech's code for an SCB code it covers (1211 → 1210), any other code as it is,
    /// so that a goal for 1211 and an ad coded 1210 are the same occupation.
    /// </summary>
    public string MatchingCode(string code) => Load().Equivalents.GetValueOrDefault(code, code);

    /// <summary>The occupation's name in the caller's language, or null for an unknown code.</summary>
    public string? OccupationName(string? code) => code is not null && Occupations.TryGetValue(code, out var o) ? o.Name : null;

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

    /// <summary>Forget what was read, after an import changed the tables; the next read loads them again.</summary>
    public void Reload() => _snapshot = null;

    private Snapshot Load()
    {
        if (_snapshot is { } loaded) return loaded;
        using var connection = db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        var occupations = connection.Query<OccupationRow>(db.Text(Sqls.Occupations))
            .Select(r => new Occupation(r.Code, r.Level, r.NameEn, r.NameSv, r.DefinitionSv, r.Origin))
            .ToDictionary(o => o.Code, StringComparer.Ordinal);
        var municipalities = connection.Query<Municipality>(db.Text(Sqls.Municipalities)).ToDictionary(m => m.Code, StringComparer.Ordinal);
        var titles = connection.Query<TitleRow>(db.Text(Sqls.Titles))
            .Select(r => new OccupationTitle(r.SsykCode, r.Title, r.Kind, r.NoEducation)).ToList();
        var industries = connection.Query<IndustryRow>(db.Text(Sqls.Industries))
            .Select(r => new Industry(r.Code, r.Level, r.NameSv)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var equivalents = connection.Query<EquivalentRow>(db.Text(Sqls.Equivalents))
            .ToDictionary(e => e.ScbCode, e => e.JobTechCode, StringComparer.Ordinal);
        // Swedish comparison ignoring case: "göteborg" and "GÖTEBORG" are Göteborg, but Å, Ä and Ö stay letters of their own.
        var byName = municipalities.Values.ToDictionary(m => m.Name, m => m.Code,
            StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), ignoreCase: true));
        var snapshot = new Snapshot(occupations, municipalities, byName, titles, industries, equivalents,
            new OccupationSearch(occupations.Values, titles, industries.Values));
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(
        Dictionary<string, Occupation> Occupations,
        Dictionary<string, Municipality> Municipalities,
        Dictionary<string, string> MunicipalityCodesByName,
        List<OccupationTitle> Titles,
        Dictionary<string, Industry> Industries,
        Dictionary<string, string> Equivalents,
        OccupationSearch Search);

    private sealed class OccupationRow
    {
        public string Code { get; init; } = "";
        public long Level { get; init; }
        public string NameEn { get; init; } = "";
        public string? NameSv { get; init; }
        public string? DefinitionSv { get; init; }
        public string Origin { get; init; } = "scb";
    }

    private sealed class IndustryRow
    {
        public string Code { get; init; } = "";
        public long Level { get; init; }
        public string NameSv { get; init; } = "";
    }

    private sealed class EquivalentRow
    {
        public string ScbCode { get; init; } = "";
        public string JobTechCode { get; init; } = "";
    }

    private sealed class TitleRow
    {
        public string SsykCode { get; init; } = "";
        public string Title { get; init; } = "";
        public string Kind { get; init; } = "";
        public bool NoEducation { get; init; }
    }

    private static class Sqls
    {
        public static readonly Sql Occupations = new("""
            SELECT code AS Code, CAST(level AS bigint) AS Level, name_en AS NameEn, name_sv AS NameSv, definition_sv AS DefinitionSv,
                origin AS Origin
            FROM ref_occupations ORDER BY code;
            """);
        public static readonly Sql Municipalities = new(
            "SELECT code AS Code, name AS Name, county_code AS CountyCode, county_name AS CountyName FROM ref_municipalities ORDER BY code;");
        public static readonly Sql Titles = new(
            "SELECT ssyk_code AS SsykCode, title AS Title, kind AS Kind, no_education AS NoEducation FROM ref_occupation_titles ORDER BY id;");
        public static readonly Sql Industries = new(
            "SELECT code AS Code, CAST(level AS bigint) AS Level, name_sv AS NameSv FROM ref_industries ORDER BY code;");
        public static readonly Sql Equivalents = new(
            "SELECT scb_code AS ScbCode, jobtech_code AS JobTechCode FROM ref_occupation_equivalents ORDER BY scb_code;");
    }
}
