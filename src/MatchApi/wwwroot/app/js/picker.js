// A list of chosen items with a search to add more: occupations (SSYK), municipalities, employers.
// Plain buttons and a status line rather than a combobox widget, which is easier to use with a
// screen reader and a thumb alike.

import { h, uid } from './dom.js';
import { t, tn } from './i18n.js';

/**
 * @param {object} options
 * @param {string} options.legend   what is chosen, e.g. "Önskade yrken"
 * @param {string} options.field    the API property, so validation errors land here
 * @param {string} options.searchLabel label of the search box
 * @param {(q: string) => Promise<{value: string|number, label: string}[]>} options.search
 * @param {{value: string|number, label: string}[]} options.chosen items chosen at start, in order
 * @param {string} [options.hint]
 * @param {boolean} [options.ordered] whether order matters (first choice first)
 */
export function createPicker({ legend, field, searchLabel, search, chosen = [], hint, ordered = false }) {
  let items = [...chosen];
  const searchId = uid('search');
  const hintId = hint ? uid('hint') : null;
  const errorId = uid('error');
  const list = h(ordered ? 'ol' : 'ul', { class: 'chosen' });
  const input = h('input', { type: 'search', id: searchId, autocomplete: 'off', 'aria-describedby': hintId });
  const count = h('p', { class: 'picker-count', role: 'status' });
  const results = h('ul', { class: 'results' });

  function renderChosen() {
    list.replaceChildren(...(items.length === 0
      ? [h('li', { class: 'empty' }, t('picker.none'))]
      : items.map((item, index) => h('li', {},
        h('span', {}, item.label),
        h('button', {
          type: 'button',
          class: 'link-button',
          'aria-label': t('picker.remove', { name: item.label }),
          onclick: () => remove(index),
        }, t('picker.remove', { name: '' }).trim())))));
  }

  function remove(index) {
    items.splice(index, 1);
    renderChosen();
    const buttons = list.querySelectorAll('button');
    (buttons[Math.min(index, buttons.length - 1)] ?? input).focus();
    if (searching.lastQuery()) showResults(lastResults);
  }

  let lastResults = [];
  function showResults(found) {
    lastResults = found;
    const open = found.filter((f) => !items.some((i) => String(i.value) === String(f.value)));
    // Once the only hit is added there are still hits, just none left to add.
    count.textContent = open.length ? tn('count.matches', open.length) : t(found.length ? 'picker.allAdded' : 'picker.noResults');
    results.replaceChildren(...open.slice(0, 20).map((item) => h('li', {},
      h('button', {
        type: 'button',
        class: 'add-button',
        onclick: () => {
          items.push(item);
          renderChosen();
          showResults(lastResults);
          (results.querySelector('button') ?? input).focus();
        },
      }, t('picker.add', { name: item.label })))));
  }

  const searching = searchAsYouType({ input, results, count, searchLabel, search, show: showResults });

  renderChosen();
  const element = h('fieldset', { class: 'picker', 'data-field': field, 'aria-describedby': errorId },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    list,
    h('div', { class: 'picker-search' }, ...searching.controls),
    count,
    results,
    h('p', { class: 'field-error', id: errorId, hidden: true }));

  return { element, values: () => items.map((i) => i.value) };
}

/**
 * A search whose results are picked into something else (e.g. an SNI code into a text field): a search box, a status line,
 * and one button per hit, as in the picker above.
 * @param {object} options
 * @param {string} options.searchLabel label of the search box
 * @param {(q: string) => Promise<{value: string|number, label: string}[]>} options.search
 * @param {(item: {value: string|number, label: string}) => void} options.onPick
 */
export function createSearch({ searchLabel, search, onPick }) {
  const searchId = uid('search');
  const input = h('input', { type: 'search', id: searchId, autocomplete: 'off' });
  const count = h('p', { class: 'picker-count', role: 'status' });
  const results = h('ul', { class: 'results' });

  function showResults(found) {
    count.textContent = found.length ? t('picker.results', { count: found.length }) : t('picker.noResults');
    results.replaceChildren(...found.slice(0, 20).map((item) => h('li', {},
      h('button', { type: 'button', class: 'add-button', onclick: () => onPick(item) }, t('picker.add', { name: item.label })))));
  }

  const searching = searchAsYouType({ input, results, count, searchLabel, search, show: showResults });
  const element = h('div', { class: 'picker-search' }, ...searching.controls, count, results);
  return { element };
}

/**
 * The search box both share: typing searches after 300 ms, Enter or the button at once, and only the latest query's
 * hits are shown. Returns the label and the box with its button, and the query last searched for.
 */
function searchAsYouType({ input, results, count, searchLabel, search, show }) {
  let timer = null;
  let lastQuery = '';

  async function run() {
    const q = input.value.trim();
    lastQuery = q;
    if (!q) {
      results.replaceChildren();
      count.textContent = '';
      return;
    }
    const found = await search(q);
    if (q === lastQuery) show(found);
  }

  function runNow() {
    clearTimeout(timer);
    run();
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  // Enter searches at once instead of submitting the surrounding form.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      runNow();
    }
  });

  const controls = [
    h('label', { for: input.id }, searchLabel),
    h('div', { class: 'inline' }, input, h('button', { type: 'button', class: 'secondary', onclick: runNow }, t('picker.search'))),
  ];
  return { controls, lastQuery: () => lastQuery };
}
