namespace MatchApi.Employers;

public enum Sector { Private, Public, NonProfit }

/// <summary>How a coach met an employer. Face-to-face contacts are what IPS job development counts.</summary>
public enum ContactKind { FaceToFace, Phone, Email }
