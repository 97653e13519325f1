using MatchApi.Data;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MatchApi.Tests.SqlServer;

/// <summary>One place where the code runs a <see cref="Sql"/> field with Dapper, and the .NET types of the parameters it passes.</summary>
public sealed record SqlUsage(string Field, string Site, IReadOnlyDictionary<string, ITypeSymbol>? Parameters);

/// <summary>
/// Reads the app's own source with Roslyn to learn what each statement is run with: every <c>db.Text(field)</c> handed
/// to Dapper (a <c>CommandDefinition</c> or a <c>Query…/Execute…</c> call) and the type of the parameters object beside
/// it. A field passed through a helper's parameter, or through a record such as <c>SyncStatements</c>, is followed to
/// the calls and constructions that supply it (three steps at most).
/// </summary>
public static class ParameterTypes
{
    private static readonly Lazy<IReadOnlyList<SqlUsage>> LazyUsages = new(Read);

    public static IReadOnlyList<SqlUsage> Usages() => LazyUsages.Value;

    private static IReadOnlyList<SqlUsage> Read()
    {
        var root = RepositoryRoot();
        var app = Path.Combine(root, "src", "MatchApi");
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var files = Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.cs"));
        // The test runs on the same framework and packages as the app: its own assemblies are the app's references.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("MatchApi", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("MatchApi", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // Binding every method of the app is slow; calls are indexed by name from the syntax alone and bound only when asked for.
        var byName = new Dictionary<string, List<(SyntaxNode Node, SyntaxTree Tree)>>(StringComparer.Ordinal);
        foreach (var tree in trees)
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var name = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } => m.Name.Identifier.ValueText,
                    InvocationExpressionSyntax { Expression: SimpleNameSyntax n } => n.Identifier.ValueText,
                    ObjectCreationExpressionSyntax { Type: var t } => t.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().LastOrDefault()?.Identifier.ValueText,
                    ImplicitObjectCreationExpressionSyntax => "new()",
                    _ => null,
                };
                if (name is null) continue;
                if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
                list.Add((node, tree));
            }
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        IEnumerable<IOperation> Calls(IMethodSymbol method)
        {
            var names = method.MethodKind == MethodKind.Constructor ? new[] { method.ContainingType.Name, "new()" } : new[] { method.Name };
            foreach (var (node, tree) in names.SelectMany(n => byName.GetValueOrDefault(n) ?? []))
            {
                if (!models.TryGetValue(tree, out var model)) models[tree] = model = compilation.GetSemanticModel(tree);
                var operation = model.GetOperation(node);
                var target = operation switch
                {
                    IInvocationOperation i => i.TargetMethod,
                    IObjectCreationOperation c => c.Constructor,
                    _ => null,
                };
                if (target is not null && SymbolEqualityComparer.Default.Equals(target.ReducedFrom ?? target.OriginalDefinition, method.OriginalDefinition))
                    yield return operation!;
            }
        }
        var dbText = compilation.GetTypeByMetadataName(typeof(Db).FullName!)!.GetMembers(nameof(Db.Text)).OfType<IMethodSymbol>().Single();
        var textCalls = Calls(dbText).OfType<IInvocationOperation>().ToList();

        var usages = new List<SqlUsage>();
        foreach (var text in textCalls)
        {
            var site = $"{Path.GetRelativePath(root, text.Syntax.SyntaxTree.FilePath)}:{text.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
            // db.Text(…) is an argument of a CommandDefinition or of a Dapper call; its parameters object sits beside it.
            var command = text.Parent is IArgumentOperation { Parent: var p } && p is IObjectCreationOperation or IInvocationOperation ? p : null;
            var parameters = command is null ? null : Arguments(command).FirstOrDefault(a => a.Parameter?.Name is "parameters" or "param");
            foreach (var (field, type) in Resolve(text.Arguments[0].Value, parameters?.Value, Calls, 0))
                usages.Add(new SqlUsage(Name(field), site, type is null ? null : Members(type)));
        }
        return usages;
    }

    private static IEnumerable<IArgumentOperation> Arguments(IOperation call) => call switch
    {
        IObjectCreationOperation c => c.Arguments,
        IInvocationOperation i => i.Arguments,
        _ => [],
    };

    /// <summary>The Sql fields an expression can be, each with the type of the parameters object that goes with it there.</summary>
    private static IEnumerable<(IFieldSymbol Field, ITypeSymbol? Parameters)> Resolve(IOperation sql, IOperation? parameters,
        Func<IMethodSymbol, IEnumerable<IOperation>> calls, int depth)
    {
        sql = Unwrap(sql);
        var parametersValue = parameters is null ? null : Unwrap(parameters);
        switch (sql)
        {
            case IFieldReferenceOperation field when field.Field.Type.Name == nameof(Sql):
                yield return (field.Field, ParametersType(parametersValue));
                break;
            case IConditionalOperation conditional:
                foreach (var found in Resolve(conditional.WhenTrue, parameters, calls, depth)) yield return found;
                if (conditional.WhenFalse is { } otherwise)
                    foreach (var found in Resolve(otherwise, parameters, calls, depth)) yield return found;
                break;
            case IParameterReferenceOperation parameter when depth < 3 && parameter.Parameter.ContainingSymbol is IMethodSymbol method:
                // A helper that takes the statement (and maybe its parameters): follow every call of it.
                var passedOn = parametersValue is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, method)
                    ? p.Parameter : null;
                foreach (var call in calls(method))
                {
                    var args = Arguments(call).ToList();
                    var sqlArg = args.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Parameter.Ordinal);
                    if (sqlArg is null) continue;
                    var paramsArg = passedOn is null ? parameters : args.FirstOrDefault(a => a.Parameter?.Ordinal == passedOn.Ordinal)?.Value;
                    foreach (var found in Resolve(sqlArg.Value, paramsArg, calls, depth + 1)) yield return found;
                }
                break;
            case IPropertyReferenceOperation property when depth < 3:
                // A record that carries statements (SyncStatements): follow every construction of it.
                foreach (var constructor in property.Property.ContainingType.Constructors)
                {
                    var slot = constructor.Parameters.FirstOrDefault(p => p.Name == property.Property.Name);
                    if (slot is null) continue;
                    foreach (var creation in calls(constructor))
                        if (Arguments(creation).FirstOrDefault(a => a.Parameter?.Ordinal == slot.Ordinal) is { } arg)
                            foreach (var found in Resolve(arg.Value, parameters, calls, depth + 1)) yield return found;
                }
                break;
        }
    }

    private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;

    private static ITypeSymbol? ParametersType(IOperation? parameters) => parameters switch
    {
        null => null,
        IDefaultValueOperation or ILiteralOperation { ConstantValue.Value: null } => null,
        { Type: { } type } when type.Name is "DynamicParameters" or "Object" => null,
        { Type: { } type } => ElementOfSequence(type) ?? type,
        _ => null,
    };

    // Dapper runs a statement once per element when its parameters are a sequence (a batch of inserts).
    private static ITypeSymbol? ElementOfSequence(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String || type is not INamedTypeSymbol named) return null;
        var sequence = named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            ? named
            : named.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        return sequence?.TypeArguments[0];
    }

    private static IReadOnlyDictionary<string, ITypeSymbol> Members(ITypeSymbol type) =>
        BaseTypesAndSelf(type).SelectMany(t => t.GetMembers()).OfType<IPropertySymbol>()
            .Where(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && p.Parameters.Length == 0)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Type, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<ITypeSymbol> BaseTypesAndSelf(ITypeSymbol type)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType) yield return t;
    }

    // As SqlSources names it: Namespace.Outer+Nested.Field.
    private static string Name(IFieldSymbol field)
    {
        var type = field.ContainingType;
        var names = new List<string>();
        for (var t = type; t is not null; t = t.ContainingType) names.Insert(0, t.MetadataName);
        var ns = type.ContainingNamespace.ToDisplayString();
        return $"{ns}.{string.Join("+", names)}.{field.Name}";
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MatchApi.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (MatchApi.sln) is not above the test's directory.");
    }

    // What the Web SDK's ImplicitUsings add to the app (obj/…/MatchApi.GlobalUsings.g.cs).
    private const string ImplicitUsings = """
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
