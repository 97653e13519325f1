namespace MatchApi.Openings;

/// <summary>What kind of job an opening is. Ordinary (competitive) jobs rank first unless the participant chose otherwise.</summary>
public enum JobType
{
    /// <summary>An ordinary job on the open market at the usual wage, not reserved for people with disabilities.</summary>
    Competitive,
    /// <summary>A job with a wage subsidy (lönebidrag, nystartsjobb, OSA, Samhall).</summary>
    Subsidised,
    /// <summary>Praktik: work experience, not employment.</summary>
    Internship,
}

public enum Schedule { Day, Evening, Night, Weekend }

/// <summary>Swedish forms of employment: tillsvidare, visstid, vikariat, säsong, timanställning.</summary>
public enum EmploymentForm { Permanent, Temporary, Substitute, Seasonal, Hourly }

public enum OpeningStatus { Open, Filled, Closed }

public enum SubsidyType { Lonebidrag, Nystartsjobb, Osa, Samhall, Other }
