// The participant's timeline on the participant page: next steps, employer contacts about them,
// job starts and their ends, and the exit; plus name and status. The job-start form is also what
// a match card's "Fick jobbet" opens.

import * as api from '../api.js';
import {
  field, formFeedback, h, localDateValue, resetFeedback, showError, showStatus,
} from '../dom.js';
import { formatDate, formatDateTime, formatNumber, t } from '../i18n.js';

const placementKinds = ['competitive', 'subsidised', 'internship', 'education'];
const subsidies = ['lonebidrag', 'nystartsjobb', 'osa', 'samhall', 'other'];
const endReasons = ['resigned', 'dismissed', 'contractEnded', 'movedToOtherJob', 'other'];
const exitReasons = ['selfSupporting', 'moved', 'declinedSupport', 'education', 'other'];

function select(values, prefix, chosen = null, empty = null) {
  const element = h('select', {},
    empty === null ? null : h('option', { value: '' }, empty),
    values.map((v) => h('option', { value: v }, t(`${prefix}.${v}`))));
  if (chosen !== null) element.value = chosen;
  return element;
}

function card(id, heading, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, heading), ...children);
}

/** Calling name and status (active/paused), sent back with the fields the page does not edit. */
export function detailsForm(participant, etag, onSaved) {
  const feedback = formFeedback();
  const callingName = h('input', { type: 'text', maxlength: 50, value: participant.callingName ?? '', autocomplete: 'off' });
  const status = select(['active', 'paused'], 'status', participant.status === 'paused' ? 'paused' : 'active');
  const submit = h('button', { type: 'submit', class: 'primary' }, t('participant.saveDetails'));
  const form = h('form', { novalidate: true },
    field({ label: t('participant.callingName'), hint: t('enrol.callingNameHint'), control: callingName, field: 'CallingName' }),
    field({ label: t('caseload.status'), control: status, field: 'Status' }),
    feedback.element,
    h('div', { class: 'actions' }, submit));
  let version = etag;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    try {
      const saved = await api.put(`/v1/participants/${participant.id}`, {
        externalRef: participant.externalRef,
        coachId: participant.coachId,
        enrolmentDate: participant.enrolmentDate,
        status: status.value,
        callingName: callingName.value.trim() || null,
      }, version);
      version = saved.etag;
      showStatus(feedback, t('participant.detailsSaved'));
      onSaved?.(saved.data);
    } catch (error) {
      showError(form, feedback, error);
    }
  });
  return participant.status === 'exited' ? null : h('details', { class: 'card' }, h('summary', {}, t('participant.edit')), form);
}

/** Next steps: open ones by date (overdue marked), a checkbox to mark one done, and a short form to add one. */
export async function nextStepsCard(participantId, today) {
  const list = h('div', {});
  const url = `/v1/participants/${participantId}/next-steps`;

  async function load() {
    const steps = (await api.get(`${url}?pageSize=50`)).items;
    list.replaceChildren(steps.length === 0 ? h('p', {}, t('steps.none')) : h('ul', { class: 'steps plain-list' }, steps.map(stepItem)));
  }

  function stepItem(step) {
    const done = h('input', { type: 'checkbox', checked: step.done, 'aria-label': t('steps.done', { what: step.what }) });
    done.addEventListener('change', async () => {
      await api.put(`${url}/${step.id}`, { what: step.what, dueOn: step.dueOn, done: done.checked, coachId: step.coachId });
      await load();
    });
    const remove = h('button', { type: 'button', class: 'link-button', 'aria-label': t('steps.delete', { what: step.what }) }, '✕');
    remove.addEventListener('click', async () => {
      await api.del(`${url}/${step.id}`);
      await load();
    });
    const late = !step.done && step.dueOn < today;
    const dueToday = !step.done && step.dueOn === today;
    return h('li', { class: step.done ? 'step done' : late ? 'step overdue' : 'step', 'data-step': step.id },
      h('label', { class: 'step-check' }, done, h('span', {}, step.what)),
      h('span', { class: 'hint' }, formatDate(step.dueOn), late ? ` · ${t('steps.overdue')}` : '', dueToday ? ` · ${t('steps.dueToday')}` : ''),
      remove);
  }

  const feedback = formFeedback();
  const what = h('input', { type: 'text', maxlength: 500, autocomplete: 'off' });
  const dueOn = h('input', { type: 'date', value: today });
  const form = h('form', { novalidate: true, class: 'step-form' },
    field({ label: t('steps.what'), hint: t('steps.whatHint'), control: what, field: 'What' }),
    field({ label: t('steps.dueOn'), control: dueOn, field: 'DueOn' }),
    feedback.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('steps.add'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    try {
      await api.post(url, { what: what.value.trim(), dueOn: dueOn.value || null });
      what.value = '';
      showStatus(feedback, t('steps.added'));
      await load();
    } catch (error) {
      showError(form, feedback, error);
    }
  });

  await load();
  return card('steps-heading', t('steps.title'), list, form);
}

/** Employer contacts about the participant, newest first, with a way to the employer to log another. */
export async function contactsCard(participantId) {
  const contacts = (await api.get(`/v1/participants/${participantId}/contacts?pageSize=20`)).items;
  return card('contacts-heading', t('participant.contacts'),
    contacts.length === 0
      ? h('p', {}, t('participant.noContacts'))
      : h('ol', { class: 'history' }, contacts.map((c) => h('li', { 'data-contact': c.id },
        h('p', { class: 'history-head' },
          h('strong', {}, t(`kind.${c.kind}`)), ' · ',
          h('a', { href: `/app/employers/${c.employerId}?participant=${participantId}` }, c.employerName), ' · ',
          h('time', { datetime: c.contactedAt }, formatDateTime(c.contactedAt))),
        c.purpose ? h('p', {}, c.purpose) : null,
        c.outcome ? h('p', {}, c.outcome) : null))),
    h('p', {}, h('a', { href: `/app/employers?participant=${participantId}` }, t('participant.logContactAt'))));
}

/** Job starts and ends. */
export async function placementsCard(participant, today) {
  const url = `/v1/participants/${participant.id}/placements`;
  const list = h('div', {});
  const names = new Map();

  async function load() {
    const placements = (await api.get(`${url}?pageSize=50`)).items;
    await Promise.all([...new Set(placements.map((p) => p.employerId))].filter((id) => !names.has(id)).map(async (id) => {
      names.set(id, (await api.get(`/v1/employers/${id}`).catch(() => null))?.name ?? `#${id}`);
    }));
    list.replaceChildren(placements.length === 0
      ? h('p', {}, t('placements.none'))
      : h('ul', { class: 'plain-list placements' }, placements.map((p) => placementItem(p))));
  }

  function placementItem(p) {
    const text = t('placements.started', {
      kind: t(`placementKind.${p.kind}`), employer: names.get(p.employerId), date: formatDate(p.startDate), hours: formatNumber(p.hoursPerWeek, 1),
    });
    return h('li', { 'data-placement': p.id },
      h('p', {}, text),
      // IPS support goes on after the start: the way to log the follow-up with this employer.
      p.endDate ? null : h('p', {}, h('a', { href: `/app/employers/${p.employerId}?participant=${participant.id}` },
        t('placements.followUp', { employer: names.get(p.employerId) }))),
      p.endDate
        ? h('p', { class: 'hint' }, t('placements.ended', { date: formatDate(p.endDate), reason: t(`endReason.${p.endReason}`) }))
        : endForm(p));
  }

  function endForm(p) {
    const feedback = formFeedback();
    const endDate = h('input', { type: 'date', value: today, max: today });
    const reason = select(endReasons, 'endReason', 'contractEnded');
    const form = h('form', { novalidate: true },
      field({ label: t('placements.endDate'), control: endDate, field: 'EndDate' }),
      field({ label: t('placements.endReason'), control: reason, field: 'EndReason' }),
      feedback.element,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('placements.end'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      resetFeedback(form, feedback);
      try {
        await api.put(`${url}/${p.id}`, { endDate: endDate.value || null, endReason: reason.value });
        await load();
      } catch (error) {
        showError(form, feedback, error);
      }
    });
    return h('details', {}, h('summary', {}, t('placements.end')), form);
  }

  await load();
  const start = jobStartForm({ participantId: participant.id, today, onSaved: load });
  return card('placements-heading', t('placements.title'), list,
    participant.status === 'exited' ? null : h('details', { class: 'more' }, h('summary', {}, t('placements.add')), start));
}

/**
 * A job start: employer (fixed when it comes from a match card, else searched by name), kind, first
 * day, hours and occupation. Calls onSaved(placement) once stored.
 */
export function jobStartForm({ participantId, today, employer = null, opening = null, onSaved }) {
  const feedback = formFeedback();
  const employerSelect = h('select', {}, employer ? h('option', { value: employer.id }, employer.name) : h('option', { value: '' }, '–'));
  const employerSearch = employer ? null : h('input', { type: 'search', autocomplete: 'off' });
  employerSearch?.addEventListener('input', debounce(async () => {
    const q = employerSearch.value.trim();
    if (!q) return;
    const found = (await api.get(`/v1/employers${api.query({ q, pageSize: 20, active: true })}`)).items;
    employerSelect.replaceChildren(...found.map((e) => h('option', { value: e.id }, e.name)));
  }, 250));
  const kind = select(placementKinds, 'placementKind', opening?.jobType === 'subsidised' ? 'subsidised' : opening?.jobType === 'internship' ? 'internship' : 'competitive');
  const subsidy = select(subsidies, 'subsidy', null, '–');
  const subsidyField = field({ label: t('placements.subsidy'), control: subsidy, field: 'SubsidyType' });
  const showSubsidy = () => { subsidyField.hidden = kind.value !== 'subsidised'; };
  kind.addEventListener('change', showSubsidy);
  showSubsidy();
  const startDate = h('input', { type: 'date', value: opening?.startDate && opening.startDate > today ? opening.startDate : today });
  const hours = h('input', { type: 'number', inputmode: 'decimal', min: 1, max: 80, step: 'any', value: opening?.hoursPerWeek ?? '' });
  const ssyk = h('input', { type: 'text', inputmode: 'numeric', maxlength: 4, value: opening?.ssykCode ?? '' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('placements.add'));
  const form = h('form', { novalidate: true, class: 'job-start' },
    employerSearch ? field({ label: t('placements.employerHint'), control: employerSearch }) : null,
    field({ label: t('placements.employer'), control: employerSelect, field: 'EmployerId' }),
    h('div', { class: 'inline-fields' },
      field({ label: t('placements.kind'), control: kind, field: 'Kind' }),
      subsidyField,
      field({ label: t('placements.startDate'), control: startDate, field: 'StartDate' }),
      field({ label: t('placements.hours'), control: hours, field: 'HoursPerWeek' }),
      field({ label: t('placements.occupation'), control: ssyk, field: 'SsykCode' })),
    feedback.element,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    submit.disabled = true;
    try {
      const saved = await api.post(`/v1/participants/${participantId}/placements`, {
        employerId: employerSelect.value ? Number(employerSelect.value) : null,
        openingId: opening?.id ?? null,
        kind: kind.value,
        subsidyType: kind.value === 'subsidised' ? subsidy.value || null : null,
        ssykCode: ssyk.value.trim() || null,
        startDate: startDate.value || null,
        hoursPerWeek: hours.value.trim() === '' ? null : Number(hours.value),
      });
      showStatus(feedback, t('placements.saved'));
      await onSaved?.(saved, feedback);
    } catch (error) {
      showError(form, feedback, error);
      submit.disabled = false;
    }
  });
  return form;
}

/** The exit, once recorded; before that a form to record it. */
export async function exitCard(participant, today, onExited) {
  if (participant.status === 'exited') {
    const exit = await api.get(`/v1/participants/${participant.id}/exit`).catch(() => null);
    return card('exit-heading', t('exit.title'),
      exit ? h('p', {}, t('exit.done', { date: formatDate(exit.exitedOn), reason: t(`exitReason.${exit.reason}`) })) : null);
  }
  const feedback = formFeedback();
  const exitedOn = h('input', { type: 'date', value: today, max: today });
  const reason = select(exitReasons, 'exitReason', 'selfSupporting');
  const form = h('form', { novalidate: true },
    field({ label: t('exit.date'), control: exitedOn, field: 'ExitedOn' }),
    field({ label: t('exit.reason'), control: reason, field: 'Reason' }),
    feedback.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('exit.submit'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    try {
      await api.post(`/v1/participants/${participant.id}/exit`, { exitedOn: exitedOn.value || null, reason: reason.value });
      onExited();
    } catch (error) {
      showError(form, feedback, error);
    }
  });
  return h('details', { class: 'card' }, h('summary', {}, t('exit.record')), form);
}

export function todayIso() {
  return localDateValue();
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

