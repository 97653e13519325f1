// Min caseload: my participants, days since enrolment and since the last employer contact,
// a flag when the first employer contact did not come within 30 days, and my count against the IPS limit.

import * as api from '../api.js';
import { facts, h } from '../dom.js';
import { formatDate, t } from '../i18n.js';

export async function render(_, context) {
  const title = t('caseload.title');
  const coachId = context.user.coachId;
  if (!coachId) {
    return { title, element: h('section', { class: 'page' }, h('h1', {}, title), h('p', {}, t('caseload.noCoach'))) };
  }

  const caseload = await api.get(`/v1/coaches/${coachId}/caseload`);
  const { count, limit, firstContactWithinDays: days } = caseload;
  const flagged = caseload.participants.filter((p) => p.noEmployerContactInTime).length;

  const summary = h('div', { class: 'card summary' },
    h('p', { class: 'big', id: 'caseload-count' }, t('caseload.count', { count, limit })),
    h('meter', { min: 0, max: Math.max(limit, count), low: limit * 0.8, high: limit, optimum: 0, value: count, 'aria-labelledby': 'caseload-count' }),
    h('p', { class: count > limit ? 'warning' : 'hint' },
      count > limit ? t('caseload.overLimit', { limit }) : t('caseload.limitNote', { limit })),
    flagged ? h('p', { class: 'flag' }, t('caseload.flaggedCount', { count: flagged, days })) : null);

  const list = caseload.participants.length === 0
    ? h('p', {}, t('caseload.empty'))
    : h('ul', { class: 'cards' }, caseload.participants.map((p) => participantCard(p, days)));

  return { title, element: h('section', { class: 'page' }, h('h1', {}, title), summary, list) };
}

function participantCard(p, days) {
  const sinceContact = p.daysSinceLastEmployerContact ?? null;
  return h('li', { class: p.noEmployerContactInTime ? 'card flagged' : 'card', 'data-participant': p.id },
    h('h2', {}, h('a', { href: `/app/participants/${p.id}` }, t('caseload.openParticipant', { ref: p.externalRef }))),
    p.noEmployerContactInTime ? h('p', { class: 'flag' }, t('caseload.flag', { days })) : null,
    facts([
      [t('caseload.enrolled'), formatDate(p.enrolmentDate)],
      [t('caseload.daysSinceEnrolment'), String(p.daysSinceEnrolment)],
      [t('caseload.daysSinceContact'), sinceContact === null ? t('caseload.noContactYet') : String(sinceContact)],
      [t('caseload.goals'), p.hasGoals ? t('caseload.goalsYes') : t('caseload.goalsNo')],
      [t('caseload.status'), t(`status.${p.status}`)],
    ]),
    h('p', { class: 'card-actions' },
      h('a', { href: `/app/participants/${p.id}/matches`, 'aria-label': t('caseload.matchesFor', { ref: p.externalRef }) }, t('caseload.matches'))));
}
