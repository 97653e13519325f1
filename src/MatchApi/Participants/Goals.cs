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

    [Description("Interests in the participant's own words, up to 10 Swedish words or short phrases (\"djur\", \"trädgård\"). An opening whose title or description has, for every word, a word starting with it (\"djur\" finds \"djurvårdare\"; case does not matter) scores higher.")]
    public IReadOnlyList<string> Interests { get; init; } = [];

    [Description("Ids of employers the participant would like to work for; their openings score higher.")]
    public IReadOnlyList<long> PreferredEmployerIds { get; init; } = [];

    [Description("SNI 2007 industry codes (2–5 digits) the participant would like to work in; a shorter code covers its whole group.")]
    public IReadOnlyList<string> PreferredIndustries { get; init; } = [];

    [Description("Times of day or week the participant never wants to work (\"never evenings\"); openings at those times are never suggested.")]
    public IReadOnlyList<Schedule> AvoidSchedules { get; init; } = [];

    [Description("Which wishes are firm limits: a firm wish excludes openings that break it; otherwise they only score lower.")]
    public FirmLimits Firm { get; init; } = new();
}

/// <summary>Wishes the participant has made firm: an opening that breaks one is not suggested, like the avoid list.</summary>
public sealed record FirmLimits
{
    [Description("Openings with hours outside minHoursPerWeek–maxHoursPerWeek are excluded (openings that do not give hours are kept and said).")]
    public bool Hours { get; init; }

    [Description("Openings at a time other than the wished schedules are excluded (openings that do not give one are kept and said).")]
    public bool Schedules { get; init; }
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
