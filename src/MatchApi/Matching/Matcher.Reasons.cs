using System.Globalization;
using MatchApi.Employers;
using MatchApi.Openings;

namespace MatchApi.Matching;

/// <summary>
/// An SSYK group's names as the caller of the matcher knows them (JobTech's Swedish name, SCB's English one); either is
/// null when unknown. The matcher does no lookups of its own: the API passes them in.
/// </summary>
public readonly record struct OccupationNames(string? Sv, string? En);

// Reasons: what fits and what does not, in Swedish and English, for the results returned only.
public static partial class Matcher
{
    private sealed partial class Context
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public MatchResult Explain(int index, bool lifted, Func<string, OccupationNames>? occupationNames)
        {
            var opening = _set.Openings[index];
            var employer = _set.Employers[_set.Items[index].Employer];
            Span<double> values = stackalloc double[Factors.Count];
            Values(index, values, out var distance);
            var factors = new List<FactorContribution>(Factors.Count);
            var score = 0.0;
            for (var f = 0; f < Factors.Count; f++)
            {
                var points = _w[f] * values[f] * 100;
                score += points;
                factors.Add(new FactorContribution(Factors.Names[f], Math.Round(points, 1)));
            }
            var reasons = Reasons(index, opening, employer, distance, occupationNames);
            return new MatchResult(opening, employer, Math.Round(Math.Clamp(score, 0, 100), 1), factors, reasons, lifted);
        }

        /// <summary>
        /// What fits and what does not, each true of this opening; the factors that weigh most first
        /// (by the tenant's weights; equal weights in factor order).
        /// </summary>
        private List<MatchReason> Reasons(int index, CandidateOpening opening, CandidateEmployer employer, double distance,
            Func<string, OccupationNames>? occupationNames)
        {
            ref readonly var o = ref _set.Items[index];
            var reasons = new List<MatchReason>(10);
            OccupationReason(reasons, in o, opening, occupationNames);
            PlaceReason(reasons, in o, distance);
            HoursReason(reasons, opening.HoursPerWeek);
            ScheduleReason(reasons, opening.Schedule);
            FormReason(reasons, opening.EmploymentForm);
            StartReason(reasons, opening.StartDate);
            reasons.Add((JobType)o.JobType switch
            {
                JobType.Competitive => new(Factor.JobType, ReasonKind.Info, "Ett vanligt jobb på den öppna arbetsmarknaden", "An ordinary job on the open labour market"),
                JobType.Subsidised => new(Factor.JobType, ReasonKind.Info, "Anställning med lönestöd", "Employment with a wage subsidy"),
                _ => new(Factor.JobType, ReasonKind.Info, "Praktik", "Internship"),
            });
            EmployerReasons(reasons, in o, employer);
            InterestReason(reasons, index);
            PreferenceReason(reasons, employer);
            // An insertion sort, which is stable: reasons of equally weighted factors keep the order above.
            for (var i = 1; i < reasons.Count; i++)
            {
                var reason = reasons[i];
                var j = i - 1;
                for (; j >= 0 && _w[(int)reasons[j].Factor] < _w[(int)reason.Factor]; j--) reasons[j + 1] = reasons[j];
                reasons[j + 1] = reason;
            }
            return reasons;
        }

        /// <summary>
        /// Names the SSYK groups, not the ad's own headline: the participant's wished occupation by its group name, and the
        /// opening's group when it is another one. Without a Swedish name (no taxonomy) the Swedish text falls back to the
        /// opening's title, the English text to the English group name; a code nobody can name stays a code.
        /// </summary>
        private void OccupationReason(List<MatchReason> reasons, in PackedOpening o, CandidateOpening opening, Func<string, OccupationNames>? occupationNames)
        {
            if (_desired.Length == 0) return;
            var offered = occupationNames?.Invoke(opening.SsykCode) ?? default;
            var (offeredSv, offeredEn) = (offered.Sv ?? opening.Title, offered.En ?? offered.Sv ?? opening.Title);
            var (_, rank, level) = o.SsykLength > 0 ? BestChoice(o.Ssyk, o.SsykLength) : (0, -1, OccupationLevel.Unrelated);
            if (rank < 0 || level is OccupationLevel.MajorGroup or OccupationLevel.Unrelated)
            {
                reasons.Add(new(Factor.Occupation, ReasonKind.DoesNotFit, $"{offeredSv} – inte bland yrkena du önskar",
                    $"{offeredEn} – not among the occupations you wished for"));
                return;
            }
            var (sv, en) = Choice(rank);
            var wantedCode = _goals.DesiredOccupations[rank];
            var wanted = occupationNames?.Invoke(wantedCode) ?? default;
            var wantedSv = wanted.Sv ?? (level == OccupationLevel.Exact ? offeredSv : wanted.En ?? wantedCode);
            var wantedEn = wanted.En ?? wanted.Sv ?? (level == OccupationLevel.Exact ? offeredEn : wantedCode);
            reasons.Add(level switch
            {
                OccupationLevel.Exact => new(Factor.Occupation, ReasonKind.Fits, $"Ditt {sv}: {wantedSv}", $"Your {en}: {wantedEn}"),
                OccupationLevel.Group => new(Factor.Occupation, ReasonKind.Fits, $"{offeredSv} – samma yrkesgrupp som ditt {sv} ({wantedSv})",
                    $"{offeredEn} – same occupation group as your {en} ({wantedEn})"),
                _ => new(Factor.Occupation, ReasonKind.Fits, $"{offeredSv} – samma yrkesområde som ditt {sv} ({wantedSv})",
                    $"{offeredEn} – same occupational field as your {en} ({wantedEn})"),
            });
        }

        private void PlaceReason(List<MatchReason> reasons, in PackedOpening o, double distance)
        {
            var chosen = Array.IndexOf(_acceptable, o.Municipality) >= 0;
            if (o.Remote && _goals.PrefersRemote)
                reasons.Add(new(Factor.Place, ReasonKind.Fits, "Distansarbete, som du önskar", "Remote work, as you wished"));
            else if (!double.IsNaN(distance))
            {
                var km = Km(distance);
                var (sv, en) = km < 1 ? ("Mindre än 1 km från hemmet", "Less than 1 km from home")
                    : ($"{km.ToString(Inv)} km från hemmet", $"{km.ToString(Inv)} km from home");
                if (_maxTravel is { } max && km > max && !chosen)
                {
                    var limit = max.ToString("0.#", Inv);
                    reasons.Add(new(Factor.Place, ReasonKind.DoesNotFit, $"{sv} – du önskade högst {limit} km", $"{en} – you wished for at most {limit} km"));
                }
                else reasons.Add(new(Factor.Place, _maxTravel is null && !chosen ? ReasonKind.Info : ReasonKind.Fits, sv, en));
            }
            else if (_hasHome)
                reasons.Add(new(Factor.Place, ReasonKind.NotGiven, "Arbetsplatsens läge anges inte", "The workplace location is not given"));
            if (chosen && (double.IsNaN(distance) || (_maxTravel is { } m && Km(distance) > m)))
                reasons.Add(new(Factor.Place, ReasonKind.Fits, "I en kommun du har valt", "In a municipality you chose"));
            else if (!chosen && _acceptable.Length > 0 && !(o.Remote && _goals.PrefersRemote) && double.IsNaN(distance))
                reasons.Add(new(Factor.Place, ReasonKind.DoesNotFit, "Inte i någon av kommunerna du valt", "Not in a municipality you chose"));
        }

        private void HoursReason(List<MatchReason> reasons, double? hours)
        {
            if (!_hasHoursGoal) return;
            if (hours is not { } h)
            {
                reasons.Add(new(Factor.Hours, ReasonKind.NotGiven, "Arbetstid anges inte", "Hours not given"));
                return;
            }
            var text = h.ToString("0.#", Inv);
            if (h > _maxHours)
            {
                var max = _maxHours.ToString("0.#", Inv);
                reasons.Add(new(Factor.Hours, ReasonKind.DoesNotFit, $"{text} timmar i veckan – du önskade högst {max}", $"{text} hours a week – you wished for at most {max}"));
            }
            else if (h < _minHours)
            {
                var min = _minHours.ToString("0.#", Inv);
                reasons.Add(new(Factor.Hours, ReasonKind.DoesNotFit, $"{text} timmar i veckan – du önskade minst {min}", $"{text} hours a week – you wished for at least {min}"));
            }
            else reasons.Add(new(Factor.Hours, ReasonKind.Fits, $"{text} timmar i veckan, som du önskar", $"{text} hours a week, as you wished"));
        }

        private void ScheduleReason(List<MatchReason> reasons, Schedule? schedule)
        {
            if (!_hasScheduleGoal) return;
            if (schedule is not { } s)
            {
                reasons.Add(new(Factor.Schedule, ReasonKind.NotGiven, "Tid på dygnet anges inte", "Time of day not given"));
                return;
            }
            reasons.Add(AsWished(Factor.Schedule, _scheduleValue[(int)s] >= 1, ScheduleText(s), _goals.Schedules.Select(ScheduleText)));
        }

        private void FormReason(List<MatchReason> reasons, EmploymentForm form)
        {
            if (_goals.EmploymentForms.Count == 0) return;
            reasons.Add(AsWished(Factor.EmploymentForm, _formValue[(int)form] >= 1, FormText(form), _goals.EmploymentForms.Select(FormText)));
        }

        /// <summary>"X, som du önskar" when it fits; otherwise "X – du önskade y eller z".</summary>
        private static MatchReason AsWished(Factor factor, bool fits, (string Sv, string En) offered, IEnumerable<(string Sv, string En)> wished)
        {
            if (fits) return new(factor, ReasonKind.Fits, $"{offered.Sv}, som du önskar", $"{offered.En}, as you wished");
            var list = wished.ToList();
            return new(factor, ReasonKind.DoesNotFit,
                $"{offered.Sv} – du önskade {string.Join(" eller ", list.Select(w => w.Sv.ToLowerInvariant()))}",
                $"{offered.En} – you wished for {string.Join(" or ", list.Select(w => w.En.ToLowerInvariant()))}");
        }

        private void StartReason(List<MatchReason> reasons, DateOnly? start)
        {
            if (start is not { } date)
            {
                reasons.Add(new(Factor.StartDate, ReasonKind.NotGiven, "Startdatum anges inte", "Start date not given"));
                return;
            }
            if (_goals.EarliestStart is null) return;
            var shown = DateOnly.FromDayNumber(Math.Max(date.DayNumber, _today)).ToString("yyyy-MM-dd", Inv);
            var earliest = DateOnly.FromDayNumber(_earliestStart).ToString("yyyy-MM-dd", Inv);
            var day = Math.Max(date.DayNumber, _today);
            if (day < _earliestStart)
                reasons.Add(new(Factor.StartDate, ReasonKind.DoesNotFit, $"Börjar {shown} – du ville börja tidigast {earliest}",
                    $"Starts {shown} – you wished to start {earliest} at the earliest"));
            else if (day - _earliestStart > 30)
                reasons.Add(new(Factor.StartDate, ReasonKind.DoesNotFit, $"Börjar {shown}, {day - _earliestStart} dagar efter att du ville börja",
                    $"Starts {shown}, {day - _earliestStart} days after you wished to start"));
            else
                reasons.Add(new(Factor.StartDate, ReasonKind.Fits, $"Börjar {shown}, när du vill", $"Starts {shown}, when you want to"));
        }

        /// <summary>The employer's sector and, when the coaches have met it, how often; meetings planned for later days apart.</summary>
        private void EmployerReasons(List<MatchReason> reasons, in PackedOpening o, CandidateEmployer employer)
        {
            var (sectorSv, sectorEn) = employer.Sector switch
            {
                Sector.Private => ("Privat", "Private"),
                Sector.Public => ("Offentlig", "Public"),
                _ => ("Ideell", "Non-profit"),
            };
            int own = 0, all = 0, year = 0, planned = 0, ownPlanned = 0;
            var contacts = _set.Contacts;
            for (var c = _set.ContactStart[o.Employer]; c < _set.ContactStart[o.Employer + 1]; c++)
            {
                var age = _today - contacts[c].Day;
                if (age < 0)
                {
                    planned += contacts[c].Count;
                    if (_query.OwnCoachId == contacts[c].Coach) ownPlanned += contacts[c].Count;
                    continue;
                }
                if (age > MatchWeights.ContactWindowDays) continue;
                year += contacts[c].Count;
                if (age > RecentContactDays) continue;
                all += contacts[c].Count;
                if (_query.OwnCoachId == contacts[c].Coach) own += contacts[c].Count;
            }
            if (own > 0)
                reasons.Add(new(Factor.KnownEmployer, ReasonKind.Info, $"{sectorSv} arbetsgivare som din coach träffat {Times(own)} senaste {RecentContactDays} dagarna",
                    $"{sectorEn} employer your coach has met {TimesEn(own)} in the last {RecentContactDays} days"));
            else if (all > 0)
                reasons.Add(new(Factor.KnownEmployer, ReasonKind.Info, $"{sectorSv} arbetsgivare som coacherna träffat {Times(all)} senaste {RecentContactDays} dagarna",
                    $"{sectorEn} employer the coaches have met {TimesEn(all)} in the last {RecentContactDays} days"));
            else if (year > 0)
                reasons.Add(new(Factor.KnownEmployer, ReasonKind.Info, $"{sectorSv} arbetsgivare som coacherna träffat {Times(year)} senaste året",
                    $"{sectorEn} employer the coaches have met {TimesEn(year)} in the last year"));
            else
                reasons.Add(new(Factor.Sector, ReasonKind.Info, $"{sectorSv} arbetsgivare", $"{sectorEn} employer"));
            if (ownPlanned > 0)
                reasons.Add(new(Factor.KnownEmployer, ReasonKind.Info, "Din coach har ett möte inplanerat med arbetsgivaren (räknas när det har hållits)",
                    "Your coach has a meeting planned with the employer (it counts once held)"));
            else if (planned > 0)
                reasons.Add(new(Factor.KnownEmployer, ReasonKind.Info, "En coach har ett möte inplanerat med arbetsgivaren (räknas när det har hållits)",
                    "A coach has a meeting planned with the employer (it counts once held)"));
        }

        private void InterestReason(List<MatchReason> reasons, int index)
        {
            if (!_hasInterests) return;
            if (_interestHit[index] == _stamp)
            {
                var interest = _goals.Interests[_interestWhich[index]];
                reasons.Add(new(Factor.Interests, ReasonKind.Fits, $"Nämner ”{interest}”, som du är intresserad av", $"Mentions “{interest}”, which you are interested in"));
            }
            else
                reasons.Add(new(Factor.Interests, ReasonKind.DoesNotFit, "Nämner inget av dina intressen", "Mentions none of your interests"));
        }

        private void PreferenceReason(List<MatchReason> reasons, CandidateEmployer employer)
        {
            if (!_hasPreferences) return;
            if (Contains(_goals.PreferredEmployerIds, employer.Id))
                reasons.Add(new(Factor.PreferredEmployer, ReasonKind.Fits, "En arbetsgivare du gärna vill arbeta hos", "An employer you would like to work for"));
            else if (IndustryMatch(_goals.PreferredIndustries, employer.SniCode) is var i and >= 0)
                reasons.Add(new(Factor.PreferredEmployer, ReasonKind.Fits, $"I en bransch du önskar (SNI {_goals.PreferredIndustries[i]})",
                    $"In an industry you wished for (SNI {_goals.PreferredIndustries[i]})"));
            else
                reasons.Add(new(Factor.PreferredEmployer, ReasonKind.DoesNotFit, "Inte bland arbetsgivarna eller branscherna du önskar",
                    "Not among the employers or industries you wished for"));
        }

        private static string Times(int n) => n == 1 ? "1 gång" : $"{n} gånger";
        private static string TimesEn(int n) => n == 1 ? "once" : $"{n} times";

        private static (string Sv, string En) Choice(int rank) => rank switch
        {
            0 => ("förstahandsval", "first choice"),
            1 => ("andrahandsval", "second choice"),
            2 => ("tredjehandsval", "third choice"),
            _ => ($"val nummer {rank + 1}", $"choice number {rank + 1}"),
        };

        private static (string Sv, string En) ScheduleText(Schedule s) => s switch
        {
            Schedule.Day => ("Dagtid", "Daytime"),
            Schedule.Evening => ("Kvällsarbete", "Evening work"),
            Schedule.Night => ("Nattarbete", "Night work"),
            _ => ("Helgarbete", "Weekend work"),
        };

        private static (string Sv, string En) FormText(EmploymentForm f) => f switch
        {
            EmploymentForm.Permanent => ("Tillsvidareanställning", "Permanent employment"),
            EmploymentForm.Temporary => ("Visstidsanställning", "Fixed-term employment"),
            EmploymentForm.Substitute => ("Vikariat", "Substitute position"),
            EmploymentForm.Seasonal => ("Säsongsanställning", "Seasonal employment"),
            _ => ("Timanställning", "Hourly employment"),
        };
    }
}
