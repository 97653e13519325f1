using Microsoft.Net.Http.Headers;

namespace MatchApi.Reference;

/// <summary>
/// The language of occupation and industry names in this request's answer: Swedish unless the caller prefers English
/// (<c>Accept-Language: en</c>, as the web client's language switch sends). Codes and stored texts never change.
/// </summary>
public static class NameLanguage
{
    private static readonly AsyncLocal<bool> EnglishNames = new();

    public static bool English => EnglishNames.Value;

    /// <summary>The Swedish name, or the English one when the caller asked for English or no Swedish name exists.</summary>
    public static string Name(string? sv, string en) => English || sv is null ? en : sv;

    /// <summary>True when the best-liked language of an Accept-Language header is English rather than Swedish.</summary>
    public static bool PrefersEnglish(IList<StringWithQualityHeaderValue> accepted)
    {
        var best = accepted
            .Where(l => l.Quality is null or > 0)
            .Select((l, i) => (Tag: l.Value.Value ?? "", Quality: l.Quality ?? 1, Order: i))
            .Where(l => IsLanguage(l.Tag, "en") || IsLanguage(l.Tag, "sv"))
            .OrderByDescending(l => l.Quality).ThenBy(l => l.Order)
            .FirstOrDefault();
        return best.Tag is not null && IsLanguage(best.Tag, "en");
    }

    private static bool IsLanguage(string tag, string language) =>
        tag.Equals(language, StringComparison.OrdinalIgnoreCase)
        || tag.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads each request's Accept-Language once, before any endpoint writes a name.</summary>
    public static IApplicationBuilder UseNameLanguage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            EnglishNames.Value = PrefersEnglish(context.Request.GetTypedHeaders().AcceptLanguage);
            await next(context);
        });
}
