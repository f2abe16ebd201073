// Popups: a feature's attributes, measure fields first and in the plan's terms.

import { t, has, lang, fmt, dist } from './i18n.js';
import { escapeText, titleOf } from './util.js';

const MEASURE_FIELDS = [
  'measure_id', 'kind', 'direction', 'institution', 'status', 'funding_pool', 'indicators',
  'place_name', 'precision', 'provenance', 'municipalities', 'sites_not_public', 'source', 'note',
  'distance_m',
];

// Fields shown in the title or meaningless to a reader.
const HIDDEN = new Set(['title_lv', 'title_en', 'name_lv', 'name_en', 'name']);

/** The popup HTML of feature `f` of collection `c`. */
export function popupHtml(c, f, { perUnit } = {}) {
  const p = f.properties ?? {};
  const title = titleOf(f) ?? f.id ?? '';
  const rows = [];
  const seen = new Set();
  for (const k of MEASURE_FIELDS) {
    if (k in p) {
      rows.push(row(k, p[k]));
      seen.add(k);
    }
  }
  for (const [k, v] of Object.entries(p)) {
    if (seen.has(k) || HIDDEN.has(k) || k.startsWith('__')) continue;
    rows.push(row(k, v));
  }
  const count = perUnit > 1 ? `<p class="pz-count">${escapeText(t('unitsInArea', { n: perUnit }))}</p>` : '';
  return `<div class="pz-popup-body" data-layer="${escapeText(c.id)}">
    <p class="pz-popup-layer">${escapeText(c.title ?? c.id)}</p>
    <h3 class="pz-popup-title">${escapeText(title)}</h3>${count}
    <table class="pz-attrs"><tbody>${rows.filter(Boolean).join('')}</tbody></table>
  </div>`;
}

function row(k, v) {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '';
  const label = has(`f_${k}`) ? t(`f_${k}`) : k.replace(/_/g, ' ');
  return `<tr data-field="${escapeText(k)}"><th>${escapeText(label)}</th><td>${value(k, v)}</td></tr>`;
}

function value(k, v) {
  if (k === 'precision' && has(`precision_${v}`)) return `${escapeText(t(`precision_${v}`))} <span class="muted">(${escapeText(v)})</span>`;
  if (k === 'distance_m' && typeof v === 'number') return escapeText(dist(v));
  if (k === 'indicators') return indicators(v);
  if (typeof v === 'boolean') return escapeText(v ? t('yes') : t('no'));
  if (typeof v === 'number') return escapeText(fmt(v, 2));
  if (typeof v === 'string' && /^https?:\/\//.test(v)) {
    // A link fetches nothing until followed, so the page still makes no request outside the service.
    return `<a class="pz-url" href="${escapeText(v)}" target="_blank" rel="noopener noreferrer">${escapeText(v)}</a>`;
  }
  if (Array.isArray(v)) return escapeText(v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : x)).join(', '));
  if (typeof v === 'object') return escapeText(JSON.stringify(v));
  return escapeText(v);
}

function indicators(v) {
  // The service gives either objects or one string with the indicators joined by "; ".
  const list = Array.isArray(v) ? v : (typeof v === 'string' ? v.split(/;\s+/) : [v]);
  const items = list.map((ind) => {
    if (typeof ind !== 'object' || ind === null) return `<li>${escapeText(ind)}</li>`;
    const name = (lang() === 'en' ? ind.name_en : ind.name_lv) ?? ind.name_lv ?? ind.name_en ?? ind.id ?? '';
    const target = ind.target !== undefined && ind.target !== null
      ? ` <span class="pz-target">${escapeText(ind.comparator ?? '')} ${escapeText(typeof ind.target === 'number' ? fmt(ind.target, 2) : ind.target)}${ind.unit ? ` ${escapeText(ind.unit)}` : ''}</span>`
      : '';
    return `<li>${escapeText(name)}${target}</li>`;
  });
  return `<ul class="pz-indicators">${items.join('')}</ul>`;
}
