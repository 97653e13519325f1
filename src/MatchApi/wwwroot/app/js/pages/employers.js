// Arbetsgivare: search by name (Swedish spellings tolerated: "kafé" finds "Café"), municipality and
// industry; add an employer; my latest contacts for a quick way back to an employer.

import * as api from '../api.js';
import { errorBox, field, h } from '../dom.js';
import { formatDateTime, t, tn } from '../i18n.js';
import * as reference from '../reference.js';
import { employerForm } from './employer.js';

export async function render(_, context) {
  const title = t('employers.title');
  const params = new URLSearchParams(location.search);
  // Coming from a participant's page to log a contact about them: keep them chosen on the employer's page.
  const participant = params.get('participant');
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', autocomplete: 'off' });
  const municipalities = await reference.allMunicipalities();
  const place = h('select', {},
    h('option', { value: '' }, t('employers.anyMunicipality')),
    municipalities.map((m) => h('option', { value: m.code }, m.name)));
  place.value = params.get('municipalityCode') ?? '';
  const industry = h('input', { type: 'text', inputmode: 'numeric', maxlength: 5, value: params.get('sniCode') ?? '', autocomplete: 'off' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const results = h('div', {});

  async function search() {
    const filters = { q: q.value.trim(), municipalityCode: place.value, sniCode: industry.value.trim() };
    history.replaceState(null, '', `/app/employers${api.query({ ...filters, participant })}`);
    try {
      const page = await api.get(`/v1/employers${api.query({ ...filters, active: true, pageSize: 50 })}`);
      status.textContent = page.total ? tn('count.employers', page.total) : t('employers.none');
      results.replaceChildren(page.items.length
        ? h('ul', { class: 'cards compact' }, await Promise.all(page.items.map((e) => employerItem(e, participant))))
        : '');
    } catch (error) {
      status.textContent = '';
      results.replaceChildren(errorBox(error));
    }
  }

  const form = h('form', { class: 'card search', role: 'search' },
    h('div', { class: 'inline-fields' },
      field({ label: t('employers.search'), control: q }),
      field({ label: t('employers.municipality'), control: place }),
      field({ label: t('employers.industry'), control: industry })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('employers.submit'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });

  await search();
  const canWrite = context.user.scopes?.some((s) => s === 'employers:write' || s === 'admin');
  return {
    title,
    element: h('section', { class: 'page' },
      h('h1', {}, title),
      form,
      status,
      results,
      canWrite ? h('details', { class: 'card' }, h('summary', {}, t('employers.add')),
        employerForm(null, null, (saved) => context.navigate(`/app/employers/${saved.id}`))) : null,
      context.user.coachId ? await recentContacts(context.user.coachId) : null),
  };
}

async function employerItem(employer, participant) {
  const place = await reference.municipalityName(employer.municipalityCode);
  return h('li', { class: 'card' },
    h('a', { class: 'title-link', href: `/app/employers/${employer.id}${api.query({ participant })}` }, employer.name),
    h('p', { class: 'hint' }, [t(`sector.${employer.sector}`), place, employer.sniCode].filter(Boolean).join(' · ')));
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
