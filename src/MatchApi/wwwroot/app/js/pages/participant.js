// Deltagare: the participant's goal in their own words and their structured goals (editable), and
// the coach's contact details. Fields the page does not edit (home location) are sent back unchanged.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import {
  checkedValues, choiceGroup, facts, field, formFeedback, h, resetFeedback, showError, showStatus,
} from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { createPicker, createSearch } from '../picker.js';
import * as reference from '../reference.js';
import {
  contactsCard, detailsForm, exitCard, nextStepsCard, placementsCard, todayIso,
} from './timeline.js';

const schedules = ['day', 'evening', 'night', 'weekend'];
const jobTypes = ['competitive', 'subsidised', 'internship'];
const employmentForms = ['permanent', 'temporary', 'substitute', 'seasonal', 'hourly'];

const emptyGoals = {
  ownWords: null,
  desiredOccupations: [],
  acceptableMunicipalities: [],
  homeLocation: null,
  maxTravelKm: null,
  travelLimitIsHard: false,
  minHoursPerWeek: null,
  maxHoursPerWeek: null,
  schedules: [],
  employmentForms: [],
  jobTypes: [],
  earliestStart: null,
  prefersRemote: false,
  avoid: { occupations: [], industries: [], employerIds: [] },
  interests: [],
  preferredEmployerIds: [],
  preferredIndustries: [],
  avoidSchedules: [],
  firm: { hours: false, schedules: false },
};

export async function render([id], context) {
  const { data: participant, etag: participantEtag } = await api.getVersioned(`/v1/participants/${id}`);
  let goals = { ...emptyGoals };
  let etag = null;
  let hasGoals = true;
  try {
    const loaded = await api.getVersioned(`/v1/participants/${id}/goals`);
    goals = { ...emptyGoals, ...loaded.data };
    etag = loaded.etag;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    hasGoals = false;
  }
  const coach = participant.coachId ? await api.get(`/v1/coaches/${participant.coachId}`).catch(() => null) : null;

  const title = t('participant.title', {
    ref: participant.callingName ? `${participant.callingName} (${participant.externalRef})` : participant.externalRef,
  });
  const form = await goalsForm(id, goals, etag);
  const today = todayIso();
  const reload = () => context.navigate(`/app/participants/${id}`, { replace: true });
  const [steps, contacts, placements, exit] = await Promise.all([
    nextStepsCard(id, today),
    contactsCard(id),
    placementsCard(participant, today),
    exitCard(participant, today, reload),
  ]);
  return {
    title,
    element: h('section', { class: 'page' },
      h('h1', {}, title),
      h('div', { class: 'two-columns' },
        h('section', { class: 'card', 'aria-labelledby': 'facts-heading' },
          h('h2', { id: 'facts-heading' }, t('participant.facts')),
          facts([
            [t('caseload.enrolled'), formatDate(participant.enrolmentDate)],
            [t('participant.callingName'), participant.callingName],
            [t('caseload.status'), t(`status.${participant.status}`)],
            [t('participant.coach'), coach?.name ?? t('participant.noCoach')],
          ]),
          h('p', {}, h('a', { class: 'button', href: `/app/participants/${id}/matches` }, t('participant.showMatches')))),
        coachCard(coach)),
      detailsForm(participant, participantEtag, reload),
      steps,
      contacts,
      placements,
      h('section', { class: 'card', 'aria-labelledby': 'goals-heading' },
        h('h2', { id: 'goals-heading' }, t('participant.goals')),
        h('p', { class: 'hint' }, t('participant.goalsIntro')),
        hasGoals ? null : h('p', { class: 'notice' }, t('participant.noGoals')),
        form),
      exit),
  };
}

function coachCard(coach) {
  return h('section', { class: 'card', 'aria-labelledby': 'coach-heading' },
    h('h2', { id: 'coach-heading' }, t('participant.coachContact')),
    coach
      ? facts([
        [t('participant.coach'), coach.name],
        [t('participant.email'), coach.email ? h('a', { href: `mailto:${coach.email}` }, coach.email) : null],
        [t('participant.phone'), coach.phone ? h('a', { href: `tel:${coach.phone.replace(/[^+\d]/g, '')}` }, coach.phone) : null],
      ])
      : h('p', {}, t('participant.noCoach')));
}

async function goalsForm(id, goals, initialEtag) {
  let etag = initialEtag;
  const feedback = formFeedback();

  const ownWords = h('textarea', { rows: 4, maxlength: 2000 });
  ownWords.value = goals.ownWords ?? '';

  const occupations = createPicker({
    legend: t('participant.occupations'),
    hint: t('participant.occupationsHint'),
    field: 'DesiredOccupations',
    searchLabel: t('picker.searchOccupation'),
    ordered: true,
    search: occupationSearch,
    chosen: await Promise.all(goals.desiredOccupations.map(async (code) => ({ value: code, label: await reference.occupationLabel(code) }))),
  });

  const municipalities = await reference.allMunicipalities();
  const places = createPicker({
    legend: t('participant.municipalities'),
    field: 'AcceptableMunicipalities',
    searchLabel: t('participant.municipality'),
    search: async (q) => municipalities
      .filter((m) => m.name.toLowerCase().includes(q.toLowerCase()) || m.code.startsWith(q))
      .map((m) => ({ value: m.code, label: m.name })),
    chosen: goals.acceptableMunicipalities.map((code) => ({
      value: code,
      label: municipalities.find((m) => m.code === code)?.name ?? code,
    })),
  });

  const minHours = numberInput(goals.minHoursPerWeek, 0, 80);
  const maxHours = numberInput(goals.maxHoursPerWeek, 0, 80);
  const maxTravel = numberInput(goals.maxTravelKm, 1, 500);
  const earliestStart = h('input', { type: 'date', value: goals.earliestStart ?? '' });
  const prefersRemote = h('input', { type: 'checkbox', checked: goals.prefersRemote });

  const scheduleGroup = choiceGroup({
    legend: t('participant.schedules'), hint: t('participant.schedulesHint'), name: 'schedules', field: 'Schedules',
    options: schedules.map((s) => [s, t(`schedule.${s}`)]), chosen: goals.schedules,
  });
  const jobTypeGroup = choiceGroup({
    legend: t('participant.jobTypes'), hint: t('participant.jobTypesHint'), name: 'jobTypes', field: 'JobTypes',
    options: jobTypes.map((j) => [j, t(`jobType.${j}`)]), chosen: goals.jobTypes,
  });
  const formGroup = choiceGroup({
    legend: t('participant.employmentForms'), name: 'employmentForms', field: 'EmploymentForms',
    options: employmentForms.map((f) => [f, t(`employmentForm.${f}`)]), chosen: goals.employmentForms,
  });

  const avoidOccupations = createPicker({
    legend: t('participant.avoidOccupations'),
    field: 'Avoid.Occupations',
    searchLabel: t('picker.searchOccupation'),
    search: occupationSearch,
    chosen: await Promise.all(goals.avoid.occupations.map(async (code) => ({ value: code, label: await reference.occupationLabel(code) }))),
  });
  const industries = h('input', { type: 'text', inputmode: 'numeric', value: goals.avoid.industries.join(', ') });
  // Coaches find the industry by a Swedish word ("vård"); a pick adds its SNI code to the field above.
  const industryFinder = createSearch({
    searchLabel: t('picker.searchIndustry'),
    search: industrySearch,
    onPick: (item) => {
      const codes = industries.value.split(/[\s,;]+/).filter(Boolean);
      if (!codes.includes(String(item.value))) industries.value = [...codes, item.value].join(', ');
    },
  });
  const avoidEmployers = createPicker({
    legend: t('participant.avoidEmployers'),
    field: 'Avoid.EmployerIds',
    searchLabel: t('picker.searchEmployer'),
    search: employerSearch,
    chosen: await Promise.all(goals.avoid.employerIds.map(employerChoice)),
  });

  // The participant's own interests, employers they would like, and which wishes are firm limits.
  const interests = h('input', { type: 'text', value: goals.interests.join(', ') });
  const preferredIndustries = h('input', { type: 'text', inputmode: 'numeric', value: goals.preferredIndustries.join(', ') });
  const preferredEmployers = createPicker({
    legend: t('participant.preferredEmployers'),
    field: 'PreferredEmployerIds',
    searchLabel: t('picker.searchEmployer'),
    search: employerSearch,
    chosen: await Promise.all(goals.preferredEmployerIds.map(employerChoice)),
  });
  const firmHours = h('input', { type: 'checkbox', checked: goals.firm.hours });
  const firmSchedules = h('input', { type: 'checkbox', checked: goals.firm.schedules });
  const avoidScheduleGroup = choiceGroup({
    legend: t('participant.avoidSchedules'), name: 'avoidSchedules', field: 'AvoidSchedules',
    options: schedules.map((s) => [s, t(`schedule.${s}`)]), chosen: goals.avoidSchedules,
  });

  const submit = h('button', { type: 'submit', class: 'primary' }, t('participant.save'));
  const form = h('form', { class: 'goals', novalidate: true, 'aria-labelledby': 'goals-heading' },
    field({ label: t('participant.ownWords'), hint: t('participant.ownWordsHint'), control: ownWords, field: 'OwnWords' }),
    occupations.element,
    places.element,
    field({ label: t('participant.interests'), hint: t('participant.interestsHint'), control: interests, field: 'Interests' }),
    h('fieldset', { class: 'group' },
      h('legend', {}, t('participant.hours')),
      h('div', { class: 'inline-fields' },
        field({ label: t('participant.minHours'), control: minHours, field: 'MinHoursPerWeek' }),
        field({ label: t('participant.maxHours'), control: maxHours, field: 'MaxHoursPerWeek' })),
      field({ label: t('participant.firmHours'), control: firmHours, field: 'Firm.Hours' })),
    scheduleGroup,
    field({ label: t('participant.firmSchedules'), control: firmSchedules, field: 'Firm.Schedules' }),
    jobTypeGroup,
    formGroup,
    h('div', { class: 'inline-fields' },
      field({ label: t('participant.maxTravelKm'), control: maxTravel, field: 'MaxTravelKm' }),
      field({ label: t('participant.earliestStart'), control: earliestStart, field: 'EarliestStart' })),
    field({ label: t('participant.prefersRemote'), control: prefersRemote, field: 'PrefersRemote' }),
    h('fieldset', { class: 'group' },
      h('legend', {}, t('participant.preferred')),
      h('p', { class: 'hint' }, t('participant.preferredHint')),
      preferredEmployers.element,
      field({ label: t('participant.preferredIndustries'), hint: t('participant.avoidIndustriesHint'), control: preferredIndustries, field: 'PreferredIndustries' })),
    h('fieldset', { class: 'group' },
      h('legend', {}, t('participant.avoid')),
      h('p', { class: 'hint' }, t('participant.avoidHint')),
      avoidOccupations.element,
      field({ label: t('participant.avoidIndustries'), hint: t('participant.avoidIndustriesHint'), control: industries, field: 'Avoid.Industries' }),
      industryFinder.element,
      avoidEmployers.element,
      avoidScheduleGroup),
    feedback.element,
    h('div', { class: 'actions' }, submit));

  function body() {
    return {
      ...goals,
      ownWords: ownWords.value.trim() || null,
      desiredOccupations: occupations.values(),
      acceptableMunicipalities: places.values(),
      minHoursPerWeek: numberValue(minHours),
      maxHoursPerWeek: numberValue(maxHours),
      maxTravelKm: numberValue(maxTravel),
      earliestStart: earliestStart.value || null,
      prefersRemote: prefersRemote.checked,
      schedules: checkedValues(form, 'schedules'),
      jobTypes: checkedValues(form, 'jobTypes'),
      employmentForms: checkedValues(form, 'employmentForms'),
      interests: interests.value.split(/[,;\n]+/).map((i) => i.trim()).filter(Boolean),
      preferredEmployerIds: preferredEmployers.values(),
      preferredIndustries: preferredIndustries.value.split(/[\s,;]+/).filter(Boolean),
      avoidSchedules: checkedValues(form, 'avoidSchedules'),
      firm: { hours: firmHours.checked, schedules: firmSchedules.checked },
      avoid: {
        ...goals.avoid,
        occupations: avoidOccupations.values(),
        industries: industries.value.split(/[\s,;]+/).filter(Boolean),
        employerIds: avoidEmployers.values(),
      },
    };
  }

  async function save(ifMatch) {
    resetFeedback(form, feedback);
    submit.disabled = true;
    try {
      const saved = await api.put(`/v1/participants/${id}/goals`, body(), ifMatch);
      etag = saved.etag;
      goals = { ...emptyGoals, ...saved.data };
      showStatus(feedback, t('participant.saved'));
    } catch (error) {
      const extra = error instanceof ApiError && error.status === 412
        ? h('button', { type: 'button', class: 'secondary', onclick: () => save(null) }, t('participant.overwrite'))
        : null;
      showError(form, feedback, error, { extra });
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(etag);
  });
  return form;
}

async function employerSearch(q) {
  return (await api.get(`/v1/employers${api.query({ q, pageSize: 20 })}`)).items.map((e) => ({ value: e.id, label: e.name }));
}

async function employerChoice(employerId) {
  return { value: employerId, label: (await api.get(`/v1/employers/${employerId}`).catch(() => null))?.name ?? `#${employerId}` };
}

async function occupationSearch(q) {
  return (await reference.searchOccupations(q)).map((o) => ({ value: o.code, label: reference.occupationHitLabel(o) }));
}

// Industries by Swedish words or code.
async function industrySearch(q) {
  return (await reference.searchIndustries(q)).map((i) => ({ value: i.code, label: `${i.name} (${i.code})` }));
}

function numberInput(value, min, max) {
  return h('input', { type: 'number', inputmode: 'decimal', min, max, step: 'any', value: value ?? '' });
}

function numberValue(input) {
  if (input.value.trim() === '') return null;
  const number = Number(input.value);
  return Number.isFinite(number) ? number : null;
}
