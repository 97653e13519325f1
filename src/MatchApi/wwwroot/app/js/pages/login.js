// Logga in: username and password; the session cookie is set by the server (HttpOnly).

import * as api from '../api.js';
import { ApiError } from '../api.js';
import { field, formFeedback, h, resetFeedback, showError, showStatus } from '../dom.js';
import { t } from '../i18n.js';

export async function render(_, context) {
  const feedback = formFeedback();
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.submit'));

  const form = h('form', { class: 'card narrow', novalidate: true },
    field({ label: t('login.username'), control: username, field: 'Username' }),
    field({ label: t('login.password'), control: password, field: 'Password' }),
    feedback.element,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    resetFeedback(form, feedback);
    submit.disabled = true;
    try {
      const who = await api.signIn(username.value.trim(), password.value);
      await context.signedIn(who);
      const back = new URLSearchParams(location.search).get('return');
      // Only paths of this app, so a crafted link cannot send the user elsewhere after signing in.
      context.navigate(back && /^\/app\/[^/\\]/.test(back) ? back : '/app/', { replace: true });
    } catch (error) {
      password.value = '';
      if (error instanceof ApiError && error.status === 401) {
        showError(form, feedback, error, { title: t('login.failed') });
      } else if (error instanceof ApiError && error.status === 429) {
        const seconds = Number(error.headers.get('Retry-After') ?? 60);
        showError(form, feedback, error, { title: t('login.locked', { minutes: Math.max(1, Math.ceil(seconds / 60)) }) });
      } else {
        showError(form, feedback, error);
      }
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });

  if (sessionStorage.getItem('matchapi.loggedOut')) {
    sessionStorage.removeItem('matchapi.loggedOut');
    showStatus(feedback, t('login.loggedOut'));
  }

  return {
    title: t('login.title'),
    element: h('section', { class: 'page' },
      h('h1', {}, t('login.title')),
      h('p', {}, t('login.intro')),
      form),
  };
}
