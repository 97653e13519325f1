// Översikt: the outcomes and fidelity reports for a period, as bar charts with tables.

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { barChart, trendChart } from '../charts.js';
import { errorBox, field, h, localDateValue, uid } from '../dom.js';
import { formatNumber, formatPercent, t } from '../i18n.js';

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
    employmentTrend(report),
    selfSupportTrend(report.selfSupport),
    h('p', { class: 'hint' }, t('overview.startBased')),
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

// A withheld quarter shows the reason; a quarter cut by the period is marked, as its level is not given.
function quarterLabel(part, whole) {
  const [year, quarter] = part.split('-Q');
  return t(whole ? 'overview.quarter' : 'overview.quarterPart', { year, quarter });
}

// Under a bar: the quarter, then the year, so that five quarters fit a phone's width.
function quarterAxis(part) {
  const [year, quarter] = part.split('-Q');
  return [t('overview.quarterShort', { quarter }), year];
}

function employmentTrend(report) {
  const b = report.employmentRate.benchmarks;
  return trendChart({
    title: t('overview.rateTrend'),
    columns: [t('overview.quarterCol'), t('overview.servedCol'), t('overview.workedCol'), t('overview.share'), t('overview.levelCol')],
    lines: [
      { value: b.minimum, label: formatPercent(b.minimum) },
      { value: b.average, label: formatPercent(b.average) },
      { value: b.excellent, label: formatPercent(b.excellent) },
    ],
    rows: report.quarters.map((q) => ({
      label: quarterLabel(q.quarter, q.wholeQuarter),
      axis: quarterAxis(q.quarter),
      value: q.suppressed ? null : q.rate,
      text: q.suppressed ? t('overview.suppressed') : formatPercent(q.rate),
      cells: q.suppressed
        ? [t('overview.suppressed'), '–', '–', '–']
        : [String(q.served), String(q.workedCompetitive), formatPercent(q.rate), q.level ? t(`level.${q.level}`) : t('overview.noLevel')],
    })),
  });
}

function selfSupportTrend(selfSupport) {
  const aim = selfSupport.aim;
  return [
    trendChart({
      title: t('overview.selfSupportTrend'),
      columns: [t('overview.quarterCol'), t('overview.exitedCol'), t('overview.selfSupportingCol'), t('overview.shareOfExited'), t('overview.shareOfServed')],
      lines: [{ value: aim.low, label: formatPercent(aim.low) }, { value: aim.high, label: formatPercent(aim.high) }],
      rows: selfSupport.byQuarter.map((q) => ({
        label: quarterLabel(q.period, q.whole),
        axis: quarterAxis(q.period),
        value: q.suppressed ? null : q.shareOfExited,
        text: q.suppressed ? t('overview.suppressed') : formatPercent(q.shareOfExited),
        cells: q.suppressed
          ? [t('overview.suppressed'), '–', '–', '–']
          : [String(q.exited), String(q.selfSupporting), formatPercent(q.shareOfExited), formatPercent(q.shareOfServed)],
      })),
    }),
    h('p', { class: 'hint' }, t('overview.aim', { low: formatPercent(aim.low), high: formatPercent(aim.high), source: aim.source })),
  ];
}

// Shares are shown as percentages, every other value with its unit in the reader's language (never a bare ratio).
function fidelityValue(item) {
  if (item.value == null) return '–';
  if (item.unit.startsWith('share')) return formatPercent(item.value);
  return `${formatNumber(item.value, 2)} ${t(`fidelityUnit.${item.item}`)}`;
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
    }),
    fidelityTrend(report),
    h('h3', {}, t('overview.notMeasured')),
    h('p', { class: 'hint' }, t('overview.notMeasuredIntro')),
    h('ul', {}, report.notMeasured.map((item) => h('li', {}, item.title))));
}

// Scores per quarter side by side: a table, as ten items over several quarters read better as numbers than as bars.
function fidelityTrend(report) {
  const titleId = uid('table');
  const title = t('overview.fidelityTrend');
  const score = (q, item) => {
    if (q.suppressed) return t('overview.suppressed');
    const found = q.items.find((i) => i.item === item);
    return found?.score == null ? '–' : `${found.score} / 5`;
  };
  return [
    h('h3', { id: titleId }, title),
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': titleId, tabindex: '0' },
      h('table', {},
        h('caption', { class: 'visually-hidden' }, title),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('overview.item')),
          report.quarters.map((q) => h('th', { scope: 'col' }, quarterLabel(q.quarter, q.wholeQuarter))))),
        h('tbody', {}, report.items.map((item) => h('tr', {},
          h('th', { scope: 'row' }, t(`fidelity.${item.item}`)),
          report.quarters.map((q) => h('td', {}, score(q, item.item)))))))),
  ];
}
