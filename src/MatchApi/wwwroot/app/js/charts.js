// Horizontal bar charts drawn as inline SVG, each followed by a table of the same numbers, so the
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

  const tableTitle = uid('table');
  return h('figure', { class: 'chart-figure' },
    h('figcaption', {}, title),
    drawing,
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': tableTitle, tabindex: '0' },
      h('table', {},
        // The figure's caption already shows the title; the table's own caption names it for screen readers.
        h('caption', { id: tableTitle, class: 'visually-hidden' }, title),
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((row) => h('tr', {},
          h('th', { scope: 'row' }, row.label),
          (row.cells ?? [row.text]).map((cell) => h('td', {}, cell))))))));
}
