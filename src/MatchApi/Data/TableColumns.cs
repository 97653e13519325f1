namespace MatchApi.Data;

/// <summary>
/// How a column is stored in each dialect, and whether it may be NULL: what a stage table declares for it and what
/// <c>TableColumnsTests</c> compares with the migrated table.
/// </summary>
public sealed record ColumnType(Type Clr, string Sqlite, string SqlServer, bool Nullable = false, int? Length = null)
{
    public static readonly ColumnType Id = new(typeof(long), "INTEGER", "bigint");
    public static readonly ColumnType Real = new(typeof(double), "REAL", "float");
    public static readonly ColumnType Flag = new(typeof(bool), "INTEGER", "bit");
    public static readonly ColumnType Date = new(typeof(DateOnly), "TEXT", "date");

    public static ColumnType Text(int length) => new(typeof(string), "TEXT", $"nvarchar({length})", Length: length);

    public ColumnType OrNull => this with { Nullable = true };
}

/// <summary>
/// One column of a table's list: its name, the property (and @parameter) of <typeparamref name="TRow"/> that holds it,
/// its stored type, and how to read its value from a row (for statements bound column by column).
/// </summary>
public sealed record TableColumn<TRow>(string Name, string Property, ColumnType Type, Func<TRow, object?> Value);

/// <summary>
/// The columns of a table that every statement writing or reading a whole row names, in one list, so that the
/// statements are derived from it instead of spelling the columns out. The helpers give the pieces of SQL, e.g. for
/// <c>openings</c> with the list (employer_id, title, …):
/// <list type="bullet">
/// <item><see cref="Names"/>: <c>employer_id, title, …</c> (an INSERT's columns; <c>Names("s")</c>: <c>s.employer_id, s.title, …</c>)</item>
/// <item><see cref="Parameters"/>: <c>@EmployerId, @Title, …</c> (an INSERT's values)</item>
/// <item><see cref="SetClause"/>: <c>employer_id = @EmployerId, title = @Title, …</c>; <c>SetClause("s")</c>: <c>employer_id = s.employer_id, …</c></item>
/// <item><see cref="Select"/>: <c>employer_id AS EmployerId, title AS Title, …</c> (read by name into <typeparamref name="TRow"/>)</item>
/// <item><see cref="Definitions"/>: <c>employer_id INTEGER NOT NULL, title TEXT NOT NULL, …</c> (a stage table's columns)</item>
/// </list>
/// The columns deliberately not in the list (ids, keys, timestamps, the change stamp) are named in <see cref="NotListed"/>
/// and written by name where they are set; <c>TableColumnsTests</c> fails when the two together differ from the table.
/// </summary>
public sealed class TableColumns<TRow>(string table, IReadOnlyList<TableColumn<TRow>> columns, IReadOnlyList<string> notListed)
{
    public string Table { get; } = table;

    public IReadOnlyList<TableColumn<TRow>> Columns { get; } = columns;

    /// <summary>The table's other columns, each set by name by the statements that write it.</summary>
    public IReadOnlyList<string> NotListed { get; } = notListed;

    public string Names(string? alias = null) => Join(c => $"{Prefix(alias)}{c.Name}");

    public string Parameters => Join(c => $"@{c.Property}");

    /// <summary><c>column = @Property</c> for each column, or <c>column = alias.column</c> with an alias (a stage table, <c>excluded</c>).</summary>
    public string SetClause(string? alias = null) => Join(c => alias is null ? $"{c.Name} = @{c.Property}" : $"{c.Name} = {alias}.{c.Name}");

    public string Select(string? alias = null) => Join(c => $"{Prefix(alias)}{c.Name} AS {c.Property}");

    /// <summary>The columns of a stage table: the table's types, text in the database's collation (SQL Server's #temp tables otherwise take tempdb's).</summary>
    public string Definitions(DatabaseProvider provider) => Join(c => provider == DatabaseProvider.SqlServer
        ? $"{c.Name} {c.Type.SqlServer}{(c.Type.Clr == typeof(string) ? " COLLATE DATABASE_DEFAULT" : "")} {Null(c)}"
        : $"{c.Name} {c.Type.Sqlite} {Null(c)}");

    private static string Null(TableColumn<TRow> c) => c.Type.Nullable ? "NULL" : "NOT NULL";

    private static string Prefix(string? alias) => alias is null ? "" : alias + ".";

    // Four columns a line keeps the statements readable in logs and query plans.
    private string Join(Func<TableColumn<TRow>, string> part) =>
        string.Join(",\n    ", Columns.Chunk(4).Select(line => string.Join(", ", line.Select(part))));
}
