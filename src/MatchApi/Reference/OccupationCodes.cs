using MatchApi.Participants;

namespace MatchApi.Reference;

/// <summary>
/// Where goals enter the matcher: every occupation code in them becomes the code matching compares
/// (<see cref="ReferenceData.MatchingCode"/>), as the candidate openings' codes do, so JobTech's merged codes and the
/// SCB codes they cover are one occupation (a goal for 1211 meets an ad coded 1210; avoiding 5322 avoids ads coded 5321).
/// </summary>
public static class OccupationCodes
{
    public static ParticipantGoals ForMatching(ParticipantGoals goals, ReferenceData reference)
    {
        if (reference.JobTechCodeOf.Count == 0) return goals;
        return goals with
        {
            DesiredOccupations = goals.DesiredOccupations.Select(reference.MatchingCode).Distinct(StringComparer.Ordinal).ToList(),
            Avoid = goals.Avoid with { Occupations = goals.Avoid.Occupations.Select(reference.MatchingCode).Distinct(StringComparer.Ordinal).ToList() },
        };
    }
}
