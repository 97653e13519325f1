namespace MatchApi.Participants;

public enum ParticipantStatus { Active, Paused, Exited }
