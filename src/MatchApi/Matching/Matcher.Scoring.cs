using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Matching;

// Scoring and bounds: a value in 0..1 per factor for an opening (negative: excluded), and for a
// bucket of openings an upper bound of each.
public static partial class Matcher
{
    private enum OccupationLevel { Unrelated, MajorGroup, Field, Group, Exact }

    /// <summary>Everything derived from the goals once per match, so that scoring a candidate is look-ups and arithmetic.</summary>
    private sealed partial class Context
    {
        private const double EarthRadiusKm = 6371.0088;
        private static readonly int[] Pow10 = [1, 10, 100, 1000, 10000];
        // Table slots per code length: 4-digit codes first, then 3, 2 and 1 digits.
        private static readonly int[] TableOffset = [0, 11100, 11000, 10000, 0];
        public const int TableSize = 11110;

        private readonly MatchCandidateSet _set;
        private readonly ParticipantGoals _goals;
        private readonly MatchQuery _query;
        private readonly int _today;
        private readonly double[] _w = new double[Factors.Count];
        private readonly (int Code, int Length)[] _desired;
        private readonly (int Code, int Length)[] _avoided;
        private readonly float[] _occupationTable;
        private readonly int[] _acceptable;
        private readonly bool _hasHome;
        private readonly double _homeLat, _homeLon, _cosHome;
        private readonly double? _maxTravel;
        /// <summary>For the first pass: a distance below the edge is within the travel limit, one beyond the hard edge past a hard limit.</summary>
        private readonly double _travelEdge = double.NaN, _hardTravelEdge = double.PositiveInfinity;
        private readonly bool _everywhereInside;
        private readonly double _minHours, _maxHours;
        private readonly bool _hasHoursGoal, _hasScheduleGoal, _hasPreferences, _hasInterests;
        private readonly double[] _scheduleValue = new double[EnumCount<Schedule>.Value];
        private readonly double[] _formValue = new double[EnumCount<EmploymentForm>.Value];
        private readonly double[] _jobTypeValue = new double[EnumCount<JobType>.Value];
        private readonly double[] _sectorValue = new double[EnumCount<Sector>.Value];
        private readonly int _earliestStart;
        private readonly int _municipalityFilter;
        private readonly EmployerSlot[] _employers;
        private readonly int _stamp;
        private readonly double[] _decay;
        private readonly double _ownCoachMultiplier;
        private readonly long _ownCoach;
        private readonly int[] _interestHit, _bucketInterestHit;
        private readonly byte[] _interestWhich;
        private readonly double[] _values, _boundTerms;
        private readonly Scratch _scratch;
        /// <summary>Schedule value by schedule + 1 (0: none given).</summary>
        private readonly double[] _scheduleByIndex = new double[EnumCount<Schedule>.Value + 1];

        public Context(ParticipantGoals goals, MatchCandidateSet set, MatchWeights weights, MatchQuery query, DateOnly today, Scratch scratch)
        {
            _set = set;
            _goals = goals;
            _query = query;
            _today = today.DayNumber;

            var total = weights.TotalWeight();
            foreach (var f in Factors.All) _w[(int)f] = total > 0 ? weights[f] / total : 0;

            _hasInterests = goals.Interests.Count > 0;
            _stamp = scratch.Begin(set, _hasInterests);
            _scratch = scratch;
            _employers = scratch.Employers;
            _occupationTable = scratch.OccupationTable;
            _values = scratch.Values;
            _boundTerms = scratch.BoundTerms;
            _desired = goals.DesiredOccupations.Select(c => MatchCandidateSet.ParseCode(c, 4)).ToArray();
            _avoided = goals.Avoid.Occupations.Select(c => MatchCandidateSet.ParseCode(c, 4)).Where(c => c.Length > 0).ToArray();

            _acceptable = goals.AcceptableMunicipalities.Select(c => MatchCandidateSet.ParseCode(c, 4).Value).Where(c => c >= 0).ToArray();
            if (goals.HomeLocation is { } home)
            {
                _hasHome = true;
                _homeLat = home.Latitude * Math.PI / 180;
                _homeLon = home.Longitude * Math.PI / 180;
                _cosHome = Math.Cos(_homeLat);
            }
            _maxTravel = goals.MaxTravelKm;
            // Km rounds half away from zero, so Km(d) ≤ limit exactly when d < floor(limit) + 0.5 (for d ≥ 0).
            if (_maxTravel is { } travel) _travelEdge = Math.Floor(travel) + 0.5;
            if (goals.TravelLimitIsHard && _maxTravel is not null) _hardTravelEdge = _travelEdge;
            _everywhereInside = _acceptable.Length == 0 && _maxTravel is null;

            _hasHoursGoal = goals.MinHoursPerWeek is not null || goals.MaxHoursPerWeek is not null;
            _minHours = goals.MinHoursPerWeek ?? 0;
            _maxHours = goals.MaxHoursPerWeek ?? double.PositiveInfinity;
            _hasScheduleGoal = goals.Schedules.Count > 0 || goals.AvoidSchedules.Count > 0;
            _hasPreferences = goals.PreferredEmployerIds.Count > 0 || goals.PreferredIndustries.Count > 0;

            for (var s = 0; s < _scheduleValue.Length; s++) _scheduleValue[s] = ScheduleFit(goals, (Schedule)s);
            for (var f = 0; f < _formValue.Length; f++) _formValue[f] = FormFit(goals.EmploymentForms, (EmploymentForm)f);
            for (var t = 0; t < _jobTypeValue.Length; t++) _jobTypeValue[t] = JobTypeFit(goals.JobTypes, (JobType)t);
            for (var s = 0; s < _sectorValue.Length; s++) _sectorValue[s] = SectorFit((Sector)s);
            for (var s = 0; s < _scheduleByIndex.Length; s++) _scheduleByIndex[s] = ScheduleValue((sbyte)(s - 1));
            _earliestStart = Math.Max(goals.EarliestStart?.DayNumber ?? _today, _today);
            _municipalityFilter = query.MunicipalityCode is null ? -1 : MatchCandidateSet.ParseCode(query.MunicipalityCode, 4).Value;

            _decay = scratch.Decay;
            if (!scratch.DecayHalfLife.Equals(weights.KnownEmployerHalfLifeDays))
            {
                for (var age = 0; age < _decay.Length; age++) _decay[age] = Math.Pow(0.5, age / weights.KnownEmployerHalfLifeDays);
                scratch.DecayHalfLife = weights.KnownEmployerHalfLifeDays;
            }
            _ownCoachMultiplier = weights.OwnCoachMultiplier;
            _ownCoach = query.OwnCoachId ?? long.MinValue;

            _interestHit = scratch.InterestHit;
            _bucketInterestHit = scratch.BucketInterestHit;
            _interestWhich = scratch.InterestWhich;
            if (_hasInterests) MarkInterests(scratch);
        }

        /// <summary>The enum-indexed tables and their enums, for the test that their sizes follow the enums.</summary>
        public IReadOnlyList<(Type, int)> Tables() =>
        [
            (typeof(Schedule), _scheduleValue.Length), (typeof(EmploymentForm), _formValue.Length),
            (typeof(JobType), _jobTypeValue.Length), (typeof(Sector), _sectorValue.Length), (typeof(Factor), _w.Length),
            (typeof(Factor), _values.Length), (typeof(Factor), _boundTerms.Length),
        ];

        /// <summary>
        /// Marks, with this match's stamp, every opening whose title or description mentions one of the
        /// interests (the first such interest is kept for the reason) and every bucket holding one.
        /// Cost is that of the openings using the matching words, not of all candidates.
        /// </summary>
        private void MarkInterests(Scratch scratch)
        {
            var index = _set.WordIndex;
            for (var n = 0; n < _goals.Interests.Count && n < byte.MaxValue; n++)
            {
                var words = Words.Of(_goals.Interests[n]);
                if (words.Count == 0) continue;
                var phrase = scratch.NextPass();
                for (var k = 0; k < words.Count; k++)
                {
                    var pass = scratch.NextPass();
                    foreach (var postings in index.Openings(words[k]))
                    {
                        foreach (var i in postings.Span)
                        {
                            if (scratch.Seen[i] == pass) continue;
                            scratch.Seen[i] = pass;
                            // An opening counts the phrase's words in order; it has them all when the count reaches the last.
                            if (k == 0) (scratch.PhraseStamp[i], scratch.PhraseWords[i]) = (phrase, 1);
                            else if (scratch.PhraseStamp[i] == phrase && scratch.PhraseWords[i] == k) scratch.PhraseWords[i] = k + 1;
                            else continue;
                            if (scratch.PhraseWords[i] < words.Count || _interestHit[i] == _stamp) continue;
                            _interestHit[i] = _stamp;
                            _interestWhich[i] = (byte)n;
                            _bucketInterestHit[_set.ItemBucket[i]] = _stamp;
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The employer's slot, with its factor values worked out the first time a match needs them:
        /// most employers have no candidate worth scoring.
        /// </summary>
        private ref EmployerSlot Employer(int e)
        {
            ref var slot = ref _employers[e];
            if (slot.Stamp == _stamp) return ref slot;
            slot.Stamp = _stamp;
            slot.Best1 = slot.Best2 = -1;
            slot.Known = 0;
            var employer = _set.Employers[e];
            slot.Excluded = !employer.Active || Contains(_goals.Avoid.EmployerIds, employer.Id)
                || IndustryMatch(_goals.Avoid.Industries, employer.SniCode) >= 0
                || (_query.Sector is { } sector && employer.Sector != sector);
            if (slot.Excluded) return ref slot;
            var known = 0.0;
            if (_w[(int)Factor.KnownEmployer] > 0)
            {
                var contacts = _set.Contacts;
                for (var c = _set.ContactStart[e]; c < _set.ContactStart[e + 1]; c++)
                {
                    // A meeting planned for a later day has not been held: it counts when it has.
                    var age = _today - contacts[c].Day;
                    if (age < 0 || age > MatchWeights.ContactWindowDays) continue;
                    var weight = _decay[age] * contacts[c].Count;
                    known += contacts[c].Coach == _ownCoach ? weight * _ownCoachMultiplier : weight;
                }
            }
            // Saturates: a few recent meetings make an employer "known"; many more add little.
            slot.Known = 1 - Math.Exp(-known / 2);
            slot.Sector = _sectorValue[_set.EmployerSector[e]];
            slot.Preferred = !_hasPreferences || Contains(_goals.PreferredEmployerIds, employer.Id)
                || IndustryMatch(_goals.PreferredIndustries, employer.SniCode) >= 0 ? 1 : 0;
            return ref slot;
        }

        /// <summary>The score in 0..1, or false when the opening is excluded.</summary>
        public bool TryScore(int index, out double score)
        {
            score = 0;
            var values = _values;
            if (!Values(index, values, out _)) return false;
            for (var f = 0; f < values.Length; f++) score += _w[f] * values[f];
            return true;
        }

        /// <summary>Each factor's value for the opening at <paramref name="index"/>, or false when it is excluded.</summary>
        public bool Values(int index, Span<double> v, out double distance)
        {
            distance = double.NaN;
            ref readonly var o = ref _set.Items[index];
            if (!o.Open || o.ExpiresDay < _today) return false;
            var jobType = _jobTypeValue[o.JobType];
            if (jobType < 0) return false;
            if (_query.JobType is { } wanted && o.JobType != (byte)wanted) return false;
            if (_municipalityFilter >= 0 && o.Municipality != _municipalityFilter) return false;
            var occupation = OccupationValue(o.Ssyk, o.SsykLength);
            if (occupation < 0) return false;
            ref readonly var employer = ref Employer(o.Employer);
            if (employer.Excluded) return false;
            var schedule = ScheduleValue(o.Schedule);
            if (schedule < 0) return false;
            var hours = HoursValue(o.Hours);
            if (hours < 0) return false;
            var place = PlaceValue(in o, out distance);
            if (place < 0) return false;

            v.Fill(double.NaN); // a factor left without a value shows as NaN, which the factor tests catch
            v[(int)Factor.Occupation] = occupation;
            v[(int)Factor.Place] = place;
            v[(int)Factor.Hours] = hours;
            v[(int)Factor.Schedule] = schedule;
            v[(int)Factor.EmploymentForm] = _formValue[o.Form];
            v[(int)Factor.StartDate] = StartValue(o.StartDay);
            v[(int)Factor.JobType] = jobType;
            v[(int)Factor.Sector] = employer.Sector;
            v[(int)Factor.KnownEmployer] = employer.Known;
            v[(int)Factor.Interests] = !_hasInterests || _interestHit[index] == _stamp ? 1 : 0;
            v[(int)Factor.PreferredEmployer] = employer.Preferred;
            return true;
        }

        /// <summary>
        /// No opening in the bucket can score more than this; negative infinity when none can be shown.
        /// Each term is the most its factor can give in the bucket, summed in the same order as in
        /// <see cref="TryScore"/>: with rounding that never decreases a sum of larger terms, the bound
        /// holds in floating point too.
        /// </summary>
        public double Bound(in CandidateBucket b)
        {
            var t = _boundTerms;
            if (!BoundTerms(in b, t)) return double.NegativeInfinity;
            var bound = 0.0;
            for (var f = 0; f < t.Length; f++) bound += _w[f] * t[f];
            return bound;
        }

        /// <summary>The most each factor can give in the bucket, or false when nothing in it can be shown.</summary>
        public bool BoundTerms(in CandidateBucket b, Span<double> t)
        {
            var occupation = OccupationValue(b.Ssyk, b.SsykLength);
            if (occupation < 0) return false;

            var jobTypes = b.JobTypes;
            if (_query.JobType is { } wanted) jobTypes &= (byte)(1 << (int)wanted);
            var jobType = MaxOver(jobTypes, _jobTypeValue);
            if (jobType < 0) return false;

            var sectors = b.Sectors;
            if (_query.Sector is { } sector) sectors &= (byte)(1 << (int)sector);
            if (sectors == 0) return false;

            // An opening without a schedule scores the neutral value and is never excluded for it.
            var schedule = MaxOver((byte)(b.Schedules & ~(1 << CandidateBucket.NoSchedule)), _scheduleValue);
            if ((b.Schedules & (1 << CandidateBucket.NoSchedule)) != 0) schedule = Math.Max(schedule, _hasScheduleGoal ? Factors.Unknown : 1);
            if (schedule < 0) return false;

            t.Fill(double.NaN); // a factor left without a bound shows as NaN, which the factor tests catch
            t[(int)Factor.Occupation] = occupation;
            t[(int)Factor.Place] = PlaceBound(in b);
            t[(int)Factor.Hours] = 1;
            t[(int)Factor.Schedule] = schedule;
            t[(int)Factor.EmploymentForm] = MaxOver(b.Forms, _formValue);
            t[(int)Factor.StartDate] = 1;
            t[(int)Factor.JobType] = jobType;
            t[(int)Factor.Sector] = MaxOver(sectors, _sectorValue);
            t[(int)Factor.KnownEmployer] = b.AnyContacts ? 1 : 0;
            t[(int)Factor.Interests] = !_hasInterests || _bucketInterestHit[b.Index] == _stamp ? 1 : 0;
            t[(int)Factor.PreferredEmployer] = 1;
            return true;
        }

        private static double MaxOver(byte bits, double[] values)
        {
            var max = double.NegativeInfinity;
            for (var v = 0; v < values.Length; v++)
                if ((bits & (1 << v)) != 0) max = Math.Max(max, values[v]);
            return max;
        }

        /// <summary>The most <see cref="PlaceValue"/> can give in the bucket, from the distance to its bounding box.</summary>
        private double PlaceBound(in CandidateBucket b)
        {
            if (b.AnyRemote && _goals.PrefersRemote) return 1;
            // Municipalities are not summarised per bucket, so any chosen municipality may be inside.
            var insideByMunicipality = _acceptable.Length > 0 || _maxTravel is null;
            if (!_hasHome) return insideByMunicipality ? 0.75 : 0.25;
            var best = b.AnyUnlocated ? (insideByMunicipality ? 0.5 + 0.5 * Factors.Unknown : Factors.Unknown) : double.NegativeInfinity;
            if (b.AnyLocated)
            {
                // The haversine of the box's nearest latitude and longitude differences, with the smallest
                // cosine of a latitude in the box: no opening inside is nearer. Shaved by a hair so that
                // rounding cannot lift it above a distance computed the other way.
                var sLat = Math.Sin((Math.Clamp(_homeLat, b.MinLat, b.MaxLat) - _homeLat) / 2);
                var sLon = Math.Sin((Math.Clamp(_homeLon, b.MinLon, b.MaxLon) - _homeLon) / 2);
                var a = sLat * sLat + _cosHome * Math.Min(b.MinCosLat, b.MaxCosLat) * sLon * sLon;
                var nearest = 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a))) * (1 - 1e-9);
                var inside = insideByMunicipality || Km(nearest) <= _maxTravel;
                var proximity = 1 / (1 + nearest / 15);
                best = Math.Max(best, inside ? 0.5 + 0.5 * proximity : 0.5 * proximity);
            }
            return best;
        }

        private float OccupationValue(int code, int length)
        {
            if (length == 0) return 0;
            var slot = TableOffset[length] + code;
            var cached = _occupationTable[slot];
            if (!float.IsNaN(cached)) return cached;
            return _occupationTable[slot] = IsAvoided(code, length) ? -1
                : _desired.Length == 0 ? 1 // open to any occupation
                : (float)BestChoice(code, length).Value;
        }

        // A loop, not a lambda: a closure over the parameters would be allocated on every call, cached or not.
        private bool IsAvoided(int code, int length)
        {
            foreach (var (avoided, avoidedLength) in _avoided)
                if (length >= avoidedLength && Prefix(code, length, avoidedLength) == avoided) return true;
            return false;
        }

        /// <summary>The desired occupation that fits best, weighing closeness by the participant's own rank order.</summary>
        private (double Value, int Rank, OccupationLevel Level) BestChoice(int code, int length)
        {
            var best = (Value: 0.0, Rank: -1, Level: OccupationLevel.Unrelated);
            for (var rank = 0; rank < _desired.Length; rank++)
            {
                var (wanted, wantedLength) = _desired[rank];
                if (wantedLength == 0) continue;
                var level = Level(code, length, wanted, wantedLength);
                var value = LevelValue(level) / (1 + 0.25 * rank);
                if (value > best.Value) best = (value, rank, level);
            }
            return best;
        }

        private static OccupationLevel Level(int code, int length, int wanted, int wantedLength)
        {
            // A shorter desired code (a group) is matched exactly by every occupation in it.
            if (length >= wantedLength && Prefix(code, length, wantedLength) == wanted) return OccupationLevel.Exact;
            for (var common = Math.Min(length, wantedLength); common >= 1; common--)
            {
                if (Prefix(code, length, common) != Prefix(wanted, wantedLength, common)) continue;
                return common switch { >= 3 => OccupationLevel.Group, 2 => OccupationLevel.Field, _ => OccupationLevel.MajorGroup };
            }
            return OccupationLevel.Unrelated;
        }

        private static double LevelValue(OccupationLevel level) => level switch
        {
            OccupationLevel.Exact => 1.0,
            OccupationLevel.Group => 0.6,
            OccupationLevel.Field => 0.35,
            OccupationLevel.MajorGroup => 0.1,
            _ => 0,
        };

        private static int Prefix(int code, int length, int digits) => code / Pow10[length - digits];

        /// <summary>Kilometres as reasons show them; the hard travel limit compares this same number.</summary>
        internal static double Km(double distance) => Math.Round(distance, MidpointRounding.AwayFromZero);

        /// <summary>Great-circle (haversine) distance from home in km, or NaN without a home or a location.</summary>
        private double Distance(in PackedOpening o)
        {
            if (!_hasHome || double.IsNaN(o.Lat)) return double.NaN;
            var sLat = Math.Sin((o.Lat - _homeLat) / 2);
            var sLon = Math.Sin((o.Lon - _homeLon) / 2);
            var a = sLat * sLat + _cosHome * o.CosLat * sLon * sLon;
            return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
        }

        /// <summary>Place value in 0..1 (-1 beyond the participant's hard travel limit); distance in km or NaN.</summary>
        private double PlaceValue(in PackedOpening o, out double distance)
        {
            distance = Distance(in o);
            return PlaceOf(o.Remote, o.Municipality, distance);
        }

        private bool Accepts(int municipality)
        {
            foreach (var m in _acceptable) if (m == municipality) return true;
            return false;
        }

        /// <summary><see cref="PlaceValue"/> for an opening at the given distance (NaN: none known).</summary>
        private double PlaceOf(bool remote, int municipality, double distance)
        {
            if (remote && _goals.PrefersRemote) return 1;
            var km = Km(distance);
            if (_goals.TravelLimitIsHard && _maxTravel is { } limit && km > limit) return -1;

            var inside = (_acceptable.Length == 0 && _maxTravel is null)
                || Array.IndexOf(_acceptable, municipality) >= 0
                || km <= _maxTravel;
            // Without a home only the municipality counts; an opening that gives no place scores the neutral value.
            if (!_hasHome) return inside ? 0.75 : 0.25;
            if (double.IsNaN(distance)) return inside ? 0.5 + 0.5 * Factors.Unknown : Factors.Unknown;
            var proximity = 1 / (1 + distance / 15);
            return inside ? 0.5 + 0.5 * proximity : 0.5 * proximity;
        }

        /// <summary>Hours value in 0..1; -1 outside a firm range.</summary>
        private double HoursValue(double hours)
        {
            if (!_hasHoursGoal) return 1;
            if (double.IsNaN(hours)) return Factors.Unknown;
            var gap = hours < _minHours ? _minHours - hours : hours > _maxHours ? hours - _maxHours : 0;
            if (gap > 0 && _goals.Firm.Hours) return -1;
            return gap <= 0 ? 1 : 0.8 / (1 + gap / 5);
        }

        private double ScheduleValue(sbyte schedule) =>
            !_hasScheduleGoal ? 1 : schedule < 0 ? Factors.Unknown : _scheduleValue[schedule];

        private double StartValue(int startDay)
        {
            if (startDay == int.MinValue) return Factors.Unknown;
            var start = Math.Max(startDay, _today);
            if (start < _earliestStart) return 0.8 / (1 + (_earliestStart - start) / 14.0);
            var wait = start - _earliestStart;
            return wait <= 30 ? 1 : 1 / (1 + (wait - 30) / 60.0);
        }

        /// <summary>1 for a wished schedule; a near or far miss; -1 for an avoided one, or one not wished when the wish is firm.</summary>
        private static double ScheduleFit(ParticipantGoals goals, Schedule offered)
        {
            if (goals.AvoidSchedules.Contains(offered)) return -1;
            var wanted = goals.Schedules;
            if (wanted.Count == 0 || wanted.Contains(offered)) return 1;
            if (goals.Firm.Schedules) return -1;
            // Neighbouring times of day are a near miss; day versus night a far miss.
            return wanted.Max(w => (w, offered) switch
            {
                (Schedule.Day, Schedule.Evening) or (Schedule.Evening, Schedule.Day)
                    or (Schedule.Evening, Schedule.Night) or (Schedule.Night, Schedule.Evening)
                    or (Schedule.Weekend, Schedule.Day) or (Schedule.Day, Schedule.Weekend)
                    or (Schedule.Weekend, Schedule.Evening) or (Schedule.Evening, Schedule.Weekend) => 0.5,
                _ => 0.15,
            });
        }

        private static double FormFit(IReadOnlyList<EmploymentForm> wanted, EmploymentForm offered)
        {
            if (wanted.Count == 0 || wanted.Contains(offered)) return 1;
            return wanted.Max(w => (w, offered) switch
            {
                (EmploymentForm.Permanent, EmploymentForm.Temporary or EmploymentForm.Substitute) => 0.5,
                (EmploymentForm.Temporary or EmploymentForm.Substitute,
                    EmploymentForm.Temporary or EmploymentForm.Substitute or EmploymentForm.Permanent) => 0.6,
                (EmploymentForm.Temporary or EmploymentForm.Substitute or EmploymentForm.Seasonal or EmploymentForm.Hourly,
                    EmploymentForm.Temporary or EmploymentForm.Seasonal or EmploymentForm.Substitute or EmploymentForm.Hourly) => 0.4,
                _ => 0.2,
            });
        }

        /// <summary>The participant's own order when they gave one (unlisted types excluded: their choice); otherwise ordinary jobs first.</summary>
        private static double JobTypeFit(IReadOnlyList<JobType> chosen, JobType offered)
        {
            if (chosen.Count == 0)
                return offered switch { JobType.Competitive => 1, JobType.Subsidised => 0.6, _ => 0.3 };
            var position = chosen.Distinct().ToList().IndexOf(offered);
            return position < 0 ? -1 : 1 - 0.25 * position;
        }

        private static double SectorFit(Sector sector) => sector switch
        {
            Sector.Private => 1,
            Sector.Public => 0.6,
            _ => 0.5,
        };

        private static bool Contains(IReadOnlyList<long> ids, long id)
        {
            for (var i = 0; i < ids.Count; i++) if (ids[i] == id) return true;
            return false;
        }

        /// <summary>The index of the first SNI prefix the code starts with, or -1.</summary>
        private static int IndustryMatch(IReadOnlyList<string> prefixes, string? sni)
        {
            if (sni is null) return -1;
            for (var i = 0; i < prefixes.Count; i++)
                if (prefixes[i].Length > 0 && sni.StartsWith(prefixes[i], StringComparison.Ordinal)) return i;
            return -1;
        }
    }
}
