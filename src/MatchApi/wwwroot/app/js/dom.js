// Small DOM helpers: elements are built with h(), never from HTML strings, so API data can not inject markup.

import { ApiError } from './api.js';
import { t, validationMessage } from './i18n.js';

/**
 * h('a', { href: '/app/', class: 'x', onclick: fn }, 'text', child) → element.
 * Attributes that are properties (value, checked) are set as properties; on… attributes become listeners.
 */
export function h(tag, attributes = {}, ...children) {
  const element = tag === 'svg' || attributes?.svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false || name === 'svg') continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') element[name] = value;
    else if (name === 'class') element.setAttribute('class', value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** An SVG element (the charts are drawn with these). */
export function svg(tag, attributes = {}, ...children) {
  return h(tag, { ...attributes, svg: true }, ...children);
}

let idCounter = 0;

/** A fresh id for label/aria wiring. */
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * A labelled form field. `field` names the API property the control edits, so that validation
 * errors from the API land next to it. Returns the wrapper; the control keeps its own id.
 */
export function field({ label, control, hint, field: apiField }) {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  if (apiField) control.dataset.field = apiField;
  control.setAttribute('aria-describedby', [hint ? hintId : null, errorId].filter(Boolean).join(' '));
  const isCheck = control.type === 'checkbox' || control.type === 'radio';
  const labelElement = h('label', { for: id }, label);
  return h('div', { class: isCheck ? 'field field-check' : 'field', 'data-error-for': apiField ?? null },
    isCheck ? [control, labelElement] : [labelElement, hint ? h('p', { class: 'hint', id: hintId }, hint) : null, control],
    isCheck && hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

/**
 * A group of checkboxes or radios in a fieldset with a legend. `options` are [value, label];
 * `chosen` the values checked at start.
 */
export function choiceGroup({ legend, name, type = 'checkbox', options, chosen = [], hint, field: apiField }) {
  const hintId = hint ? uid('hint') : null;
  const errorId = uid('error');
  const inputs = options.map(([value, label]) => {
    const id = uid(name);
    return h('div', { class: 'choice' },
      h('input', { type, id, name, value, checked: chosen.includes(value) }),
      h('label', { for: id }, label));
  });
  return h('fieldset', {
    class: 'choices',
    'data-field': apiField ?? null,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  },
  h('legend', {}, legend),
  hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  h('div', { class: 'choice-list' }, inputs),
  h('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** The checked values of a choice group. */
export function checkedValues(container, name) {
  return [...container.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
}

/**
 * Where a form reports back: an alert region for errors and a status region for success. Both
 * exist from the start, so screen readers announce what is later written into them.
 */
export function formFeedback() {
  const errors = h('div', { class: 'form-errors', role: 'alert', tabindex: '-1' });
  const status = h('p', { class: 'form-status', role: 'status' });
  return { errors, status, element: h('div', { class: 'feedback' }, errors, status) };
}

/** Clears earlier messages and field markings. */
export function resetFeedback(form, feedback) {
  feedback.errors.replaceChildren();
  feedback.errors.classList.remove('visible');
  feedback.status.textContent = '';
  for (const marked of form.querySelectorAll('[aria-invalid="true"]')) marked.removeAttribute('aria-invalid');
  for (const message of form.querySelectorAll('.field-error')) {
    message.textContent = '';
    message.hidden = true;
  }
}

/** The text a user should see for an error of any kind; never the raw response. */
export function errorText(error) {
  if (!(error instanceof ApiError)) return t('error.500');
  if (error.status === 0) return t('error.network');
  const known = [400, 401, 403, 404, 409, 412, 429];
  const general = known.includes(error.status) ? t(`error.${error.status}`)
    : error.status >= 500 ? t('error.500') : t('error.other', { status: error.status });
  return general;
}

/**
 * Shows an API error: a summary in the form's alert region and each validation error next to its
 * field (matched by data-field, ignoring case and list indexes). Typed values are left untouched.
 */
export function showError(form, feedback, error, { title = null, extra = null } = {}) {
  resetFeedback(form, feedback);
  const items = [];
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const name = key.replace(/\[\d+\]/g, '').toLowerCase();
    const control = [...form.querySelectorAll('[data-field]')].find((c) => c.dataset.field.toLowerCase() === name);
    const text = messages.map(validationMessage).join(' ');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.closest('details')?.setAttribute('open', '');
      const message = (control.getAttribute('aria-describedby') ?? '').split(' ')
        .map((id) => document.getElementById(id)).find((element) => element?.classList.contains('field-error'));
      if (message) {
        message.textContent = text;
        message.hidden = false;
      }
      const focusTarget = control.matches('fieldset') ? control.querySelector('input, select, textarea, button') : control;
      const label = control.matches('fieldset') ? control.querySelector('legend')?.textContent : form.querySelector(`label[for="${control.id}"]`)?.textContent;
      items.push(h('li', {}, h('a', { href: `#${focusTarget?.id ?? ''}`, onclick: (event) => { event.preventDefault(); focusTarget?.focus(); } }, `${label ?? key}: ${text}`)));
    } else {
      items.push(h('li', {}, text));
    }
  }

  const detail = !title && error instanceof ApiError && showDetail(error) ? h('p', { class: 'detail' }, error.problem.detail) : null;
  append(feedback.errors, [
    h('p', { class: 'error-title' }, title ?? errorText(error)),
    detail,
    items.length ? [h('p', {}, t('error.fields')), h('ul', {}, items)] : null,
    extra]);
  feedback.errors.classList.add('visible');
  feedback.errors.scrollIntoView({ block: 'nearest' });
}

// The API's detail is English; in Swedish it is shown only where no Swedish text says more.
function showDetail(error) {
  if (!error.problem.detail || error.problem.errors) return false;
  return document.documentElement.lang === 'en' || ![401, 403, 404, 412, 429].includes(error.status);
}

/** Shows a success message in the form's status region. */
export function showStatus(feedback, text) {
  feedback.errors.replaceChildren();
  feedback.errors.classList.remove('visible');
  feedback.status.textContent = text;
}

/** A page-level error (loading failed) as an element with role=alert. */
export function errorBox(error) {
  return h('div', { class: 'page-error', role: 'alert' },
    h('p', { class: 'error-title' }, errorText(error)),
    error instanceof ApiError && showDetail(error) ? h('p', { class: 'detail' }, error.problem.detail) : null);
}

/** A definition list from [term, description] pairs, skipping empty descriptions. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

/** "2025-03-10T14:05" for a datetime-local input, in local time. */
export function localDateTimeValue(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "2025-03-10" for a date input, in local time. */
export function localDateValue(date = new Date()) {
  return localDateTimeValue(date).slice(0, 10);
}
