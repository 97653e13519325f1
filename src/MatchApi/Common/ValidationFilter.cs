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
