// Bar charts drawn as inline SVG (horizontal bars per category, vertical bars per quarter), each followed by a table of the same numbers, so the
// figures can be read without seeing the chart. Labels sit above their bars, which keeps them
// readable on a 375 px wide phone.

import { h, svg, uid } from './dom.js';

// Drawn for a phone's width (about 300 px), so the text is its real size there.
const width = 300;
const labelGap = 16;
const barHeight = 14;
const rowHeight = 46;
const valueSpace = 100;

/**
 * @param {object} options
 * @param {string} options.title       caption of the figure and the table
 * @param {string[]} options.columns   table headings: first the label column, then one per value column
 * @param {{label: string, value: number|null, text: string, cells?: string[]}[]} options.rows
 *        value sets the bar (null: no bar), text is written at the bar's end; cells are the table's
 *        value columns (default [text])
 * @param {number} [options.max]       the value of a full-width bar (default: the largest value)
 */
export function barChart({ title, columns, rows, max }) {
  const top = Math.max(max ?? 0, ...rows.map((r) => r.value ?? 0), 1);
  const titleId = uid('chart');
  const height = rows.length * rowHeight + 4;
  const room = width - valueSpace;

  const drawing = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'img',
    'aria-labelledby': titleId,
    focusable: 'false',
  },
  svg('title', { id: titleId }, title),
  rows.map((row, index) => {
    const y = index * rowHeight;
    const length = row.value == null ? 0 : Math.max((row.value / top) * room, row.value > 0 ? 2 : 0);
    return svg('g', {},
      svg('text', { x: 0, y: y + labelGap, class: 'chart-label' }, row.label),
      svg('rect', { x: 0, y: y + labelGap + 6, width: room, height: barHeight, class: 'chart-track' }),
      svg('rect', { x: 0, y: y + labelGap + 6, width: length, height: barHeight, class: 'chart-bar' }),
      // Without a value the words (e.g. "nothing to measure") sit on the empty track instead.
      svg('text', { x: row.value == null ? 4 : room + 6, y: y + labelGap + 6 + barHeight - 2, class: 'chart-value' }, row.text));
  }));

  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), drawing, dataTable(title, columns, rows));
}

// The numbers of a chart as a table, for screen readers and for reading the exact figures.
function dataTable(title, columns, rows) {
  const tableTitle = uid('table');
  return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': tableTitle, tabindex: '0' },
    h('table', {},
      // The figure's caption already shows the title; the table's own caption names it for screen readers.
      h('caption', { id: tableTitle, class: 'visually-hidden' }, title),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((row) => h('tr', {},
        h('th', { scope: 'row' }, row.label),
        (row.cells ?? [row.text]).map((cell) => h('td', {}, cell)))))));
}

const trendHeight = 184;
const plotTop = 12;
const plotBottom = 150;
const axisSpace = 34;

/**
 * A vertical bar per period (quarter) with horizontal reference lines (benchmarks, an aim), followed
 * by a table of the same numbers.
 * @param {object} options
 * @param {string} options.title       caption of the figure and the table
 * @param {string[]} options.columns   table headings: the period column, then one per value column
 * @param {{label: string, axis?: string[], value: number|null, text: string, cells?: string[]}[]} options.rows
 *        value is a share 0–1 (null: no bar, e.g. withheld), text is written above the bar, axis is the
 *        label under the bar in short lines (default [label]); the table shows label
 * @param {{value: number, label: string}[]} options.lines  reference lines, as shares
 */
export function trendChart({ title, columns, rows, lines }) {
  const top = Math.max(...rows.map((r) => r.value ?? 0), ...lines.map((l) => l.value), 0.1) * 1.15;
  const y = (value) => plotBottom - (value / top) * (plotBottom - plotTop);
  const slot = (width - axisSpace) / Math.max(rows.length, 1);
  const barWidth = Math.min(40, slot * 0.6);
  const titleId = uid('chart');

  const drawing = svg('svg', {
    viewBox: `0 0 ${width} ${trendHeight}`,
    class: 'chart trend',
    role: 'img',
    'aria-labelledby': titleId,
    focusable: 'false',
  },
  svg('title', { id: titleId }, title),
  svg('line', { x1: axisSpace, x2: width, y1: plotBottom, y2: plotBottom, class: 'chart-axis' }),
  rows.map((row, index) => {
    const x = axisSpace + index * slot + (slot - barWidth) / 2;
    const barTop = row.value == null ? plotBottom : y(row.value);
    return svg('g', {},
      row.value == null ? [] : svg('rect', { x, y: barTop, width: barWidth, height: plotBottom - barTop, class: 'chart-bar' }),
      svg('text', { x: x + barWidth / 2, y: barTop - 4, class: 'chart-value', 'text-anchor': 'middle' }, row.value == null ? '–' : row.text),
      (row.axis ?? [row.label]).map((line, lineIndex) =>
        svg('text', { x: x + barWidth / 2, y: plotBottom + 15 + lineIndex * 14, class: 'chart-axis-label', 'text-anchor': 'middle' }, line)));
  }),
  // Reference lines over the bars; their labels sit in the left margin, the higher of two neighbours a little up so close lines stay legible.
  [...lines].sort((a, b) => a.value - b.value).map((line, index) => svg('g', {},
    svg('line', { x1: axisSpace, x2: width, y1: y(line.value), y2: y(line.value), class: 'chart-line' }),
    svg('text', { x: 0, y: y(line.value) + (index % 2 === 0 ? 4 : -4), class: 'chart-line-label' }, line.label))));

  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), drawing, dataTable(title, columns, rows));
}
