namespace MatchApi.Security;

/// <summary>The scopes an API key can carry (and a role stands for); each is also an authorization policy of the same name.</summary>
public static class Scopes
{
    public const string ParticipantsRead = "participants:read";
    public const string ParticipantsWrite = "participants:write";
    public const string EmployersRead = "employers:read";
    public const string EmployersWrite = "employers:write";
    public const string OpeningsRead = "openings:read";
    public const string OpeningsWrite = "openings:write";
    public const string CoachesRead = "coaches:read";
    public const string CoachesWrite = "coaches:write";
    public const string Match = "match";
    public const string ReportsRead = "reports:read";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All =
    [
        ParticipantsRead, ParticipantsWrite, EmployersRead, EmployersWrite, OpeningsRead, OpeningsWrite,
        CoachesRead, CoachesWrite, Match, ReportsRead, Admin,
    ];

    public static Microsoft.AspNetCore.Authorization.AuthorizationBuilder AddScopePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder)
    {
        foreach (var scope in All)
        {
            // An admin key may do everything its tenant may do.
            builder.AddPolicy(scope, p => p.RequireAuthenticatedUser()
                .RequireAssertion(ctx => ctx.User.HasClaim(ClaimNames.Scope, scope) || ctx.User.HasClaim(ClaimNames.Scope, Admin)));
        }
        return builder;
    }
}

/// <summary>The claims every MatchApi principal carries (see <see cref="Principals"/>), whichever scheme proved it.</summary>
public static class ClaimNames
{
    public const string Tenant = "matchapi:tenant";
    public const string Scope = "scope";
    public const string KeyId = "matchapi:key";
    public const string AccountId = "matchapi:account";
    public const string CoachId = "matchapi:coach";
    public const string Role = "matchapi:role";
    public const string Name = "matchapi:name";

    /// <summary>The subject of a bearer token or OpenID Connect sign-in, prefixed by its scheme ("jwt:…", "oidc:…").</summary>
    public const string Subject = "matchapi:subject";
}
