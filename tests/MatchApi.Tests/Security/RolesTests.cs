using MatchApi.Security;

namespace MatchApi.Tests.Security;

public sealed class RolesTests
{
    [Fact]
    public void Coach_scopes_cover_participants_employers_openings_and_matching_but_not_reports_coach_list_or_admin()
    {
        var coach = Roles.ScopesOf(Role.Coach);
        Assert.Equivalent(new[] { Scopes.ParticipantsRead, Scopes.ParticipantsWrite, Scopes.EmployersRead, Scopes.EmployersWrite,
            Scopes.OpeningsRead, Scopes.OpeningsWrite, Scopes.CoachesRead, Scopes.Match }, coach, strict: true);
    }

    [Fact]
    public void Team_lead_adds_reports_and_the_coach_list_to_the_coach_scopes()
    {
        Assert.Equivalent(Roles.ScopesOf(Role.Coach).Concat([Scopes.ReportsRead, Scopes.CoachesWrite]), Roles.ScopesOf(Role.TeamLead), strict: true);
    }

    [Fact]
    public void Admin_has_every_scope()
    {
        Assert.Equivalent(Scopes.All, Roles.ScopesOf(Role.Admin), strict: true);
    }

    [Theory]
    [InlineData("coach", Role.Coach)]
    [InlineData("teamLead", Role.TeamLead)]
    [InlineData("team_lead", Role.TeamLead)]
    [InlineData("ADMIN", Role.Admin)]
    public void Role_names_are_read_ignoring_case(string text, Role expected)
    {
        Assert.True(Roles.TryParse(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("root")]
    [InlineData("")]
    [InlineData(null)]
    public void Numbers_and_unknown_names_are_not_roles(string? text) => Assert.False(Roles.TryParse(text, out _));
}
