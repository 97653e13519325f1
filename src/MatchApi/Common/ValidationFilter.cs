using System.Reflection;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Validators;

namespace MatchApi.Common;

/// <summary>
/// Runs FluentValidation on every handler argument that has a validator: bodies and the
/// <c>[AsParameters]</c> query types (paging, list filters) alike. Attached once per route group; it
/// only adds work to endpoints that take a validated parameter. The OpenAPI document declares the 400,
/// and takes each field's limits from the same validators (<c>Hosting/OpenApiValidatorRules</c>).
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory(IsoDateQuery.Filter);
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var validated = context.MethodInfo.GetParameters()
                .Select((p, index) => (Index: index, Type: ValidatorType(p)))
                .Where(x => x.Type is not null && context.ApplicationServices.GetService(x.Type) is not null)
                .ToArray();
            if (validated.Length == 0) return next;

            return async invocation =>
            {
                foreach (var (index, validatorType) in validated)
                {
                    var argument = invocation.Arguments[index];
                    if (argument is null) continue;
                    if (PlainText.Errors(argument) is { } textErrors)
                        return FieldProblem.Result(textErrors);
                    var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(validatorType!);
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                    if (!result.IsValid)
                        return FieldProblem.Result(ErrorKeys.Of(result));
                }
                return await next(invocation);
            };
        });
        return builder;
    }

    private static Type? ValidatorType(ParameterInfo parameter) =>
        parameter.ParameterType.IsPrimitive || parameter.ParameterType == typeof(string)
            ? null
            : typeof(IValidator<>).MakeGenericType(parameter.ParameterType);
}

/// <summary>
/// Validation errors are keyed by the field's name as the caller wrote it: camelCase, as in JSON bodies and
/// query strings (<c>orgNumber</c>, <c>location.latitude</c>, <c>rows[2].orgNumber</c>), not as the C# property.
/// </summary>
public static class ErrorKeys
{
    public static Dictionary<string, string[]> Of(FluentValidation.Results.ValidationResult result) =>
        result.Errors.GroupBy(e => Field(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    /// <summary>Each segment of a property path in camelCase; list indexes are kept.</summary>
    public static string Field(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));
}

/// <summary>A list holds at most a number of items; a rule the OpenAPI document can read (maxItems), unlike a Must.</summary>
public sealed class MaxItemsValidator<T, TList>(int max) : PropertyValidator<T, TList>, IMaxItemsValidator where TList : System.Collections.IEnumerable?
{
    public int Max => max;

    public override string Name => "MaxItemsValidator";

    public override bool IsValid(ValidationContext<T> context, TList value) =>
        value is null || (value is System.Collections.ICollection c ? c.Count : value.Cast<object?>().Count()) <= max;

    protected override string GetDefaultMessageTemplate(string errorCode) => $"'{{PropertyName}}' may hold at most {max} items.";
}

public interface IMaxItemsValidator
{
    int Max { get; }
}

public static class ListRules
{
    public static IRuleBuilderOptions<T, TList> MaxItems<T, TList>(this IRuleBuilder<T, TList> rule, int max) where TList : System.Collections.IEnumerable? =>
        rule.SetValidator(new MaxItemsValidator<T, TList>(max));
}

/// <summary>
/// <c>SetValidator(validator)</c> for a nested object, with the same failures (keys, messages, order), but the nested rules run
/// as a validation of their own and their failures' paths get the property's path in front afterwards. FluentValidation,
/// inside a nested validator, builds every rule's path (a copy of the property chain and a joined string) and every list
/// item's before the rule runs, pass or fail: on <c>POST /v1/matches</c> that was about half of the validation's time.
/// </summary>
public sealed class NestedValidator<T, TProperty>(IValidator<TProperty> rules) : ChildValidatorAdaptor<T, TProperty>(rules, rules.GetType())
{
    private readonly IValidator<TProperty> _rules = rules;

    public override bool IsValid(ValidationContext<T> context, TProperty value)
    {
        if (value is not null) Add(context, _rules.Validate(value));
        return true;
    }

    public override async Task<bool> IsValidAsync(ValidationContext<T> context, TProperty value, CancellationToken cancellation)
    {
        if (value is not null) Add(context, await _rules.ValidateAsync(value, cancellation));
        return true;
    }

    // As FluentValidation's own chain would write it: the property's path, the separator, the nested path (a rule of the
    // whole nested object has none).
    private static void Add(ValidationContext<T> context, FluentValidation.Results.ValidationResult result)
    {
        foreach (var failure in result.Errors)
        {
            failure.PropertyName = string.IsNullOrEmpty(failure.PropertyName)
                ? context.PropertyPath
                : context.PropertyPath + ValidatorOptions.Global.PropertyChainSeparator + failure.PropertyName;
            context.AddFailure(failure);
        }
    }
}

public static class NestedRules
{
    /// <summary>The nested object's rules, through <see cref="NestedValidator{T, TProperty}"/>.</summary>
    public static IRuleBuilderOptions<T, TProperty> SetNestedValidator<T, TProperty>(this IRuleBuilder<T, TProperty> rule, IValidator<TProperty> rules) =>
        rule.SetAsyncValidator(new NestedValidator<T, TProperty>(rules));
}
