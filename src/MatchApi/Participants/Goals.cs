using System.ComponentModel;
using MatchApi.Common;
using MatchApi.Openings;

namespace MatchApi.Participants;

/// <summary>
/// The participant's own goals, in their own words and as structured choices. Everything here
/// is the participant's choice; nothing describes their ability, health or an assessment.
/// Stored as one JSON document per participant (participant_goals.goals_json, own_words apart).
/// </summary>
public sealed record ParticipantGoals
{
    [Description("The goal in the participant's own words.")]
    public string? OwnWords { get; init; }

    [Description("Desired occupations as SSYK 2012 codes (1–4 digits), first choice first.")]
    public IReadOnlyList<string> DesiredOccupations { get; init; } = [];

    [Description("Municipality codes (4 digits) where the participant wants to work.")]
    public IReadOnlyList<string> AcceptableMunicipalities { get; init; } = [];

    [Description("Where the participant lives or starts from; used only for distance.")]
    public GeoPoint? HomeLocation { get; init; }

    [Description("How far the participant is willing to travel, in km (straight line).")]
    public double? MaxTravelKm { get; init; }

    [Description("When true, openings farther than maxTravelKm are excluded rather than scored lower.")]
    public bool TravelLimitIsHard { get; init; }

    [Description("Fewest hours per week wanted.")]
    public double? MinHoursPerWeek { get; init; }

    [Description("Most hours per week wanted.")]
    public double? MaxHoursPerWeek { get; init; }

    [Description("Times of day or week the participant wants to work; empty means any.")]
    public IReadOnlyList<Schedule> Schedules { get; init; } = [];

    [Description("Forms of employment wanted; empty means any.")]
    public IReadOnlyList<EmploymentForm> EmploymentForms { get; init; } = [];

    [Description("Job types the participant is open to, preferred first; empty means all, ordinary jobs first.")]
    public IReadOnlyList<JobType> JobTypes { get; init; } = [];

    [Description("Earliest date the participant wants to start.")]
    public DateOnly? EarliestStart { get; init; }

    [Description("The participant would like to work remotely.")]
    public bool PrefersRemote { get; init; }

    [Description("What the participant wants to avoid; these openings are never suggested.")]
    public Avoidances Avoid { get; init; } = new();
}

/// <summary>The participant's own exclusions: the only thing that removes an opening from their matches.</summary>
public sealed record Avoidances
{
    [Description("SSYK 2012 codes (1–4 digits) to avoid; a shorter code avoids its whole group.")]
    public IReadOnlyList<string> Occupations { get; init; } = [];

    [Description("SNI 2007 industry codes (2–5 digits) to avoid; a shorter code avoids its whole group.")]
    public IReadOnlyList<string> Industries { get; init; } = [];

    [Description("Ids of employers the participant does not want to work for.")]
    public IReadOnlyList<long> EmployerIds { get; init; } = [];
}
