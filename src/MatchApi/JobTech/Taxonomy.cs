using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MatchApi.Reference;

namespace MatchApi.JobTech;

/// <summary>An SSYK 2012 group as JobTech names it (Swedish), with the level-4 definition.</summary>
public sealed record TaxonomyGroup(string Code, int Level, string NameSv, string? Definition);

/// <summary>An everyday title (or an older one kept as a synonym) under its 4-digit group.</summary>
public sealed record TaxonomyTitle(string SsykCode, string Title, string Kind, string? ConceptId, bool NoEducation);

public sealed record TaxonomyIndustry(string Code, int Level, string NameSv);

/// <summary>JobTech's answers as they arrive, before parsing: the GraphQL documents and the optional supplementary tables.</summary>
public sealed record TaxonomyDocuments(
    string Source,
    string SsykHierarchy,
    string SniHierarchy,
    string? NoEducation = null,
    string? LegacyNames = null,
    string? LegacySsyk = null,
    string? ScbNamesCsv = null,
    string? EquivalentsCsv = null)
{
    public const string SsykFile = "the-ssyk-hierarchy-with-occupations.json";
    public const string SniFile = "sni-hierarchy.json";
    public const string NoEducationFile = "occupations-with-no-educational-requirements.json";
    public const string LegacyNamesFile = "legacy-occupation-names.json";
    public const string LegacySsykFile = "legacy-occupation-ssyk2012.json";
    public const string ScbNamesFile = "scb-ssyk2012-names-not-in-jobtech.csv";
    public const string EquivalentsFile = "jobtech-ssyk-to-scb.csv";

    /// <summary>Same documents, same version: a re-import of unchanged data is recognisable.</summary>
    public string Version()
    {
        var text = string.Join('\u0001', SsykHierarchy, SniHierarchy, NoEducation, LegacyNames, LegacySsyk, ScbNamesCsv, EquivalentsCsv);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}

/// <summary>A document that is not in JobTech's shape; the message says which and why.</summary>
public sealed class TaxonomyFormatException(string message) : Exception(message);

/// <summary>
/// JobTech's taxonomy parsed from its GraphQL shape (<c>{"data":{"concepts":[…]}}</c>): SSYK 2012 levels 1–4 with
/// occupation names under each 4-digit group, SNI 2007 levels 1–5, the no-education collection, older titles as
/// synonyms, SCB's Swedish names for the codes JobTech lacks, and which SCB codes JobTech files under another code.
/// </summary>
public sealed record Taxonomy(
    IReadOnlyList<TaxonomyGroup> Groups,
    IReadOnlyList<TaxonomyTitle> Titles,
    IReadOnlyList<TaxonomyIndustry> Industries,
    IReadOnlyDictionary<string, string> ScbNamesSv,
    IReadOnlyDictionary<string, string>? Equivalents,
    string Version,
    string Source)
{
    public static Taxonomy Parse(TaxonomyDocuments documents)
    {
        var groups = new List<TaxonomyGroup>();
        var occupationNames = new List<(string Code, string Title, string ConceptId)>();
        foreach (var concept in Concepts(documents.SsykHierarchy, TaxonomyDocuments.SsykFile))
            WalkSsyk(concept, groups, occupationNames);
        if (!groups.Any(g => g.Level == 4))
            throw new TaxonomyFormatException($"{TaxonomyDocuments.SsykFile}: no ssyk-level-4 concepts.");

        var noEducation = new HashSet<string>(StringComparer.Ordinal);
        if (documents.NoEducation is not null)
            foreach (var collection in Concepts(documents.NoEducation, TaxonomyDocuments.NoEducationFile))
                if (collection.TryGetProperty("related", out var related) && related.ValueKind == JsonValueKind.Array)
                    foreach (var r in related.EnumerateArray())
                        if (Text(r, "id") is { } id) noEducation.Add(id);

        var titles = occupationNames
            .Select(o => new TaxonomyTitle(o.Code, o.Title, TitleKinds.Current, o.ConceptId, noEducation.Contains(o.ConceptId)))
            .ToList();
        titles.AddRange(Legacy(documents, titles));

        var industries = new List<TaxonomyIndustry>();
        foreach (var concept in Concepts(documents.SniHierarchy, TaxonomyDocuments.SniFile))
            WalkSni(concept, industries);
        if (industries.Count == 0) throw new TaxonomyFormatException($"{TaxonomyDocuments.SniFile}: no sni-level concepts.");

        var scbNames = documents.ScbNamesCsv is null
            ? new Dictionary<string, string>()
            : Csv(documents.ScbNamesCsv, TaxonomyDocuments.ScbNamesFile, "code", "name_sv_scb");
        Dictionary<string, string>? equivalents = null;
        if (documents.EquivalentsCsv is not null)
        {
            equivalents = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (jobTech, scb) in CsvPairs(documents.EquivalentsCsv, TaxonomyDocuments.EquivalentsFile, "jobtech_code", "scb_code"))
                if (jobTech != scb) equivalents[scb] = jobTech;
        }
        return new Taxonomy(
            groups.DistinctBy(g => g.Code).ToList(),
            titles.DistinctBy(t => (t.SsykCode, t.Title)).ToList(),
            industries.DistinctBy(i => i.Code).ToList(),
            scbNames, equivalents, documents.Version(), documents.Source);
    }

    /// <summary>
    /// Without JobTech's table of equivalents (fetched from the API alone), the merged manager groups are still known:
    /// a 4-digit code JobTech has and SCB lacks (1210) covers the SCB codes of its 3-digit group that JobTech lacks (1211, 1212).
    /// </summary>
    public IReadOnlyDictionary<string, string> EquivalentsFor(IReadOnlyCollection<string> scbUnitGroups)
    {
        if (Equivalents is not null) return Equivalents;
        var jobTech = Groups.Where(g => g.Level == 4).Select(g => g.Code).ToHashSet(StringComparer.Ordinal);
        var scb = scbUnitGroups.ToHashSet(StringComparer.Ordinal);
        var derived = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var merged in jobTech.Where(c => !scb.Contains(c)))
            foreach (var covered in scb.Where(s => s[..3] == merged[..3] && !jobTech.Contains(s)))
                derived[covered] = merged;
        return derived;
    }

    private static IEnumerable<TaxonomyTitle> Legacy(TaxonomyDocuments documents, List<TaxonomyTitle> current)
    {
        if (documents.LegacyNames is null || documents.LegacySsyk is null) yield break;
        var names = Map(documents.LegacyNames, TaxonomyDocuments.LegacyNamesFile);
        var codes = Map(documents.LegacySsyk, TaxonomyDocuments.LegacySsykFile);
        var known = current.Select(t => (t.SsykCode, t.Title.ToLowerInvariant())).ToHashSet();
        foreach (var (id, name) in names.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            if (!codes.TryGetValue(id, out var code) || !IsDigits(code, 4) || string.IsNullOrWhiteSpace(name)) continue;
            var title = name.Trim();
            if (title.Length > 200 || !known.Add((code, title.ToLowerInvariant()))) continue;
            yield return new TaxonomyTitle(code, title, TitleKinds.Legacy, id, false);
        }
    }

    private static void WalkSsyk(JsonElement concept, List<TaxonomyGroup> groups, List<(string, string, string)> titles)
    {
        var type = Text(concept, "type");
        if (type is not null && type.StartsWith("ssyk-level-", StringComparison.Ordinal))
        {
            var level = type[^1] - '0';
            var code = Text(concept, "ssyk_code_2012");
            var name = Text(concept, "preferred_label");
            if (level is < 1 or > 4 || code is null || !IsDigits(code, level) || string.IsNullOrWhiteSpace(name))
                throw new TaxonomyFormatException(
                    $"{TaxonomyDocuments.SsykFile}: concept {Text(concept, "id") ?? "?"} of type {type} needs a {level}-digit ssyk_code_2012 and a preferred_label.");
            groups.Add(new TaxonomyGroup(code, level, name.Trim(), level == 4 ? Text(concept, "definition") : null));
            foreach (var child in Narrower(concept))
            {
                if (Text(child, "type") == "occupation-name")
                {
                    if (level == 4 && Text(child, "preferred_label") is { } title && Text(child, "id") is { } id && title.Trim().Length is > 0 and <= 200)
                        titles.Add((code, title.Trim(), id));
                }
                else WalkSsyk(child, groups, titles);
            }
        }
        else throw new TaxonomyFormatException($"{TaxonomyDocuments.SsykFile}: unexpected concept type '{type}'.");
    }

    private static void WalkSni(JsonElement concept, List<TaxonomyIndustry> industries)
    {
        var type = Text(concept, "type");
        if (type is null || !type.StartsWith("sni-level-", StringComparison.Ordinal))
            throw new TaxonomyFormatException($"{TaxonomyDocuments.SniFile}: unexpected concept type '{type}'.");
        var level = type[^1] - '0';
        var code = Text(concept, "sni_level_code_2007");
        var name = Text(concept, "preferred_label");
        var valid = level == 1 ? code is { Length: 1 } && char.IsAsciiLetterUpper(code[0]) : level is >= 2 and <= 5 && code is not null && IsDigits(code, level);
        if (!valid || string.IsNullOrWhiteSpace(name))
            throw new TaxonomyFormatException(
                $"{TaxonomyDocuments.SniFile}: concept {Text(concept, "id") ?? "?"} of type {type} has no valid sni_level_code_2007 or preferred_label.");
        industries.Add(new TaxonomyIndustry(code!, level, name.Trim()));
        foreach (var child in Narrower(concept)) WalkSni(child, industries);
    }

    private static IEnumerable<JsonElement> Concepts(string json, string file)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(json).RootElement; }
        catch (JsonException ex) { throw new TaxonomyFormatException($"{file}: not JSON ({ex.Message})"); }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            throw new TaxonomyFormatException($"{file}: the GraphQL answer holds errors: {errors.GetRawText()[..Math.Min(300, errors.GetRawText().Length)]}");
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("concepts", out var concepts) || concepts.ValueKind != JsonValueKind.Array)
            throw new TaxonomyFormatException($"{file}: expected {{\"data\":{{\"concepts\":[…]}}}} as JobTech's GraphQL API answers.");
        return concepts.EnumerateArray().ToList();
    }

    private static IEnumerable<JsonElement> Narrower(JsonElement concept) =>
        concept.TryGetProperty("narrower", out var narrower) && narrower.ValueKind == JsonValueKind.Array ? narrower.EnumerateArray() : [];

    private static Dictionary<string, string> Map(string json, string file)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json)
                ?? throw new TaxonomyFormatException($"{file}: expected an object of id → text.");
        }
        catch (JsonException ex) { throw new TaxonomyFormatException($"{file}: expected an object of id → text ({ex.Message})"); }
    }

    private static Dictionary<string, string> Csv(string csv, string file, string key, string value) =>
        CsvPairs(csv, file, key, value).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Two-column CSV with a header; a value may be quoted ("Chefer, nivå 1").</summary>
    private static IEnumerable<(string, string)> CsvPairs(string csv, string file, string first, string second)
    {
        var lines = csv.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') != $"{first},{second}")
            throw new TaxonomyFormatException($"{file}: expected the header {first},{second}.");
        foreach (var line in lines.Skip(1))
        {
            var comma = line.IndexOf(',');
            if (comma <= 0) throw new TaxonomyFormatException($"{file}: '{line}' has no two columns.");
            var a = line[..comma].Trim();
            var b = line[(comma + 1)..].Trim();
            if (b.Length >= 2 && b[0] == '"' && b[^1] == '"') b = b[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            if (a.Length is < 1 or > 4 || !IsDigits(a, a.Length)) throw new TaxonomyFormatException($"{file}: '{a}' is not an SSYK 2012 code (1 to 4 digits).");
            yield return (a, b);
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsDigits(string s, int length) => s.Length == length && s.All(char.IsAsciiDigit);
}
