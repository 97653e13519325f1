using System.Globalization;
using System.Text;

namespace MatchApi.Common;

/// <summary>
/// Search that tolerates how Swedish names are spelt: "kafé" finds "Café", "vasa" finds "Wasa",
/// "taxi" finds "Taksi", "ab" finds "A.B.", "&amp;" and "och" are the same. Both the text and the
/// query are folded to one spelling and compared as substrings. Å, ä and ö stay letters of their own.
/// </summary>
public static class SwedishSearch
{
    public static bool Contains(string? text, string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return true;
        if (string.IsNullOrEmpty(text)) return false;
        return Fold(text).Contains(Fold(query), StringComparison.Ordinal);
    }

    /// <summary>Lower case, accents other than å/ä/ö dropped, c/k, w/v, z/s, x/ks, q/k and ph/f spelt one way, punctuation and spaces removed.</summary>
    public static string Fold(string text)
    {
        var lower = text.ToLower(CultureInfo.GetCultureInfo("sv-SE")).Replace("&", "och", StringComparison.Ordinal);
        var letters = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (c is 'å' or 'ä' or 'ö') { letters.Append(c); continue; }
            // é → e, ü → u, æ and ø to their Swedish spelling.
            if (c == 'æ') { letters.Append('ä'); continue; }
            if (c == 'ø') { letters.Append('ö'); continue; }
            // Anything else that is not a letter or digit ends a word: "Coop Hisingen" has no "ph".
            if (!char.IsLetterOrDigit(c)) { letters.Append(' '); continue; }
            foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
                if (char.IsLetterOrDigit(d)) letters.Append(d);
        }

        var s = letters.ToString();
        var folded = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            switch (c)
            {
                case ' ': break;                                        // spaces and punctuation are not compared
                case 'c' when next == 'k': break;                       // "ck" is one k
                case 'c' when next is 'e' or 'i' or 'y' or 'ä' or 'ö': folded.Append('s'); break;
                case 'c': folded.Append('k'); break;
                case 'p' when next == 'h': folded.Append('f'); i++; break;
                case 'w': folded.Append('v'); break;
                case 'z': folded.Append('s'); break;
                case 'q': folded.Append('k'); break;
                case 'x': folded.Append("ks"); break;
                default: folded.Append(c); break;
            }
        }
        return folded.ToString();
    }
}
