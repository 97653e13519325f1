using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using MatchApi.Common;

namespace MatchApi.Sync;

/// <summary>
/// A column a CSV file may have: the item field it fills, named as validation errors name it
/// (e.g. <c>OrgNumber</c>, <c>Location.Latitude</c>), its Swedish and English headers, and other names people give it.
/// </summary>
public sealed record CsvColumn(string Field, bool Required, string Swedish, string English, params string[] Others)
{
    public IEnumerable<string> Headers => Others.Prepend(English).Prepend(Swedish).Append(Field);

    public override string ToString() => $"{Swedish}/{English}{(Required ? " (required)" : "")}";
}

/// <summary>A cell that could not be read as its field's type.</summary>
public sealed record CellError(string Field, string Message);

/// <summary>
/// One row of a list, from JSON or CSV: its number from 1, the CSV line it starts on, the item
/// (null only for a JSON null), the cells that could not be read, and which CSV header fills which field.
/// </summary>
public sealed record ParsedRow<TItem>(int Row, int? Line, TItem? Item, IReadOnlyList<CellError> CellErrors,
    IReadOnlyDictionary<string, string>? Headers) where TItem : class;

/// <summary>The whole body cannot be read as a list (missing or unknown CSV columns, bad encoding, malformed JSON).</summary>
public sealed class SyncBodyException(string message) : Exception(message);

/// <summary>How the rows of one kind of CSV file become items.</summary>
public sealed class CsvSchema<TItem>(IReadOnlyList<CsvColumn> columns, Func<CsvCells, TItem> build)
{
    public IReadOnlyList<CsvColumn> Columns { get; } = columns;

    public TItem Build(CsvCells row) => build(row);
}

/// <summary>
/// Reads CSV as people export it from Excel in Sweden: semicolon or comma (or tab) between fields, chosen
/// from the header line; UTF-8 with or without BOM, or the charset the request declares (windows-1252);
/// quoted fields; Swedish or English headers; decimal comma or point. The body is parsed as it arrives
/// (CsvHelper reads it in 64 KB blocks), one record at a time.
/// </summary>
public static class CsvRows
{
    private const int MaxHeaderBytes = 64 * 1024;

    static CsvRows() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The encoding a charset names, after registering the Windows code pages; null for UTF-8, which is
    /// read as it is. False when the charset is unknown.
    /// </summary>
    public static bool TryGetEncoding(string charset, out Encoding? encoding)
    {
        encoding = null;
        try
        {
            var named = Encoding.GetEncoding(charset.Trim('"'));
            if (named.CodePage != Encoding.UTF8.CodePage) encoding = named;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static async IAsyncEnumerable<ParsedRow<TItem>> ReadAsync<TItem>(Stream body, Encoding? encoding, CsvSchema<TItem> schema,
        [EnumeratorCancellation] CancellationToken ct) where TItem : class
    {
        var (input, separator, utf8Bom) = await PeekHeaderAsync(body, ct);
        // A UTF-8 BOM decides the encoding whatever the charset says: Excel's "CSV UTF-8" writes one.
        if (utf8Bom) encoding = null;
        var options = new CsvReaderOptions
        {
            Separator = separator,
            Encoding = encoding,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
        };
        await using var reader = CsvReader.Create(input, options, leaveOpen: true);
        await reader.ReadHeaderAsync(ct);
        if (reader.Headers.Count == 0) throw new SyncBodyException("The CSV file is empty; its first line must name the columns.");
        var cells = new CsvCells(MapHeaders(reader.Headers, schema.Columns));
        while (await reader.ReadAsync(ct))
        {
            var line = (int)reader.LineNumber;
            // A cell beyond the header is usually a value with an unquoted separator; cutting it would store half a value.
            if (reader.FieldCount > reader.Headers.Count)
                throw new SyncBodyException($"Line {line} has {reader.FieldCount} cells but the header (line 1) names {reader.Headers.Count} columns. "
                    + "Quote values that contain the separator, or remove the extra cells.");
            cells.Next(index => Field(reader, index, encoding is null, line));
            yield return new ParsedRow<TItem>((int)reader.RowNumber, line, schema.Build(cells), cells.TakeErrors(), cells.Headers);
        }
    }

    /// <summary>Semicolon when the header line has more semicolons than commas (Swedish Excel), comma otherwise; tab for tab-separated text.</summary>
    public static char HeaderSeparator(ReadOnlySpan<byte> header)
    {
        var (semicolons, commas, tabs) = (header.Count((byte)';'), header.Count((byte)','), header.Count((byte)'\t'));
        if (tabs > semicolons && tabs > commas) return '\t';
        return semicolons > commas ? ';' : ',';
    }

    /// <summary>Header names compared without case, spaces, underscores, hyphens, dots and Swedish accents: "Extern referens" is "externreferens".</summary>
    public static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            switch (c)
            {
                case ' ' or '_' or '-' or '.' or '/' or '\u00a0' or '\ufeff': break;
                case 'å' or 'ä' or 'á' or 'à': builder.Append('a'); break;
                case 'ö' or 'ø' or 'ó': builder.Append('o'); break;
                case 'é' or 'è': builder.Append('e'); break;
                case 'ü': builder.Append('u'); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    // Undeclared text is UTF-8; an Excel file saved as "CSV (semikolonavgränsad)" is Windows-1252 and would lose å, ä and ö.
    private static string Field(CsvReader reader, int index, bool utf8, int line)
    {
        if (utf8 && !Utf8.IsValid(reader.GetSpan(index)))
            throw new SyncBodyException($"Line {line} is not UTF-8. Excel's \"CSV (semikolonavgränsad)\" is Windows-1252: send it with "
                + "Content-Type: text/csv; charset=windows-1252, or save it as \"CSV UTF-8\".");
        return reader.GetString(index);
    }

    // The separator is chosen from the first line alone, so it is read before the parser starts and then handed back to it.
    private static async Task<(Stream Input, char Separator, bool Utf8Bom)> PeekHeaderAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        var newline = -1;
        while (newline < 0 && length < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) break;
            var found = buffer.AsSpan(length, read).IndexOf((byte)'\n');
            if (found >= 0) newline = length + found;
            length += read;
        }
        var header = buffer.AsSpan(0, newline < 0 ? length : newline);
        return (new PrefixedStream(buffer.AsMemory(0, length), body), HeaderSeparator(header), header.StartsWith(Encoding.UTF8.Preamble));
    }

    private static CsvHeaders MapHeaders(IReadOnlyList<string> header, IReadOnlyList<CsvColumn> columns)
    {
        var byKey = new Dictionary<string, CsvColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
            foreach (var name in column.Headers)
                byKey[Key(name)] = column;

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\ufeff');
            if (name.Length == 0) continue;
            if (!byKey.TryGetValue(Key(name), out var column))
                problems.Add($"Unknown column '{name}'.");
            else if (names.TryGetValue(column.Field, out var earlier))
                problems.Add($"Columns '{earlier}' and '{name}' both give {column.Field}.");
            else
            {
                index[column.Field] = i;
                names[column.Field] = name;
            }
        }
        foreach (var missing in columns.Where(c => c.Required && !index.ContainsKey(c.Field)))
            problems.Add($"Column '{missing.Swedish}' ({missing.English}) is missing.");
        if (problems.Count > 0)
            throw new SyncBodyException(
                $"The CSV header (line 1) does not fit: {string.Join(" ", problems)} Known columns: {Describe(columns)}.");
        return new CsvHeaders(index, names);
    }

    /// <summary>The columns as the documentation lists them: Swedish/English header, required ones marked.</summary>
    public static string Describe(IReadOnlyList<CsvColumn> columns) => string.Join(", ", columns);

    internal sealed record CsvHeaders(Dictionary<string, int> Index, Dictionary<string, string> Names);

    /// <summary>The bytes already read, then the rest of the body.</summary>
    internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            return TakePrefix(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _prefix.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(TakePrefix(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int TakePrefix(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }
    }
}

/// <summary>The current CSV record, read field by field; a cell that cannot be read becomes null and an error of its row.</summary>
public sealed class CsvCells
{
    private static readonly string[] Yes = ["ja", "j", "yes", "y", "true", "sant", "1", "x"];
    private static readonly string[] No = ["nej", "n", "no", "false", "falskt", "0"];

    private readonly Dictionary<string, int> _index;
    private Func<int, string> _field = _ => "";
    private List<CellError> _errors = [];

    internal CsvCells(CsvRows.CsvHeaders headers)
    {
        _index = headers.Index;
        Headers = headers.Names;
    }

    /// <summary>Which header filled which field.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The trimmed text of a field; null when the column is absent or the cell empty.</summary>
    public string? Text(string field)
    {
        if (!_index.TryGetValue(field, out var i)) return null;
        var value = _field(i).Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>An enum value by its API name (any case) or one of its Swedish words.</summary>
    public TEnum? Choice<TEnum>(string field, CsvWords<TEnum> words) where TEnum : struct, Enum
    {
        if (Text(field) is not { } text) return null;
        if (words.TryGet(text, out var value)) return value;
        return Fail<TEnum?>(field, $"'{text}' is not one of {words.Describe()}.");
    }

    /// <summary>A decimal number, with decimal comma or point; spaces as thousands separators are ignored.</summary>
    public double? Number(string field)
    {
        if (Text(field) is not { } text) return null;
        var normal = text.Replace(" ", "").Replace("\u00a0", "").Replace(',', '.');
        return double.TryParse(normal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : Fail<double?>(field, $"'{text}' is not a number.");
    }

    public long? WholeNumber(string field)
    {
        if (Text(field) is not { } text) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<long?>(field, $"'{text}' is not a whole number.");
    }

    /// <summary>ja/nej, yes/no, true/false, 1/0.</summary>
    public bool? YesNo(string field)
    {
        if (Text(field) is not { } text) return null;
        var key = text.ToLowerInvariant();
        if (Yes.Contains(key)) return true;
        if (No.Contains(key)) return false;
        return Fail<bool?>(field, $"'{text}' is not ja/nej (yes/no, true/false, 1/0).");
    }

    /// <summary>An ISO date, 2026-03-31; a midnight time that Excel sometimes adds is ignored.</summary>
    public DateOnly? Date(string field)
    {
        if (Text(field) is not { } text) return null;
        var day = text.Length > 10 && text[10..].Trim() is "00:00" or "00:00:00" ? text[..10] : text;
        return DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : Fail<DateOnly?>(field, $"'{text}' is not a date written as 2026-03-31.");
    }

    /// <summary>A position from two columns; both or neither must be given.</summary>
    public GeoPoint? Location(string latitudeField, string longitudeField)
    {
        var latitude = Number(latitudeField);
        var longitude = Number(longitudeField);
        if (latitude is { } lat && longitude is { } lon) return new GeoPoint(lat, lon);
        if (latitude is null && Text(latitudeField) is null && longitude is not null)
            return Fail<GeoPoint?>(latitudeField, "Give the latitude together with the longitude.");
        if (longitude is null && Text(longitudeField) is null && latitude is not null)
            return Fail<GeoPoint?>(longitudeField, "Give the longitude together with the latitude.");
        return null;
    }

    internal void Next(Func<int, string> field)
    {
        _field = field;
        _errors = [];
    }

    internal IReadOnlyList<CellError> TakeErrors() => _errors;

    private T Fail<T>(string field, string message)
    {
        _errors.Add(new CellError(field, message));
        return default!;
    }
}

/// <summary>The words a CSV cell may use for an enum: its API names in any case, and Swedish ones.</summary>
public sealed class CsvWords<TEnum> where TEnum : struct, Enum
{
    private readonly Dictionary<string, TEnum> _words = new(StringComparer.Ordinal);
    private readonly string _description;

    public CsvWords(params (string Word, TEnum Value)[] swedish)
    {
        foreach (var value in Enum.GetValues<TEnum>()) _words[CsvRows.Key(value.ToString())] = value;
        foreach (var (word, value) in swedish) _words[CsvRows.Key(word)] = value;
        var english = Enum.GetNames<TEnum>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]);
        _description = swedish.Length == 0
            ? string.Join(", ", english)
            : $"{string.Join(", ", swedish.DistinctBy(s => s.Value).Select(s => s.Word))} ({string.Join(", ", english)})";
    }

    public bool TryGet(string text, out TEnum value) => _words.TryGetValue(CsvRows.Key(text), out value);

    public string Describe() => _description;
}
