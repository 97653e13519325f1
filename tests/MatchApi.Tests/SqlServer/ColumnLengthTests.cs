using System.Reflection;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using MatchApi.Data;
using MatchApi.Reference;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.SqlServer;

/// <summary>
/// A value the validator accepts must fit the SQL Server column it is stored in, or SQL Server refuses the write
/// (error 2628, a 500) where SQLite, which has no lengths, took it. Every MaximumLength of every validator of the app
/// is read by reflection and compared with the column of the migrated schema that stores the field.
/// </summary>
public sealed partial class ColumnLengthTests
{
    // Where a validated type is stored. A column is the snake_case of the property unless mapped below.
    private static readonly Dictionary<string, string> TableOf = new()
    {
        ["ApiKeyRequest"] = "api_keys",
        ["LoginRequest"] = "accounts",
        ["AccountRequest"] = "accounts",
        ["ContactRequest"] = "employer_contacts",
        ["EmployerRequest"] = "employers",
        ["EmployerSyncItem"] = "employers",
        ["CoachRequest"] = "coaches",
        ["OpeningRequest"] = "openings",
        ["OpeningSyncItem"] = "openings",
        ["ParticipantRequest"] = "participants",
        ["ParticipantGoals"] = "participant_goals",
        ["NextStepRequest"] = "next_steps",
    };

    // Fields stored under another name or in another table.
    private static readonly Dictionary<string, string> ColumnOf = new()
    {
        ["OpeningSyncItem.EmployerRef"] = "employers.external_ref",
        ["OpeningSyncItem.EmployerSource"] = "employers.source",
    };

    // Fields that are never stored as text of their own, and why.
    private static readonly Dictionary<string, string> NotStored = new()
    {
        ["LoginRequest.Password"] = "only compared with the stored hash",
        ["AccountRequest.Password"] = "stored as a PBKDF2 hash (password_hash)",
        ["MatchRequest.Goals.OwnWords"] = "an ad-hoc match stores nothing",
        ["ParticipantGoals.Avoid"] = "part of goals_json (nvarchar(max))",
        ["ParticipantGoals.Interests"] = "part of goals_json (nvarchar(max))",
        ["MatchRequest.Goals.Interests"] = "an ad-hoc match stores nothing",
        ["EmployerFilter.Q"] = "a query filter, compared and never stored",
        ["EmployerFilter.MunicipalityCode"] = "a query filter, compared with employers.municipality_code and never stored",
    };

    [Fact]
    public void Every_text_column_holds_the_longest_value_its_validator_accepts()
    {
        var limits = Limits();
        Assert.True(limits.Count >= 15, $"{limits.Count} is not >= {15}");
        var tables = SqlServerModel.Tables();
        var problems = new List<string>();
        var output = TestContext.Current.TestOutputHelper;
        foreach (var (type, property, max) in limits)
        {
            var key = $"{type}.{property}";
            if (NotStored.TryGetValue(key, out var why))
            {
                output?.WriteLine($"{key} ≤ {max}: not stored ({why})");
                continue;
            }
            string? table, column;
            if (ColumnOf.TryGetValue(key, out var mapped)) (table, column) = (mapped.Split('.')[0], mapped.Split('.')[1]);
            else (table, column) = (TableOf.GetValueOrDefault(type), SnakeCase(property));
            if (table is null)
            {
                problems.Add($"{key} allows {max} characters, but this test does not know where {type} is stored: map it in {nameof(TableOf)} (or {nameof(NotStored)}).");
                continue;
            }
            if (!tables.TryGetValue(table, out var columns) || !columns.TryGetValue(column, out var declared))
            {
                problems.Add($"{key} allows {max} characters, but {table}.{column} does not exist: map it in {nameof(ColumnOf)} (or {nameof(NotStored)}).");
                continue;
            }
            output?.WriteLine($"{key} ≤ {max} → {table}.{column} {declared}");
            if (!declared.IsText) problems.Add($"{key} is text of up to {max} characters but {table}.{column} is {declared}.");
            else if (declared.Length is { } length and >= 0 && length < max)
                problems.Add($"{key} allows {max} characters but {table}.{column} is {declared}: a valid value would fail with error 2628.");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Every (validated type, property path, maximum length) of the app's validators, included validators followed.</summary>
    private static List<(string Type, string Property, int Max)> Limits()
    {
        var services = new ServiceCollection()
            .AddOptions()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            // Validators hold ReferenceData but read it only when they validate; nothing here opens a connection.
            .AddSingleton(new Db(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, SqlServerConnectionString = "Server=unused" }, ""))
            .AddSingleton<ReferenceData>()
            // The shared goal rules, one instance as in the service (ServiceSetup), taken by MatchRequestValidator.
            .AddSingleton<MatchApi.Participants.ParticipantGoalsValidator>()
            .BuildServiceProvider();
        var found = new List<(string, string, int)>();
        foreach (var type in typeof(Sql).Assembly.GetTypes().Where(t => t is { IsAbstract: false, ContainsGenericParameters: false }
                     && typeof(IValidator).IsAssignableFrom(t)))
        {
            IValidator validator;
            try
            {
                validator = (IValidator)ActivatorUtilities.CreateInstance(services, type);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"{type.FullName} cannot be created here; register what it needs in {nameof(ColumnLengthTests)}.{nameof(Limits)}.", e);
            }
            var validated = validator.GetType().BaseType!.GetGenericArguments().Single().Name;
            Collect(validator, validated, "", found);
        }
        return found.Distinct().ToList();
    }

    private static void Collect(IValidator validator, string validated, string prefix, List<(string, string, int)> found)
    {
        foreach (var rule in (IEnumerable<IValidationRule>)validator)
            foreach (var component in rule.Components)
            {
                switch (component.Validator)
                {
                    case ILengthValidator { Max: > 0 } length when rule.PropertyName is not null:
                        found.Add((validated, prefix + rule.PropertyName, length.Max));
                        break;
                    case IChildValidatorAdaptor child:
                        // Include(…) and SetValidator(…) wrap another validator; its rules apply to the same (or a nested) object.
                        if (InnerValidator(child) is { } inner)
                            Collect(inner, validated, rule.PropertyName is null ? prefix : $"{prefix}{rule.PropertyName}.", found);
                        break;
                }
            }
    }

    private static IValidator? InnerValidator(IChildValidatorAdaptor child) =>
        child.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(f => f.GetValue(child)).OfType<IValidator>().FirstOrDefault();

    private static string SnakeCase(string property) => UpperCase().Replace(property, m => (m.Index > 0 ? "_" : "") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
