// A feature's attributes, measure fields first and in the plan's terms, for the details
// section of the results panel. Every label and coded value comes from the catalogue; free
// text that the data has in English only is marked lang="en".

import { t, has, tv, lang, fmt, dist, collectionLabel } from './i18n.js';
import { escapeText, titleOf, dataText, valueHtml } from './util.js';

const MEASURE_FIELDS = [
  'measure_id', 'kind', 'direction', 'institution', 'status', 'funding_pool', 'funding_kind', 'amount_eur',
  'indicators', 'place_name', 'precision', 'provenance', 'municipalities', 'sites_not_public', 'source', 'note',
  'distance_m',
];

// Fields shown in the title or meaningless to a reader.
const HIDDEN = new Set(['title_lv', 'title_en', 'name_lv', 'name_en', 'location_id']);
// Free text the data has in English only.
const ENGLISH_TEXT = new Set(['indicators', 'provenance', 'source', 'note', 'notes', 'status_detail', 'point_basis', 'counterpart']);
// Coded values and the catalogue prefix that names them.
const CODED = {
  kind: 'kind', direction: 'dir', status: 'status', funding_pool: 'pool', funding_kind: 'fkind',
  precision: 'precision', neighbour: 'neighbour', country: 'country', mode: 'mode', assigned_by: 'assigned',
};

/** The details HTML of feature `f` of collection `c`. */
export function featureHtml(c, f, { perUnit } = {}) {
  const p = f.properties ?? {};
  const title = titleOf(f) ?? p.name ?? f.id ?? '';
  const rows = [];
  const seen = new Set();
  for (const k of MEASURE_FIELDS) {
    if (k in p) {
      rows.push(row(c, k, p[k]));
      seen.add(k);
    }
  }
  for (const [k, v] of Object.entries(p)) {
    if (seen.has(k) || HIDDEN.has(k) || k.startsWith('__')) continue;
    rows.push(row(c, k, v));
  }
  const count = perUnit > 1 ? `<p class="pz-count">${escapeText(t('unitsInArea', { n: perUnit }))}</p>` : '';
  const titleLang = p.title_lv || p.title_en ? lang() : 'lv';
  return `<div class="pz-popup-body" data-layer="${escapeText(c.id)}" data-fid="${escapeText(f.id ?? '')}">
    <p class="pz-popup-layer">${escapeText(collectionLabel(c))}</p>
    <h3 class="pz-popup-title" lang="${titleLang}">${escapeText(title)}</h3>${count}
    <table class="pz-attrs"><tbody>${rows.filter(Boolean).join('')}</tbody></table>
  </div>`;
}

function row(c, k, v) {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '';
  const label = has(`f_${k}`) ? escapeText(t(`f_${k}`)) : `<span data-untranslated="true">${escapeText(k)}</span>`;
  return `<tr data-field="${escapeText(k)}"><th>${label}</th><td>${value(c, k, v)}</td></tr>`;
}

function value(c, k, v) {
  if (k === 'status' && c.id.startsWith('border_crossings')) return valueHtml(tv('cstatus', v));
  if (CODED[k] && typeof v === 'string') return valueHtml(tv(CODED[k], v));
  if ((k === 'distance_m' || k === 'length_m') && typeof v === 'number') return escapeText(dist(v));
  if (k === 'indicators') return indicators(v);
  if (k === 'municipalities') return `<span translate="no">${escapeText(Array.isArray(v) ? v.join(', ') : String(v).split(',').join(', '))}</span>`;
  if (typeof v === 'boolean') return escapeText(v ? t('yes') : t('no'));
  if (typeof v === 'number') return escapeText(fmt(v, 2));
  if (typeof v === 'string' && /^https?:\/\//.test(v)) {
    // A link fetches nothing until followed, so the page still makes no request outside the service.
    return `<a class="pz-url" href="${escapeText(v)}" target="_blank" rel="noopener noreferrer" translate="no">${escapeText(v)}</a>`;
  }
  if (ENGLISH_TEXT.has(k)) return dataText(Array.isArray(v) ? v.join('; ') : v, 'en');
  if (Array.isArray(v)) return `<span translate="no">${escapeText(v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : x)).join(', '))}</span>`;
  if (typeof v === 'object') return `<span translate="no">${escapeText(JSON.stringify(v))}</span>`;
  // Names, codes, dates, institutions: Latvian proper names as the data has them.
  return `<span translate="no">${escapeText(v)}</span>`;
}

function indicators(v) {
  // The service gives either objects or one string with the indicators joined by "; ".
  const list = Array.isArray(v) ? v : (typeof v === 'string' ? v.split(/;\s+/) : [v]);
  const items = list.map((ind) => {
    if (typeof ind !== 'object' || ind === null) return `<li>${dataText(ind, 'en')}</li>`;
    const name = (lang() === 'en' ? ind.name_en : ind.name_lv) ?? ind.name_lv ?? ind.name_en ?? ind.id ?? '';
    const target = ind.target !== undefined && ind.target !== null
      ? ` <span class="pz-target">${escapeText(ind.comparator ?? '')} ${escapeText(typeof ind.target === 'number' ? fmt(ind.target, 2) : ind.target)}${ind.unit ? ` ${escapeText(ind.unit)}` : ''}</span>`
      : '';
    return `<li>${escapeText(name)}${target}</li>`;
  });
  return `<ul class="pz-indicators">${items.join('')}</ul>`;
}
