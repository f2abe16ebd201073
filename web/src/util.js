// Small helpers shared by the modules that write HTML.

import { lang } from './i18n.js';

/** Text made safe for innerHTML. */
export function escapeText(s) {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]));
}

/** A feature's title in the page language (measures have both; base features have a name). */
export function titleOf(f) {
  const p = f?.properties ?? {};
  const pick = lang() === 'en' ? (p.title_en ?? p.name_en) : (p.title_lv ?? p.name_lv);
  return pick ?? p.title_lv ?? p.title_en ?? p.name_lv ?? p.name ?? null;
}

/** A municipality's name: the official Latvian name, with the English one beside it in English. */
export function unitName(u) {
  if (!u) return '';
  const lv = u.name_lv ?? u.name ?? u.code ?? '';
  return lang() === 'en' && u.name_en && u.name_en !== lv ? `${lv} (${u.name_en})` : lv;
}

/**
 * Text from the data that exists in one language only (indicators, provenance, notes): shown
 * as it is, inside an element carrying its language so screen readers (and the tests) know.
 */
export function dataText(s, srcLang = 'en') {
  return srcLang === lang() ? escapeText(s) : `<span lang="${srcLang}">${escapeText(s)}</span>`;
}

/** A translated data value from `tv()`; an unknown one is marked data-untranslated. */
export function valueHtml(v) {
  return v.known ? escapeText(v.text) : `<span data-untranslated="true">${escapeText(v.text)}</span>`;
}

/** Lower case, no diacritics: "Rēzekne" and "rezekne" match. */
export function fold(s) {
  return String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}
