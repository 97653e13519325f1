using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MatchApi.Tests.SqlServer;

/// <summary>
/// SQL Server cannot run here, so every T-SQL text is at least parsed; and every SQLite text is
/// prepared against the migrated schema, which catches unknown tables and columns as well as syntax.
/// </summary>
public sealed class SqlDialectTests
{
    // The statements that exist today; the number only grows, so an enumeration that finds nothing cannot pass.
    private const int AtLeastStatements = 13;

    // SQL Server rejects a VALUES list of more than 1000 rows in an INSERT (error 10738), which the parser accepts.
    private const int MaxInsertRows = 1000;

    [Fact]
    public void Every_sqlserver_migration_script_parses_as_tsql()
    {
        var scripts = SqlSources.Scripts(DatabaseProvider.SqlServer);
        Assert.NotEmpty(scripts);

        var problems = new List<string>();
        foreach (var script in scripts)
        {
            var fragment = SqlSources.ParseTSql(script.Text, out var errors);
            problems.AddRange(errors.Select(e => $"{script.File} line {e.Line}, column {e.Column}: {e.Message}"));
            if (errors.Count > 0) continue;
            var rowCounter = new InsertRowCounter();
            fragment.Accept(rowCounter);
            problems.AddRange(rowCounter.TooLong.Select(i =>
                $"{script.File} line {i.StartLine}, column {i.StartColumn}: INSERT with more than {MaxInsertRows} VALUES rows; split it."));
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_sqlserver_statement_in_the_code_parses_as_tsql()
    {
        var statements = SqlSources.Statements();
        Assert.True(statements.Count >= AtLeastStatements, $"{statements.Count} is not >= {AtLeastStatements}");

        var problems = new List<string>();
        foreach (var statement in statements)
        {
            SqlSources.ParseTSql(statement.Sql.SqlServer, out var errors);
            problems.AddRange(errors.Select(e => $"{statement} (SqlServer) line {e.Line}, column {e.Column}: {e.Message}"));
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        TestContext.Current.TestOutputHelper?.WriteLine($"Parsed {statements.Count} SQL Server statements.");
    }

    [Fact]
    public async Task Every_sqlite_statement_in_the_code_prepares_against_the_migrated_schema()
    {
        var statements = SqlSources.Statements();
        Assert.True(statements.Count >= AtLeastStatements, $"{statements.Count} is not >= {AtLeastStatements}");
        await using var database = await TempSqliteDatabase.CreateAsync();
        await using var connection = (SqliteConnection)await database.Db.OpenAsync(TestContext.Current.CancellationToken);
        // The audit log's statements run on its own file (Db.OpenAuditAsync); attached, an unqualified audit_log finds it there.
        await using (var attach = connection.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $path AS audit;";
            attach.Parameters.AddWithValue("$path", database.Db.SqliteAuditPath);
            await attach.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Sync stages rows in TEMP tables that live only within a request. Those statements are run first (which
        // compiles them too), so that the statements reading the stage tables can be prepared.
        var stages = statements.Where(s => s.Sql.Sqlite.Contains("CREATE TEMP TABLE", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var stage in stages)
        {
            await using var create = connection.CreateCommand();
            create.CommandText = stage.Sql.Sqlite;
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var problems = new List<string>();
        foreach (var statement in statements.Except(stages))
        {
            // Prepare compiles every statement of the text without running it; unbound parameters are fine.
            await using var command = connection.CreateCommand();
            command.CommandText = statement.Sql.Sqlite;
            try
            {
                command.Prepare();
            }
            catch (SqliteException ex)
            {
                problems.Add($"{statement} (Sqlite): {ex.Message}");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private sealed class InsertRowCounter : TSqlFragmentVisitor
    {
        public List<InsertStatement> TooLong { get; } = [];

        public override void Visit(InsertStatement node)
        {
            if (node.InsertSpecification.InsertSource is ValuesInsertSource { RowValues.Count: > MaxInsertRows })
                TooLong.Add(node);
        }
    }
}
