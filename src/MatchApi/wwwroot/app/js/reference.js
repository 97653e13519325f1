// Public classifications (SSYK occupations, municipalities), fetched once per page load.

import * as api from './api.js';

let municipalities = null;
const occupationNames = new Map();

/** All municipalities in Swedish alphabetical order: [{ code, name, countyName }]. */
export async function allMunicipalities() {
  municipalities ??= api.get('/v1/reference/municipalities');
  return municipalities;
}

export async function municipalityName(code) {
  if (!code) return '';
  const found = (await allMunicipalities()).find((m) => m.code === code);
  return found ? found.name : code;
}

/** Occupations whose code starts with, or whose name contains, the text. */
export async function searchOccupations(q) {
  const found = await api.get(`/v1/reference/occupations${api.query({ q })}`);
  for (const o of found) occupationNames.set(o.code, o.name);
  return found;
}

/** "5223 Shop sales assistants" for a code. */
export async function occupationLabel(code) {
  if (!occupationNames.has(code)) await searchOccupations(code);
  return occupationNames.has(code) ? `${code} ${occupationNames.get(code)}` : code;
}
