using System.Diagnostics;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.SqlServer;

/// <summary>
/// Parsing only proves syntax. Here every SQL Server statement of the code is bound against a DacFx model of the schema
/// the migrations produce, so a misspelt column, a table no migration creates or a MERGE source without the column it
/// assigns fails without a server.
/// </summary>
public sealed class SchemaBindingTests
{
    [Fact]
    public void Every_sqlserver_statement_binds_against_the_migrated_schema()
    {
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var statements = SqlServerModel.CodeStatements();
        Assert.Equal(SqlSources.Statements().Count, statements.Count);

        var problems = SqlServerModel.Validate(statements, out var warnings);

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"Bound {statements.Count} statements against {SqlServerModel.SchemaObjects().Count} schema objects in {watch.ElapsedMilliseconds} ms "
            + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms CPU of the whole test process).");
        foreach (var temp in SqlServerModel.TempTables().Values)
            output?.WriteLine($"{temp.Name} (created by {temp.CreatedBy}) is bound as {temp.ModelName}, used by "
                + string.Join(", ", statements.Where(s => s.TempTables.Contains(temp.Name, StringComparer.OrdinalIgnoreCase)).Select(s => s.Source)));
        foreach (var warning in warnings) output?.WriteLine($"warning: {warning}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_misspelt_column_a_missing_table_or_a_merge_source_without_the_column_fails_the_binding()
    {
        // A real statement with one column misspelt: the stage column the MERGE assigns, so #temp binding is proven too.
        var apply = SqlSources.Statements().Single(s => s.ToString() == "MatchApi.Sync.EmployerSyncApi+Sqls.Apply");
        Assert.Contains("name = s.name", apply.Sql.SqlServer);
        var broken = new Dictionary<string, (string Text, string Culprit)>
        {
            ["broken select"] = ("SELECT id, name, sectr FROM employers WHERE tenant_id = @TenantId;", "sectr"),
            ["broken stage column"] = (apply.Sql.SqlServer.Replace("name = s.name", "name = s.nmae", StringComparison.Ordinal), "nmae"),
            ["broken table"] = ("SELECT id FROM employer WHERE tenant_id = @TenantId;", "employer"),
            ["broken update"] = ("UPDATE coaches SET emial = @Email WHERE id = @Id AND tenant_id = @TenantId;", "emial"),
            // DacFx checks a MERGE source that is a table; a derived table's columns it does not check (see docs/sqlserver.md).
            ["broken merge source"] = ("""
                MERGE employers AS t USING ref_occupations AS s ON t.sni_code = s.code
                WHEN MATCHED THEN UPDATE SET t.name = s.name;
                """, "[name]"),
        };

        var problems = SqlServerModel.Validate(broken.Select(b => SqlServerModel.Bind(b.Key, b.Value.Text)), out _);

        foreach (var (source, (_, culprit)) in broken)
            Assert.True(problems.Any(p => p.Source == source && p.Message.Contains(culprit, StringComparison.Ordinal)), $"{source} should fail on {culprit}; found: {string.Join("; ", problems)}");
        // Nothing but the broken statements is reported: the schema itself binds.
        Assert.Equal(broken.Keys.Order(), problems.Select(p => p.Source).Distinct().Order());
    }

    [Fact]
    public void Later_migrations_that_add_alter_or_drop_are_folded_into_the_model()
    {
        var schema = SqlServerModel.ReadSchema([
            new MigrationScript("db/sqlserver/0001_a.sql", """
                CREATE TABLE dbo.things (id bigint NOT NULL PRIMARY KEY, old int NULL, label nvarchar(10) NOT NULL,
                    CONSTRAINT ck_things_old CHECK (old > 0));
                CREATE INDEX ix_things_label ON dbo.things (label);
                """),
            new MigrationScript("db/sqlserver/0002_b.sql", """
                ALTER TABLE dbo.things ADD added datetime2(7) NULL;
                ALTER TABLE dbo.things ALTER COLUMN label nvarchar(50) COLLATE Finnish_Swedish_CI_AS NOT NULL;
                ALTER TABLE dbo.things DROP CONSTRAINT ck_things_old;
                ALTER TABLE dbo.things DROP COLUMN old;
                DROP INDEX ix_things_label ON dbo.things;
                INSERT INTO dbo.things (id, label) VALUES (1, N'one');
                """),
        ]);

        var scripts = string.Join("\n", schema.Select(s => s.Script));
        Assert.DoesNotContain("ix_things_label", scripts);
        Assert.DoesNotContain("ck_things_old", scripts);
        var table = SqlServerModel.Find<Microsoft.SqlServer.TransactSql.ScriptDom.CreateTableStatement>(schema[0].Script).Single();
        var columns = SqlServerModel.Columns(table);
        Assert.Equal(["added", "id", "label"], columns.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ColumnType("nvarchar", 50, "Finnish_Swedish_CI_AS", false), columns["label"]);
        Assert.Equal("datetime2", columns["added"].Type);
        Assert.Contains(schema, s => s.Script.Contains("CREATE PROCEDURE", StringComparison.Ordinal) && s.Script.Contains("INSERT INTO dbo.things", StringComparison.Ordinal));
    }
}
