using System.Globalization;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Openings;

namespace MatchApi.Matching;

// The matcher's inputs describe openings, employers and coach–employer contacts. None of them
// (nor ParticipantGoals) has a field for work ability, health, diagnosis or any assessment of
// the participant: the matcher cannot exclude or rank anyone by those (IPS zero exclusion).
// MatcherTests.The_matchers_inputs_have_no_field_for_work_ability_diagnosis_assessment_or_health reflects over these
// types and fails if such a field is ever added.

/// <summary>An opening as the matcher sees it.</summary>
public sealed record CandidateOpening
{
    public required long Id { get; init; }
    public required long EmployerId { get; init; }
    public required string Title { get; init; }
    /// <summary>Read for the participant's interests when the set is built, then dropped from the set to save memory.</summary>
    public string? Description { get; init; }
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
    /// <summary>False when the organisation no longer works with the employer: its openings are not ranked.</summary>
    public bool Active { get; init; } = true;
    public long Version { get; init; }
}

/// <summary>Face-to-face contacts of one coach with one employer on one day.</summary>
public readonly record struct FaceToFaceContact(long EmployerId, long CoachId, DateOnly Date, int Count = 1);

/// <summary>
/// Candidates packed once for many matches: openings as compact structs indexed by position,
/// employers by index, and contacts grouped per employer. The openings are grouped by SSYK code
/// into buckets, each with a summary of what its openings offer, so that the matcher can bound a
/// whole bucket's best possible score and skip buckets that cannot reach the results. Building
/// it is O(n log n); it is immutable afterwards and safe to share between concurrent matches.
/// </summary>
public sealed class MatchCandidateSet
{
    // Declared first: Empty, below, is sorted with it.
    /// <summary>
    /// The same code side by side, within it by kind (job type, schedule and form: <see cref="CandidateColumns.RunStart"/>),
    /// then by id, so that the layout does not depend on input order.
    /// </summary>
    private static readonly Comparer<PackedOpening> ItemOrder = Comparer<PackedOpening>.Create(static (a, b) =>
        a.SsykLength != b.SsykLength ? a.SsykLength.CompareTo(b.SsykLength)
        : a.Ssyk != b.Ssyk ? a.Ssyk.CompareTo(b.Ssyk)
        : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind)
        : a.Id.CompareTo(b.Id));

    internal readonly PackedOpening[] Items;
    internal readonly CandidateOpening[] Openings;
    internal readonly CandidateEmployer[] Employers;
    internal readonly byte[] EmployerSector;
    /// <summary>The index in <see cref="Employers"/> of each employer id; read only once the set is built.</summary>
    private readonly Dictionary<long, int> EmployerIndex;
    /// <summary>Contacts of employer e are Contacts[ContactStart[e] .. ContactStart[e + 1]).</summary>
    internal readonly int[] ContactStart;
    internal readonly PackedContact[] Contacts;
    /// <summary>Items grouped by SSYK code: bucket b holds Items[Buckets[b].Start .. Buckets[b].End).</summary>
    internal readonly CandidateBucket[] Buckets;
    /// <summary>The bucket of each item.</summary>
    internal readonly int[] ItemBucket;
    /// <summary>The most openings in one bucket: the size of the scorer's per-bucket working memory.</summary>
    internal readonly int LongestBucket;
    /// <summary>The words of the openings' titles and descriptions, for the participant's interests.</summary>
    internal readonly WordIndex WordIndex;
    /// <summary>The fields the scorer's first pass reads, one array per field in <see cref="Items"/> order.</summary>
    internal readonly CandidateColumns Columns;
    /// <summary>
    /// The matcher's memo of the per-employer bound for the last day and weights asked (read and written with
    /// <see cref="Volatile"/>; concurrent matches may both work it out, with the same result). Kept by a set
    /// changed only in its openings.
    /// </summary>
    internal Matcher.EmployerTermsAtMost? EmployerTermsMemo;
    /// <summary>The matcher's memo of the most the employer factors can add in each run of one kind (read and written with <see cref="Volatile"/>).</summary>
    internal Matcher.RunTermsAtMost? RunTermsMemo;

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
        Array.Sort(Items, Openings, ItemOrder);
        WordIndex = WordIndex.Build(Openings);
        for (var i = 0; i < Openings.Length; i++)
            if (Openings[i].Description is not null) Openings[i] = Openings[i] with { Description = null };

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
        EmployerIndex = index;
        Columns = new CandidateColumns(Items);
        Buckets = Bucket(Items, EmployerSector, ContactStart, Columns.RunStart);
        ItemBucket = BucketOfEach(Buckets, Items.Length);
        LongestBucket = Longest(Buckets);
    }

    private MatchCandidateSet(MatchCandidateSet previous, PackedOpening[] items, CandidateOpening[] openings, CandidateEmployer[] employers,
        byte[] sectors, Dictionary<long, int> employerIndex, int[] contactStart, PackedContact[] contacts, WordIndex wordIndex)
    {
        (Items, Openings, Employers, EmployerSector, EmployerIndex) = (items, openings, employers, sectors, employerIndex);
        (ContactStart, Contacts, WordIndex) = (contactStart, contacts, wordIndex);
        var sameItems = items == previous.Items;
        Columns = sameItems ? previous.Columns : new CandidateColumns(items);
        // The bucket summaries read the openings, their employers' sectors and whether those have contacts.
        Buckets = sameItems && sectors == previous.EmployerSector && contactStart == previous.ContactStart
            ? previous.Buckets : Bucket(items, sectors, contactStart, Columns.RunStart);
        ItemBucket = sameItems ? previous.ItemBucket : BucketOfEach(Buckets, items.Length);
        LongestBucket = Buckets == previous.Buckets ? previous.LongestBucket : Longest(Buckets);
        if (sectors == previous.EmployerSector && contactStart == previous.ContactStart && contacts == previous.Contacts)
            EmployerTermsMemo = Volatile.Read(ref previous.EmployerTermsMemo);
        // Kept for the same runs; it names the employer bound it was worked out from, so a new one is not mistaken for it.
        if (sameItems) RunTermsMemo = Volatile.Read(ref previous.RunTermsMemo);
    }

    /// <summary>
    /// The set this one becomes after a few changes, equal in every observable respect (and so in every match) to a set
    /// packed from scratch from the changed records: <paramref name="changedOpenings"/> are added or replace those of
    /// the same id (an id also in <paramref name="removedOpeningIds"/> is replaced), <paramref name="changedEmployers"/>
    /// are added or replace those of the same id (an employer is never removed: it is deactivated), and each employer in
    /// <paramref name="changedContactsByEmployer"/> has exactly the contacts listed there from now on. An opening left out
    /// because its employer was unknown must come again with that employer (the store reads both: one write stamps them). Only what changed is
    /// packed; the rest is copied in runs or, when untouched, shared with this set (the employer table, contacts, word
    /// index, columns and buckets each stay the same array when nothing of theirs changed). This set is not changed:
    /// matches running on it finish on it.
    /// </summary>
    public MatchCandidateSet With(IEnumerable<CandidateOpening> changedOpenings, IEnumerable<long> removedOpeningIds,
        IEnumerable<CandidateEmployer> changedEmployers, IReadOnlyDictionary<long, IReadOnlyList<FaceToFaceContact>> changedContactsByEmployer)
    {
        // Employers: a known one keeps its index, a new one is appended, as the constructor indexes them in input order.
        var employers = Employers;
        var sectors = EmployerSector;
        var index = EmployerIndex;
        bool[]? moved = null;
        foreach (var e in changedEmployers)
        {
            if (index.TryGetValue(e.Id, out var k))
            {
                if (employers == Employers) (employers, sectors) = ((CandidateEmployer[])Employers.Clone(), (byte[])EmployerSector.Clone());
                // Openings without a location of their own are placed at their employer's.
                if (!Equals(employers[k].Location, e.Location)) (moved ??= new bool[Employers.Length])[k] = true;
                employers[k] = e;
                sectors[k] = (byte)e.Sector;
                continue;
            }
            if (index == EmployerIndex) index = new Dictionary<long, int>(EmployerIndex);
            index[e.Id] = employers.Length;
            employers = [.. employers, e];
            sectors = [.. sectors, (byte)e.Sector];
        }

        var (contactStart, contacts) = WithContacts(employers, index, changedContactsByEmployer);

        // Openings: the changed ones packed and sorted, spliced in between runs of the kept ones.
        var changed = new Dictionary<long, CandidateOpening>();
        foreach (var o in changedOpenings) changed[o.Id] = o;
        var drop = new HashSet<long>(removedOpeningIds);
        drop.UnionWith(changed.Keys);
        var added = new List<(PackedOpening Item, CandidateOpening Opening)>(changed.Count);
        foreach (var o in changed.Values)
            if (index.TryGetValue(o.EmployerId, out var e)) added.Add((Pack(o, e, employers[e]), o));
        added.Sort(static (a, b) => ItemOrder.Compare(a.Item, b.Item));
        var dropped = new List<int>();
        if (drop.Count > 0)
            for (var i = 0; i < Items.Length; i++)
                if (drop.Contains(Items[i].Id)) dropped.Add(i);

        var items = Items;
        var openings = Openings;
        var wordIndex = WordIndex;
        if (dropped.Count > 0 || added.Count > 0)
        {
            var n = Items.Length - dropped.Count + added.Count;
            items = new PackedOpening[n];
            openings = new CandidateOpening[n];
            var oldToNew = new int[Items.Length];
            var addedAt = new List<(int Position, CandidateOpening Opening)>(added.Count);
            int from = 0, to = 0, d = 0, a = 0;
            while (from < Items.Length || a < added.Count)
            {
                // The next event: a dropped position or the place of the next added opening among the kept ones.
                var insertAt = a < added.Count ? LowerBound(Items, added[a].Item) : int.MaxValue;
                var dropAt = d < dropped.Count ? dropped[d] : int.MaxValue;
                var until = Math.Min(Math.Min(insertAt, dropAt), Items.Length);
                var run = until - from;
                if (run > 0)
                {
                    Array.Copy(Items, from, items, to, run);
                    Array.Copy(Openings, from, openings, to, run);
                    for (var i = 0; i < run; i++) oldToNew[from + i] = to + i;
                    (from, to) = (until, to + run);
                }
                if (insertAt <= dropAt && a < added.Count && insertAt == from)
                {
                    var (item, opening) = added[a++];
                    items[to] = item;
                    openings[to] = opening.Description is null ? opening : opening with { Description = null };
                    addedAt.Add((to++, opening));
                }
                else if (d < dropped.Count && dropAt == from)
                {
                    oldToNew[from++] = -1;
                    d++;
                }
            }
            wordIndex = WordIndex.With(oldToNew, dropped.Count, addedAt);
        }
        if (moved is not null)
        {
            if (items == Items) (items, openings) = ((PackedOpening[])Items.Clone(), Openings);
            for (var i = 0; i < items.Length; i++)
                if (items[i].Employer < moved.Length && moved[items[i].Employer])
                    items[i] = Pack(openings[i], items[i].Employer, employers[items[i].Employer]);
        }
        return new MatchCandidateSet(this, items, openings, employers, sectors, index, contactStart, contacts, wordIndex);
    }

    /// <summary>The contacts grouped per employer after the given employers' contacts are replaced; this set's arrays when nothing changed.</summary>
    private (int[] Start, PackedContact[] Contacts) WithContacts(CandidateEmployer[] employers, Dictionary<long, int> index,
        IReadOnlyDictionary<long, IReadOnlyList<FaceToFaceContact>> changed)
    {
        var replaced = new Dictionary<int, List<PackedContact>>();
        foreach (var (employerId, list) in changed)
        {
            if (!index.TryGetValue(employerId, out var e)) continue;
            var packed = new List<PackedContact>(list.Count);
            foreach (var c in list)
                if (c.EmployerId == employerId && c.Count > 0) packed.Add(new PackedContact(c.Date.DayNumber, c.CoachId, c.Count));
            replaced[e] = packed;
        }
        if (replaced.Count == 0 && employers.Length == Employers.Length) return (ContactStart, Contacts);
        var start = new int[employers.Length + 1];
        for (var e = 0; e < employers.Length; e++)
            start[e + 1] = start[e] + (replaced.TryGetValue(e, out var list) ? list.Count
                : e < Employers.Length ? ContactStart[e + 1] - ContactStart[e] : 0);
        var contacts = new PackedContact[start[employers.Length]];
        for (var e = 0; e < employers.Length; e++)
        {
            if (replaced.TryGetValue(e, out var list)) list.CopyTo(contacts, start[e]);
            else if (e < Employers.Length) Array.Copy(Contacts, ContactStart[e], contacts, start[e], ContactStart[e + 1] - ContactStart[e]);
        }
        return (start, contacts);
    }

    /// <summary>The first position whose item sorts at or after <paramref name="item"/>.</summary>
    private static int LowerBound(PackedOpening[] items, in PackedOpening item)
    {
        int lo = 0, hi = items.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ItemOrder.Compare(items[mid], item) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int Longest(CandidateBucket[] buckets)
    {
        var longest = 0;
        foreach (var b in buckets) longest = Math.Max(longest, b.End - b.Start);
        return longest;
    }

    private static int[] BucketOfEach(CandidateBucket[] buckets, int count)
    {
        var itemBucket = new int[count];
        for (var b = 0; b < buckets.Length; b++) Array.Fill(itemBucket, b, buckets[b].Start, buckets[b].End - buckets[b].Start);
        return itemBucket;
    }

    private static CandidateBucket[] Bucket(PackedOpening[] items, byte[] sectors, int[] contactStart, int[] runStart)
    {
        var buckets = new List<CandidateBucket>();
        var run = 0;
        for (var start = 0; start < items.Length;)
        {
            var end = start;
            byte jobTypes = 0, forms = 0, schedules = 0, employerSectors = 0;
            bool remote = false, contacts = false, located = false, unlocated = false;
            double minLat = double.PositiveInfinity, maxLat = double.NegativeInfinity, minLon = double.PositiveInfinity, maxLon = double.NegativeInfinity;
            for (; end < items.Length && items[end].Ssyk == items[start].Ssyk && items[end].SsykLength == items[start].SsykLength; end++)
            {
                ref readonly var o = ref items[end];
                jobTypes |= (byte)(1 << o.JobType);
                forms |= (byte)(1 << o.Form);
                schedules |= (byte)(1 << (o.Schedule < 0 ? CandidateBucket.NoSchedule : o.Schedule));
                employerSectors |= (byte)(1 << sectors[o.Employer]);
                remote |= o.Remote;
                contacts |= contactStart[o.Employer + 1] > contactStart[o.Employer];
                if (double.IsNaN(o.Lat)) { unlocated = true; continue; }
                located = true;
                minLat = Math.Min(minLat, o.Lat);
                maxLat = Math.Max(maxLat, o.Lat);
                minLon = Math.Min(minLon, o.Lon);
                maxLon = Math.Max(maxLon, o.Lon);
            }
            // A bucket's first and last openings start and end runs: a run never crosses codes.
            var firstRun = run;
            while (runStart[run] < end) run++;
            buckets.Add(new CandidateBucket
            {
                Index = buckets.Count, Start = start, End = end, FirstRun = firstRun, EndRun = run, Ssyk = items[start].Ssyk, SsykLength = items[start].SsykLength,
                JobTypes = jobTypes, Forms = forms, Schedules = schedules, Sectors = employerSectors,
                AnyRemote = remote, AnyContacts = contacts, AnyLocated = located, AnyUnlocated = unlocated,
                MinLat = minLat, MaxLat = maxLat, MinLon = minLon, MaxLon = maxLon,
                MinCosLat = located ? Math.Cos(minLat) : 0, MaxCosLat = located ? Math.Cos(maxLat) : 0,
            });
            start = end;
        }
        return buckets.ToArray();
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
            CosLat = location is null ? double.NaN : Math.Cos(location.Latitude * Math.PI / 180),
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
    /// <summary>Radians; CosLat is the cosine of Lat, for the haversine distance.</summary>
    public double Lat, Lon, CosLat, Hours;
    public int Employer, Ssyk, Municipality, StartDay, ExpiresDay;
    public byte SsykLength, JobType, Form;
    public sbyte Schedule;
    public bool Remote, Open;

    /// <summary>Job type, form and schedule in one number (<see cref="CandidateColumns.KindOf"/>).</summary>
    public readonly int Kind => CandidateColumns.KindOf(JobType, Form, Schedule);
}

/// <summary>
/// Column-wise copies of the <see cref="PackedOpening"/> fields that decide a candidate's cheap upper bound:
/// a bucket is a contiguous run in each array, so the first pass of scoring streams through a few small
/// arrays instead of striding over whole structs. Hours, start day and municipality are stored as slots
/// into their distinct values (a few dozen to a few hundred in a municipality's openings), so that a match
/// works out each distinct value's score once and the first pass reads it from a table, exactly.
/// Built from the items alone, so a set changed by <see cref="MatchCandidateSet.With"/> gets the same
/// columns as one packed from scratch.
/// </summary>
internal sealed class CandidateColumns
{
    /// <summary>The last day the opening can be shown: its expiry day, or int.MinValue when it is not open.</summary>
    public readonly int[] ShownUntil;
    /// <summary>The employer's index, for the per-employer bound of the employer's factors.</summary>
    public readonly int[] Employer;
    /// <summary>Slots into <see cref="HoursValues"/>, <see cref="StartDays"/> and <see cref="Municipalities"/>.</summary>
    public readonly int[] HoursSlot, StartSlot, MunicipalitySlot;
    /// <summary>The distinct hours (NaN: not given), start days (int.MinValue: not given) and municipality codes, in first-seen order.</summary>
    public readonly double[] HoursValues;
    public readonly int[] StartDays, Municipalities;
    /// <summary>As in <see cref="PackedOpening"/>: radians and the cosine of the latitude, NaN without a location.</summary>
    public readonly double[] Lat, Lon, CosLat;
    /// <summary>Job type, employment form and schedule in one number (<see cref="KindOf"/>): one look-up for the three.</summary>
    public readonly byte[] Kind;
    public readonly bool[] Remote;
    /// <summary>
    /// Where each run of openings of one code, one job type and one schedule starts, and at the end the count: run r is
    /// [RunStart[r], RunStart[r + 1]). Within a code the openings are ordered by kind, job type and schedule first, so
    /// that the first pass can bound a whole run by those two factors' exact terms (<see cref="RunKeyOf"/>) and pass over
    /// runs that cannot reach the results.
    /// </summary>
    public readonly int[] RunStart;

    /// <summary>How many kinds there are: every job type, schedule (or none given) and form.</summary>
    public static readonly int Kinds = EnumCount<JobType>.Value * (EnumCount<Schedule>.Value + 1) * EnumCount<EmploymentForm>.Value;

    /// <summary>How many run keys there are: every job type and schedule (or none given).</summary>
    public static readonly int RunKeys = EnumCount<JobType>.Value * (EnumCount<Schedule>.Value + 1);

    /// <summary>
    /// The kind of an opening, job type first, then schedule, then form; <see cref="KindParts"/> takes it apart. A schedule
    /// of -1 is "none given".
    /// </summary>
    public static int KindOf(int jobType, int form, int schedule) =>
        (jobType * (EnumCount<Schedule>.Value + 1) + schedule + 1) * EnumCount<EmploymentForm>.Value + form;

    public static (int JobType, int Form, int Schedule) KindParts(int kind)
    {
        var (rest, form) = Math.DivRem(kind, EnumCount<EmploymentForm>.Value);
        var (jobType, schedule) = Math.DivRem(rest, EnumCount<Schedule>.Value + 1);
        return (jobType, form, schedule - 1);
    }

    /// <summary>The job type and schedule of a kind in one number below <see cref="RunKeys"/>: what a run shares.</summary>
    public static int RunKeyOf(int kind) => kind / EnumCount<EmploymentForm>.Value;

    public CandidateColumns(PackedOpening[] items)
    {
        var n = items.Length;
        ShownUntil = new int[n];
        Employer = new int[n];
        HoursSlot = new int[n];
        StartSlot = new int[n];
        MunicipalitySlot = new int[n];
        Lat = new double[n];
        Lon = new double[n];
        CosLat = new double[n];
        Kind = new byte[n];
        Remote = new bool[n];
        // double.Equals counts NaN equal to itself, so "not given" is one slot.
        var hours = new Slots<double>();
        var starts = new Slots<int>();
        var municipalities = new Slots<int>();
        for (var i = 0; i < n; i++)
        {
            ref readonly var o = ref items[i];
            ShownUntil[i] = o.Open ? o.ExpiresDay : int.MinValue;
            Employer[i] = o.Employer;
            HoursSlot[i] = hours.Of(o.Hours);
            StartSlot[i] = starts.Of(o.StartDay);
            MunicipalitySlot[i] = municipalities.Of(o.Municipality);
            (Lat[i], Lon[i], CosLat[i]) = (o.Lat, o.Lon, o.CosLat);
            Kind[i] = (byte)o.Kind;
            Remote[i] = o.Remote;
        }
        var runStart = new List<int>();
        for (var i = 0; i < n; i++)
            if (i == 0 || RunKeyOf(Kind[i]) != RunKeyOf(Kind[i - 1]) || items[i].Ssyk != items[i - 1].Ssyk || items[i].SsykLength != items[i - 1].SsykLength)
                runStart.Add(i);
        runStart.Add(n);
        RunStart = [.. runStart];
        HoursValues = [.. hours.Values];
        StartDays = [.. starts.Values];
        Municipalities = [.. municipalities.Values];
    }

    /// <summary>Distinct values in first-seen order, and each one's slot.</summary>
    private sealed class Slots<T> where T : notnull
    {
        private readonly Dictionary<T, int> _slots = [];
        public readonly List<T> Values = [];

        public int Of(T value)
        {
            if (_slots.TryGetValue(value, out var slot)) return slot;
            _slots[value] = slot = Values.Count;
            Values.Add(value);
            return slot;
        }
    }
}

internal readonly record struct PackedContact(int Day, long Coach, int Count);

/// <summary>
/// Openings of one SSYK code and what they offer between them, as bit sets and a bounding box:
/// enough for an upper bound of any of their scores without looking at them one by one.
/// </summary>
internal readonly struct CandidateBucket
{
    /// <summary>The bit of "no schedule given": after the bits of the schedules (a test checks it follows the enum).</summary>
    public static readonly int NoSchedule = EnumCount<Schedule>.Value;
    public int Index { get; init; }
    public int Start { get; init; }
    public int End { get; init; }
    /// <summary>Its runs of one kind: <see cref="CandidateColumns.RunStart"/>[FirstRun .. EndRun] are their starts and the bucket's end.</summary>
    public int FirstRun { get; init; }
    public int EndRun { get; init; }
    public int Ssyk { get; init; }
    public byte SsykLength { get; init; }
    /// <summary>Bit (1 &lt;&lt; value) for each job type, employment form, schedule (bit 4: none given) and employer sector present.</summary>
    public byte JobTypes { get; init; }
    public byte Forms { get; init; }
    public byte Schedules { get; init; }
    public byte Sectors { get; init; }
    public bool AnyRemote { get; init; }
    /// <summary>Some employer in the bucket has face-to-face contacts (of any age).</summary>
    public bool AnyContacts { get; init; }
    /// <summary>Some openings have a location (inside the box, in radians) and some have none.</summary>
    public bool AnyLocated { get; init; }
    public bool AnyUnlocated { get; init; }
    public double MinLat { get; init; }
    public double MaxLat { get; init; }
    public double MinLon { get; init; }
    public double MaxLon { get; init; }
    /// <summary>Cosines of MinLat and MaxLat: the smaller is the smallest of any latitude in the box.</summary>
    public double MinCosLat { get; init; }
    public double MaxCosLat { get; init; }
}
