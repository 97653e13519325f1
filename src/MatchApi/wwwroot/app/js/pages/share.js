// The list a coach gives the participant (printed, or shown on the phone): each job's title, employer,
// place, hours and why it fits, and how to reach the coach. It carries nothing about anyone else and
// no internal scores or case references: only what the participant may keep.

import * as api from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatNumber, lang, t } from '../i18n.js';
import * as reference from '../reference.js';

export async function render([id]) {
  const participant = await api.get(`/v1/participants/${id}`);
  const [ranked, coach] = await Promise.all([
    api.get(`/v1/participants/${id}/matches?limit=20`).catch(() => ({ results: [] })),
    participant.coachId ? api.get(`/v1/coaches/${participant.coachId}`).catch(() => null) : null,
  ]);
  const title = t('share.title');
  const jobs = await Promise.all(ranked.results.map(async ({ opening, employer, reasons }) => h('li', { class: 'share-job' },
    h('h2', {}, opening.title),
    h('p', {}, [
      employer.name,
      await reference.municipalityName(opening.municipalityCode),
      opening.hoursPerWeek == null ? null : t('matches.hours', { hours: formatNumber(opening.hoursPerWeek, 1) }),
      opening.expiresOn ? `${t('matches.deadline')} ${formatDate(opening.expiresOn)}` : null,
    ].filter(Boolean).join(' · ')),
    h('h3', {}, t('share.why')),
    h('ul', {}, reasons.map((r) => h('li', {}, lang() === 'en' ? r.en : r.sv))))));

  return {
    title,
    element: h('section', { class: 'page share' },
      h('p', { class: 'breadcrumb no-print' }, h('a', { href: `/app/participants/${id}/matches` }, t('share.back'))),
      h('h1', {}, title),
      h('p', {}, participant.callingName ? t('share.greeting', { name: participant.callingName }) : t('share.greetingNoName')),
      jobs.length ? h('ol', { class: 'share-list' }, jobs) : h('p', {}, t('share.none')),
      coach ? h('section', { class: 'card coach-contact', 'aria-labelledby': 'share-coach' },
        h('h2', { id: 'share-coach' }, t('share.coach')),
        h('p', {}, coach.name),
        coach.phone ? h('p', {}, h('a', { href: `tel:${coach.phone.replace(/[^+\d]/g, '')}` }, coach.phone)) : null,
        coach.email ? h('p', {}, h('a', { href: `mailto:${coach.email}` }, coach.email)) : null) : null,
      h('p', { class: 'no-print' }, h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('matches.print')))),
  };
}
