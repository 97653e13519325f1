// Matchningar: openings ranked by the participant's own goals, the reasons in plain words, filters
// for job type and place, and one tap to log that the coach contacted the employer about the participant.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { errorBox, errorText, facts, field, h } from '../dom.js';
import { formatDate, formatDateTime, formatNumber, lang, t, tn } from '../i18n.js';
import * as reference from '../reference.js';
import { jobStartForm, todayIso } from './timeline.js';

const jobTypes = ['competitive', 'subsidised', 'internship'];
const kinds = ['faceToFace', 'phone', 'email'];
const kindKey = 'matchapi.matchContactKind';

export async function render([id], context) {
  const participant = await api.get(`/v1/participants/${id}`);
  const goals = await api.get(`/v1/participants/${id}/goals`).catch(() => null);
  const municipalities = await reference.allMunicipalities();
  const params = new URLSearchParams(location.search);
  const title = t('matches.title', { ref: participant.externalRef });

  const jobType = h('select', {},
    h('option', { value: '' }, t('matches.all')),
    jobTypes.map((j) => h('option', { value: j }, t(`jobType.${j}`))));
  jobType.value = params.get('jobType') ?? '';

  // The participant's own municipalities first: those are the places they asked for.
  const own = (goals?.acceptableMunicipalities ?? []).map((code) => municipalities.find((m) => m.code === code)).filter(Boolean);
  const place = h('select', {},
    h('option', { value: '' }, t('matches.all')),
    own.length ? h('optgroup', { label: t('participant.municipalities') }, own.map((m) => h('option', { value: m.code }, m.name))) : null,
    h('optgroup', { label: t('participant.municipality') }, municipalities.map((m) => h('option', { value: m.code }, m.name))));
  place.value = params.get('municipalityCode') ?? '';

  const kind = h('select', {}, kinds.map((k) => h('option', { value: k }, t(`kind.${k}`))));
  kind.value = localStorage.getItem(kindKey) ?? 'faceToFace';
  kind.addEventListener('change', () => localStorage.setItem(kindKey, kind.value));

  const status = h('p', { class: 'form-status', role: 'status' });
  const results = h('div', { class: 'results-region' });

  async function load() {
    const q = api.query({ limit: 20, jobType: jobType.value, municipalityCode: place.value });
    history.replaceState(null, '', `/app/participants/${id}/matches${api.query({ jobType: jobType.value, municipalityCode: place.value })}`);
    try {
      const ranked = await api.get(`/v1/participants/${id}/matches${q}`);
      results.replaceChildren(resultList(ranked, { participantId: Number(id), kind, coachId: context.user.coachId, today: todayIso() }));
      status.textContent = ranked.results.length ? tn('count.matches', ranked.results.length) : t('matches.none');
    } catch (error) {
      status.textContent = '';
      results.replaceChildren(error instanceof ApiError && error.status === 409
        ? h('div', { class: 'notice', role: 'alert' }, h('p', {}, t('matches.noGoals')),
          h('p', {}, h('a', { href: `/app/participants/${id}` }, t('matches.goToGoals'))))
        : errorBox(error));
    }
  }

  // Folded behind one button, so that on a phone the first result is on the first screen.
  const filters = h('form', { class: 'filters', 'aria-label': t('matches.filters') },
    h('div', { class: 'inline-fields' },
      field({ label: t('matches.jobType'), control: jobType }),
      field({ label: t('matches.place'), control: place }),
      field({ label: t('matches.kind'), control: kind })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('matches.apply'))));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  const print = h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('matches.print'));
  const toolbar = h('div', { class: 'toolbar no-print' },
    h('details', { class: 'filter-toggle' }, h('summary', { class: 'button secondary' }, t('matches.showFilters')), filters),
    print,
    h('a', { class: 'button secondary', href: `/app/participants/${id}/matches/share` }, t('matches.share')));

  await load();
  return {
    title,
    element: h('section', { class: 'page' },
      h('p', { class: 'breadcrumb no-print' }, h('a', { href: `/app/participants/${id}` }, t('matches.back'))),
      h('h1', {}, title),
      toolbar,
      status,
      results,
      h('p', { class: 'hint no-print' }, t('matches.intro'))),
  };
}

function resultList(ranked, options) {
  if (ranked.results.length === 0) return h('p', {}, t('matches.none'));
  return h('div', {},
    h('p', { class: 'hint' }, t('matches.generated', { time: formatDateTime(ranked.generatedAt) })),
    h('ol', { class: 'cards matches' }, ranked.results.map((match) => matchCard(match, options))));
}

function matchCard(match, { participantId, kind, coachId, today }) {
  const { opening, employer } = match;
  const feedback = h('p', { class: 'card-feedback', role: 'status' });
  const undo = h('button', { type: 'button', class: 'secondary', hidden: true }, t('contact.withdraw'));
  const button = h('button', { type: 'button', class: 'primary log-contact' }, t('matches.log', { employer: employer.name }));
  let logged = null;
  button.addEventListener('click', async () => {
    button.disabled = true;
    feedback.classList.remove('error');
    try {
      const answer = await api.postWithStatus(`/v1/employers/${employer.id}/contacts`, {
        coachId,
        contactedAt: new Date().toISOString(),
        kind: kind.value,
        participantId,
        purpose: t('matches.purpose', { title: opening.title }),
      });
      logged = answer.data;
      button.textContent = t('matches.loggedButton');
      // A second tap within ten minutes is answered with the contact already stored (200, not 201).
      feedback.textContent = answer.status === 200 ? t('contact.duplicate') : t('matches.logged', { employer: employer.name });
      undo.hidden = !logged.changeableUntil;
    } catch (error) {
      button.disabled = false;
      feedback.classList.add('error');
      feedback.textContent = errorText(error);
    }
  });
  undo.addEventListener('click', async () => {
    try {
      await api.del(`/v1/employers/${employer.id}/contacts/${logged.id}`);
      undo.hidden = true;
      button.disabled = false;
      button.textContent = t('matches.log', { employer: employer.name });
      feedback.textContent = t('contact.withdrawn');
    } catch (error) {
      feedback.classList.add('error');
      feedback.textContent = errorText(error);
    }
  });

  // "Fick jobbet": the job start form, filled from the opening; once saved, an offer to mark the opening filled.
  const gotJob = h('details', { class: 'got-job no-print' },
    h('summary', { class: 'button secondary', 'aria-label': t('matches.gotJobFor', { title: opening.title }) }, t('matches.gotJob')),
    jobStartForm({
      participantId, today, employer, opening,
      onSaved: async (_, startFeedback) => {
        const fill = h('button', { type: 'button', class: 'primary' }, t('matches.markFilled'));
        fill.addEventListener('click', async () => {
          fill.disabled = true;
          try {
            await api.post(`/v1/openings/${opening.id}/status`, { status: 'filled' });
            fill.replaceWith(h('p', {}, t('matches.filled')));
          } catch (error) {
            fill.disabled = false;
            startFeedback.status.textContent = errorText(error);
          }
        });
        startFeedback.status.append(' ', fill);
      },
    }));

  // The ad, when the opening has one on the web (Platsbanken's, for an imported ad): the match carries its address.
  const ad = opening.webUrl
    ? h('a', {
      href: opening.webUrl, target: '_blank', rel: 'noopener noreferrer', 'aria-label': t('matches.adLabel', { title: opening.title }),
    }, t('matches.ad'))
    : null;

  const municipality = h('span', {}, opening.municipalityCode);
  reference.municipalityName(opening.municipalityCode).then((name) => { municipality.textContent = name; });
  return h('li', { class: 'card match', 'data-opening': opening.id },
    h('h2', {}, opening.title),
    h('p', { class: 'employer' }, h('a', { href: `/app/employers/${employer.id}` }, employer.name), ` · ${t(`sector.${employer.sector}`)}`),
    h('p', { class: 'score' }, t('matches.score', { score: formatNumber(match.score) })),
    match.liftedByDiversity ? h('p', { class: 'hint lifted' }, t('matches.lifted')) : null,
    facts([
      [t('matches.place'), municipality],
      [t('matches.jobType'), t(`jobType.${opening.jobType}`)],
      [t('matches.employmentForm'), t(`employmentForm.${opening.employmentForm}`)],
      [t('matches.hoursLabel'), opening.hoursPerWeek == null ? null : t('matches.hours', { hours: formatNumber(opening.hoursPerWeek, 1) })],
      [t('matches.schedule'), opening.schedule ? t(`schedule.${opening.schedule}`) : null],
      [t('matches.start'), opening.startDate ? formatDate(opening.startDate) : null],
      [t('matches.deadline'), opening.expiresOn ? formatDate(opening.expiresOn) : null],
    ]),
    ad ? h('p', { class: 'ad-link' }, ad) : null,
    h('h3', {}, t('matches.reasons')),
    h('ul', { class: 'reasons' }, match.reasons.map((reason) =>
      h('li', { class: `reason-${reason.kind}` }, lang() === 'en' ? reason.en : reason.sv))),
    coachId ? h('div', { class: 'card-actions no-print' }, button, undo, feedback) : null,
    gotJob);
}
