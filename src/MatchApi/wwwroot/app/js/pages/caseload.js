// Min caseload: where to act first. Each participant's flags are written out in words (no first
// employer contact in time, none lately, an overdue next step, a job start without follow-up),
// the list can be searched and ordered, and a participant can be enrolled from here.

import * as api from '../api.js';
import {
  facts, field, formFeedback, h, localDateValue, resetFeedback, showError,
} from '../dom.js';
import { formatDate, t, tn } from '../i18n.js';

const sorts = ['enrolment', 'flags', 'lastContact', 'nextStep', 'name'];

export async function render(_, context) {
  const title = t('caseload.title');
  const coachId = context.user.coachId;
  if (!coachId) {
    return { title, element: h('section', { class: 'page' }, h('h1', {}, title), h('p', {}, t('caseload.noCoach'))) };
  }

  const params = new URLSearchParams(location.search);
  const q = h('input', { type: 'search', value: params.get('q') ?? '', autocomplete: 'off' });
  const sort = h('select', {}, sorts.map((s) => h('option', { value: s }, t(`caseload.sort.${s}`))));
  sort.value = sorts.includes(params.get('sort')) ? params.get('sort') : 'enrolment';
  const status = h('p', { class: 'form-status', role: 'status' });
  const summary = h('div', {});
  const list = h('div', {});

  async function load() {
    const query = { q: q.value.trim(), sort: sort.value === 'enrolment' ? '' : sort.value };
    history.replaceState(null, '', `/app/${api.query(query)}`);
    const caseload = await api.get(`/v1/coaches/${coachId}/caseload${api.query(query)}`);
    summary.replaceChildren(summaryCard(caseload));
    const shown = caseload.participants;
    status.textContent = query.q ? tn('caseload.shown', shown.length) : '';
    list.replaceChildren(shown.length === 0
      ? h('p', {}, query.q ? t('caseload.noneFound') : t('caseload.empty'))
      : h('ul', { class: 'cards' }, shown.map((p) => participantCard(p, caseload))));
  }

  const search = h('form', { class: 'card search', role: 'search' },
    h('div', { class: 'inline-fields' },
      field({ label: t('caseload.search'), hint: t('caseload.searchHint'), control: q }),
      field({ label: t('caseload.sort'), control: sort })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('caseload.show'))));
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  sort.addEventListener('change', () => load());

  await load();
  return {
    title,
    element: h('section', { class: 'page' },
      h('h1', {}, title),
      summary,
      search,
      status,
      list,
      enrolForm(coachId, context)),
  };
}

function summaryCard({ count, limit, participants }) {
  const flagged = participants.filter((p) => p.flags.length > 0).length;
  return h('div', { class: 'card summary' },
    h('p', { class: 'big', id: 'caseload-count' }, t('caseload.count', { count, limit })),
    h('meter', { min: 0, max: Math.max(limit, count), low: limit * 0.8, high: limit, optimum: 0, value: count, 'aria-labelledby': 'caseload-count' }),
    h('p', { class: count > limit ? 'warning' : 'hint' },
      count > limit ? t('caseload.overLimit', { limit }) : t('caseload.limitNote', { limit })),
    flagged ? h('p', { class: 'flag' }, `${t('caseload.flags')}: ${flagged}`) : null);
}

/** The flags in words, with the thresholds the caseload was measured with. */
export function flagTexts(p, caseload) {
  return p.flags.map((flag) => t(`flag.${flag}`, {
    days: flag === 'noRecentContact' ? caseload.recentContactDays : caseload.firstContactWithinDays,
    date: formatDate(p.jobStartWithoutFollowUpOn),
  }));
}

function displayName(p) {
  return p.callingName ? `${p.callingName} (${p.externalRef})` : p.externalRef;
}

function participantCard(p, caseload) {
  const sinceContact = p.daysSinceLastEmployerContact ?? null;
  const flags = flagTexts(p, caseload);
  const nextStep = p.nextStepDueOn
    ? [formatDate(p.nextStepDueOn), p.nextStepsOverdue ? ` · ${t('steps.overdue')}` : '',
      p.nextStepsDueToday ? ` · ${tn('caseload.dueToday', p.nextStepsDueToday)}` : ''].join('')
    : null;
  return h('li', { class: flags.length ? 'card flagged' : 'card', 'data-participant': p.id },
    h('h2', {}, h('a', { href: `/app/participants/${p.id}` }, t('caseload.openParticipant', { ref: displayName(p) }))),
    flags.length ? h('ul', { class: 'flags', 'aria-label': t('caseload.flags') }, flags.map((text) => h('li', { class: 'flag' }, text))) : null,
    facts([
      [t('caseload.enrolled'), formatDate(p.enrolmentDate)],
      [t('caseload.sinceEnrolment'), tn('count.days', p.daysSinceEnrolment)],
      [t('caseload.sinceContact'), sinceContact === null ? t('caseload.noContactYet') : tn('count.days', sinceContact)],
      [t('caseload.nextStepDue'), nextStep],
      [t('caseload.goals'), p.hasGoals ? t('caseload.goalsYes') : t('caseload.goalsNo')],
      [t('caseload.status'), t(`status.${p.status}`)],
    ]),
    h('p', { class: 'card-actions' },
      h('a', { class: 'button', href: `/app/participants/${p.id}/matches`, 'aria-label': t('caseload.matchesFor', { ref: displayName(p) }) },
        t('caseload.matches'))));
}

function enrolForm(coachId, context) {
  const feedback = formFeedback();
  const externalRef = h('input', { type: 'text', maxlength: 100, required: true, autocomplete: 'off' });
  const callingName = h('input', { type: 'text', maxlength: 50, autocomplete: 'off' });
  const enrolmentDate = h('input', { type: 'date', value: localDateValue(), required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('enrol.submit'));
  const form = h('form', { novalidate: true },
    field({ label: t('enrol.externalRef'), hint: t('enrol.externalRefHint'), control: externalRef, field: 'ExternalRef' }),
    field({ label: t('enrol.callingName'), hint: t('enrol.callingNameHint'), control: callingName, field: 'CallingName' }),
    field({ label: t('enrol.enrolmentDate'), control: enrolmentDate, field: 'EnrolmentDate' }),
    feedback.element,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    submit.disabled = true;
    try {
      const created = await api.post('/v1/participants', {
        externalRef: externalRef.value.trim(),
        callingName: callingName.value.trim() || null,
        enrolmentDate: enrolmentDate.value || null,
        coachId,
      });
      // Next on the coach's list: the participant's own goals.
      context.navigate(`/app/participants/${created.id}`);
    } catch (error) {
      showError(form, feedback, error);
      submit.disabled = false;
    }
  });
  return h('details', { class: 'card enrol' }, h('summary', {}, t('caseload.enrol')), form);
}
