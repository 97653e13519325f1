using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MatchApi.Matching;

// The first pass: an upper bound of every opening's score in a bucket, cheap enough to run over all of them,
// so that only the few whose bound reaches the results are scored exactly.
public static partial class Matcher
{
    /// <summary>
    /// Per employer, the most its employer factors can add to a score (sector and known employer, weighted), for one day
    /// and one set of weights. Worked out once and kept with the candidate set, since it does not depend on the
    /// participant: a memo, so the matcher stays a function of its inputs.
    /// </summary>
    internal sealed record EmployerTermsAtMost(int Today, double HalfLifeDays, double OwnCoachMultiplier, double SectorWeight,
        double KnownWeight, double[] Terms);

    /// <summary>
    /// Per run of openings of one code, job type and schedule (<see cref="CandidateColumns.RunStart"/>), the most of
    /// <see cref="EmployerTermsAtMost"/>'s terms among its openings' employers: the memo of the set's runs for the
    /// employer bound <paramref name="Terms"/> (the same array, not an equal one).
    /// </summary>
    internal sealed record RunTermsAtMost(double[] Terms, double[] RunMax);

    private sealed partial class Context
    {
        /// <summary>
        /// Added to every first-pass bound: the bound sums its terms in another order than <see cref="TryScore"/> (and
        /// multiplies once where the score multiplies per contact), and rounding may differ by a few units in the last
        /// place of a sum below 1. A hair of 1e-12 is far more than that, and far less than any difference that matters.
        /// </summary>
        private const double Hair = 1e-12;

        private bool _firstPassReady;
        private double[] _employerTerms = [], _runEmployerTerms = [];
        /// <summary>The most the hours and start terms give any opening of the set in this match.</summary>
        private double _hoursAtMost, _startAtMost;

        /// <summary>
        /// The first pass over a bucket: the openings whose score may reach <paramref name="cut"/>, each with a bound no
        /// lower than the score <see cref="TryScore"/> gives it, in <paramref name="upper"/> and their indices in
        /// <paramref name="index"/>; returns how many. An opening that is left out scores below the cut or is excluded.
        /// It works out the bound one factor group at a time, each value from a per-match table of weighted values in
        /// which an excluded value is negative infinity (so a sum carries the exclusion): job type, schedule and form by the
        /// opening's kind, hours, start and the municipality filter by the opening's own value (exact); the employer's
        /// factors from the per-employer bound kept with the set (<see cref="EmployerTermsAtMost"/>: exact for sector, at
        /// least the known-employer value whoever the participant's coach is); occupation and preferred employer from the
        /// bucket; place last, from a lower bound of the distance (<see cref="PlacesAtMost"/>, no trigonometry), only for
        /// the openings that reach the cut with the bucket's best place. The openings of a code are ordered by kind, and a
        /// run of one job type and schedule whose bound (those factors' terms with the best form, the most the other terms
        /// give in it) stays below the cut is passed over whole (<see cref="RunTermsAtMost"/>). No employer look-up beyond
        /// one array read, no call per opening.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int UpperBounds(in CandidateBucket b, Span<double> upper, Span<int> index, double cut = double.NegativeInfinity)
        {
            var t = _boundTerms;
            if (!BoundTerms(in b, t)) return 0;
            PrepareFirstPass();
            // Negative infinity (excluded) never reaches this, whatever the cut.
            cut = Math.Max(cut, double.MinValue);
            var w = _w;
            var scratch = _scratch;
            var shared = Hair + w[(int)Factor.Occupation] * t[(int)Factor.Occupation] + w[(int)Factor.PreferredEmployer] * t[(int)Factor.PreferredEmployer]
                + (_hasInterests ? 0 : w[(int)Factor.Interests]);
            var placeBest = w[(int)Factor.Place] * t[(int)Factor.Place];
            var columns = _set.Columns;
            var start = b.Start;
            var n = b.End - b.Start;

            var shownUntil = columns.ShownUntil.AsSpan(start, n);
            var kinds = columns.Kind.AsSpan(start, n);
            var hours = columns.HoursSlot.AsSpan(start, n);
            var starts = columns.StartSlot.AsSpan(start, n);
            var employers = columns.Employer.AsSpan(start, n);
            var municipalities = columns.MunicipalitySlot.AsSpan(start, n);
            var interestHit = _hasInterests ? _interestHit.AsSpan(start, n) : default;
            double[] kindW = scratch.KindW, runKeyW = scratch.RunKeyW, hoursW = scratch.HoursW, startW = scratch.StartW, employerW = _employerTerms, runW = _runEmployerTerms,
                filterW = scratch.MunicipalityW;
            var filter = _municipalityFilter >= 0;
            var wInterests = _hasInterests ? w[(int)Factor.Interests] : 0;
            var (today, stamp) = (_today, _stamp);
            var runStart = columns.RunStart;
            // Whatever reaches the cut once the bucket's best place is added is kept for place, with its bound so far.
            var survivors = scratch.Survivors;
            var kept = scratch.Kept;
            var count = 0;
            // The most the terms other than kind and employer give in this bucket (interests only add, the municipality
            // filter only takes away).
            var restAtMost = _hoursAtMost + _startAtMost + (_hasInterests && _bucketInterestHit[b.Index] == stamp ? wInterests : 0) + placeBest;
            for (var r = b.FirstRun; r < b.EndRun; r++)
            {
                int from = runStart[r] - start, to = runStart[r + 1] - start;
                // Below the cut, or excluded by its job type or schedule, with any form.
                if (!(shared + runKeyW[CandidateColumns.RunKeyOf(kinds[from])] + runW[r] + restAtMost >= cut)) continue;
                for (var k = from; k < to; k++)
                {
                    var bound = shared + kindW[kinds[k]] + hoursW[hours[k]] + startW[starts[k]] + employerW[employers[k]];
                    if (filter) bound += filterW[municipalities[k]];
                    if (_hasInterests && interestHit[k] == stamp) bound += wInterests;
                    if (shownUntil[k] < today) bound = double.NegativeInfinity;
                    survivors[count] = k;
                    kept[count] = bound;
                    count += bound + placeBest >= cut ? 1 : 0;
                }
            }
            if (count == 0) return 0;

            // The survivors' own place: their columns gathered, then worked out four at a time.
            var place = scratch.Place.AsSpan(0, count);
            Span<double> lats = scratch.Lat.AsSpan(0, count), lons = scratch.Lon.AsSpan(0, count), cosLats = scratch.CosLat.AsSpan(0, count);
            Span<int> slots = scratch.MunicipalitySlots.AsSpan(0, count);
            Span<bool> remotes = scratch.Remote.AsSpan(0, count);
            for (var j = 0; j < count; j++)
            {
                var i = start + survivors[j];
                (lats[j], lons[j], cosLats[j]) = (columns.Lat[i], columns.Lon[i], columns.CosLat[i]);
                (slots[j], remotes[j]) = (columns.MunicipalitySlot[i], columns.Remote[i]);
            }
            PlaceTerms(lats, lons, cosLats, slots, remotes, b.AnyRemote, place);
            var reached = 0;
            for (var j = 0; j < count; j++)
            {
                var bound = kept[j] + place[j];
                upper[reached] = bound;
                index[reached] = start + survivors[j];
                reached += bound >= cut ? 1 : 0;
            }
            return reached;
        }

        /// <summary>
        /// The place term (weighted; negative infinity beyond a hard travel limit) of openings given by their columns, in
        /// <paramref name="place"/>: a remote opening gets the whole place weight when the participant prefers remote work
        /// (the exact value's first step); without a home only the municipality counts; otherwise
        /// <see cref="PlacesAtMost"/>.
        /// </summary>
        private void PlaceTerms(ReadOnlySpan<double> lats, ReadOnlySpan<double> lons, ReadOnlySpan<double> cosLats,
            ReadOnlySpan<int> municipalities, ReadOnlySpan<bool> remotes, bool anyRemote, Span<double> place)
        {
            var n = place.Length;
            var scratch = _scratch;
            if (!_hasHome)
            {
                var withoutHome = scratch.PlaceWithoutHomeW;
                for (var k = 0; k < n; k++) place[k] = withoutHome[municipalities[k]];
            }
            else
            {
                // Inside by municipality: the same for every opening unless the participant chose municipalities.
                var bonus = scratch.Bonus.AsSpan(0, n);
                if (_everywhereInside) bonus.Fill(0.5);
                else if (_acceptable.Length == 0) bonus.Clear();
                else
                {
                    var insideBonus = scratch.InsideBonus;
                    for (var k = 0; k < n; k++) bonus[k] = insideBonus[municipalities[k]];
                }
                PlacesAtMost(lats, lons, cosLats, bonus, place);
            }
            if (!_goals.PrefersRemote || !anyRemote) return;
            var wPlace = _w[(int)Factor.Place];
            for (var k = 0; k < n; k++)
                if (remotes[k]) place[k] = wPlace;
        }

        /// <summary>
        /// The place term of openings at the given coordinates (radians; NaN: no location) with the given bonus for being
        /// inside by municipality (0.5 or 0), from a lower bound of the distance: <see cref="PlaceOf"/>'s steps, weighted,
        /// with the rounded-km comparisons replaced by comparisons of the distance with the travel limit's edge (no
        /// rounding), which count a distance on the edge inside and exclude only beyond it. The value never rises with the
        /// distance. Four openings at a time where the processor can (the same operations, lane by lane).
        /// </summary>
        private void PlacesAtMost(ReadOnlySpan<double> lats, ReadOnlySpan<double> lons, ReadOnlySpan<double> cosLats,
            ReadOnlySpan<double> bonus, Span<double> place)
        {
            var wPlace = _w[(int)Factor.Place];
            double unlocatedInside = wPlace * (0.5 + 0.5 * Factors.Unknown), unlocatedOutside = wPlace * Factors.Unknown;
            var k = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var homeLat = Vector256.Create(_homeLat);
                var homeLon = Vector256.Create(_homeLon);
                var cosHome = Vector256.Create(_cosHome);
                var edge = Vector256.Create(_travelEdge);
                var hardEdge = Vector256.Create(_hardTravelEdge);
                var weight = Vector256.Create(wPlace);
                var half = Vector256.Create(0.5);
                var one = Vector256.Create(1.0);
                var zero = Vector256<double>.Zero;
                var radius = Vector256.Create(2 * EarthRadiusKm * (1 - 1e-9));
                for (; k <= place.Length - Vector256<double>.Count; k += Vector256<double>.Count)
                {
                    var lat = Vector256.Create(lats.Slice(k, Vector256<double>.Count));
                    var lon = Vector256.Create(lons.Slice(k, Vector256<double>.Count));
                    var cosLat = Vector256.Create(cosLats.Slice(k, Vector256<double>.Count));
                    var inBonus = Vector256.Create(bonus.Slice(k, Vector256<double>.Count));
                    var sLat = SinAtMost(Vector256.Abs(lat - homeLat) * half);
                    var sLon = SinAtMost(Vector256.Abs(lon - homeLon) * half);
                    // The native min and max: a NaN lane (no location) is replaced at the end, whatever they make of it.
                    var y = Vector256.MinNative(one, Vector256.Sqrt(sLat * sLat + cosHome * cosLat * sLon * sLon));
                    var distance = radius * (y + y * y * y * (1.0 / 6));
                    var located = Vector256.Equals(lat, lat);
                    var inside = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(distance, edge), half, inBonus);
                    var value = weight * (inside + half / (one + distance * (1.0 / 15)));
                    value = Vector256.ConditionalSelect(Vector256.GreaterThan(distance, hardEdge), Vector256.Create(double.NegativeInfinity), value);
                    var unlocated = Vector256.ConditionalSelect(Vector256.GreaterThan(inBonus, zero), Vector256.Create(unlocatedInside), Vector256.Create(unlocatedOutside));
                    Vector256.ConditionalSelect(located, value, unlocated).CopyTo(place.Slice(k, Vector256<double>.Count));
                }
            }
            for (; k < place.Length; k++)
            {
                if (double.IsNaN(lats[k])) { place[k] = bonus[k] > 0 ? unlocatedInside : unlocatedOutside; continue; }
                var sLat = SinAtMost(Math.Abs(lats[k] - _homeLat) * 0.5);
                var sLon = SinAtMost(Math.Abs(lons[k] - _homeLon) * 0.5);
                var y = Math.Min(1, Math.Sqrt(sLat * sLat + _cosHome * cosLats[k] * sLon * sLon));
                var distance = 2 * EarthRadiusKm * (1 - 1e-9) * (y + y * y * y * (1.0 / 6));
                var inside = Math.Max(bonus[k], distance <= _travelEdge ? 0.5 : 0);
                place[k] = distance > _hardTravelEdge ? double.NegativeInfinity : wPlace * (inside + 0.5 / (1 + distance * (1.0 / 15)));
            }
        }

        /// <summary>
        /// The per-match tables of the first pass, built the first time a match needs them: each distinct hours, start
        /// and municipality value of the set is worked out once.
        /// </summary>
        private void PrepareFirstPass()
        {
            if (_firstPassReady) return;
            _firstPassReady = true;
            var w = _w;
            var scratch = _scratch;
            var columns = _set.Columns;
            var wantedJobType = _query.JobType is { } wanted ? (int)wanted : -1;
            for (var kind = 0; kind < scratch.KindW.Length; kind++)
            {
                var (jobType, form, schedule) = CandidateColumns.KindParts(kind);
                var jobTypeValue = wantedJobType >= 0 && jobType != wantedJobType ? -1 : _jobTypeValue[jobType];
                scratch.KindW[kind] = Weighted(w[(int)Factor.JobType], jobTypeValue) + Weighted(w[(int)Factor.Schedule], _scheduleByIndex[schedule + 1])
                    + Weighted(w[(int)Factor.EmploymentForm], _formValue[form]);
            }
            scratch.RunKeyW.AsSpan().Fill(double.NegativeInfinity);
            for (var kind = 0; kind < scratch.KindW.Length; kind++)
            {
                ref var most = ref scratch.RunKeyW[CandidateColumns.RunKeyOf(kind)];
                most = Math.Max(most, scratch.KindW[kind]);
            }
            for (var h = 0; h < columns.HoursValues.Length; h++) scratch.HoursW[h] = Weighted(w[(int)Factor.Hours], HoursValue(columns.HoursValues[h]));
            for (var d = 0; d < columns.StartDays.Length; d++) scratch.StartW[d] = Weighted(w[(int)Factor.StartDate], StartValue(columns.StartDays[d]));
            for (var m = 0; m < columns.Municipalities.Length; m++)
            {
                var code = columns.Municipalities[m];
                scratch.MunicipalityW[m] = _municipalityFilter >= 0 && code != _municipalityFilter ? double.NegativeInfinity : 0;
                var inside = _everywhereInside || Accepts(code);
                scratch.InsideBonus[m] = inside ? 0.5 : 0;
                scratch.PlaceWithoutHomeW[m] = w[(int)Factor.Place] * (inside ? 0.75 : 0.25);
            }
            _hoursAtMost = Max(scratch.HoursW.AsSpan(0, columns.HoursValues.Length));
            _startAtMost = Max(scratch.StartW.AsSpan(0, columns.StartDays.Length));
            _employerTerms = EmployerTerms();
            _runEmployerTerms = RunEmployerTerms(_employerTerms);

            static double Max(ReadOnlySpan<double> values)
            {
                var max = double.NegativeInfinity;
                foreach (var v in values) max = Math.Max(max, v);
                return max;
            }

            // An excluded value excludes whatever its weight; the sum then carries negative infinity.
            static double Weighted(double weight, double value) => value < 0 ? double.NegativeInfinity : weight * value;
        }

        /// <summary>
        /// <see cref="EmployerTermsAtMost"/> for this match's day and weights: the set's memo, or worked out and kept. The
        /// known-employer value counts the contacts of the coach with the most as the participant's own coach's, so it is
        /// no less than the value any participant gets.
        /// </summary>
        private double[] EmployerTerms()
        {
            double wSector = _w[(int)Factor.Sector], wKnown = _w[(int)Factor.KnownEmployer], halfLife = _scratch.DecayHalfLife;
            var memo = Volatile.Read(ref _set.EmployerTermsMemo);
            if (memo is not null && memo.Today == _today && memo.HalfLifeDays.Equals(halfLife) && memo.OwnCoachMultiplier.Equals(_ownCoachMultiplier)
                && memo.SectorWeight.Equals(wSector) && memo.KnownWeight.Equals(wKnown))
                return memo.Terms;

            var terms = new double[_set.Employers.Length];
            var contacts = _set.Contacts;
            var extra = Math.Max(0, _ownCoachMultiplier - 1);
            var byCoach = new List<(long Coach, double Sum)>();
            for (var e = 0; e < terms.Length; e++)
            {
                // All contacts count once, and the participant's own coach's count `extra` times more: at most the coach
                // with the most is theirs.
                var known = 0.0;
                var mostByOneCoach = 0.0;
                if (wKnown > 0)
                {
                    byCoach.Clear();
                    for (var c = _set.ContactStart[e]; c < _set.ContactStart[e + 1]; c++)
                    {
                        var age = _today - contacts[c].Day;
                        if (age < 0 || age > MatchWeights.ContactWindowDays) continue;
                        var weight = _decay[age] * contacts[c].Count;
                        known += weight;
                        var k = 0;
                        while (k < byCoach.Count && byCoach[k].Coach != contacts[c].Coach) k++;
                        if (k == byCoach.Count) byCoach.Add((contacts[c].Coach, weight));
                        else byCoach[k] = (contacts[c].Coach, byCoach[k].Sum + weight);
                    }
                    foreach (var (_, sum) in byCoach) mostByOneCoach = Math.Max(mostByOneCoach, sum);
                }
                terms[e] = wSector * _sectorValue[_set.EmployerSector[e]] + wKnown * (1 - Math.Exp(-(known + extra * mostByOneCoach) / 2));
            }
            Volatile.Write(ref _set.EmployerTermsMemo, new EmployerTermsAtMost(_today, halfLife, _ownCoachMultiplier, wSector, wKnown, terms));
            return terms;
        }

        /// <summary>
        /// <see cref="RunTermsAtMost"/> for this match's employer bound: the set's memo, or worked out (one pass over the
        /// openings' employers) and kept.
        /// </summary>
        private double[] RunEmployerTerms(double[] terms)
        {
            var memo = Volatile.Read(ref _set.RunTermsMemo);
            if (memo is not null && ReferenceEquals(memo.Terms, terms)) return memo.RunMax;
            var columns = _set.Columns;
            var runStart = columns.RunStart;
            var employers = columns.Employer;
            var runMax = new double[runStart.Length - 1];
            for (var r = 0; r < runMax.Length; r++)
            {
                var max = double.NegativeInfinity;
                for (var i = runStart[r]; i < runStart[r + 1]; i++) max = Math.Max(max, terms[employers[i]]);
                runMax[r] = max;
            }
            Volatile.Write(ref _set.RunTermsMemo, new RunTermsAtMost(terms, runMax));
            return runMax;
        }

        // The distance's lower bound, in PlacesAtMost: no more than Distance (NaN where it is NaN), without
        // trigonometry. t - t³/6 is below sin t for every t ≥ 0 (the next term of the series is positive; and sin t ≥ 0
        // up to π, beyond where the polynomial has turned negative and is taken as 0), which bounds each haversine term
        // from below, and asin y ≥ y + y³/6 the arc. The relative error is about t⁴/120: a few parts in 10¹⁰ within
        // 200 km of home, a few in 10⁷ at 1,000 km; far away it is looser, where place is worth little. Shaved by 1e-9
        // of itself, far more than the few units in the last place by which rounding could lift it above the distance
        // computed the exact way.
        private static double SinAtMost(double t)
        {
            var t2 = t * t;
            return Math.Max(0, t * (1 - t2 * (1.0 / 6)));
        }

        private static Vector256<double> SinAtMost(Vector256<double> t)
        {
            var t2 = t * t;
            var one = Vector256.Create(1.0);
            return Vector256.MaxNative(Vector256<double>.Zero, t * (one - t2 * Vector256.Create(1.0 / 6)));
        }
    }
}
