// Översikt: the outcomes and fidelity reports for a period, as bar charts with tables.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { barChart } from '../charts.js';
import { errorBox, field, h, localDateValue } from '../dom.js';
import { formatNumber, formatPercent, lang, t } from '../i18n.js';

const categories = ['competitive', 'anyPaidJob', 'internship', 'education', 'none'];

export async function render() {
  const title = t('overview.title');
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const yearAgo = new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1);
  const from = h('input', { type: 'date', value: params.get('from') ?? localDateValue(yearAgo), required: true });
  const to = h('input', { type: 'date', value: params.get('to') ?? localDateValue(today), required: true });
  const results = h('div', {});

  async function load() {
    const period = api.query({ from: from.value, to: to.value });
    history.replaceState(null, '', `/app/overview${period}`);
    try {
      const [outcomes, fidelity] = await Promise.all([
        api.get(`/v1/reports/outcomes${period}`),
        api.get(`/v1/reports/fidelity${period}`),
      ]);
      results.replaceChildren(outcomesSection(outcomes), fidelitySection(fidelity));
    } catch (error) {
      results.replaceChildren(error instanceof ApiError && error.status === 403
        ? h('p', { class: 'notice', role: 'alert' }, t('overview.forbidden'))
        : errorBox(error));
    }
  }

  const form = h('form', { class: 'card filters', novalidate: true },
    h('div', { class: 'inline-fields' },
      field({ label: t('overview.from'), control: from, field: 'from' }),
      field({ label: t('overview.to'), control: to, field: 'to' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('overview.apply'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  await load();
  return {
    title,
    element: h('section', { class: 'page' }, h('h1', {}, title), h('p', {}, t('overview.intro')), form, results),
  };
}

function outcomesSection(report) {
  const rate = report.employmentRate;
  const b = rate.benchmarks;
  return h('section', { class: 'card', 'aria-labelledby': 'outcomes-heading' },
    h('h2', { id: 'outcomes-heading' }, t('overview.outcomes')),
    h('p', {}, t('overview.served', { count: report.served })),
    h('p', { class: 'big' }, rate.rate == null ? t('overview.rateNone') : t('overview.rate', { rate: formatPercent(rate.rate) })),
    h('p', { class: 'hint' }, t('overview.benchmarks', { min: formatPercent(b.minimum), avg: formatPercent(b.average), exc: formatPercent(b.excellent) })),
    barChart({
      title: t('overview.outcomesChart'),
      columns: [t('overview.category'), t('overview.participants'), t('overview.share')],
      max: report.served,
      rows: categories.map((key) => {
        const share = report.outcomes[key];
        return {
          label: t(`outcome.${key}`),
          value: share.participants,
          text: String(share.participants),
          cells: [String(share.participants), formatPercent(share.share)],
        };
      }),
    }),
    report.jobStarts.bySector.length === 0 ? [h('h3', {}, t('overview.jobStarts')), h('p', {}, t('overview.noJobStarts'))] : barChart({
      title: t('overview.jobStarts'),
      columns: [t('employer.sector'), t('overview.jobStartsCol')],
      rows: report.jobStarts.bySector.map((s) => ({
        label: t(`sector.${s.sector}`),
        value: s.suppressed ? null : s.jobStarts,
        text: s.suppressed ? t('overview.suppressed') : String(s.jobStarts),
      })),
    }));
}

// Shares are shown as percentages; the API's unit words are English, so only the English view shows them.
function fidelityValue(item) {
  if (item.value == null) return '–';
  if (item.unit.startsWith('share')) return formatPercent(item.value);
  return lang() === 'en' ? `${formatNumber(item.value, 2)} ${item.unit}` : formatNumber(item.value, 2);
}

function fidelitySection(report) {
  return h('section', { class: 'card', 'aria-labelledby': 'fidelity-heading' },
    h('h2', { id: 'fidelity-heading' }, t('overview.fidelity')),
    barChart({
      title: t('overview.fidelityChart'),
      columns: [t('overview.item'), t('overview.value'), t('overview.scoreCol')],
      max: 5,
      rows: report.items.map((item) => ({
        label: t(`fidelity.${item.item}`),
        value: item.score,
        text: item.score == null ? t('overview.noScore') : `${item.score} / 5`,
        cells: [
          fidelityValue(item),
          item.score == null ? '–' : `${item.score} / 5`,
        ],
      })),
    }));
}
