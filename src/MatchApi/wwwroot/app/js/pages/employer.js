// One employer: a quick form to log a contact (defaults: now, face to face, me), the employer's
// open jobs and the contact history. The form comes first, right under the name, so that on a phone
// "Logga kontakt" is on the first screen; the employer's details, its contact person and the forms
// to edit it and add openings follow.

import * as api from '../api.js';
import {
  choiceGroup, facts, field, formFeedback, h, localDateTimeValue, resetFeedback, showError, showStatus,
} from '../dom.js';
import { formatDate, formatDateTime, formatNumber, t } from '../i18n.js';
import * as reference from '../reference.js';

const kinds = ['faceToFace', 'phone', 'email'];

export async function render([id], context) {
  const { data: employer, etag } = await api.getVersioned(`/v1/employers/${id}`);
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
    participant: new Map(participants.map((p) => [p.id, p.callingName ? `${p.callingName} (${p.externalRef})` : p.externalRef])),
  };

  const history = h('div', {});
  async function loadHistory() {
    const contacts = (await api.get(`/v1/employers/${id}/contacts?pageSize=50`)).items;
    history.replaceChildren(contacts.length === 0
      ? h('p', {}, t('employer.noHistory'))
      : h('ol', { class: 'history' }, contacts.map((c) => contactItem(c, names, id, loadHistory))));
  }
  await loadHistory();

  const title = employer.name;
  const canWrite = context.user.scopes?.some((s) => s === 'employers:write' || s === 'admin');
  const canWriteOpenings = context.user.scopes?.some((s) => s === 'openings:write' || s === 'admin');
  const reload = () => context.navigate(`/app/employers/${id}${location.search}`, { replace: true });
  return {
    title,
    element: h('section', { class: 'page' },
      h('h1', {}, title),
      coachId ? contactForm(id, coachId, participants, loadHistory) : null,
      facts([
        [t('employer.sector'), t(`sector.${employer.sector}`)],
        [t('employer.municipality'), place],
        [t('employer.orgNumber'), employer.orgNumber],
        [t('employer.contactName'), employer.contactName],
        [t('employer.contactPhone'), employer.contactPhone
          ? h('a', { href: `tel:${employer.contactPhone.replace(/[^+\d]/g, '')}` }, employer.contactPhone) : null],
        [t('employer.contactEmail'), employer.contactEmail ? h('a', { href: `mailto:${employer.contactEmail}` }, employer.contactEmail) : null],
      ]),
      canWrite ? h('details', { class: 'card' }, h('summary', {}, t('employer.edit')), employerForm(employer, etag, reload)) : null,
      h('section', { class: 'card', 'aria-labelledby': 'openings-heading' },
        h('h2', { id: 'openings-heading' }, t('employer.openings')),
        openings.items.length === 0
          ? h('p', {}, t('employer.noOpenings'))
          : h('ul', { class: 'plain-list' }, openings.items.map((o) => openingItem(o, canWriteOpenings, reload))),
        canWriteOpenings ? h('details', { class: 'more' }, h('summary', {}, t('opening.add')), openingForm(employer, reload)) : null),
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
    participants.map((p) => h('option', { value: p.id }, p.callingName ? `${p.callingName} (${p.externalRef})` : p.externalRef)));
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
      const answer = await api.postWithStatus(`/v1/employers/${employerId}/contacts`, {
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
      showStatus(feedback, answer.status === 200 ? t('contact.duplicate') : t('employer.logged'));
      await onLogged();
    } catch (error) {
      showError(form, feedback, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function openingItem(opening, canWrite, reload) {
  const details = [
    opening.occupationName,
    opening.municipalityName,
    t(`jobType.${opening.jobType}`),
    opening.hoursPerWeek == null ? null : t('matches.hours', { hours: formatNumber(opening.hoursPerWeek, 1) }),
    opening.startDate ? t('employer.starts', { date: formatDate(opening.startDate) }) : null,
  ].filter(Boolean);
  const mark = (status) => h('button', {
    type: 'button', class: 'secondary',
    onclick: async () => {
      await api.post(`/v1/openings/${opening.id}/status`, { status });
      reload();
    },
  }, t(status === 'filled' ? 'opening.markFilled' : 'opening.markClosed', { title: opening.title }));
  return h('li', { 'data-opening': opening.id }, h('strong', {}, opening.title), h('br'), h('span', { class: 'hint' }, details.join(' · ')),
    canWrite ? h('div', { class: 'actions' }, mark('filled'), mark('closed')) : null);
}

/** Add (employer null) or edit an employer: name, municipality, industry, and the contact person. */
export function employerForm(employer, etag, onSaved) {
  const feedback = formFeedback();
  const name = h('input', { type: 'text', maxlength: 200, value: employer?.name ?? '', autocomplete: 'organization' });
  const municipality = h('input', { type: 'text', inputmode: 'numeric', maxlength: 4, value: employer?.municipalityCode ?? '' });
  const sni = h('input', { type: 'text', inputmode: 'numeric', maxlength: 5, value: employer?.sniCode ?? '' });
  const contactName = h('input', { type: 'text', maxlength: 200, value: employer?.contactName ?? '', autocomplete: 'off' });
  const contactPhone = h('input', { type: 'tel', maxlength: 40, value: employer?.contactPhone ?? '', autocomplete: 'off' });
  const contactEmail = h('input', { type: 'email', maxlength: 254, value: employer?.contactEmail ?? '', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('employer.save'));
  const form = h('form', { novalidate: true },
    field({ label: t('employer.name'), control: name, field: 'Name' }),
    h('div', { class: 'inline-fields' },
      field({ label: t('opening.municipality'), control: municipality, field: 'MunicipalityCode' }),
      field({ label: t('employer.sniCode'), control: sni, field: 'SniCode' })),
    h('fieldset', { class: 'group' },
      h('legend', {}, t('employer.contactName')),
      h('p', { class: 'hint' }, t('employer.contactHint')),
      field({ label: t('employer.contactName'), control: contactName, field: 'ContactName' }),
      h('div', { class: 'inline-fields' },
        field({ label: t('employer.contactPhone'), control: contactPhone, field: 'ContactPhone' }),
        field({ label: t('employer.contactEmail'), control: contactEmail, field: 'ContactEmail' }))),
    feedback.element,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    // A PUT replaces every field: the ones this form does not show are sent back as they were.
    const body = {
      ...(employer ? {
        orgNumber: employer.orgNumber, sector: employer.sector, location: employer.location,
        source: employer.source, externalRef: employer.externalRef, active: employer.active,
      } : {}),
      name: name.value.trim(),
      municipalityCode: municipality.value.trim() || null,
      sniCode: sni.value.trim() || null,
      contactName: contactName.value.trim() || null,
      contactPhone: contactPhone.value.trim() || null,
      contactEmail: contactEmail.value.trim() || null,
    };
    try {
      const saved = employer ? (await api.put(`/v1/employers/${employer.id}`, body, etag)).data : await api.post('/v1/employers', body);
      showStatus(feedback, t('employer.saved'));
      onSaved(saved);
    } catch (error) {
      showError(form, feedback, error);
    }
  });
  return form;
}

function openingForm(employer, onSaved) {
  const feedback = formFeedback();
  const title = h('input', { type: 'text', maxlength: 200, autocomplete: 'off' });
  const ssyk = h('input', { type: 'text', inputmode: 'numeric', maxlength: 4 });
  const municipality = h('input', { type: 'text', inputmode: 'numeric', maxlength: 4, value: employer.municipalityCode ?? '' });
  const jobType = h('select', {}, ['competitive', 'subsidised', 'internship'].map((j) => h('option', { value: j }, t(`jobType.${j}`))));
  const form_ = h('select', {}, ['permanent', 'temporary', 'substitute', 'seasonal', 'hourly'].map((f) => h('option', { value: f }, t(`employmentForm.${f}`))));
  const hours = h('input', { type: 'number', inputmode: 'decimal', min: 1, max: 80, step: 'any' });
  const expiresOn = h('input', { type: 'date' });
  const form = h('form', { novalidate: true },
    field({ label: t('opening.title'), control: title, field: 'Title' }),
    h('div', { class: 'inline-fields' },
      field({ label: t('opening.ssyk'), control: ssyk, field: 'SsykCode' }),
      field({ label: t('opening.municipality'), control: municipality, field: 'MunicipalityCode' }),
      field({ label: t('matches.jobType'), control: jobType, field: 'JobType' }),
      field({ label: t('matches.employmentForm'), control: form_, field: 'EmploymentForm' }),
      field({ label: t('placements.hours'), control: hours, field: 'HoursPerWeek' }),
      field({ label: t('opening.expiresOn'), control: expiresOn, field: 'ExpiresOn' })),
    feedback.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('opening.save'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    try {
      await api.post('/v1/openings', {
        employerId: employer.id,
        title: title.value.trim(),
        ssykCode: ssyk.value.trim(),
        municipalityCode: municipality.value.trim(),
        jobType: jobType.value,
        employmentForm: form_.value,
        hoursPerWeek: hours.value.trim() === '' ? null : Number(hours.value),
        expiresOn: expiresOn.value || null,
      });
      showStatus(feedback, t('opening.saved'));
      onSaved();
    } catch (error) {
      showError(form, feedback, error);
    }
  });
  return form;
}

function contactItem(contact, names, employerId, reload) {
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
    contact.note ? h('p', {}, `${t('employer.note')}: ${contact.note}`) : null,
    // Only whoever logged it, and only for a day: the API says until when in changeableUntil.
    contact.changeableUntil ? h('p', {},
      h('button', {
        type: 'button', class: 'secondary',
        onclick: async () => {
          await api.del(`/v1/employers/${employerId}/contacts/${contact.id}`);
          await reload();
        },
      }, t('contact.withdraw')),
      ' ', h('span', { class: 'hint' }, t('contact.changeUntil', { time: formatDateTime(contact.changeableUntil) }))) : null);
}
