// The one way the client talks to MatchApi: same-origin fetch with the session cookie, the
// antiforgery token on every state change, and RFC 9457 problem details turned into ApiError.

import { lang } from './i18n.js';

const antiforgeryHeader = 'X-XSRF-TOKEN';
let antiforgeryToken = null;
let onSignedOut = () => {};

/** An API answer other than 2xx. `problem` is the problem+json body (title, detail, errors) when there was one. */
export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.headers = headers;
  }

  /** Validation errors by field name, e.g. { MinHoursPerWeek: ['…'] }. */
  get fieldErrors() {
    return this.problem.errors ?? {};
  }
}

/** Called when a request finds the session gone (401), so the app can show the sign-in page. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/** The antiforgery token belongs to the signed-in user: forget it whenever that changes. */
export function forgetAntiforgeryToken() {
  antiforgeryToken = null;
}

async function token() {
  if (!antiforgeryToken) {
    const response = await fetch('/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw await toError(response);
    antiforgeryToken = (await response.json()).token;
  }
  return antiforgeryToken;
}

async function toError(response) {
  const type = response.headers.get('Content-Type') ?? '';
  let problem = null;
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
  }
  return new ApiError(response.status, problem, response.headers);
}

async function send(method, url, options = {}) {
  const { body, ifMatch, retried = false, antiforgery = method !== 'GET', reportSignedOut = true } = options;
  // Occupation and industry names come back in the interface language (Swedish unless the switch says English).
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (antiforgery) headers[antiforgeryHeader] = await token();

  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null, new Headers());
  }

  if (response.ok) {
    const data = response.status === 204 ? null : await response.json();
    return { data, etag: response.headers.get('ETag'), status: response.status };
  }

  const error = await toError(response);
  // A token from before a sign-in (or an expired one) is refused once; fetch a fresh one and try again.
  if (error.status === 400 && /antiforgery/i.test(error.problem.title ?? '') && !retried) {
    forgetAntiforgeryToken();
    return send(method, url, { ...options, retried: true });
  }
  if (error.status === 401 && reportSignedOut) onSignedOut();
  throw error;
}

/** GET, returning the parsed body. */
export async function get(url) {
  return (await send('GET', url)).data;
}

/** GET, returning { data, etag } for a later conditional update. */
export function getVersioned(url) {
  return send('GET', url);
}

export async function post(url, body) {
  return (await send('POST', url, { body })).data;
}

/** POST returning { data, etag, status }: a 200 instead of a 201 means the API answered with a row it already had. */
export function postWithStatus(url, body) {
  return send('POST', url, { body });
}

/** PUT with optional If-Match; returns { data, etag }. */
export function put(url, body, ifMatch) {
  return send('PUT', url, { body, ifMatch });
}

/** DELETE; resolves to null (204). */
export async function del(url) {
  return (await send('DELETE', url)).data;
}

/** Builds a query string from the set values only. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Sign-in -------------------------------------------------------------------------------------

export async function signIn(username, password) {
  forgetAntiforgeryToken();
  // A JSON sign-in needs no token (a browser cannot send JSON across sites without CORS, which is not allowed).
  const options = { body: { username, password }, antiforgery: false, reportSignedOut: false };
  return (await send('POST', '/auth/login', options)).data;
}

export async function signOut() {
  try {
    await send('POST', '/auth/logout');
  } finally {
    forgetAntiforgeryToken();
  }
}

/** The signed-in user, or null when nobody is signed in. */
export async function me() {
  try {
    return (await send('GET', '/auth/me', { reportSignedOut: false })).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
