using System.ComponentModel;
using Dapper;
using MatchApi.Data;
using MatchApi.Reference;

namespace MatchApi.JobTech;

/// <summary>What an import stored, or what is stored now.</summary>
public sealed record TaxonomyStatusDto(
    [property: Description("Version of the imported data: a hash of JobTech's documents, the same for the same data.")] string Version,
    [property: Description("Folder or URL it came from.")] string Source,
    [property: Description("When it was imported.")] DateTimeOffset ImportedAt,
    [property: Description("SSYK groups with a Swedish name (JobTech's, or SCB's for codes JobTech lacks).")] int Occupations,
    [property: Description("Everyday titles and older titles kept as search synonyms.")] int Titles,
    [property: Description("SNI 2007 industries, levels 1 to 5.")] int Industries);

/// <summary>
/// Writes a parsed <see cref="Taxonomy"/> over the stored one, all of it in one transaction: Swedish names and definitions on
/// SCB's groups, JobTech's merged codes as groups of their own, titles, equivalents, SNI. Importing the same data again gives
/// the same tables. SCB's English names are never touched.
/// </summary>
public static class TaxonomyImport
{
    public static async Task<TaxonomyStatusDto> ImportAsync(Db db, ReferenceData reference, Taxonomy taxonomy, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        CommandDefinition Command(Sql sql, object? parameters = null) => new(db.Text(sql), parameters, tx, cancellationToken: ct);

        await connection.ExecuteAsync(Command(Sqls.DeleteJobTechGroups));
        await connection.ExecuteAsync(Command(Sqls.ClearSwedishNames));
        var scb = (await connection.QueryAsync<ScbRow>(Command(Sqls.ScbGroups))).ToDictionary(r => r.Code, StringComparer.Ordinal);
        var scbUnitGroups = scb.Values.Where(r => r.Level == 4).Select(r => r.Code).ToList();
        var equivalents = taxonomy.EquivalentsFor(scbUnitGroups);

        foreach (var group in taxonomy.Groups)
        {
            if (scb.ContainsKey(group.Code))
                await connection.ExecuteAsync(Command(Sqls.SetSwedishName, new { group.Code, NameSv = group.NameSv, group.Definition }));
            else
                await connection.ExecuteAsync(Command(Sqls.InsertJobTechGroup, new
                {
                    group.Code, group.Level, NameEn = EnglishName(group, scb, equivalents), NameSv = group.NameSv, group.Definition,
                }));
        }
        foreach (var (code, name) in taxonomy.ScbNamesSv)
            await connection.ExecuteAsync(Command(Sqls.SetScbSwedishName, new { Code = code, NameSv = name }));

        await connection.ExecuteAsync(Command(Sqls.DeleteTitles));
        await connection.ExecuteAsync(Command(Sqls.InsertTitle, taxonomy.Titles.Select(t => new
        {
            t.SsykCode, t.Title, t.Kind, t.ConceptId, t.NoEducation,
        })));
        await connection.ExecuteAsync(Command(Sqls.DeleteEquivalents));
        await connection.ExecuteAsync(Command(Sqls.InsertEquivalent, equivalents.Select(e => new { ScbCode = e.Key, JobTechCode = e.Value })));
        await connection.ExecuteAsync(Command(Sqls.DeleteIndustries));
        await connection.ExecuteAsync(Command(Sqls.InsertIndustry, taxonomy.Industries.Select(i => new { i.Code, i.Level, NameSv = i.NameSv })));

        var named = await connection.ExecuteScalarAsync<int>(Command(Sqls.CountSwedishNames));
        var status = new TaxonomyStatusDto(taxonomy.Version, Truncate(taxonomy.Source, 500), now, named, taxonomy.Titles.Count, taxonomy.Industries.Count);
        await connection.ExecuteAsync(Command(Sqls.InsertImport, status));
        await tx.CommitAsync(ct);
        reference.Reload();
        return status;
    }

    public static async Task<TaxonomyStatusDto?> LatestAsync(Db db, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<ImportRow>(Sqls.Latest, null, ct);
        return row is null ? null : new TaxonomyStatusDto(row.Version, row.Source, row.ImportedAt, (int)row.Occupations, (int)row.Titles, (int)row.Industries);
    }

    /// <summary>A merged group's English name comes from the SCB groups it covers, without SCB's "level 1/2".</summary>
    private static string EnglishName(TaxonomyGroup group, Dictionary<string, ScbRow> scb, IReadOnlyDictionary<string, string> equivalents)
    {
        var covered = equivalents.Where(e => e.Value == group.Code).Select(e => e.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        if (covered is null || !scb.TryGetValue(covered, out var row)) return group.NameSv;
        var name = row.NameEn;
        var level = name.LastIndexOf(", level", StringComparison.OrdinalIgnoreCase);
        return level > 0 ? name[..level] : name;
    }

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..length];

    private sealed class ImportRow
    {
        public string Version { get; init; } = "";
        public string Source { get; init; } = "";
        public DateTimeOffset ImportedAt { get; init; }
        public long Occupations { get; init; }
        public long Titles { get; init; }
        public long Industries { get; init; }
    }

    private sealed class ScbRow
    {
        public string Code { get; init; } = "";
        public long Level { get; init; }
        public string NameEn { get; init; } = "";
    }

    private static class Sqls
    {
        public static readonly Sql DeleteJobTechGroups = new("DELETE FROM ref_occupations WHERE origin = 'jobtech';");
        public static readonly Sql ClearSwedishNames = new("UPDATE ref_occupations SET name_sv = NULL, definition_sv = NULL;");
        public static readonly Sql ScbGroups = new("SELECT code AS Code, CAST(level AS bigint) AS Level, name_en AS NameEn FROM ref_occupations;");
        public static readonly Sql SetSwedishName = new(
            "UPDATE ref_occupations SET name_sv = @NameSv, definition_sv = @Definition WHERE code = @Code;");
        public static readonly Sql InsertJobTechGroup = new("""
            INSERT INTO ref_occupations (code, level, name_en, name_sv, definition_sv, origin)
            VALUES (@Code, @Level, @NameEn, @NameSv, @Definition, 'jobtech');
            """);
        // SCB's Swedish name only where JobTech gave none: JobTech's own wording wins for the codes it has.
        public static readonly Sql SetScbSwedishName = new("UPDATE ref_occupations SET name_sv = @NameSv WHERE code = @Code AND name_sv IS NULL;");
        public static readonly Sql CountSwedishNames = new("SELECT COUNT(*) FROM ref_occupations WHERE name_sv IS NOT NULL;");
        public static readonly Sql DeleteTitles = new("DELETE FROM ref_occupation_titles;");
        public static readonly Sql InsertTitle = new("""
            INSERT INTO ref_occupation_titles (ssyk_code, title, kind, concept_id, no_education)
            VALUES (@SsykCode, @Title, @Kind, @ConceptId, @NoEducation);
            """);
        public static readonly Sql DeleteEquivalents = new("DELETE FROM ref_occupation_equivalents;");
        public static readonly Sql InsertEquivalent = new(
            "INSERT INTO ref_occupation_equivalents (scb_code, jobtech_code) VALUES (@ScbCode, @JobTechCode);");
        public static readonly Sql DeleteIndustries = new("DELETE FROM ref_industries;");
        public static readonly Sql InsertIndustry = new("INSERT INTO ref_industries (code, level, name_sv) VALUES (@Code, @Level, @NameSv);");
        public static readonly Sql InsertImport = new("""
            INSERT INTO ref_taxonomy_imports (version, source, imported_at, occupations, titles, industries)
            VALUES (@Version, @Source, @ImportedAt, @Occupations, @Titles, @Industries);
            """);
        public static readonly Sql Latest = new(
            """
            SELECT version AS Version, source AS Source, imported_at AS ImportedAt, occupations AS Occupations, titles AS Titles,
                industries AS Industries
            FROM ref_taxonomy_imports ORDER BY id DESC LIMIT 1;
            """,
            """
            SELECT TOP (1) version AS Version, source AS Source, imported_at AS ImportedAt, occupations AS Occupations, titles AS Titles,
                industries AS Industries
            FROM ref_taxonomy_imports ORDER BY id DESC;
            """);
    }
}
