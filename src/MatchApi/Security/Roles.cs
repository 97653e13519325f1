namespace MatchApi.Security;

/// <summary>What a person signing in (local account, bearer token or OpenID Connect) may do; each role stands for a fixed set of scopes.</summary>
public enum Role { Coach, TeamLead, Admin }

/// <summary>
/// The one place where roles become scopes. Every principal carries scopes, whatever proved it,
/// so each endpoint's <c>RequireAuthorization(Scopes.X)</c> serves keys, cookies and tokens alike.
/// </summary>
public static class Roles
{
    private static readonly string[] CoachScopes =
    [
        Scopes.ParticipantsRead, Scopes.ParticipantsWrite, Scopes.EmployersRead, Scopes.EmployersWrite,
        Scopes.OpeningsRead, Scopes.OpeningsWrite, Scopes.CoachesRead, Scopes.Match,
    ];

    // A team lead follows the team's results and keeps the list of coaches; keys, accounts and weights stay with admins.
    private static readonly string[] TeamLeadScopes = [.. CoachScopes, Scopes.ReportsRead, Scopes.CoachesWrite];

    public static IReadOnlyList<string> ScopesOf(Role role) => role switch
    {
        Role.Coach => CoachScopes,
        Role.TeamLead => TeamLeadScopes,
        Role.Admin => Scopes.All,
        _ => [],
    };

    /// <summary>The role's name as the API and the CLI write it: coach, teamLead, admin.</summary>
    public static string Name(Role role) => role switch
    {
        Role.Coach => "coach",
        Role.TeamLead => "teamLead",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Reads coach, teamLead (or team_lead, team-lead) and admin, ignoring case; numbers are not roles.</summary>
    public static bool TryParse(string? value, out Role role)
    {
        role = default;
        var normalized = value?.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(candidate.ToString(), normalized, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        return false;
    }
}
