using System.Reflection;
using MatchApi.Data;
using MatchApi.Sync;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MatchApi.Tests.SqlServer;

/// <summary>
/// The sync path writes through a #stage table that SqlBulkCopy fills by column name (more than
/// <see cref="SyncEngine.BulkCopyThreshold"/> rows) or StageRow fills by parameter name, and a MERGE applies. The
/// binding test proves the MERGE names real columns; this one proves that the stage has exactly the columns the
/// code sends, of the SQL types their .NET types become, and of the same type, length and comparable collation as
/// the table columns they are written to or compared with.
/// </summary>
public sealed class SyncStageTests
{
    private static readonly Dictionary<Type, string[]> SqlTypesOf = new()
    {
        [typeof(string)] = ["nvarchar", "nchar"],
        [typeof(int)] = ["int"],
        [typeof(long)] = ["bigint"],
        [typeof(bool)] = ["bit"],
        [typeof(double)] = ["float"],
        [typeof(decimal)] = ["decimal", "numeric"],
        [typeof(DateOnly)] = ["date"],
        [typeof(DateTime)] = ["datetime2"],
    };

    public sealed record Stage(string Owner, SyncStatements Statements, IReadOnlyList<(string Column, string Parameter, Type Type)> Columns)
    {
        public override string ToString() => Owner;
    }

    /// <summary>Every sync table of the app: its static <see cref="SyncStatements"/> and the stage columns beside it.</summary>
    public static IReadOnlyList<Stage> Stages() =>
        typeof(Sql).Assembly.GetTypes()
            .Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => f.FieldType == typeof(SyncStatements))
                .Select(f => new Stage($"{t.FullName}.{f.Name}", (SyncStatements)f.GetValue(null)!, StageColumnsOf(t))))
            .ToList();

    // The sync table's column list (Data/TableColumns.cs): the stage's columns, StageRow's parameters and their types.
    private static List<(string, string, Type)> StageColumnsOf(Type owner)
    {
        var field = owner.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Single(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(TableColumns<>));
        var list = (System.Collections.IEnumerable)Get(field.GetValue(null)!, "Columns");
        return list.Cast<object>()
            .Select(c => ((string)Get(c, "Name"), (string)Get(c, "Property"), ((MatchApi.Data.ColumnType)Get(c, "Type")).Clr))
            .ToList();
    }

    private static object Get(object o, string property) => o.GetType().GetProperty(property)!.GetValue(o)!;

    [Fact]
    public void Every_sync_stage_holds_what_the_code_sends_with_the_types_of_the_target_columns()
    {
        var stages = Stages();
        Assert.True(stages.Count >= 2, $"{stages.Count} is not >= {2}");
        var tables = SqlServerModel.Tables();
        var problems = new List<string>();
        foreach (var stage in stages)
        {
            var sql = stage.Statements;
            var create = SqlServerModel.Find<CreateTableStatement>(sql.CreateStage.SqlServer)
                .Single(t => t.SchemaObjectName.BaseIdentifier.Value.Equals(sql.SqlServerStage, StringComparison.OrdinalIgnoreCase));
            var staged = SqlServerModel.Columns(create);

            // SqlBulkCopy maps the DataTable's columns by name: row_no, external_ref and then every stage column.
            var sent = new[] { ("row_no", "RowNo", typeof(int)), ("external_ref", "ExternalRef", typeof(string)) }.Concat(stage.Columns).ToList();
            foreach (var (column, _, type) in sent)
            {
                if (!staged.TryGetValue(column, out var declared))
                    problems.Add($"{stage}: the code sends {column} but {sql.SqlServerStage} has no such column.");
                else if (!SqlTypesOf.TryGetValue(type, out var fits) || !fits.Contains(declared.Type))
                    problems.Add($"{stage}: {sql.SqlServerStage}.{column} is {declared} but the code sends {type.Name}.");
            }
            foreach (var column in staged.Keys.Except(sent.Select(s => s.Item1), StringComparer.OrdinalIgnoreCase))
                problems.Add($"{stage}: {sql.SqlServerStage}.{column} is never filled by the code.");

            // StageRow binds one parameter per column, by the names the engine gives them.
            var parameters = SqlServerModel.Analyse(sql.StageRow.SqlServer).Parameters.Select(p => p.TrimStart('@')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (column, parameter, _) in sent.Where(s => !parameters.Contains(s.Item2)))
                problems.Add($"{stage}: StageRow has no @{parameter} for {column}.");

            // The MERGE writes stage columns into the table and compares them with its columns.
            var merge = SqlServerModel.Find<MergeStatement>(sql.Apply.SqlServer).Single();
            var target = ((NamedTableReference)merge.MergeSpecification.Target).SchemaObject.BaseIdentifier.Value;
            var columns = tables[target];
            foreach (var (targetColumn, stageColumn, compared) in Pairs(merge))
            {
                if (!columns.TryGetValue(targetColumn, out var t) || !staged.TryGetValue(stageColumn, out var s)) continue; // the binding test reports these
                if (s.Type != t.Type || s.Length != t.Length)
                    problems.Add($"{stage}: {sql.SqlServerStage}.{stageColumn} is {s} but {target}.{targetColumn} is {t}.");
                if (compared && s.IsText && !SameCollation(s.Collation, t.Collation))
                    problems.Add($"{stage}: {sql.SqlServerStage}.{stageColumn} ({s}) is compared with {target}.{targetColumn} ({t}); "
                        + "the collations differ, which fails (error 468) or prevents a seek.");
                if (!compared && s.Nullable && !t.Nullable)
                    problems.Add($"{stage}: {sql.SqlServerStage}.{stageColumn} may be NULL but {target}.{targetColumn} may not.");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    // A #stage column is created with COLLATE DATABASE_DEFAULT; a table column without COLLATE has the database's too.
    private static bool SameCollation(string? stage, string? table) =>
        string.Equals(stage is null or "DATABASE_DEFAULT" ? null : stage, table is null or "DATABASE_DEFAULT" ? null : table,
            StringComparison.OrdinalIgnoreCase);

    /// <summary>(target column, stage column, compared) for every s.x the MERGE assigns, inserts or compares with a t.y.</summary>
    private static IEnumerable<(string Target, string Stage, bool Compared)> Pairs(MergeStatement merge)
    {
        var spec = merge.MergeSpecification;
        var stageAlias = spec.TableReference is NamedTableReference { Alias: { } a } ? a.Value : null;
        string? StageColumn(ScalarExpression e) =>
            e is ColumnReferenceExpression { MultiPartIdentifier.Identifiers: [var alias, var column] }
            && alias.Value.Equals(stageAlias, StringComparison.OrdinalIgnoreCase) ? column.Value : null;
        string Last(ColumnReferenceExpression c) => c.MultiPartIdentifier.Identifiers[^1].Value;

        var comparisons = new List<BooleanComparisonExpression>();
        spec.SearchCondition.Accept(new ComparisonCollector(comparisons));
        foreach (var c in comparisons)
        {
            if (StageColumn(c.SecondExpression) is { } s && c.FirstExpression is ColumnReferenceExpression t1) yield return (Last(t1), s, true);
            if (StageColumn(c.FirstExpression) is { } s2 && c.SecondExpression is ColumnReferenceExpression t2) yield return (Last(t2), s2, true);
        }
        foreach (var clause in spec.ActionClauses)
        {
            switch (clause.Action)
            {
                case UpdateMergeAction update:
                    foreach (var set in update.SetClauses.OfType<AssignmentSetClause>())
                        if (StageColumn(set.NewValue) is { } s) yield return (Last(set.Column), s, false);
                    break;
                case InsertMergeAction insert:
                    var values = insert.Source.RowValues.Single().ColumnValues;
                    for (var i = 0; i < insert.Columns.Count; i++)
                        if (StageColumn(values[i]) is { } s) yield return (Last(insert.Columns[i]), s, false);
                    break;
            }
        }
    }

    private sealed class ComparisonCollector(List<BooleanComparisonExpression> found) : TSqlFragmentVisitor
    {
        public override void Visit(BooleanComparisonExpression node) => found.Add(node);
    }
}
