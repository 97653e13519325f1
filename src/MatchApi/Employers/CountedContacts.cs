namespace MatchApi.Employers;

/// <summary>
/// Which employer contacts count. A contact its coach withdrew (a mis-tap, a meeting that did not
/// happen) stays stored for the audit trail but counts nowhere: not in the reports, the caseload,
/// the known-employer score of matching or the lists. Every query over <c>employer_contacts</c> that
/// counts or shows contacts adds this one condition, so that the rule has a single owner.
/// </summary>
public static class CountedContacts
{
    /// <summary>The SQL condition on <c>employer_contacts</c> (unqualified: no other table has the column).</summary>
    public const string Condition = "withdrawn_at IS NULL";

    /// <summary>Logging the same coach, employer, participant and kind again within this time answers with the stored contact.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <summary>How long the coach who logged a contact may correct or withdraw it.</summary>
    public static readonly TimeSpan ChangeWindow = TimeSpan.FromHours(24);
}
