using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace MatchApi.Common;

/// <summary>
/// Text fields hold plain text: control characters other than tab and line breaks (NUL among them) and the
/// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, which make a stored name read differently
/// from what it is) are refused with a 400 naming the field. Checked on every validated request body, at any depth.
/// </summary>
public static class PlainText
{
    private const int MaxDepth = 8;

    /// <summary>Errors keyed by the JSON path of each offending field (camelCase, as sent), or null when the text is plain.</summary>
    public static Dictionary<string, string[]>? Errors(object? argument)
    {
        var errors = new Dictionary<string, string[]>();
        Walk(argument, "", errors, 0);
        return errors.Count == 0 ? null : errors;
    }

    /// <summary>The first character that plain text may not hold, or null.</summary>
    public static char? Forbidden(string text)
    {
        foreach (var c in text)
            if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069')
                return c;
        return null;
    }

    private static void Walk(object? value, string path, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null || depth > MaxDepth) return;
        if (value is string text)
        {
            if (Forbidden(text) is { } c)
                errors[path.Length == 0 ? "body" : path] =
                    [$"'{path}' contains the character U+{(int)c:X4}; control characters (other than tab and line breaks) and bidirectional overrides are not allowed."];
            return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateOnly or DateTime or DateTimeOffset or TimeOnly or Guid) return;
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items) Walk(item, $"{path}[{index++}]", errors, depth + 1);
            return;
        }
        // Only the API's own request types are walked; framework types carry no caller text.
        if (type.Namespace?.StartsWith("MatchApi", StringComparison.Ordinal) != true) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
        }
    }
}
