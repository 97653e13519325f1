using MatchApi.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MatchApi.Tests.SqlServer;

/// <summary>
/// Dapper gives each parameter the SQL type of its .NET type. Where that type differs from the column the parameter
/// is compared with, SQL Server converts one side: the column side costs a scan, an enum becomes a number compared with
/// text (a conversion error), and a DateTime is sent as datetime (rounded to 1/300 s) into datetime2. Every place the code
/// runs a statement is read with Roslyn (<see cref="ParameterTypes"/>), every @parameter paired with the column it is
/// compared with or written to (ScriptDom and the migrated schema), and the two types compared.
/// </summary>
public sealed class ParameterTypeTests
{
    [Fact]
    public void Every_parameter_has_a_type_that_fits_the_column_it_meets()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var usages = ParameterTypes.Usages();
        var statements = SqlSources.Statements().ToDictionary(s => s.ToString());
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"Read {usages.Count} places that run a statement in {watch.ElapsedMilliseconds} ms.");
        Assert.True(usages.Count > statements.Count / 2, $"{usages.Count} is not > {statements.Count / 2}");

        var problems = new List<string>();
        var checkedPairs = 0;
        foreach (var usage in usages)
        {
            if (!statements.TryGetValue(usage.Field, out var statement))
            {
                problems.Add($"{usage.Site}: {usage.Field} is not a field SqlSources finds.");
                continue;
            }
            var used = SqlServerModel.Analyse(statement.Sql.SqlServer).Parameters;
            if (usage.Parameters is null)
            {
                if (used.Count > 0) output?.WriteLine($"{usage.Field} at {usage.Site}: parameters passed as object or DynamicParameters; types not known here.");
                continue;
            }
            // Dapper sends only the members the text names; a name the object lacks is "Must declare the scalar variable".
            foreach (var name in used.Select(p => p.TrimStart('@')).Where(n => !usage.Parameters.ContainsKey(n)))
                problems.Add($"{usage.Field} at {usage.Site}: @{name} is not a member of the parameters object.");
            foreach (var (parameter, table, column, declared, how) in ColumnPairs(statement.Sql.SqlServer))
            {
                if (!usage.Parameters.TryGetValue(parameter.TrimStart('@'), out var type)) continue;
                checkedPairs++;
                if (Misfit(type, declared) is { } why)
                    problems.Add($"{usage.Field} at {usage.Site}: {parameter} is {type.ToDisplayString()} but is {how} {table}.{column} {declared}: {why}");
            }
        }
        output?.WriteLine($"Checked {checkedPairs} parameter–column pairs in {watch.ElapsedMilliseconds} ms "
            + $"({(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms CPU of the whole test process).");
        foreach (var field in statements.Keys.Except(usages.Select(u => u.Field)))
            output?.WriteLine($"{field}: no place found that runs it with Dapper (run through DbCommand, or not yet used); types not checked.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_parameter_of_the_wrong_type_is_reported()
    {
        var probe = CSharpCompilation.Create("Probe", [CSharpSyntaxTree.ParseText("public enum Status { Open, Closed }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var pairs = ColumnPairs("""
            SELECT o.id FROM openings AS o JOIN employers AS e ON e.id = o.employer_id
            WHERE o.tenant_id = @TenantId AND o.status = @Status AND o.updated_at > @Since AND e.name LIKE @Name AND o.start_date <= @Day;
            """).ToDictionary(p => p.Parameter, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("openings", pairs["@Status"].Table);
        Assert.Equal("employers", pairs["@Name"].Table);

        Assert.Contains("enum", Misfit(probe.GetTypeByMetadataName("Status")!, pairs["@Status"].Type)!);
        Assert.Contains("1/300 s", Misfit(probe.GetSpecialType(SpecialType.System_DateTime), pairs["@Since"].Type)!);
        Assert.Contains("DateOnly", Misfit(probe.GetSpecialType(SpecialType.System_DateTime), pairs["@Day"].Type)!);
        Assert.NotNull(Misfit(probe.GetSpecialType(SpecialType.System_String), pairs["@TenantId"].Type));
        Assert.Null(Misfit(probe.GetSpecialType(SpecialType.System_Int64), pairs["@TenantId"].Type));
        Assert.Null(Misfit(probe.GetSpecialType(SpecialType.System_String), pairs["@Status"].Type));
        Assert.Null(Misfit(probe.GetTypeByMetadataName("System.DateTimeOffset")!, pairs["@Since"].Type));
        Assert.Null(Misfit(probe.GetTypeByMetadataName("System.DateOnly")!, pairs["@Day"].Type));
    }

    /// <summary>Why a .NET type does not fit a column, or null when it does.</summary>
    public static string? Misfit(ITypeSymbol type, ColumnType column)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (type.TypeKind == TypeKind.Enum)
            return "Dapper sends an enum as its number; pass .ToString() (or a string) for a text column.";
        var sent = type.SpecialType switch
        {
            SpecialType.System_String => "nvarchar",
            SpecialType.System_Int64 => "bigint",
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int16 => "smallint",
            SpecialType.System_Byte => "tinyint",
            SpecialType.System_Boolean => "bit",
            SpecialType.System_Double => "float",
            SpecialType.System_Single => "real",
            SpecialType.System_Decimal => "decimal",
            // Dapper's DbType.DateTime is SQL Server's datetime.
            SpecialType.System_DateTime => "datetime",
            _ => type.ToDisplayString() switch
            {
                // Both go through MatchApi's Dapper type handlers (Data/TypeHandlers.cs).
                "System.DateTimeOffset" => "datetime2",
                "System.DateOnly" => "date",
                "System.Guid" => "uniqueidentifier",
                _ => null,
            },
        };
        if (sent is null) return null; // a list (Dapper expands it) or a type this test does not know: not judged
        string[] fits = column.Type switch
        {
            "nvarchar" or "nchar" => ["nvarchar"],
            "varchar" or "char" => [], // an nvarchar parameter converts a varchar column: a scan
            "bigint" => ["bigint", "int", "smallint", "tinyint"],
            "int" => ["int", "smallint", "tinyint", "bigint"],
            "smallint" or "tinyint" => ["int", "smallint", "tinyint"],
            "bit" => ["bit"],
            "float" or "real" => ["float", "real", "int", "bigint", "decimal"],
            "decimal" or "numeric" => ["decimal", "int", "bigint"],
            "date" => ["date"],
            "datetime2" => ["datetime2", "date"],
            "datetimeoffset" => ["datetimeoffset"],
            "uniqueidentifier" => ["uniqueidentifier"],
            _ => [sent],
        };
        if (fits.Contains(sent)) return null;
        return (sent, column.Type) switch
        {
            ("datetime", "datetime2") => "sent as datetime, which rounds to 1/300 s; use DateTimeOffset (the UTC handler sends datetime2).",
            ("datetime", "date") or ("datetime2", "date") => "the date column is converted for the comparison, which prevents a seek; pass a DateOnly.",
            ("nvarchar", _) => "text against a non-text column converts every row's value and can fail.",
            _ => $"sent as {sent}, so SQL Server converts one side.",
        };
    }

    /// <summary>(parameter, table, column, column type, how they meet) for every @parameter compared with or written to a column.</summary>
    public static IEnumerable<(string Parameter, string Table, string Column, ColumnType Type, string How)> ColumnPairs(string text)
    {
        var fragment = SqlSources.ParseTSql(text, out var errors);
        if (errors.Count > 0) yield break;
        var tables = SqlServerModel.Tables();
        var temps = SqlServerModel.TempTables().Values.ToDictionary(t => t.Name,
            t => SqlServerModel.Columns(SqlServerModel.Find<CreateTableStatement>(t.Script).Single()), StringComparer.OrdinalIgnoreCase);
        var collector = new PairCollector();
        fragment.Accept(collector);

        // Every table the text names, by alias and by name; the scope is the whole text, which is enough for these statements.
        var byAlias = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var named in collector.Tables)
        {
            var name = named.SchemaObject.BaseIdentifier.Value;
            byAlias.TryAdd(name, name);
            if (named.Alias is { } alias) byAlias[alias.Value] = name;
        }
        IReadOnlyDictionary<string, ColumnType>? ColumnsOf(string table) =>
            tables.TryGetValue(table, out var c) ? c : temps.TryGetValue(table, out var t) ? t : null;

        foreach (var (column, variable, how) in collector.Pairs)
        {
            var parts = column.MultiPartIdentifier?.Identifiers;
            if (parts is null || parts.Count == 0) continue;
            var name = parts[^1].Value;
            IEnumerable<string> candidates = parts.Count >= 2
                ? byAlias.TryGetValue(parts[^2].Value, out var t) ? [t] : []
                : collector.Tables.Select(n => n.SchemaObject.BaseIdentifier.Value).Distinct(StringComparer.OrdinalIgnoreCase);
            var matches = candidates.Select(c => (Table: c, Columns: ColumnsOf(c)))
                .Where(c => c.Columns is not null && c.Columns.ContainsKey(name)).ToList();
            if (matches.Count != 1) continue; // a derived table, a CTE or an ambiguous name: the model cannot tell
            yield return (variable, matches[0].Table, name, matches[0].Columns![name], how);
        }
    }

    private sealed class PairCollector : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Tables { get; } = [];
        public List<(ColumnReferenceExpression Column, string Variable, string How)> Pairs { get; } = [];

        private static ScalarExpression Strip(ScalarExpression e) => e is ParenthesisExpression p ? Strip(p.Expression) : e;

        private void Pair(ScalarExpression? a, ScalarExpression? b, string how)
        {
            if (a is null || b is null) return;
            if (Strip(a) is ColumnReferenceExpression c && Strip(b) is VariableReference v) Pairs.Add((c, v.Name, how));
            else if (Strip(b) is ColumnReferenceExpression c2 && Strip(a) is VariableReference v2) Pairs.Add((c2, v2.Name, how));
        }

        public override void Visit(NamedTableReference node) => Tables.Add(node);
        public override void Visit(BooleanComparisonExpression node) => Pair(node.FirstExpression, node.SecondExpression, "compared with");
        public override void Visit(LikePredicate node) => Pair(node.FirstExpression, node.SecondExpression, "compared with");
        public override void Visit(BooleanTernaryExpression node)
        {
            Pair(node.FirstExpression, node.SecondExpression, "compared with");
            Pair(node.FirstExpression, node.ThirdExpression, "compared with");
        }
        public override void Visit(InPredicate node)
        {
            foreach (var value in node.Values) Pair(node.Expression, value, "compared with");
        }
        public override void Visit(AssignmentSetClause node) => Pair(node.Column, node.NewValue, "written to");

        public override void Visit(InsertSpecification node)
        {
            if (node.InsertSource is ValuesInsertSource values)
                foreach (var row in values.RowValues) Columns(node.Columns, row.ColumnValues);
            else if (node.InsertSource is SelectInsertSource { Select: QuerySpecification query })
                Columns(node.Columns, query.SelectElements.Select(e => (e as SelectScalarExpression)?.Expression).ToList());
        }

        public override void Visit(InsertMergeAction node) => Columns(node.Columns, node.Source.RowValues.SingleOrDefault()?.ColumnValues ?? []);

        private void Columns(IList<ColumnReferenceExpression> columns, IList<ScalarExpression?> values)
        {
            if (columns.Count != values.Count) return;
            for (var i = 0; i < columns.Count; i++)
                if (values[i] is { } value && Strip(value) is VariableReference v) Pairs.Add((columns[i], v.Name, "written to"));
        }
    }
}
