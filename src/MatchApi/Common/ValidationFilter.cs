using System.Reflection;
using FluentValidation;

namespace MatchApi.Common;

/// <summary>
/// Runs FluentValidation on every handler argument that has a validator. Attached once per
/// route group; it only adds work to endpoints that take a validated parameter. Handlers that
/// can answer 400 name <c>ValidationProblem</c> in their return type, so the document shows it.
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
                        return TypedResults.ValidationProblem(textErrors, detail: "One or more fields are invalid; see errors.");
                    var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(validatorType!);
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                    if (!result.IsValid)
                        return TypedResults.ValidationProblem(result.ToDictionary(), detail: "One or more fields are invalid; see errors.");
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
