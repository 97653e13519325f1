using System.Globalization;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Openings;

namespace MatchApi.Matching;

// The matcher's inputs describe openings, employers and coach–employer contacts. None of them
// (nor ParticipantGoals) has a field for work ability, health, diagnosis or any assessment of
// the participant: the matcher cannot exclude or rank anyone by those (IPS zero exclusion).
// MatcherInputTests reflects over these types and fails if such a field is ever added.

/// <summary>An opening as the matcher sees it.</summary>
public sealed record CandidateOpening
{
    public required long Id { get; init; }
    public required long EmployerId { get; init; }
    public required string Title { get; init; }
    public required string SsykCode { get; init; }
    public required string MunicipalityCode { get; init; }
    /// <summary>Where the job is; when null, the employer's location is used.</summary>
    public GeoPoint? Location { get; init; }
    public bool Remote { get; init; }
    public JobType JobType { get; init; }
    public double? HoursPerWeek { get; init; }
    public Schedule? Schedule { get; init; }
    public EmploymentForm EmploymentForm { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? ExpiresOn { get; init; }
    public OpeningStatus Status { get; init; } = OpeningStatus.Open;
    /// <summary>Row version, so that callers can tell whether a cached candidate is still current; not scored.</summary>
    public long Version { get; init; }
}

/// <summary>An employer as the matcher sees it.</summary>
public sealed record CandidateEmployer
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public Sector Sector { get; init; }
    /// <summary>SNI 2007 industry code (2–5 digits).</summary>
    public string? SniCode { get; init; }
    public string? MunicipalityCode { get; init; }
    public GeoPoint? Location { get; init; }
    public long Version { get; init; }
}

/// <summary>Face-to-face contacts of one coach with one employer on one day.</summary>
public readonly record struct FaceToFaceContact(long EmployerId, long CoachId, DateOnly Date, int Count = 1);

/// <summary>
/// Candidates packed once for many matches: openings as compact structs indexed by position,
/// employers by index, and contacts grouped per employer. Building it is linear; it is
/// immutable afterwards and safe to share between concurrent matches.
/// </summary>
public sealed class MatchCandidateSet
{
    internal readonly PackedOpening[] Items;
    internal readonly CandidateOpening[] Openings;
    internal readonly CandidateEmployer[] Employers;
    internal readonly byte[] EmployerSector;
    /// <summary>Contacts of employer e are Contacts[ContactStart[e] .. ContactStart[e + 1]).</summary>
    internal readonly int[] ContactStart;
    internal readonly PackedContact[] Contacts;

    public MatchCandidateSet(IEnumerable<CandidateOpening> openings, IEnumerable<CandidateEmployer> employers,
        IEnumerable<FaceToFaceContact> contacts)
    {
        Employers = employers.ToArray();
        var index = new Dictionary<long, int>(Employers.Length);
        for (var e = 0; e < Employers.Length; e++) index[Employers[e].Id] = e;
        EmployerSector = Employers.Select(e => (byte)e.Sector).ToArray();

        // Openings of unknown employers cannot be explained or excluded correctly, so they are left out.
        var kept = new List<CandidateOpening>();
        var packed = new List<PackedOpening>();
        foreach (var o in openings)
        {
            if (!index.TryGetValue(o.EmployerId, out var e)) continue;
            kept.Add(o);
            packed.Add(Pack(o, e, Employers[e]));
        }
        Openings = kept.ToArray();
        Items = packed.ToArray();

        var grouped = new List<PackedContact>[Employers.Length];
        foreach (var c in contacts)
        {
            if (!index.TryGetValue(c.EmployerId, out var e) || c.Count <= 0) continue;
            (grouped[e] ??= []).Add(new PackedContact(c.Date.DayNumber, c.CoachId, c.Count));
        }
        ContactStart = new int[Employers.Length + 1];
        var all = new List<PackedContact>();
        for (var e = 0; e < Employers.Length; e++)
        {
            ContactStart[e] = all.Count;
            if (grouped[e] is { } list) all.AddRange(list);
        }
        ContactStart[Employers.Length] = all.Count;
        Contacts = all.ToArray();
    }

    public int Count => Items.Length;

    public static MatchCandidateSet Empty { get; } = new([], [], []);

    private static PackedOpening Pack(CandidateOpening o, int employer, CandidateEmployer e)
    {
        var location = o.Location ?? e.Location;
        var (ssyk, ssykLength) = ParseCode(o.SsykCode, 4);
        var (municipality, _) = ParseCode(o.MunicipalityCode, 4);
        return new PackedOpening
        {
            Id = o.Id,
            Employer = employer,
            Ssyk = ssyk,
            SsykLength = (byte)ssykLength,
            Municipality = municipality,
            Lat = location is null ? double.NaN : location.Latitude * Math.PI / 180,
            Lon = location is null ? double.NaN : location.Longitude * Math.PI / 180,
            Remote = o.Remote,
            JobType = (byte)o.JobType,
            Hours = o.HoursPerWeek is { } h ? h : double.NaN,
            Schedule = o.Schedule is { } s ? (sbyte)s : (sbyte)-1,
            Form = (byte)o.EmploymentForm,
            StartDay = o.StartDate?.DayNumber ?? int.MinValue,
            ExpiresDay = o.ExpiresOn?.DayNumber ?? int.MaxValue,
            Open = o.Status == OpeningStatus.Open,
        };
    }

    /// <summary>A digit code as (number, digit count), or (-1, 0) when it is not 1..maxDigits digits.</summary>
    internal static (int Value, int Length) ParseCode(string? code, int maxDigits)
    {
        if (string.IsNullOrEmpty(code) || code.Length > maxDigits) return (-1, 0);
        foreach (var ch in code) if (ch is < '0' or > '9') return (-1, 0);
        return (int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture), code.Length);
    }
}

internal struct PackedOpening
{
    public long Id;
    public double Lat, Lon, Hours;
    public int Employer, Ssyk, Municipality, StartDay, ExpiresDay;
    public byte SsykLength, JobType, Form;
    public sbyte Schedule;
    public bool Remote, Open;
}

internal readonly record struct PackedContact(int Day, long Coach, int Count);
