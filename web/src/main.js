// The map page: every collection as a toggled layer, the coverage choropleth on the 2021
// municipalities, and click-to-query (unit, border distance, nearest facilities).

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';
import * as api from './api.js';
import { t, setLang, lang } from './i18n.js';
import { buildLayer, roleOf, visibleByDefault, swatchHtml, BASE_UNITS, eachLeaf } from './layers.js';
import { figures, classify, renderLegend, NO_DATA } from './choropleth.js';
import { escapeText } from './util.js';
import { createQuery } from './query.js';
import { createBasemap } from './basemap.js';

const RADIUS_M = 25000;
const PREFERRED_FACILITY = 'disaster_management_centres_points';
// Panes from bottom to top, so toggling a layer back on never buries points under units.
const PANES = [['pz-units', 350], ['pz-areas', 420], ['pz-lines', 430], ['pz-points', 450], ['pz-query', 460]];

const $ = (sel) => document.querySelector(sel);

const state = {
  collections: [],
  /** id → {c, layer, features, numberMatched, visible} */
  entries: new Map(),
  coverage: new Map(), // unit code → coverage properties
  facility: null,
  figure: null,
  figs: [],
  cls: null,
  selected: null,
};

const map = L.map('map', { zoomSnap: 0.25, minZoom: 5, maxZoom: 16 });
map.setView([56.9, 24.6], 7);
for (const [name, z] of PANES) map.createPane(name).style.zIndex = String(z);
map.attributionControl.setPrefix(false);
// The data's own sources (geodata/README.md): the outline and border are OpenStreetMap
// data (ODbL 1.0) and GeoNames asks for attribution (CC BY 4.0).
map.attributionControl.addAttribution(
  'pierobeza · boundaries: Natural Earth, outline © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL) · settlements: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0) · plan: MK rīk. Nr. 32 (2025)',
);
L.control.scale({ imperial: false }).addTo(map);

const basemap = createBasemap(map, {
  toggle: $('#basemap-toggle'),
  status: $('#basemap-status'),
});

const query = createQuery(map, {
  facility: () => state.facility,
  facilityTitle: () => collectionTitle(state.entries.get(state.facility)?.c),
  onUnit: (code) => selectUnit(code),
});

// ---------------------------------------------------------------------------------------------

function collectionTitle(c) {
  if (!c) return '';
  return c[`title_${lang()}`] ?? c.title ?? c.id;
}

function status(msg) {
  $('#status').textContent = msg;
}

function unitCode(f) {
  return f.properties?.code ?? f.id;
}

function unitStyle(f) {
  const code = unitCode(f);
  const fig = state.figs.find((x) => x.id === state.figure);
  const props = state.coverage.get(code);
  const fill = fig && state.cls ? state.cls.colour(props?.[fig.prop]) : NO_DATA;
  const selected = code === state.selected;
  return {
    color: selected ? '#000' : '#5a5a5a',
    weight: selected ? 3 : 0.8,
    fillColor: fill,
    fillOpacity: 0.8,
  };
}

function setVisible(id, on) {
  const e = state.entries.get(id);
  if (!e) return;
  e.visible = on;
  if (on && !map.hasLayer(e.layer)) map.addLayer(e.layer);
  if (!on && map.hasLayer(e.layer)) map.removeLayer(e.layer);
  const box = document.querySelector(`[data-layer-toggle="${CSS.escape(id)}"]`);
  if (box) box.checked = on;
  const li = document.querySelector(`.layer-item[data-layer-id="${CSS.escape(id)}"]`);
  if (li) li.dataset.visible = String(on);
}

function renderLayerList() {
  const groups = [
    ['base', t('groupBase'), state.collections.filter((c) => c.group !== 'measures')],
    ['measures', t('groupMeasures'), state.collections.filter((c) => c.group === 'measures')],
  ];
  const html = groups
    .filter(([, , cs]) => cs.length)
    .map(([g, title, cs]) => {
      const items = cs.map((c) => {
        const e = state.entries.get(c.id);
        const n = e ? e.numberMatched : '…';
        const failed = e?.error ? ' data-error="true"' : '';
        return `<li class="layer-item" data-layer-id="${escapeText(c.id)}" data-role="${escapeText(roleOf(c))}" data-count="${e ? e.features.length : ''}" data-visible="${e ? e.visible : false}"${failed}>
          <label title="${escapeText(c.description ?? '')}">
            <input type="checkbox" data-layer-toggle="${escapeText(c.id)}" ${e?.visible ? 'checked' : ''} ${e && !e.error ? '' : 'disabled'}>
            ${swatchHtml(c)}
            <span class="layer-title">${escapeText(collectionTitle(c))}</span>
            <span class="layer-count">${escapeText(String(n))}</span>
          </label>
        </li>`;
      });
      return `<h3 data-group="${g}">${escapeText(title)}</h3><ul class="layer-group" data-group="${g}">${items.join('')}</ul>`;
    });
  $('#layer-list').innerHTML = html.join('');
}

function renderFigureSelect() {
  const sel = $('#figure-select');
  sel.innerHTML = state.figs
    .map((f) => `<option value="${escapeText(f.id)}"${f.id === state.figure ? ' selected' : ''}>${escapeText(f.label())}</option>`)
    .join('');
}

function renderFacilitySelect() {
  const points = state.collections.filter((c) => (c.geometry_class ?? '') === 'points' || /_points$/.test(c.id));
  const measures = points.filter((c) => c.group === 'measures');
  const base = points.filter((c) => c.group !== 'measures');
  const opt = (c) => `<option value="${escapeText(c.id)}"${c.id === state.facility ? ' selected' : ''}>${escapeText(collectionTitle(c))}</option>`;
  $('#facility-select').innerHTML = [
    measures.length ? `<optgroup label="${escapeText(t('groupMeasures'))}">${measures.map(opt).join('')}</optgroup>` : '',
    base.length ? `<optgroup label="${escapeText(t('groupBase'))}">${base.map(opt).join('')}</optgroup>` : '',
  ].join('');
  $('#facility-select').disabled = !points.length;
}

function renderDownloads() {
  const li = (href, text, attrs) => `<li><a href="${escapeText(href)}" download ${attrs}>${escapeText(text)}</a></li>`;
  const items = state.collections.map((c) => {
    const own = (c.links ?? []).find((l) => l.rel === 'enclosure' && /geo\+json|geojson/.test(l.type ?? ''));
    const href = own ? api.sameOrigin(own.href) : `/export/${encodeURIComponent(c.id)}.geojson`;
    return li(href, t('downloadLayer', { title: collectionTitle(c) }), `data-download="layer" data-layer-id="${escapeText(c.id)}"`);
  });
  $('#downloads').innerHTML = [
    li('/export/coverage.csv', t('downloadCoverageCsv'), 'data-download="coverage-csv"'),
    li('/export/pierobeza.gpkg', t('downloadGpkg'), 'data-download="gpkg"'),
    ...items,
  ].join('');
}

function applyChoropleth() {
  state.figs = figures(state.facility ? state.entries.get(state.facility)?.c ?? { id: state.facility } : null, RADIUS_M);
  if (!state.figs.some((f) => f.id === state.figure)) state.figure = state.figs[0]?.id ?? null;
  const fig = state.figs.find((f) => f.id === state.figure);
  const base = state.entries.get(BASE_UNITS);
  if (fig) {
    const values = (base?.features ?? []).map((f) => state.coverage.get(unitCode(f))?.[fig.prop]);
    state.cls = classify(fig, values);
    renderLegend($('#choropleth-legend'), fig, state.cls, values.some((v) => typeof v !== 'number'));
  }
  base?.layer.setStyle(unitStyle);
  renderFigureSelect();
  document.body.dataset.figure = state.figure ?? '';
}

async function loadCoverage() {
  try {
    const fc = await api.coverage({ layer: state.facility, radiusM: RADIUS_M });
    state.coverage = new Map(fc.features.map((f) => [f.properties.code ?? f.id, f.properties]));
  } catch (err) {
    console.error('coverage', err);
    status(t('loadFailed', { what: 'coverage' }));
    state.coverage = new Map();
  }
}

function selectUnit(code) {
  state.selected = code;
  const base = state.entries.get(BASE_UNITS)?.layer;
  base?.setStyle(unitStyle);
  // Its thick outline would otherwise hide under the neighbours drawn after it.
  base?.eachLayer((l) => { if (unitCode(l.feature) === code && map.hasLayer(l)) l.bringToFront(); });
  query.showUnit(code, state.coverage.get(code), RADIUS_M);
}

// A few layers at a time: the server is on the same machine and the browser caps connections.
async function mapLimit(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

function tagUnitTooltip(layer) {
  layer.eachLayer((l) => {
    l.bindTooltip(() => {
      const code = unitCode(l.feature);
      const p = state.coverage.get(code) ?? l.feature.properties ?? {};
      const fig = state.figs.find((f) => f.id === state.figure);
      const v = fig ? p[fig.prop] : null;
      const name = lang() === 'en' && p.name_en ? p.name_en : (p.name_lv ?? p.name ?? code);
      return `<strong>${escapeText(name)}</strong>${fig ? `<br>${escapeText(fig.label())}: ${escapeText(typeof v === 'number' ? fig.format(v) : t('noData'))}` : ''}`;
    }, { sticky: true, className: 'pz-unit-tip' });
  });
}

async function start() {
  setLang(new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en' : 'lv');
  status(t('loading'));
  try {
    state.collections = await api.collections();
  } catch (err) {
    console.error('collections', err);
    status(t('loadFailed', { what: '/collections' }));
    return;
  }
  const ids = new Set(state.collections.map((c) => c.id));
  const firstPoints = state.collections.find((c) => c.group === 'measures' && (c.geometry_class === 'points' || /_points$/.test(c.id)));
  state.facility = ids.has(PREFERRED_FACILITY) ? PREFERRED_FACILITY : firstPoints?.id ?? null;
  renderLayerList();
  renderFacilitySelect();

  const coverageDone = loadCoverage();
  await mapLimit(state.collections, 3, async (c) => {
    try {
      const { features, numberMatched } = await api.allItems(c.id);
      const layer = buildLayer(c, features, { unitStyle: c.id === BASE_UNITS ? unitStyle : undefined });
      if (c.id === BASE_UNITS) tagUnitTooltip(layer);
      state.entries.set(c.id, { c, layer, features, numberMatched, visible: visibleByDefault(c) });
    } catch (err) {
      console.error('layer', c.id, err);
      state.entries.set(c.id, { c, layer: L.layerGroup(), features: [], numberMatched: 0, visible: false, error: String(err) });
    }
  });
  await coverageDone;
  // Add in the collections' order; panes keep units below lines below points.
  for (const c of state.collections) {
    const e = state.entries.get(c.id);
    if (e.visible) map.addLayer(e.layer);
  }
  renderLayerList();
  renderFacilitySelect();
  applyChoropleth();
  renderDownloads();

  // Frame the units; failing those, whatever was drawn.
  const base = state.entries.get(BASE_UNITS);
  let bounds = base && base.features.length ? base.layer.getBounds() : null;
  if (!bounds?.isValid()) {
    bounds = L.latLngBounds([]);
    for (const e of state.entries.values()) if (e.features.length && e.layer.getBounds) bounds.extend(e.layer.getBounds());
  }
  // No animation: when the page says it is ready, the view is settled.
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10], animate: false });

  const failed = [...state.entries.values()].filter((e) => e.error).length;
  status(failed ? t('loadFailed', { what: `${failed}` }) : t('loaded', { n: state.entries.size }));
  document.body.dataset.ready = 'true';
  readyResolve();
}

// ---------------------------------------------------------------------------------------------
// UI events

$('#layer-list').addEventListener('change', (ev) => {
  const id = ev.target?.dataset?.layerToggle;
  if (id) setVisible(id, ev.target.checked);
});

$('#figure-select').addEventListener('change', (ev) => {
  state.figure = ev.target.value;
  applyChoropleth();
});

$('#facility-select').addEventListener('change', async (ev) => {
  state.facility = ev.target.value;
  document.body.dataset.busy = 'true';
  await loadCoverage();
  applyChoropleth();
  await query.refresh();
  if (state.selected) selectUnit(state.selected);
  document.body.dataset.busy = 'false';
});

for (const btn of document.querySelectorAll('#lang-switch button')) {
  btn.addEventListener('click', () => {
    setLang(btn.dataset.lang);
    for (const b of document.querySelectorAll('#lang-switch button')) b.setAttribute('aria-pressed', String(b === btn));
    map.closePopup();
    renderLayerList();
    renderFacilitySelect();
    if (state.figs.length) applyChoropleth();
    renderDownloads();
    basemap.relabel();
    query.relabel();
    if (state.selected) selectUnit(state.selected);
  });
}

map.on('click', (e) => query.run(e.latlng.lng, e.latlng.lat));

// ---------------------------------------------------------------------------------------------
// A small hook for the end-to-end tests (and for anyone poking at the page in a console).

let readyResolve;
const ready = new Promise((r) => { readyResolve = r; });

window.pierobeza = {
  ready,
  map,
  layerIds: () => [...state.entries.keys()],
  /** Features in the Leaflet layer of collection `id` (one per GeoJSON feature). */
  layerFeatureCount(id) {
    const e = state.entries.get(id);
    if (!e) return -1;
    let n = 0;
    e.layer.eachLayer?.(() => { n += 1; });
    return n;
  },
  /** Distinct features of `id` whose SVG elements are in the document now. */
  renderedFeatureCount(id) {
    const fids = new Set();
    for (const el of document.querySelectorAll(`[data-layer="${CSS.escape(id)}"][data-fid]`)) {
      if (el.closest('.leaflet-pane')) fids.add(el.getAttribute('data-fid'));
    }
    return fids.size;
  },
  numberMatched: (id) => state.entries.get(id)?.numberMatched ?? -1,
  isLayerVisible: (id) => Boolean(state.entries.get(id) && map.hasLayer(state.entries.get(id).layer)),
  setLayerVisible: (id, on) => setVisible(id, on),
  figure: () => state.figure,
  figures: () => state.figs.map((f) => f.id),
  facility: () => state.facility,
  /** Fill colour of each base unit's path, by unit code. */
  unitFills() {
    const out = {};
    state.entries.get(BASE_UNITS)?.layer.eachLayer((l) => {
      eachLeaf(l, (leaf) => {
        out[unitCode(l.feature)] = leaf.getElement()?.getAttribute('fill') ?? null;
      });
    });
    return out;
  },
  /** Page (viewport) coordinates of a lon/lat, for real mouse clicks. */
  pagePoint(lon, lat) {
    const p = map.latLngToContainerPoint([lat, lon]);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  },
  lastQuery: () => query.last(),
  view: () => ({ center: map.getCenter(), zoom: map.getZoom() }),
};

start();
