// Downloads that match the screen: the coverage table as CSV for the mapped figure and the
// chosen facility layer (built here from the same JSON the map draws, UTF-8 with a BOM so
// spreadsheets read "ā"), the totals in a separate file, the visible layers as GeoJSON; every
// layer's own GeoJSON from the server; the GeoPackage only when the server can make one.

import { t } from './i18n.js';
import { escapeText } from './util.js';
import * as api from './api.js';

const $ = (sel) => document.querySelector(sel);
const BOM = '\uFEFF';
let urls = [];
let gpkg = 'unknown'; // 'unknown' | 'ok' | 'unavailable'

/** A CSV cell: numbers plainly (never "-0"), text quoted when it must be. */
function cell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    const x = Object.is(v, -0) || Math.abs(v) < 1e-12 ? 0 : v;
    return String(Math.round(x * 1e6) / 1e6);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? x.name ?? JSON.stringify(x) : x)).join('; ') : String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows) => BOM + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

const UNIT_COLUMNS = [
  'population', 'area_km2', 'measures_total', 'measures_security', 'measures_economy', 'measures_human_resources',
  'locations_total', 'funding_attributed_eur', 'funding_per_inhabitant_eur', 'funding_unknown_reason',
];
const REACH_COLUMNS = [
  'population_share', 'population_total', 'population_covered', 'rural_population', 'rural_population_covered',
  'area_share', 'area_covered_km2', 'settlement_population', 'settlement_population_covered', 'settlements_beyond',
];

/**
 * The coverage CSV for what is on screen. `units`: [{code, name_lv, name_en}] in map order;
 * `coverage`: code → flat properties; `fig`: the mapped figure; `facility`, `radiusM`.
 */
export function coverageCsv({ units, coverage, fig, facility, radiusM }) {
  const present = (k) => units.some((u) => coverage.get(u.code)?.[k] !== undefined);
  const reach = facility ? REACH_COLUMNS.filter(present) : [];
  const rest = UNIT_COLUMNS.filter((k) => present(k) && k !== fig?.prop);
  const header = ['code', 'name_lv', 'name_en', 'eastern_border_area', fig.csvName, 'figure_applies',
    ...(facility ? ['facility_layer', 'radius_m'] : []), ...reach.filter((k) => k !== fig.prop), ...rest];
  const rows = [header];
  for (const u of units) {
    const p = coverage.get(u.code) ?? {};
    const applies = fig.applies ? fig.applies(p) : true;
    rows.push([u.code, p.name_lv ?? u.name_lv, p.name_en ?? u.name_en, p.eastern_border_area, applies ? p[fig.prop] : null, applies,
      ...(facility ? [facility, radiusM] : []), ...reach.filter((k) => k !== fig.prop).map((k) => p[k]), ...rest.map((k) => p[k])]);
  }
  return csv(rows);
}

/** The totals (Latvia, plan territory, rest of Latvia), one row each, in their own file. */
export function totalsCsv({ totals, planLevel, facility, radiusM }) {
  const scopes = Object.entries(totals ?? {});
  const keys = [...new Set(scopes.flatMap(([, v]) => Object.keys(v)))];
  const rows = [['scope', ...(facility ? ['facility_layer', 'radius_m'] : []), ...keys]];
  for (const [scope, v] of scopes) rows.push([scope, ...(facility ? [facility, radiusM] : []), ...keys.map((k) => v[k])]);
  if (planLevel) {
    rows.push([]);
    rows.push(['plan_level', 'funding_total_eur', 'funding_attributed_eur', 'funding_unattributed_eur', 'funding_funded_eur', 'funding_unfunded_eur']);
    rows.push(['plan_level', planLevel.funding_total_eur, planLevel.funding_attributed_eur, planLevel.funding_unattributed_eur, planLevel.funding_pools_eur?.funded, planLevel.funding_pools_eur?.unfunded]);
  }
  return csv(rows);
}

function blobUrl(text, type) {
  const u = URL.createObjectURL(new Blob([text], { type }));
  urls.push(u);
  return u;
}

/**
 * The GeoPackage needs GDAL in the server, and nothing the server publishes says whether it
 * has it (see /work/research/web-requests.md). So the first click asks with HEAD: when the
 * answer is 503/404 the link goes and a note says why; otherwise the download proceeds.
 */
async function gpkgClick(ev, rerender) {
  if (gpkg === 'ok') return;
  ev.preventDefault();
  const a = ev.currentTarget;
  try {
    const res = await fetch(a.getAttribute('href'), { method: 'HEAD' });
    gpkg = res.ok ? 'ok' : 'unavailable';
  } catch {
    gpkg = 'unavailable';
  }
  document.body.dataset.gpkg = gpkg;
  if (gpkg === 'ok') a.click();
  else rerender();
}

/**
 * Writes the download lists. `s`: {collections, label(c), units, coverage, totals, planLevel,
 * fig, facility, radiusM, visible: [{c, features}]}.
 */
export function renderDownloads(s) {
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  const li = (href, text, attrs, file) => `<li><a href="${escapeText(href)}" download${file ? `="${escapeText(file)}"` : ''} ${attrs}>${escapeText(text)}</a></li>`;
  const km = s.radiusM / 1000;
  const items = [];
  if (s.fig) {
    const name = `pierobeza-coverage-${s.fig.id}${s.facility ? `-${s.facility}-${km}km` : ''}.csv`;
    items.push(li(blobUrl(coverageCsv(s), 'text/csv;charset=utf-8'), t('downloadCoverageCsv'), `data-download="coverage-csv" data-figure="${escapeText(s.fig.id)}" data-facility="${escapeText(s.facility ?? '')}"`, name));
  }
  if (s.totals) {
    items.push(li(blobUrl(totalsCsv(s), 'text/csv;charset=utf-8'), t('downloadTotalsCsv'), 'data-download="totals-csv"', `pierobeza-coverage-totals${s.facility ? `-${s.facility}-${km}km` : ''}.csv`));
  }
  const visible = s.visible.filter((v) => v.features.length);
  if (visible.length) {
    const fc = {
      type: 'FeatureCollection',
      features: visible.flatMap(({ c, features }) => features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { layer: c.id, ...f.properties } }))),
    };
    items.push(li(blobUrl(JSON.stringify(fc), 'application/geo+json'), t('downloadVisible'), 'data-download="visible-geojson"', 'pierobeza-visible-layers.geojson'));
  }
  if (gpkg !== 'unavailable') items.push(li('/export/pierobeza.gpkg', t('downloadGpkg'), 'data-download="gpkg"'));
  $('#downloads').innerHTML = items.join('');
  $('#gpkg-note').hidden = gpkg !== 'unavailable';
  $('#downloads a[data-download="gpkg"]')?.addEventListener('click', (ev) => gpkgClick(ev, () => renderDownloads(s)));
  $('#downloads-layers').innerHTML = s.collections.map((c) => {
    const own = (c.links ?? []).find((l) => l.rel === 'enclosure' && /geo\+json|geojson/.test(l.type ?? ''));
    const href = own ? api.sameOrigin(own.href) : `/export/${encodeURIComponent(c.id)}.geojson`;
    return li(href, t('downloadLayer', { title: s.label(c) }), `data-download="layer" data-layer-id="${escapeText(c.id)}"`);
  }).join('');
}
