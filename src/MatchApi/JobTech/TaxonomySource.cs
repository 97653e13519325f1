namespace MatchApi.JobTech;

/// <summary>
/// Where the taxonomy comes from: a folder holding JobTech's answers as files (the names in <see cref="TaxonomyDocuments"/>),
/// or the URL of JobTech's Taxonomy GraphQL endpoint, asked the three queries below. From the API alone the older titles
/// and SCB's Swedish names for codes JobTech lacks are not available; <c>Taxonomy:SupplementFolder</c> may add them.
/// </summary>
public static class TaxonomySource
{
    public const string SsykQuery = """
        query { concepts(type: "ssyk-level-1") { id type preferred_label ssyk_code_2012
          narrower(type: "ssyk-level-2") { id type preferred_label ssyk_code_2012
            narrower(type: "ssyk-level-3") { id type preferred_label ssyk_code_2012
              narrower(type: "ssyk-level-4") { id type preferred_label ssyk_code_2012 definition
                narrower(type: "occupation-name") { id type preferred_label } } } } } }
        """;

    public const string SniQuery = """
        query { concepts(type: "sni-level-1") { id type preferred_label sni_level_code_2007
          narrower(type: "sni-level-2") { id type preferred_label sni_level_code_2007
            narrower(type: "sni-level-3") { id type preferred_label sni_level_code_2007
              narrower(type: "sni-level-4") { id type preferred_label sni_level_code_2007
                narrower(type: "sni-level-5") { id type preferred_label sni_level_code_2007 } } } } } }
        """;

    /// <summary>JobTech's collection "Yrkessamling, yrken utan krav på utbildning".</summary>
    public const string NoEducationCollectionId = "UdVa_jRr_9DE";

    public const string NoEducationQuery = """
        query { concepts(id: "UdVa_jRr_9DE") { id type preferred_label related(type: "occupation-name") { id type preferred_label } } }
        """;

    public static bool IsUrl(string from) =>
        Uri.TryCreate(from, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static async Task<TaxonomyDocuments> ReadAsync(string from, string? supplementFolder, HttpClient http, CancellationToken ct)
    {
        if (!IsUrl(from)) return await FromFolderAsync(from, from, ct);
        var ssyk = await QueryAsync(http, from, SsykQuery, ct);
        var sni = await QueryAsync(http, from, SniQuery, ct);
        var noEducation = await QueryAsync(http, from, NoEducationQuery, ct);
        var documents = new TaxonomyDocuments(from, ssyk, sni, noEducation);
        if (supplementFolder is null) return documents;
        return documents with
        {
            LegacyNames = await OptionalAsync(supplementFolder, TaxonomyDocuments.LegacyNamesFile, ct),
            LegacySsyk = await OptionalAsync(supplementFolder, TaxonomyDocuments.LegacySsykFile, ct),
            ScbNamesCsv = await OptionalAsync(supplementFolder, TaxonomyDocuments.ScbNamesFile, ct),
            EquivalentsCsv = await OptionalAsync(supplementFolder, TaxonomyDocuments.EquivalentsFile, ct),
        };
    }

    private static async Task<TaxonomyDocuments> FromFolderAsync(string folder, string source, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) throw new TaxonomyFormatException($"No folder '{folder}' (give a folder of JobTech's files or the GraphQL URL).");
        async Task<string> Required(string file) =>
            await OptionalAsync(folder, file, ct) ?? throw new TaxonomyFormatException($"'{folder}' holds no {file}.");
        return new TaxonomyDocuments(source,
            await Required(TaxonomyDocuments.SsykFile),
            await Required(TaxonomyDocuments.SniFile),
            await OptionalAsync(folder, TaxonomyDocuments.NoEducationFile, ct),
            await OptionalAsync(folder, TaxonomyDocuments.LegacyNamesFile, ct),
            await OptionalAsync(folder, TaxonomyDocuments.LegacySsykFile, ct),
            await OptionalAsync(folder, TaxonomyDocuments.ScbNamesFile, ct),
            await OptionalAsync(folder, TaxonomyDocuments.EquivalentsFile, ct));
    }

    private static async Task<string?> OptionalAsync(string folder, string file, CancellationToken ct)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null;
    }

    /// <summary>A GraphQL query sent as GET with <c>?query=</c>, as JobTech's public endpoint accepts without a key.</summary>
    private static async Task<string> QueryAsync(HttpClient http, string endpoint, string query, CancellationToken ct)
    {
        var separator = endpoint.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var response = await http.GetAsync($"{endpoint}{separator}query={Uri.EscapeDataString(query)}", ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }
}
