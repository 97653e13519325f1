// Public classifications (SSYK occupations, SNI industries, municipalities), fetched once per page load.
// Names come in the interface language, so they are remembered per language.

import * as api from './api.js';
import { lang } from './i18n.js';

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

const industryNames = new Map();

/**
 * Occupations by everyday Swedish title ("barista", "lager"), group name or code, best match first:
 * [{ code, name, matchedTitle }].
 */
export async function searchOccupations(q) {
  const found = await api.get(`/v1/reference/occupations${api.query({ q })}`);
  for (const o of found) occupationNames.set(`${lang()}:${o.code}`, o.name);
  return found;
}

/** "5132 Barista (Bartendrar)" for a hit: the code, the title that was typed for, the group it belongs to. */
export function occupationHitLabel(o) {
  return o.matchedTitle && o.matchedTitle !== o.name && o.matchedBy !== 'code'
    ? `${o.code} ${o.matchedTitle} (${o.name})`
    : `${o.code} ${o.name}`;
}

/** "5223 Butikssäljare, fackhandel" for a code. */
export async function occupationLabel(code) {
  const key = `${lang()}:${code}`;
  if (!occupationNames.has(key)) await searchOccupations(code);
  return occupationNames.has(key) ? `${code} ${occupationNames.get(key)}` : code;
}

/** SNI 2007 industries by Swedish words ("vård", "restaurang") or code: [{ code, name }]. */
export async function searchIndustries(q) {
  const found = await api.get(`/v1/reference/industries${api.query({ q })}`);
  for (const i of found) industryNames.set(i.code, i.name);
  return found;
}

/** The Swedish name of an SNI code, or the code itself when none is known (no taxonomy imported). */
export async function industryName(code) {
  if (!industryNames.has(code)) await searchIndustries(code);
  return industryNames.get(code) ?? code;
}
