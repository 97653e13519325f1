// The shell: who is signed in, the menu, the language switch, and a small router over /app/… paths.

import * as api from './api.js';
import { h, errorBox } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import * as login from './pages/login.js';
import * as caseload from './pages/caseload.js';
import * as participant from './pages/participant.js';
import * as matches from './pages/matches.js';
import * as share from './pages/share.js';
import * as employers from './pages/employers.js';
import * as employer from './pages/employer.js';
import * as overview from './pages/overview.js';

const routes = [
  [/^\/app\/?$/, caseload],
  [/^\/app\/login$/, login],
  [/^\/app\/participants\/(\d+)$/, participant],
  [/^\/app\/participants\/(\d+)\/matches$/, matches],
  [/^\/app\/participants\/(\d+)\/matches\/share$/, share],
  [/^\/app\/employers$/, employers],
  [/^\/app\/employers\/(\d+)$/, employer],
  [/^\/app\/overview$/, overview],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let user = null;
let renderedPath = null;
let renderCount = 0;
// Whether the user has moved within the app since the page was loaded (see render).
let moved = false;
// Set by a sign-in, so that the first page after it can be chosen by role (see render).
let justSignedIn = false;

/** What every page gets: the signed-in user and a way to move to another page. */
const context = {
  get user() {
    return user;
  },
  navigate,
  canReadReports: () => Boolean(user?.scopes?.some((s) => s === 'reports:read' || s === 'admin')),
  signedIn: async (who) => {
    user = who;
    justSignedIn = true;
    renderShell();
  },
};

function navigate(path, { replace = false } = {}) {
  moved = true;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

function renderShell() {
  document.documentElement.lang = lang();
  document.getElementById('skip-link').textContent = t('app.skip');
  const language = document.getElementById('language');
  language.textContent = t('app.switchLanguage');
  language.lang = lang() === 'sv' ? 'en' : 'sv';
  language.setAttribute('aria-label', t('app.switchLanguageLabel'));
  document.getElementById('brand').textContent = t('app.name');

  nav.hidden = !user;
  nav.setAttribute('aria-label', t('nav.label'));
  if (!user) {
    nav.replaceChildren();
    document.getElementById('footer').replaceChildren(h('p', {}, t('app.tagline')));
    return;
  }
  const links = [
    ['/app/', t('nav.caseload')],
    ['/app/employers', t('nav.employers')],
    context.canReadReports() ? ['/app/overview', t('nav.overview')] : null,
  ].filter(Boolean);
  const here = location.pathname;
  nav.replaceChildren(
    h('ul', {}, links.map(([href, text]) => h('li', {},
      h('a', { href, 'aria-current': isCurrent(href, here) ? 'page' : null }, text)))),
    h('div', { class: 'user' },
      h('span', {}, t('nav.signedInAs', { name: user.username ?? '' })),
      h('button', { type: 'button', class: 'link-button', onclick: logout }, t('nav.logout'))));
  document.getElementById('footer').replaceChildren(h('p', {}, `${t('app.tagline')} · ${user.tenant ?? ''}`));
}

function isCurrent(href, path) {
  if (href === '/app/') return path === '/app/' || path === '/app' || path.startsWith('/app/participants');
  return path.startsWith(href);
}

async function logout() {
  try {
    await api.signOut();
  } finally {
    user = null;
    sessionStorage.setItem('matchapi.loggedOut', '1');
    navigate('/app/login');
  }
}

async function render() {
  const path = location.pathname;
  renderedPath = path + location.search;
  const number = ++renderCount;
  const match = routes.map(([pattern, page]) => [pattern.exec(path), page]).find(([m]) => m);

  if (!user && match?.[1] !== login) {
    const back = path === '/app/' || path === '/app' ? '' : `?return=${encodeURIComponent(path + location.search)}`;
    history.replaceState(null, '', `/app/login${back}`);
    return render();
  }
  if (user && match?.[1] === login) {
    history.replaceState(null, '', '/app/');
    return render();
  }
  // A team lead lands on the overview after signing in, not on a caseload that may be empty; the menu still leads to it.
  const landing = justSignedIn;
  justSignedIn = false;
  if (landing && match?.[1] === caseload && context.canReadReports() && (user.role === 'teamLead' || !user.coachId)) {
    history.replaceState(null, '', '/app/overview');
    return render();
  }
  renderShell();
  main.replaceChildren(h('p', { class: 'loading' }, t('app.loading')));

  let content;
  try {
    content = match ? await match[1].render(match[0].slice(1), context) : notFound();
  } catch (error) {
    content = { title: t('error.title'), element: errorBox(error) };
  }
  // A later navigation started while this page was loading: let that one win.
  if (number !== renderCount) return;

  document.title = `${content.title} – ${t('app.name')}`;
  main.replaceChildren(content.element);
  // After moving within the app, focus goes to the new page's heading, so screen readers start
  // there and keyboard users need not tab through the menu again. A freshly loaded page keeps the
  // browser's own start, so that the first Tab reaches the skip link.
  const heading = main.querySelector('h1');
  if (heading && moved) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

function notFound() {
  return {
    title: t('notFound.title'),
    element: h('section', {}, h('h1', {}, t('notFound.title')),
      h('p', {}, t('notFound.text'), ' ', h('a', { href: '/app/' }, t('nav.caseload')), '.')),
  };
}

// Links inside the app change the page without a reload; anything else behaves as usual.
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/app/') && url.pathname !== '/app' || link.target) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => {
  // A jump to #main (the skip link) is not a new page.
  if (location.pathname + location.search !== renderedPath) {
    moved = true;
    render();
  }
});

document.getElementById('language').addEventListener('click', async () => {
  setLang(lang() === 'sv' ? 'en' : 'sv');
  await render();
  // The page is redrawn in the other language; the switch itself keeps the focus.
  document.getElementById('language').focus();
});

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

api.whenSignedOut(() => {
  if (!user) return;
  user = null;
  navigate(`/app/login?return=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
});

async function start() {
  try {
    user = await api.me();
  } catch (error) {
    renderShell();
    main.replaceChildren(errorBox(error));
    return;
  }
  render();
}

start();
