using System.Text.RegularExpressions;
using MatchApi.Data;
using MatchApi.Tests.Infrastructure;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MatchApi.Tests.SqlServer;

/// <summary>A problem DacFx found, named by where the T-SQL came from (a migration script or a <see cref="Sql"/> field).</summary>
public sealed record ModelProblem(string Source, string Code, string Message)
{
    public override string ToString() => $"{Source}: {Code} {Message}";
}

/// <summary>A column's declared type: its name (nvarchar, bigint …), its length (-1 for max, null when it has none) and its collation.</summary>
public sealed record ColumnType(string Type, int? Length, string? Collation, bool Nullable)
{
    public bool IsText => Type is "nvarchar" or "varchar" or "nchar" or "char";

    public static ColumnType Of(ColumnDefinition column)
    {
        var type = column.DataType as SqlDataTypeReference;
        var name = type?.SqlDataTypeOption.ToString().ToLowerInvariant() ?? column.DataType.Name.BaseIdentifier.Value.ToLowerInvariant();
        int? length = type?.Parameters.FirstOrDefault() switch
        {
            MaxLiteral => -1,
            IntegerLiteral i when name is "nvarchar" or "varchar" or "nchar" or "char" => int.Parse(i.Value, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        var nullable = !column.Constraints.OfType<NullableConstraintDefinition>().Any(c => !c.Nullable)
            && !column.Constraints.OfType<UniqueConstraintDefinition>().Any(c => c.IsPrimaryKey);
        return new ColumnType(name, length, column.Collation?.Value, nullable);
    }

    public override string ToString() =>
        (Length is { } n ? $"{Type}({(n < 0 ? "max" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))})" : Type)
        + (Collation is null ? "" : $" COLLATE {Collation}");
}

/// <summary>A statement of the code as the model sees it: a stored procedure around its T-SQL, with its parameters declared.</summary>
public sealed record BoundStatement(string Source, string Text, IReadOnlyList<string> Parameters, IReadOnlyList<string> TempTables);

/// <summary>
/// A DacFx model of the schema the <c>db/sqlserver</c> migrations produce, built without a server: every script's
/// CREATE statements in order, <c>ALTER TABLE … ADD</c> folded into the table it extends, triggers and indexes kept,
/// and every other statement of a script (reference data) bound as a procedure body. Statements of the code are added
/// as procedures too, so that <see cref="TSqlModel.Validate"/> resolves every table and column they name.
/// </summary>
public static class SqlServerModel
{
    // The Testcontainers suite runs SQL Server 2022; Azure SQL accepts the same T-SQL.
    public const SqlServerVersion Version = SqlServerVersion.Sql160;

    // DacFx's numbers for a name it cannot resolve: SQL71501 (an error) and SQL71502 (a warning, e.g. a MERGE source column).
    private static readonly HashSet<int> UnresolvedReference = [71501, 71502, 71561, 71562];

    /// <summary>The schema objects of the migrations as separate scripts, each with the file it came from.</summary>
    public static IReadOnlyList<(string Source, string Script)> SchemaObjects() => LazySchema.Value;

    private static readonly Lazy<IReadOnlyList<(string Source, string Script)>> LazySchema =
        new(() => ReadSchema(SqlSources.Scripts(DatabaseProvider.SqlServer)));

    /// <summary>The schema objects that migration scripts, applied in the given order, leave.</summary>
    public static IReadOnlyList<(string Source, string Script)> ReadSchema(IEnumerable<MigrationScript> scripts)
    {
        var objects = new List<(string Source, TSqlStatement Statement, string? Text)>();
        var tables = new Dictionary<string, CreateTableStatement>(StringComparer.OrdinalIgnoreCase);
        var dataStatements = 0;
        foreach (var script in scripts)
        {
            var fragment = (TSqlScript)SqlSources.ParseTSql(script.Text, out var errors);
            if (errors.Count > 0) throw new InvalidOperationException($"{script.File} does not parse: {errors[0].Message}");
            foreach (var statement in fragment.Batches.SelectMany(b => b.Statements))
            {
                var original = script.Text.Substring(statement.StartOffset, statement.FragmentLength);
                switch (statement)
                {
                    case CreateTableStatement create:
                        tables[Name(create.SchemaObjectName)] = create;
                        objects.Add((script.File, create, null));
                        break;
                    case AlterTableAddTableElementStatement add when tables.TryGetValue(Name(add.SchemaObjectName), out var table):
                        // The model is declarative: a column added later is a column of the table.
                        foreach (var column in add.Definition.ColumnDefinitions) table.Definition.ColumnDefinitions.Add(column);
                        foreach (var constraint in add.Definition.TableConstraints) table.Definition.TableConstraints.Add(constraint);
                        foreach (var index in add.Definition.Indexes) table.Definition.Indexes.Add(index);
                        break;
                    case AlterTableAlterColumnStatement { DataType: not null } alter when tables.TryGetValue(Name(alter.SchemaObjectName), out var table)
                        && table.Definition.ColumnDefinitions.FirstOrDefault(c => Same(c.ColumnIdentifier, alter.ColumnIdentifier)) is { } column:
                        // ALTER COLUMN restates the type, the collation and the nullability (nullable unless NOT NULL is said).
                        column.DataType = alter.DataType;
                        column.Collation = alter.Collation;
                        foreach (var old in column.Constraints.OfType<NullableConstraintDefinition>().ToList()) column.Constraints.Remove(old);
                        column.Constraints.Add(new NullableConstraintDefinition { Nullable = !Regex.IsMatch(original, @"\bNOT\s+NULL\b", RegexOptions.IgnoreCase) });
                        break;
                    case AlterTableDropTableElementStatement drop when tables.TryGetValue(Name(drop.SchemaObjectName), out var table):
                        foreach (var element in drop.AlterTableDropTableElements)
                        {
                            if (element.TableElementType is TableElementType.Column)
                                RemoveAll(table.Definition.ColumnDefinitions, c => Same(c.ColumnIdentifier, element.Name));
                            else if (element.TableElementType is TableElementType.Constraint or TableElementType.NotSpecified)
                            {
                                RemoveAll(table.Definition.TableConstraints, c => Same(c.ConstraintIdentifier, element.Name));
                                foreach (var c in table.Definition.ColumnDefinitions) RemoveAll(c.Constraints, k => Same(k.ConstraintIdentifier, element.Name));
                            }
                            else throw new NotSupportedException($"{script.File}: '{original.Split('\n')[0].Trim()}' is not folded into the model yet.");
                        }
                        break;
                    case DropIndexStatement dropIndex when dropIndex.DropIndexClauses.All(c => c is DropIndexClause):
                        foreach (var clause in dropIndex.DropIndexClauses.Cast<DropIndexClause>())
                            objects.RemoveAll(o => o.Statement is CreateIndexStatement index && Same(index.Name, clause.Index)
                                && Name(index.OnName).Equals(Name(clause.Object), StringComparison.OrdinalIgnoreCase));
                        break;
                    case AlterTableStatement or DropObjectsStatement or DropIndexStatement:
                        throw new NotSupportedException(
                            $"{script.File}: '{original.Split('\n')[0].Trim()}' is not folded into the model yet; teach SqlServerModel to apply it.");
                    case CreateIndexStatement or CreateTriggerStatement or CreateViewStatement or CreateProcedureStatement
                        or CreateFunctionStatement or CreateSchemaStatement or CreateTypeStatement or CreateSequenceStatement:
                        objects.Add((script.File, statement, original));
                        break;
                    default:
                        // Data statements (reference data, back-fills) must bind too: each becomes a procedure body.
                        objects.Add((script.File, statement,
                            $"CREATE PROCEDURE dbo.[{MigrationPrefix}{script.File} #{++dataStatements}] AS\nBEGIN\n{original}\nEND"));
                        break;
                }
            }
        }
        var generator = new Sql160ScriptGenerator(new SqlScriptGeneratorOptions { IncludeSemicolons = true });
        var result = new List<(string Source, string Script)>();
        foreach (var (source, statement, text) in objects)
        {
            // DacFx replaces what an earlier script of the same source name added, so each object is its own source.
            var script = text;
            if (script is null) generator.GenerateScript(statement, out script);
            result.Add(($"{source} #{result.Count + 1}", script));
        }
        return result;
    }

    /// <summary>The tables the migrations leave, with their columns as declared (ALTER TABLE … ADD folded in).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, ColumnType>> Tables() => LazyTables.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, ColumnType>>> LazyTables = new(() =>
        SchemaObjects()
            .Select(o => SqlSources.ParseTSql(o.Script, out _))
            .SelectMany(f => ((TSqlScript)f).Batches.SelectMany(b => b.Statements).OfType<CreateTableStatement>())
            .ToDictionary(t => t.SchemaObjectName.BaseIdentifier.Value, Columns, StringComparer.OrdinalIgnoreCase));

    /// <summary>The columns of a CREATE TABLE (a migration's or a #stage's), by name.</summary>
    public static IReadOnlyDictionary<string, ColumnType> Columns(CreateTableStatement table) =>
        table.Definition.ColumnDefinitions.ToDictionary(c => c.ColumnIdentifier.Value, ColumnType.Of, StringComparer.OrdinalIgnoreCase);

    private static bool Same(Identifier? a, Identifier? b) => a is not null && b is not null && a.Value.Equals(b.Value, StringComparison.OrdinalIgnoreCase);

    private static void RemoveAll<T>(IList<T> list, Func<T, bool> match)
    {
        foreach (var item in list.Where(match).ToList()) list.Remove(item);
    }

    private static string Name(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";

    /// <summary>Every SQL Server statement of the code, ready to be added to a model.</summary>
    public static IReadOnlyList<BoundStatement> CodeStatements() => LazyStatements.Value;

    private static readonly Lazy<IReadOnlyList<BoundStatement>> LazyStatements = new(() =>
        SqlSources.Statements().Select(s => Bind(s.ToString(), s.Sql.SqlServer)).ToList());

    /// <summary>A #temp table a statement of the code creates, as a table of the model: its name there, its creator and its definition.</summary>
    public sealed record TempTable(string Name, string ModelName, string CreatedBy, string Script);

    /// <summary>
    /// DacFx does not resolve the columns of a #temp table created inside a procedure, so every #temp table the code creates
    /// (the sync stages) becomes a table of the model under a name no migration can use, and every statement that
    /// uses it names that table instead: its columns then bind like any other.
    /// </summary>
    public static IReadOnlyDictionary<string, TempTable> TempTables() => LazyTemp.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, TempTable>> LazyTemp = new(() =>
    {
        var found = new Dictionary<string, TempTable>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in SqlSources.Statements())
            foreach (var create in Find<CreateTableStatement>(statement.Sql.SqlServer).Where(IsTemp))
            {
                var name = create.SchemaObjectName.BaseIdentifier.Value;
                var text = statement.Sql.SqlServer.Substring(create.StartOffset, create.FragmentLength);
                if (found.TryGetValue(name, out var other) && other.Script != RenameTemp(text, name))
                    throw new InvalidOperationException($"{name} is created differently by {other.CreatedBy} and {statement}; the model can hold one.");
                found.TryAdd(name, new TempTable(name, ModelNameOf(name), statement.ToString(), RenameTemp(text, name)));
            }
        return found;
    });

    private static string ModelNameOf(string temp) => $"dbo.[temp table {temp}]";

    private static bool IsTemp(CreateTableStatement create) => create.SchemaObjectName.BaseIdentifier.Value.StartsWith('#');

    private static string RenameTemp(string text, string temp) =>
        Regex.Replace(text, $@"(?<![\w#@\[]){Regex.Escape(temp)}(?![\w#])", ModelNameOf(temp), RegexOptions.IgnoreCase);

    // Procedures live in dbo, where the code's unqualified table names resolve; their names say where the T-SQL came from.
    private const string CodePrefix = "code: ";
    private const string MigrationPrefix = "migration: ";

    /// <summary>Wraps one T-SQL text (a field's, or a test's) as a procedure named after it, its parameters declared.</summary>
    public static BoundStatement Bind(string source, string text)
    {
        var analysis = Analyse(text);
        var temps = TempTables();
        var body = text;
        // The CREATE TABLE of a #temp table is the model's table now; the statements that use it name that table.
        foreach (var create in Find<CreateTableStatement>(text).Where(IsTemp).OrderByDescending(c => c.StartOffset))
            body = body.Remove(create.StartOffset, create.FragmentLength).Insert(create.StartOffset, $"/* {create.SchemaObjectName.BaseIdentifier.Value}: a table of the model */");
        foreach (var temp in analysis.UsedTempTables)
        {
            if (!temps.ContainsKey(temp))
                throw new InvalidOperationException($"{source} uses {temp}, which no SQL Server statement of the code creates.");
            body = RenameTemp(body, temp);
        }
        // sql_variant takes any value; the types check compares the .NET types with the columns separately.
        var declarations = string.Join(",\n    ", analysis.Parameters.Select(p => $"{p} sql_variant"));
        var wrapped = $"CREATE PROCEDURE dbo.[{CodePrefix}{source}]\n    {declarations}\nAS\nBEGIN\n{body}\nEND";
        return new BoundStatement(source, wrapped, analysis.Parameters, analysis.UsedTempTables);
    }

    /// <summary>Every node of a type in a T-SQL text that parses.</summary>
    public static List<T> Find<T>(string text) where T : TSqlFragment
    {
        var fragment = SqlSources.ParseTSql(text, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException($"Does not parse: line {errors[0].Line}: {errors[0].Message}");
        var found = new List<T>();
        fragment.Accept(new Finder<T>(found));
        return found;
    }

    private sealed class Finder<T>(List<T> found) : TSqlFragmentVisitor where T : TSqlFragment
    {
        public override void Visit(TSqlFragment node)
        {
            if (node is T t) found.Add(t);
        }
    }

    /// <summary>Builds the schema model, adds the given statements and validates; returns every error and unresolved reference.</summary>
    public static IReadOnlyList<ModelProblem> Validate(IEnumerable<BoundStatement> statements, out IReadOnlyList<ModelProblem> otherWarnings)
    {
        using var model = new TSqlModel(Version, new TSqlModelOptions());
        foreach (var (source, script) in SchemaObjects()) model.AddOrUpdateObjects(script, source, new TSqlObjectOptions());
        foreach (var temp in TempTables().Values) model.AddOrUpdateObjects(temp.Script, $"{temp.CreatedBy} {temp.Name}", new TSqlObjectOptions());
        foreach (var statement in statements) model.AddOrUpdateObjects(statement.Text, statement.Source, new TSqlObjectOptions());

        var problems = new List<ModelProblem>();
        var warnings = new List<ModelProblem>();
        foreach (var message in model.Validate())
        {
            var problem = new ModelProblem(SourceOf(message.Message), $"{message.Prefix}{message.Number}", message.Message);
            if (message.MessageType == DacMessageType.Error || UnresolvedReference.Contains(message.Number)) problems.Add(problem);
            else warnings.Add(problem);
        }
        otherWarnings = warnings;
        return problems;
    }

    // DacFx names the element in its message; the procedure around a statement is named after its field or script.
    private static string SourceOf(string message) =>
        Regex.Match(message, @"\[dbo\]\.\[(?:code|migration): (?<name>[^\]]+)\]") is { Success: true } m ? m.Groups["name"].Value : "(schema)";

    /// <summary>What a T-SQL text declares, creates and uses, read with ScriptDom.</summary>
    public sealed record Analysis(IReadOnlyList<string> Parameters, IReadOnlyList<string> CreatedTempTables, IReadOnlyList<string> UsedTempTables);

    public static Analysis Analyse(string text)
    {
        var fragment = SqlSources.ParseTSql(text, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException($"Does not parse: line {errors[0].Line}: {errors[0].Message}");
        var visitor = new Collector();
        fragment.Accept(visitor);
        return new Analysis(
            visitor.Variables.Except(visitor.Declared, StringComparer.OrdinalIgnoreCase).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            visitor.CreatedTemp.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            visitor.UsedTemp.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    private sealed class Collector : TSqlFragmentVisitor
    {
        public List<string> Variables { get; } = [];
        public List<string> Declared { get; } = [];
        public List<string> CreatedTemp { get; } = [];
        public List<string> UsedTemp { get; } = [];

        public override void Visit(VariableReference node) => Variables.Add(node.Name);
        public override void Visit(DeclareVariableElement node) => Declared.Add(node.VariableName.Value);
        public override void Visit(DeclareTableVariableBody node) => Declared.Add(node.VariableName.Value);

        public override void Visit(CreateTableStatement node)
        {
            if (node.SchemaObjectName.BaseIdentifier.Value.StartsWith('#')) CreatedTemp.Add(node.SchemaObjectName.BaseIdentifier.Value);
        }

        public override void Visit(SchemaObjectName node)
        {
            if (node.BaseIdentifier?.Value is { } name && name.StartsWith('#')) UsedTemp.Add(name);
        }
    }
}
