// One employer: a quick form to log a contact (defaults: now, face to face, me), the employer's
// open jobs and the contact history. The form comes first: on a phone it is what the coach needs.

import * as api from '../api.js';
import {
  choiceGroup, facts, field, formFeedback, h, localDateTimeValue, resetFeedback, showError, showStatus,
} from '../dom.js';
import { formatDate, formatDateTime, formatNumber, t } from '../i18n.js';
import * as reference from '../reference.js';

const kinds = ['faceToFace', 'phone', 'email'];

export async function render([id], context) {
  const employer = await api.get(`/v1/employers/${id}`);
  const coachId = context.user.coachId;
  const [openings, coaches, caseload, place] = await Promise.all([
    api.get(`/v1/openings${api.query({ employerId: id, status: 'open', pageSize: 50 })}`),
    api.get('/v1/coaches?pageSize=200').catch(() => ({ items: [] })),
    coachId ? api.get(`/v1/coaches/${coachId}/caseload`).catch(() => null) : null,
    reference.municipalityName(employer.municipalityCode),
  ]);
  const participants = caseload?.participants ?? [];
  const names = {
    coach: new Map(coaches.items.map((c) => [c.id, c.name])),
    participant: new Map(participants.map((p) => [p.id, p.externalRef])),
  };

  const history = h('div', {});
  async function loadHistory() {
    const contacts = (await api.get(`/v1/employers/${id}/contacts?pageSize=50`)).items;
    history.replaceChildren(contacts.length === 0
      ? h('p', {}, t('employer.noHistory'))
      : h('ol', { class: 'history' }, contacts.map((c) => contactItem(c, names))));
  }
  await loadHistory();

  const title = employer.name;
  return {
    title,
    element: h('section', { class: 'page' },
      h('h1', {}, title),
      facts([
        [t('employer.sector'), t(`sector.${employer.sector}`)],
        [t('employer.municipality'), place],
        [t('employer.orgNumber'), employer.orgNumber],
      ]),
      coachId ? contactForm(id, coachId, participants, loadHistory) : null,
      h('section', { class: 'card', 'aria-labelledby': 'openings-heading' },
        h('h2', { id: 'openings-heading' }, t('employer.openings')),
        openings.items.length === 0
          ? h('p', {}, t('employer.noOpenings'))
          : h('ul', { class: 'plain-list' }, openings.items.map(openingItem))),
      h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
        h('h2', { id: 'history-heading' }, t('employer.history')),
        history)),
  };
}

function contactForm(employerId, coachId, participants, onLogged) {
  const feedback = formFeedback();
  const when = h('input', { type: 'datetime-local', value: localDateTimeValue(), required: true });
  const participantParam = new URLSearchParams(location.search).get('participant');
  const participant = h('select', {},
    h('option', { value: '' }, t('employer.noParticipant')),
    participants.map((p) => h('option', { value: p.id }, p.externalRef)));
  participant.value = participants.some((p) => String(p.id) === participantParam) ? participantParam : '';
  const purpose = h('input', { type: 'text', maxlength: 500 });
  const outcome = h('input', { type: 'text', maxlength: 500 });
  const note = h('textarea', { rows: 3, maxlength: 2000 });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('employer.submit'));

  const form = h('form', { class: 'card quick-contact', novalidate: true, 'aria-labelledby': 'log-heading' },
    h('h2', { id: 'log-heading' }, t('employer.logContact')),
    h('p', { class: 'hint' }, t('employer.logIntro')),
    choiceGroup({
      legend: t('employer.kind'), name: 'kind', type: 'radio', field: 'Kind',
      options: kinds.map((k) => [k, t(`kind.${k}`)]), chosen: ['faceToFace'],
    }),
    h('div', { class: 'inline-fields' },
      field({ label: t('employer.when'), control: when, field: 'ContactedAt' }),
      field({ label: t('employer.participant'), control: participant, field: 'ParticipantId' })),
    // The optional texts are folded away, so that on a phone the button is in view without scrolling.
    h('details', { class: 'more' },
      h('summary', {}, t('employer.more')),
      field({ label: t('employer.purpose'), control: purpose, field: 'Purpose' }),
      field({ label: t('employer.outcome'), control: outcome, field: 'Outcome' }),
      field({ label: t('employer.note'), hint: t('employer.noteHint'), control: note, field: 'Note' })),
    feedback.element,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    submit.disabled = true;
    const at = when.value ? new Date(when.value) : null;
    try {
      await api.post(`/v1/employers/${employerId}/contacts`, {
        coachId,
        contactedAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null,
        kind: form.querySelector('input[name="kind"]:checked')?.value ?? null,
        participantId: participant.value ? Number(participant.value) : null,
        purpose: purpose.value.trim() || null,
        outcome: outcome.value.trim() || null,
        note: note.value.trim() || null,
      });
      // Ready for the next contact: texts cleared, time moved to now; the kind and participant stay.
      purpose.value = '';
      outcome.value = '';
      note.value = '';
      when.value = localDateTimeValue();
      showStatus(feedback, t('employer.logged'));
      await onLogged();
    } catch (error) {
      showError(form, feedback, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function openingItem(opening) {
  const details = [
    opening.occupationName,
    opening.municipalityName,
    t(`jobType.${opening.jobType}`),
    opening.hoursPerWeek == null ? null : t('matches.hours', { hours: formatNumber(opening.hoursPerWeek, 1) }),
    opening.startDate ? t('employer.starts', { date: formatDate(opening.startDate) }) : null,
  ].filter(Boolean);
  return h('li', {}, h('strong', {}, opening.title), h('br'), h('span', { class: 'hint' }, details.join(' · ')));
}

function contactItem(contact, names) {
  const who = names.coach.get(contact.coachId);
  const about = contact.participantId ? names.participant.get(contact.participantId) ?? `#${contact.participantId}` : null;
  return h('li', { 'data-contact': contact.id },
    h('p', { class: 'history-head' },
      h('strong', {}, t(`kind.${contact.kind}`)), ' · ',
      h('time', { datetime: contact.contactedAt }, formatDateTime(contact.contactedAt)),
      who ? ` · ${t('employer.by', { coach: who })}` : '',
      about ? ` · ${t('employer.about', { ref: about })}` : ''),
    contact.purpose ? h('p', {}, `${t('employer.purpose')}: ${contact.purpose}`) : null,
    contact.outcome ? h('p', {}, `${t('employer.outcome')}: ${contact.outcome}`) : null,
    contact.note ? h('p', {}, `${t('employer.note')}: ${contact.note}`) : null);
}
