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
        // Nearly every body is plain: a walk that builds no paths says so; only a body that is not walks again for the errors.
        if (!HasForbidden(argument, 0)) return null;
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

    // The walk of Walk below, by the same shapes and to the same depth, without paths: true at the first forbidden character.
    private static bool HasForbidden(object? value, int depth)
    {
        if (value is null || depth > MaxDepth) return false;
        if (value is string text) return Forbidden(text) is not null;
        var shape = Shapes.GetOrAdd(value.GetType(), ShapeOf);
        switch (shape.Kind)
        {
            case Kind.Items:
                foreach (var item in (IEnumerable)value)
                    if (HasForbidden(item, depth + 1)) return true;
                return false;
            case Kind.Properties:
                foreach (var property in shape.Properties!)
                    if (HasForbidden(property.GetValue(value), depth + 1)) return true;
                return false;
            default:
                return false;
        }
    }

    private enum Kind { Skipped, Items, Properties }

    private sealed record Shape(Kind Kind, PropertyInfo[]? Properties = null);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Shape> Shapes = new();

    // What both walks do with a value of this type: values that hold no text are skipped, and so is a list of them
    // (numbers, enums, dates: List<Schedule>); only the API's own request types are walked by property (framework types
    // carry no caller text).
    private static Shape ShapeOf(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) || type == typeof(Guid)) return new(Kind.Skipped);
        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            var plain = item is not null && (Nullable.GetUnderlyingType(item) ?? item) is var t && t.IsValueType && ShapeOf(t).Kind == Kind.Skipped;
            return new(plain ? Kind.Skipped : Kind.Items);
        }
        if (type.Namespace?.StartsWith("MatchApi", StringComparison.Ordinal) != true) return new(Kind.Skipped);
        return new(Kind.Properties, type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray());
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
        var shape = Shapes.GetOrAdd(value.GetType(), ShapeOf);
        switch (shape.Kind)
        {
            case Kind.Items:
                var index = 0;
                foreach (var item in (IEnumerable)value) Walk(item, $"{path}[{index++}]", errors, depth + 1);
                return;
            case Kind.Properties:
                foreach (var property in shape.Properties!)
                {
                    var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                    Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", errors, depth + 1);
                }
                return;
        }
    }
}
