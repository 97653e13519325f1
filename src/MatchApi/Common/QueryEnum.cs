namespace MatchApi.Common;

/// <summary>
/// Enum filters in query strings use the same camelCase names as the JSON. The framework's own
/// enum binding is case-sensitive and also takes numbers ("status=7"); only a name, in any case, is a filter here.
/// </summary>
public static class QueryEnum
{
    /// <summary>False when a value is given but names no member; true with null when no value is given.</summary>
    public static bool TryParse<TEnum>(string? value, out TEnum? result) where TEnum : struct, Enum
    {
        result = null;
        if (value is null) return true;
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (name is null) return false;
        result = Enum.Parse<TEnum>(name);
        return true;
    }
}

/// <summary>
/// Marks a string query parameter that <see cref="QueryEnum.TryParse{TEnum}"/> reads, so that the OpenAPI
/// document lists its values (camelCase, as in JSON) instead of an open string.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class QueryEnumAttribute<TEnum> : Attribute, IQueryEnumNames where TEnum : struct, Enum
{
    public IReadOnlyList<string> Names { get; } =
        Enum.GetNames<TEnum>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName).ToArray();
}

public interface IQueryEnumNames
{
    IReadOnlyList<string> Names { get; }
}
