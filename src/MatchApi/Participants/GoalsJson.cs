using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchApi.Participants;

/// <summary>
/// How the structured goals are stored in participant_goals.goals_json. The participant's own
/// words live in their own column (own_words), so they can be erased or left out of logs apart.
/// </summary>
public static class GoalsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ParticipantGoals goals) => JsonSerializer.Serialize(goals with { OwnWords = null }, Options);

    public static ParticipantGoals Deserialize(string json, string? ownWords) =>
        (JsonSerializer.Deserialize<ParticipantGoals>(json, Options) ?? new ParticipantGoals()) with { OwnWords = ownWords };
}
