using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchApi.Common;

/// <summary>
/// Enums in JSON are camelCase names, one per field. The framework's <see cref="JsonStringEnumConverter"/> also reads a
/// comma-joined list as a flags combination ("private, public" became <c>public</c>), for every enum; this refuses any
/// comma before the framework's converter reads the value.
/// </summary>
/// <remarks>
/// The OpenAPI generator lists an enum's names only for the framework's own converter: with a converter of our own,
/// every enum schema would be written as <c>{}</c>. It builds its schemas from a copy of the API's options, so the
/// strict reader is handed out for the API's own options (<paramref name="reads"/>) and the framework's converter for
/// any copy; the names it documents are exactly the names the strict reader takes.
/// </remarks>
public sealed class OneEnumValueConverter(JsonSerializerOptions reads) : JsonConverterFactory
{
    private readonly JsonStringEnumConverter names = new(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => names.CanConvert(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var framework = names.CreateConverter(typeToConvert, options);
        if (!ReferenceEquals(options, reads) || framework is null) return framework;
        return (JsonConverter)Activator.CreateInstance(typeof(Strict<>).MakeGenericType(typeToConvert), framework)!;
    }

    private sealed class Strict<TEnum>(JsonConverter<TEnum> framework) : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Check(ref reader);
            return framework.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            framework.Write(writer, value, options);

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Check(ref reader);
            return framework.ReadAsPropertyName(ref reader, typeToConvert, options);
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            framework.WriteAsPropertyName(writer, value, options);

        private static void Check(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) return;
            var text = reader.GetString();
            if (text is not null && text.Contains(',', StringComparison.Ordinal)) throw new OneEnumValueException(text);
        }
    }
}

/// <summary>A comma-joined enum value; the serializer fills in <see cref="JsonException.Path"/> (e.g. <c>$.avoid.sectors[0]</c>).</summary>
public sealed class OneEnumValueException(string value) : JsonException
{
    /// <summary>The field as the caller wrote it, camelCase: <c>sector</c>, <c>avoid.sectors[0]</c>, <c>rows[2].status</c> for a sync list's second row.</summary>
    public string Field => Path is { } path ? FieldOf(path) : "body";

    private static string FieldOf(string path) => path switch
    {
        ['$', '.', .. var rest] => rest,
        // A sync list: its rows are counted from 1, as in its other errors.
        ['$', '[', ..] when path.IndexOf(']') is var end and > 2 && int.TryParse(path[2..end], out var index) => $"rows[{index + 1}]{path[(end + 1)..]}",
        _ => path,
    };

    public override string Message => $"'{Field}' takes one value; \"{value}\" names several.";
}
