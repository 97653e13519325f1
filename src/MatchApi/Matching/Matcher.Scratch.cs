namespace MatchApi.Matching;

// Pooled working memory: a match allocates nothing in proportion to the candidates or employers.
public static partial class Matcher
{
    /// <summary>Per-employer state of one match: its factor values (computed when first needed) and its best two candidates.</summary>
    private struct EmployerSlot
    {
        public int Stamp;
        public int Best1, Best2;
        /// <summary>The participant avoids the employer or its industry, the filter leaves it out, or it is inactive.</summary>
        public bool Excluded;
        public double Sector, Known, Preferred;
        public double Score1, Score2;
    }

    /// <summary>
    /// Working memory of one match, reused by later matches. A per-employer, per-opening or
    /// per-bucket entry belongs to the current match only when its stamp equals the match's, so
    /// nothing needs clearing between matches.
    /// </summary>
    private sealed class Scratch
    {
        // Enough for the matches a busy service runs at once: more threads than cores are often inside a match (one
        // preempted, others started), and a scratch created when all are in use is dropped afterwards. At 100,000 openings
        // and 20,000 employers one holds about 1.2 MB (the employer slots alone go to the large object heap), 3 MB with
        // interests: a pool of one per core let one match in about forty at 16 connections allocate a new one.
        private static readonly Scratch?[] Pool = new Scratch?[Math.Max(8, 4 * Environment.ProcessorCount)];

        public EmployerSlot[] Employers = [];
        public double[] BucketBounds = [];
        public int[] BucketOrder = [];
        /// <summary>The openings of a bucket that the first pass kept: their upper bounds, and the index of each one's opening.</summary>
        public double[] Upper = [];
        public int[] UpperIndex = [];
        public readonly int[] Histogram = new int[HistogramBins];
        /// <summary>Interest matching: the stamp of the match in which an opening or bucket mentions an interest, and which one.</summary>
        public int[] InterestHit = [], BucketInterestHit = [];
        public byte[] InterestWhich = [];
        /// <summary>Interest matching of phrases: per opening, the pass that last saw it and how many words of the phrase it has.</summary>
        public int[] Seen = [], PhraseStamp = [], PhraseWords = [];
        public int Pass;
        public readonly float[] OccupationTable = new float[Context.TableSize];
        public int Stamp;
        public double DecayHalfLife = double.NaN;
        public readonly double[] Decay = new double[MatchWeights.ContactWindowDays + 1];
        public readonly double[] Values = new double[Factors.Count];
        public readonly double[] BoundTerms = new double[Factors.Count];
        /// <summary>The first pass's weighted value (negative infinity: excluded) of job type, form and schedule, by kind.</summary>
        public readonly double[] KindW = new double[CandidateColumns.Kinds];
        /// <summary>The most of <see cref="KindW"/> over the forms, by run key (job type and schedule).</summary>
        public readonly double[] RunKeyW = new double[CandidateColumns.RunKeys];
        /// <summary>The first pass's place terms of a bucket's openings, and their bonus for being inside by municipality.</summary>
        public double[] Place = [], Bonus = [];
        /// <summary>The first pass's survivors of a bucket: their bound so far and the columns place reads, gathered.</summary>
        public double[] Kept = [], Lat = [], Lon = [], CosLat = [];
        public int[] MunicipalitySlots = [];
        public bool[] Remote = [];
        /// <summary>The openings of a bucket whose bound may reach the cut once place is counted.</summary>
        public int[] Survivors = [];
        /// <summary>The first pass's weighted values by hours slot and start slot, and by municipality slot the filter's term, place without a home and the bonus for being inside (0.5 or 0).</summary>
        public double[] HoursW = [], StartW = [], MunicipalityW = [], PlaceWithoutHomeW = [], InsideBonus = [];

        public static Scratch Rent()
        {
            for (var i = 0; i < Pool.Length; i++)
                if (Interlocked.Exchange(ref Pool[i], null) is { } scratch) return scratch;
            return new Scratch();
        }

        public static void Return(Scratch scratch)
        {
            for (var i = 0; i < Pool.Length; i++)
                if (Interlocked.CompareExchange(ref Pool[i], scratch, null) is null) return;
        }

        /// <summary>Starts a match: room for the set, a fresh stamp, an empty occupation table.</summary>
        public int Begin(MatchCandidateSet set, bool interests)
        {
            if (Employers.Length < set.Employers.Length) Employers = new EmployerSlot[set.Employers.Length];
            if (BucketBounds.Length < set.Buckets.Length)
            {
                BucketBounds = new double[set.Buckets.Length];
                BucketOrder = new int[set.Buckets.Length];
            }
            if (interests && InterestHit.Length < set.Count)
            {
                InterestHit = new int[set.Count];
                InterestWhich = new byte[set.Count];
                Seen = new int[set.Count];
                PhraseStamp = new int[set.Count];
                PhraseWords = new int[set.Count];
                Pass = 0;
            }
            if (interests && BucketInterestHit.Length < set.Buckets.Length) BucketInterestHit = new int[set.Buckets.Length];
            if (++Stamp == int.MaxValue)
            {
                Array.Clear(Employers);
                Array.Clear(InterestHit);
                Array.Clear(BucketInterestHit);
                Stamp = 1;
            }
            Array.Fill(OccupationTable, float.NaN);
            var columns = set.Columns;
            var longest = set.LongestBucket;
            if (Place.Length < longest)
            {
                (Upper, UpperIndex) = (new double[longest], new int[longest]);
                (Place, Bonus, Survivors) = (new double[longest], new double[longest], new int[longest]);
                (Kept, Lat, Lon, CosLat) = (new double[longest], new double[longest], new double[longest], new double[longest]);
                (MunicipalitySlots, Remote) = (new int[longest], new bool[longest]);
            }
            if (HoursW.Length < columns.HoursValues.Length) HoursW = new double[columns.HoursValues.Length];
            if (StartW.Length < columns.StartDays.Length) StartW = new double[columns.StartDays.Length];
            if (MunicipalityW.Length < columns.Municipalities.Length)
            {
                MunicipalityW = new double[columns.Municipalities.Length];
                PlaceWithoutHomeW = new double[columns.Municipalities.Length];
                InsideBonus = new double[columns.Municipalities.Length];
            }
            return Stamp;
        }

        /// <summary>A pass number never used before on <see cref="Seen"/> and <see cref="PhraseStamp"/>.</summary>
        public int NextPass()
        {
            if (++Pass == int.MaxValue)
            {
                Array.Clear(Seen);
                Array.Clear(PhraseStamp);
                Pass = 1;
            }
            return Pass;
        }
    }
}
