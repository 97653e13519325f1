namespace MatchApi.Placements;

/// <summary>What a participant started. Only <see cref="Competitive"/> counts as an IPS outcome.</summary>
public enum PlacementKind
{
    /// <summary>An ordinary job on the open market, paid at least the usual wage, not reserved for people with disabilities.</summary>
    Competitive,
    /// <summary>Employment with a wage subsidy (lönebidrag, nystartsjobb, OSA, Samhall); the subsidy is kept.</summary>
    Subsidised,
    /// <summary>Praktik: work experience at an employer, not employment.</summary>
    Internship,
    /// <summary>Studies (komvux, folkhögskola, vocational training).</summary>
    Education,
}

public enum PlacementEndReason { Resigned, Dismissed, ContractEnded, MovedToOtherJob, Other }

/// <summary>Why a participant left the service.</summary>
public enum ExitReason { SelfSupporting, Moved, DeclinedSupport, Education, Other }
