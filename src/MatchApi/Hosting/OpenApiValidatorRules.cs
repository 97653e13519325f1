using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using MatchApi.Common;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Hosting;

/// <summary>What one validator enforces on one property, as the document can say it.</summary>
internal sealed class FieldRules
{
    public bool Required { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public decimal? Minimum { get; set; }
    public bool MinimumExclusive { get; set; }
    public decimal? Maximum { get; set; }
    public bool MaximumExclusive { get; set; }
    public string? Pattern { get; set; }
    public string[]? Names { get; set; }
    public int? MaxItems { get; set; }
    public FieldRules? Items { get; set; }
}

/// <summary>
/// The limits the FluentValidation validators enforce, read from the validators themselves (lengths, bounds,
/// patterns, names, list sizes, required fields) and written into the OpenAPI document, so the two cannot
/// drift apart. A schema of a type with a validator gets <c>required</c> exactly as the validator requires;
/// query parameters bound with <c>[AsParameters]</c> get the limits of their type's validator.
/// </summary>
internal static class OpenApiValidatorRules
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, FieldRules>?> Cache = new();

    /// <summary>The rules per JSON (camelCase) property name of a type; null when no validator is registered for it.</summary>
    public static IReadOnlyDictionary<string, FieldRules>? For(Type type, IServiceProvider services) =>
        Cache.GetOrAdd(type, t =>
        {
            if (t.IsPrimitive || t == typeof(string) || t.IsEnum) return null;
            using var scope = services.CreateScope();
            if (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(t)) is not IValidator validator) return null;
            var rules = new Dictionary<string, FieldRules>(StringComparer.Ordinal);
            Collect(validator, rules);
            return rules;
        });

    public static Task TransformSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var services = context.ApplicationServices;
        if (context.JsonPropertyInfo is { } property)
        {
            if (property.DeclaringType is { } owner && For(owner, services) is { } rules && rules.TryGetValue(property.Name, out var field))
                Apply(schema, field);
        }
        else if (context.JsonTypeInfo.Type is { IsGenericType: true } paged && paged.GetGenericTypeDefinition() == typeof(PagedList<>)
            && schema.Properties?.TryGetValue("items", out var items) == true && items is OpenApiSchema list)
        {
            // A page holds at most what PageRequest allows.
            list.MaxItems = PageRequest.MaxPageSize;
        }
        else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && For(context.JsonTypeInfo.Type, services) is { } rules)
        {
            // Required exactly where the server requires: what the validator rejects when absent, and value types
            // the generator already lists (they cannot be null; an absent one is 0 or false, which the validator judges).
            var valueTypes = context.JsonTypeInfo.Properties
                .Where(p => p.PropertyType.IsValueType && Nullable.GetUnderlyingType(p.PropertyType) is null)
                .Select(p => p.Name).ToHashSet();
            var required = (schema.Required ?? new HashSet<string>()).Where(valueTypes.Contains)
                .Concat(rules.Where(r => r.Value.Required).Select(r => r.Key))
                .Where(name => schema.Properties?.ContainsKey(name) == true)
                .ToHashSet();
            schema.Required = required.Count == 0 ? null : required;
        }
        return Task.CompletedTask;
    }

    /// <summary>Writes a field's limits into a schema that describes a plain value or a list of them (never into a shared component).</summary>
    public static void Apply(IOpenApiSchema target, FieldRules field)
    {
        if (target is not OpenApiSchema schema) return;
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.String))
        {
            if (field.Names is { } names)
            {
                schema.Enum = names.Select(n => (JsonNode)JsonValue.Create(n)!).ToList();
            }
            else
            {
                if (field.MaxLength is { } max) schema.MaxLength = max;
                if (field.MinLength is { } min && min > 0) schema.MinLength = min;
                if (field.Pattern is { } pattern) schema.Pattern = pattern;
            }
        }
        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            if (field.Minimum is { } min)
            {
                if (field.MinimumExclusive) schema.ExclusiveMinimum = Number(min);
                else schema.Minimum = Number(min);
            }
            if (field.Maximum is { } max)
            {
                if (field.MaximumExclusive) schema.ExclusiveMaximum = Number(max);
                else schema.Maximum = Number(max);
            }
        }
        if (type.HasFlag(JsonSchemaType.Array))
        {
            if (field.MaxItems is { } maxItems) schema.MaxItems = maxItems;
            if (field.Items is { } items && schema.Items is OpenApiSchema itemSchema) Apply(itemSchema, items);
        }
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Collect(IValidator validator, Dictionary<string, FieldRules> rules)
    {
        if (validator is not IEnumerable<IValidationRule> all) return;
        foreach (var rule in all)
        {
            if (rule is IIncludeRule)
            {
                foreach (var included in rule.Components.Select(c => c.Validator).OfType<IChildValidatorAdaptor>().Select(Included).OfType<IValidator>())
                    Collect(included, rules);
                continue;
            }
            // Rules on nested members (Avoid.Occupations) belong to the nested type's schema.
            if (string.IsNullOrEmpty(rule.PropertyName) || rule.PropertyName.Contains('.')) continue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(rule.PropertyName);
            var field = rules.TryGetValue(name, out var known) ? known : rules[name] = new FieldRules();
            var isEach = rule.GetType().Name.StartsWith("CollectionPropertyRule", StringComparison.Ordinal);
            var target = isEach ? field.Items ??= new FieldRules() : field;
            var unconditional = !rule.HasCondition && !rule.HasAsyncCondition;
            foreach (var component in rule.Components)
                Read(component.Validator, target, unconditional && !component.HasCondition && !component.HasAsyncCondition && !isEach);
        }
    }

    private static void Read(IPropertyValidator validator, FieldRules field, bool unconditional)
    {
        switch (validator)
        {
            case INotNullValidator or INotEmptyValidator:
                if (unconditional) field.Required = true;
                if (validator is INotEmptyValidator) field.MinLength = Math.Max(field.MinLength ?? 0, 1);
                break;
            case ILengthValidator length:
                if (length.Min > 0) field.MinLength = Math.Max(field.MinLength ?? 0, length.Min);
                if (length.Max >= 0) field.MaxLength = Math.Min(field.MaxLength ?? int.MaxValue, length.Max);
                break;
            case IRegularExpressionValidator regex:
                field.Pattern = regex.Expression;
                break;
            case IBetweenValidator between when ToDecimal(between.From) is { } from && ToDecimal(between.To) is { } to:
                var exclusive = validator.GetType().Name.StartsWith("Exclusive", StringComparison.Ordinal);
                (field.Minimum, field.MinimumExclusive, field.Maximum, field.MaximumExclusive) = (from, exclusive, to, exclusive);
                break;
            case IComparisonValidator { MemberToCompare: null } comparison when ToDecimal(comparison.ValueToCompare) is { } value:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThan: (field.Minimum, field.MinimumExclusive) = (value, true); break;
                    case Comparison.GreaterThanOrEqual: (field.Minimum, field.MinimumExclusive) = (value, false); break;
                    case Comparison.LessThan: (field.Maximum, field.MaximumExclusive) = (value, true); break;
                    case Comparison.LessThanOrEqual: (field.Maximum, field.MaximumExclusive) = (value, false); break;
                }
                break;
            case IMaxItemsValidator maxItems:
                field.MaxItems = maxItems.Max;
                break;
            default:
                // IsEnumName(typeof(T), caseSensitive: false): a string that must name a member; documented in camelCase like JSON.
                if (validator.GetType().Name.StartsWith("StringEnumValidator", StringComparison.Ordinal)
                    && validator.GetType().GetField("_enumNames", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(validator) is string[] names)
                    field.Names = names.Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray();
                break;
        }
    }

    private static decimal? ToDecimal(object? value) => value switch
    {
        int i => i,
        long l => l,
        double d when !double.IsInfinity(d) && !double.IsNaN(d) => (decimal)d,
        decimal m => m,
        float f => (decimal)f,
        short s => s,
        _ => null,
    };

    // Include(new XValidator(...)) holds its validator; the adaptor hands it out for any instance (a blank one will do).
    private static IValidator? Included(IChildValidatorAdaptor adaptor)
    {
        var method = adaptor.GetType().GetMethod("GetValidator", BindingFlags.Instance | BindingFlags.Public);
        if (method?.GetParameters() is not [var context, var value] || value.ParameterType.IsAbstract || value.ParameterType.IsInterface) return null;
        try
        {
            var instance = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(value.ParameterType);
            return method.Invoke(adaptor, [Activator.CreateInstance(context.ParameterType, instance), instance]) as IValidator;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
