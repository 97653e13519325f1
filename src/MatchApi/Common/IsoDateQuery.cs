using System.Globalization;

namespace MatchApi.Common;

/// <summary>
/// Dates in query strings are ISO 8601 (<c>yyyy-MM-dd</c>) only. The framework's binder also reads <c>01/02/2026</c>
/// (month first, invariant culture), which a Swedish caller means as 1 February: refused with a 400 naming the parameter.
/// Attached by <see cref="ValidationFilter.WithValidation{TBuilder}"/>; only handlers with a date parameter get it.
/// </summary>
public static class IsoDateQuery
{
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var names = context.MethodInfo.GetParameters()
            .Where(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) == typeof(DateOnly))
            .Select(p => p.Name!)
            .ToArray();
        if (names.Length == 0) return next;
        return async invocation =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var name in names)
                if (invocation.HttpContext.Request.Query.TryGetValue(name, out var values) && values.Count > 0
                    && !DateOnly.TryParseExact(values[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    errors[name] = [$"{name} must be a date written yyyy-MM-dd, e.g. 2026-01-31."];
            return errors.Count > 0
                ? FieldProblem.Result(errors)
                : await next(invocation);
        };
    }
}
