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
