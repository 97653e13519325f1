using Dapper;
using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MatchApi.Tests.SqlServer;

/// <summary>The two dialects' migrations must declare the same tables and columns, or one database would lack what the code reads.</summary>
public sealed class SchemaParityTests
{
    // DbUp's journal is created by DbUp on each database, not by our scripts.
    private const string Journal = "SchemaVersions";

    [Fact]
    public async Task Sqlite_and_sqlserver_migrations_declare_the_same_tables_and_columns()
    {
        var sqlite = await SqliteSchemaAsync();
        var sqlServer = SqlServerSchema();
        Assert.NotEmpty(sqlite);

        var differences = new List<string>();
        foreach (var table in sqlite.Keys.Except(sqlServer.Keys, StringComparer.OrdinalIgnoreCase).Order())
            differences.Add($"Table {table} is created by db/sqlite but not by db/sqlserver.");
        foreach (var table in sqlServer.Keys.Except(sqlite.Keys, StringComparer.OrdinalIgnoreCase).Order())
            differences.Add($"Table {table} is created by db/sqlserver but not by db/sqlite.");
        foreach (var table in sqlite.Keys.Intersect(sqlServer.Keys, StringComparer.OrdinalIgnoreCase).Order())
        {
            var inSqlite = sqlite[table];
            var inSqlServer = sqlServer[table];
            var onlySqlite = inSqlite.Except(inSqlServer, StringComparer.OrdinalIgnoreCase).ToList();
            var onlySqlServer = inSqlServer.Except(inSqlite, StringComparer.OrdinalIgnoreCase).ToList();
            if (onlySqlite.Count > 0) differences.Add($"{table}: columns only in db/sqlite: {string.Join(", ", onlySqlite)}");
            if (onlySqlServer.Count > 0) differences.Add($"{table}: columns only in db/sqlserver: {string.Join(", ", onlySqlServer)}");
        }
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    /// <summary>
    /// What SQLite ends up with after all scripts, in both its files (the main one and the audit log's; SQL Server has one
    /// database for both): the database itself is the truth. A table in both files would be a fault of its own.
    /// </summary>
    private static async Task<Dictionary<string, List<string>>> SqliteSchemaAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TempSqliteDatabase.CreateAsync();
        var schema = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var open in new Func<CancellationToken, Task<System.Data.Common.DbConnection>>[] { database.Db.OpenAsync, database.Db.OpenAuditAsync })
        {
            await using var connection = await open(ct);
            var tables = await connection.QueryAsync<string>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> @Journal;", new { Journal });
            foreach (var table in tables)
                Assert.True(schema.TryAdd(table, (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info(@Table);", new { Table = table })).ToList()),
                    $"Table {table} is in both SQLite files.");
        }
        return schema;
    }

    /// <summary>What the SQL Server scripts declare, replayed from their syntax trees in order.</summary>
    private static Dictionary<string, List<string>> SqlServerSchema()
    {
        var collector = new SchemaCollector();
        foreach (var script in SqlSources.Scripts(DatabaseProvider.SqlServer))
        {
            var fragment = SqlSources.ParseTSql(script.Text, out var errors);
            Assert.True(errors.Count == 0, $"{script.File} does not parse; see {nameof(SqlDialectTests)}.");
            fragment.Accept(collector);
        }
        collector.Tables.Remove(Journal);
        return collector.Tables;
    }

    private sealed class SchemaCollector : TSqlFragmentVisitor
    {
        public Dictionary<string, List<string>> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(CreateTableStatement node)
        {
            if (TableName(node.SchemaObjectName) is not { } table || node.Definition is null) return;
            Tables[table] = node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value).ToList();
        }

        public override void Visit(AlterTableAddTableElementStatement node)
        {
            if (TableName(node.SchemaObjectName) is not { } table || !Tables.TryGetValue(table, out var columns)) return;
            columns.AddRange(node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        }

        public override void Visit(AlterTableDropTableElementStatement node)
        {
            if (TableName(node.SchemaObjectName) is not { } table || !Tables.TryGetValue(table, out var columns)) return;
            foreach (var element in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                columns.RemoveAll(c => string.Equals(c, element.Name.Value, StringComparison.OrdinalIgnoreCase));
        }

        public override void Visit(DropTableStatement node)
        {
            foreach (var name in node.Objects)
                if (TableName(name) is { } table) Tables.Remove(table);
        }

        // Only tables of dbo (named or implied) are the app's; #temp tables and other schemas are not.
        private static string? TableName(SchemaObjectName name)
        {
            var schema = name.SchemaIdentifier?.Value ?? "dbo";
            var table = name.BaseIdentifier.Value;
            return string.Equals(schema, "dbo", StringComparison.OrdinalIgnoreCase) && !table.StartsWith('#') ? table : null;
        }
    }
}
