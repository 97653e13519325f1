using Dapper;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Data;

/// <summary>
/// Each table's column list (<see cref="TableColumns{TRow}"/>) against the table as the migrations leave it: a
/// migration that adds a column the list neither lists nor names as not listed fails here, and so does a list that
/// names a column the table lacks, or a listed column whose type, length or nullability is not the table's (the sync
/// stage tables are declared from them).
/// </summary>
public abstract class TableColumnsTests(MatchApiFactory api)
{
    [Fact]
    public Task The_openings_list_is_the_openings_table() => MatchesTableAsync(OpeningsTable.Columns);

    [Fact]
    public Task The_employers_list_is_the_employers_table() => MatchesTableAsync(EmployersTable.Columns);

    private async Task MatchesTableAsync<TRow>(TableColumns<TRow> list)
    {
        api.EnsureUsable();
        var table = await TableAsync(list.Table);
        Assert.NotEmpty(table);
        var problems = new List<string>();

        var named = list.Columns.Select(c => c.Name).Concat(list.NotListed).ToList();
        foreach (var twice in named.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{twice.Key} is named {twice.Count()} times by the list of {list.Table}.");
        foreach (var missing in table.Keys.Except(named, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{list.Table}.{missing} is neither in the list nor among the columns it leaves out (NotListed, with why).");
        foreach (var extra in named.Except(table.Keys, StringComparer.OrdinalIgnoreCase))
            problems.Add($"The list of {list.Table} names {extra}, which the table does not have.");

        foreach (var column in list.Columns)
        {
            if (!table.TryGetValue(column.Name, out var stored)) continue;
            var expected = api.Provider == DatabaseProvider.SqlServer
                ? new StoredColumn { Type = column.Type.SqlServer.Split('(')[0], Length = column.Type.Length, Required = column.Type.Nullable ? 0 : 1 }
                : new StoredColumn { Type = column.Type.Sqlite, Required = column.Type.Nullable ? 0 : 1 };
            if (!string.Equals(stored.Type, expected.Type, StringComparison.OrdinalIgnoreCase) || stored.Length != expected.Length
                || stored.Required != expected.Required)
                problems.Add($"{list.Table}.{column.Name} is {stored} but the list says {expected}.");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private async Task<Dictionary<string, StoredColumn>> TableAsync(string table)
    {
        await using var connection = await api.Db.OpenAsync(TestContext.Current.CancellationToken);
        var columns = api.Provider == DatabaseProvider.SqlServer
            ? await connection.QueryAsync<StoredColumn>("""
                SELECT COLUMN_NAME AS Name, DATA_TYPE AS Type, CHARACTER_MAXIMUM_LENGTH AS Length,
                    CASE IS_NULLABLE WHEN 'NO' THEN 1 ELSE 0 END AS Required
                FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_SCHEMA = 'dbo' AND TABLE_NAME = @Table;
                """, new { Table = table })
            : await connection.QueryAsync<StoredColumn>(
                "SELECT name AS Name, type AS Type, \"notnull\" AS Required FROM pragma_table_info(@Table);", new { Table = table });
        return columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    private sealed class StoredColumn
    {
        public string Name { get; init; } = "";
        public string Type { get; init; } = "";
        public int? Length { get; init; }
        public long Required { get; init; }

        public override string ToString() => $"{Type}{(Length is { } n ? $"({n})" : "")} {(Required != 0 ? "NOT NULL" : "NULL")}";
    }
}

public sealed class TableColumnsTestsOnSqlite(SqliteApiFactory api) : TableColumnsTests(api);

public sealed class TableColumnsTestsOnSqlServer(SqlServerApiFactory api) : TableColumnsTests(api);
