using System.Reflection;
using MatchApi.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MatchApi.Tests.Infrastructure;

/// <summary>A <see cref="Sql"/> declared as a static field somewhere in the app.</summary>
public sealed record SqlStatement(Type DeclaringType, string Field, Sql Sql)
{
    public override string ToString() => $"{DeclaringType.FullName}.{Field}";
}

/// <summary>A migration script embedded in the app, named by its path in the repository.</summary>
public sealed record MigrationScript(string File, string Text);

/// <summary>Where the dialect tests find every SQL text the app can run.</summary>
public static class SqlSources
{
    private static readonly Assembly App = typeof(Sql).Assembly;

    /// <summary>Every static <see cref="Sql"/> field of every type in the app, nested private ones included.</summary>
    public static IReadOnlyList<SqlStatement> Statements() =>
        App.GetTypes()
            .Where(type => !type.ContainsGenericParameters)
            .SelectMany(type => type
                .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(field => field.FieldType == typeof(Sql))
                .Select(field => new SqlStatement(type, field.Name,
                    field.GetValue(null) as Sql ?? throw new InvalidOperationException($"{type.FullName}.{field.Name} is null."))))
            .OrderBy(s => s.ToString(), StringComparer.Ordinal)
            .ToList();

    /// <summary>The scripts DbUp applies for a provider, in the order it applies them.</summary>
    public static IReadOnlyList<MigrationScript> Scripts(DatabaseProvider provider) =>
        Migrations.ScriptNames(provider)
            .Select(name =>
            {
                using var stream = App.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                // The resource name is the folder under db/ (sqlserver, sqlite, sqlite-audit), a dot, and the file name.
                var dot = name.IndexOf('.');
                return new MigrationScript($"db/{name[..dot]}/{name[(dot + 1)..]}", reader.ReadToEnd());
            })
            .ToList();

    /// <summary>Parses T-SQL with the TSql170 grammar; ScriptDom splits batches on GO lines itself, as DbUp does, and keeps line numbers of the whole text.</summary>
    public static TSqlFragment ParseTSql(string text, out IList<ParseError> errors)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        return parser.Parse(reader, out errors);
    }
}
