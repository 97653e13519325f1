// Arbetsgivare: search by name, and my latest contacts for a quick way back to an employer.

import * as api from '../api.js';
import { errorBox, field, h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import * as reference from '../reference.js';

export async function render(_, context) {
  const title = t('employers.title');
  const params = new URLSearchParams(location.search);
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', autocomplete: 'off' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const results = h('div', {});

  async function search() {
    const text = q.value.trim();
    history.replaceState(null, '', `/app/employers${api.query({ q: text })}`);
    try {
      const page = await api.get(`/v1/employers${api.query({ q: text, active: true, pageSize: 50 })}`);
      status.textContent = page.total ? t('employers.results', { count: page.total }) : t('employers.none');
      results.replaceChildren(page.items.length ? h('ul', { class: 'cards compact' }, await Promise.all(page.items.map(employerItem))) : '');
    } catch (error) {
      status.textContent = '';
      results.replaceChildren(errorBox(error));
    }
  }

  const form = h('form', { class: 'card search', role: 'search' },
    h('div', { class: 'inline' },
      field({ label: t('employers.search'), control: q }),
      h('button', { type: 'submit', class: 'primary' }, t('employers.submit'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });

  await search();
  return {
    title,
    element: h('section', { class: 'page' },
      h('h1', {}, title),
      form,
      status,
      results,
      context.user.coachId ? await recentContacts(context.user.coachId) : null),
  };
}

async function employerItem(employer) {
  const place = await reference.municipalityName(employer.municipalityCode);
  return h('li', { class: 'card' },
    h('a', { class: 'title-link', href: `/app/employers/${employer.id}` }, employer.name),
    h('p', { class: 'hint' }, [t(`sector.${employer.sector}`), place].filter(Boolean).join(' · ')));
}

async function recentContacts(coachId) {
  const contacts = (await api.get(`/v1/coaches/${coachId}/contacts?pageSize=5`)).items;
  return h('section', { class: 'card', 'aria-labelledby': 'recent-heading' },
    h('h2', { id: 'recent-heading' }, t('employers.recent')),
    contacts.length === 0
      ? h('p', {}, t('employers.noRecent'))
      : h('ul', { class: 'plain-list' }, contacts.map((c) => h('li', {},
        h('a', { href: `/app/employers/${c.employerId}` }, c.employerName),
        ` – ${t(`kind.${c.kind}`)}, ${formatDateTime(c.contactedAt)}`))));
}
