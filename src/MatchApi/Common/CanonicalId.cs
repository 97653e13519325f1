using System.Globalization;
using Microsoft.AspNetCore.Routing.Matching;

namespace MatchApi.Common;

/// <summary>
/// The one spelling of an id in a route: a positive decimal integer without sign, spaces or leading zeros
/// (<c>7</c>, never <c>+7</c>, <c>%207</c>, <c>7%20</c>, <c>07</c> or <c>-1</c>). Registered as the <c>long</c>
/// route constraint, so every <c>{id:long}</c> route refuses other spellings with a 404 before any filter or
/// handler runs: the id a filter checks, the id the audit log records and the id a handler binds are the same.
/// (The framework's own <c>long</c> accepts anything <c>long.TryParse</c> does, sign and spaces included.)
/// </summary>
public sealed class CanonicalIdRouteConstraint : IRouteConstraint, IParameterLiteralNodeMatchingPolicy
{
    public static void Register(RouteOptions options) => options.SetParameterPolicy<CanonicalIdRouteConstraint>("long");

    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 19 || text[0] is < '1' or > '9') return false;
        foreach (var c in text)
            if (c is < '0' or > '9') return false;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    public static bool TryParse(object? value, out long id) => TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), out id);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && TryParse(value, out _);

    public bool MatchesLiteral(string parameterName, string literal) => TryParse(literal, out _);
}
