// The map page: the plan's layers (grouped, plan-wide measures as one entry), the coverage
// choropleth on the 2021 municipalities with the reach zone of the chosen facility layer,
// click-to-query, the unit panel, search and the unit list, downloads of what is on screen,
// and the progress view (progress.js): the map as of a date of the plan's period.

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';
import * as api from './api.js';
import { t, setLang, lang, collectionLabel } from './i18n.js';
import { buildLayer, buildTiledLayer, extentBounds, tileTemplate, roleOf, visibleByDefault, swatchHtml, BASE_UNITS, eachLeaf, isPlanWide, hatchFill } from './layers.js';
import { figures, classify, renderLegend, ensurePatterns, NOT_APPLICABLE } from './choropleth.js';
import { escapeText } from './util.js';
import { createQuery } from './query.js';
import { createBasemap, offlineBasemap } from './basemap.js';
import { createUnitFinder } from './units.js';
import { renderDownloads } from './downloads.js';
import * as auth from './auth.js';
import { createLogin } from './login.js';
import { createEditor } from './edit.js';
import { createProgressView } from './progress.js';

const RADIUS_M = 25000;
const PREFERRED_FACILITY = 'disaster_management_centres_candidates_points';
const PLAN_WIDE = 'plan-wide';
// Panes from bottom to top, so toggling a layer back on never buries points under units.
const PANES = [['pz-basemap', 150], ['pz-units', 350], ['pz-reach', 390], ['pz-areas', 420], ['pz-lines', 430], ['pz-points', 450], ['pz-query', 460]];

const $ = (sel) => document.querySelector(sel);

const state = {
  collections: [],
  /**
   * id → {c, layer, features, numberMatched, visible, partial, tiled}: a tiled layer is drawn
   * from vector tiles and its `features` are attributes only, as are a `partial` one's.
   */
  entries: new Map(),
  coverage: new Map(), // unit code → coverage properties
  totals: null,
  planLevel: null,
  planWide: new Set(), // ids of the collections shown as the one plan-wide entry
  planWideVisible: false,
  measureIndex: new Map(), // measure id → {id, title_lv, title_en, kind, direction, status, funding_pool}
  facility: null,
  figure: null,
  figs: [],
  cls: null,
  selected: null,
  reach: true,
};

const map = L.map('map', { zoomSnap: 0.25, minZoom: 5, maxZoom: 16, zoomControl: false, keyboard: true });
map.setView([56.9, 24.6], 7);
for (const [name, z] of PANES) map.createPane(name).style.zIndex = String(z);
map.getPane('pz-basemap').style.pointerEvents = 'none';
map.getPane('pz-reach').style.pointerEvents = 'none';
map.attributionControl.setPrefix(false);
L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
let zoomControl = null;
let attribution = null;
function relabelMapControls() {
  zoomControl?.remove();
  zoomControl = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut'), position: 'topleft' }).addTo(map);
  if (attribution) map.attributionControl.removeAttribution(attribution);
  attribution = t('attribution');
  map.attributionControl.addAttribution(attribution);
}
ensurePatterns();
offlineBasemap('pz-basemap').addTo(map);
const reachLayer = L.layerGroup().addTo(map);
const reachRenderer = L.svg({ pane: 'pz-reach' });

const basemap = createBasemap(map, {
  toggle: $('#basemap-toggle'),
  status: $('#basemap-status'),
});

const query = createQuery(map, {
  facility: () => state.facility,
  facilityTitle: () => collectionLabel(state.entries.get(state.facility)?.c ?? state.collections.find((c) => c.id === state.facility)),
  radiusM: RADIUS_M,
  onUnit: (code) => selectUnit(code),
  onClear: () => deselect(),
  ctx: () => ({ planLevel: state.planLevel, measureIndex: state.measureIndex, unitMeasures }),
});

api.useToken(auth.currentToken);

const editor = createEditor(map, {
  measures: () => [...state.measureIndex.values()],
  reload: (ids) => reloadLayers(ids),
});

const login = createLogin({
  // The editors' view differs from the public's (restricted sites): read everything again.
  onChange: async (holder) => {
    editor.setEnabled(Boolean(holder?.can_write));
    await reloadLayers(null);
  },
});

const finder = createUnitFinder({
  units: () => unitsForSearch(),
  figure: () => {
    if (progress.active()) return progress.finderFigure();
    const fig = currentFigure();
    if (!fig) return null;
    return {
      label: fig.label,
      format: fig.format,
      value: (code) => state.coverage.get(code)?.[fig.prop] ?? null,
      applies: (code) => !fig.applies || fig.applies(state.coverage.get(code) ?? {}),
    };
  },
  onPick: (code) => pickUnit(code),
});

// The progress view: while it is on, it colours the measure locations (by stage) and the units
// (unitStyle asks it), and the coverage figure's controls step aside.
const progress = createProgressView({
  measureEntries: () => [...state.entries.values()].filter((e) => e.c.group === 'measures'),
  restyleUnits: () => {
    state.entries.get(BASE_UNITS)?.layer.setStyle(unitStyle);
    finder.render();
  },
  measureTitle: (id) => state.measureIndex.get(id) ?? null,
  onToggle: (on) => {
    $('#figure-panel').hidden = on;
    state.entries.get(BASE_UNITS)?.layer.setStyle(unitStyle);
    drawReach();
    finder.render();
  },
});

// ---------------------------------------------------------------------------------------------

function status(msg) {
  $('#status').textContent = msg;
}

function unitCode(f) {
  return f.properties?.code ?? f.id;
}

function currentFigure() {
  return state.figs.find((x) => x.id === state.figure) ?? null;
}

function unitStyle(f) {
  const code = unitCode(f);
  const fig = currentFigure();
  const props = state.coverage.get(code) ?? f.properties;
  let fill = fig && state.cls ? state.cls.colour(props?.[fig.prop], props) : NOT_APPLICABLE;
  if (progress.active()) fill = progress.unitFill(code);
  const selected = code === state.selected;
  return {
    color: selected ? '#000' : '#5a5a5a',
    weight: selected ? 3.5 : 0.8,
    fillColor: fill,
    fillOpacity: 0.85,
  };
}

function unitsForSearch() {
  const out = [];
  for (const [id, vintage] of [[BASE_UNITS, '2021'], ['municipalities_current', 'current']]) {
    for (const f of state.entries.get(id)?.features ?? []) {
      const p = f.properties ?? {};
      out.push({ code: p.code ?? f.id, name_lv: p.name_lv ?? p.code ?? f.id, name_en: p.name_en ?? '', vintage });
    }
  }
  return out;
}

/** The measures placed in a unit (not the plan-wide ones), one entry per measure. */
function unitMeasures(code) {
  const planWideIds = new Set(state.planLevel?.region_wide_measures ?? []);
  const byId = new Map();
  for (const e of state.entries.values()) {
    if (e.c.group !== 'measures' || state.planWide.has(e.c.id)) continue;
    for (const f of e.features) {
      const p = f.properties ?? {};
      if (planWideIds.has(p.measure_id) || p.precision === 'region') continue;
      const codes = Array.isArray(p.municipalities) ? p.municipalities : String(p.municipalities ?? '').split(',').map((s) => s.trim());
      if (!codes.includes(code)) continue;
      const m = byId.get(p.measure_id) ?? { ...(state.measureIndex.get(p.measure_id) ?? { id: p.measure_id }), places: [] };
      if (p.place_name && !m.places.includes(p.place_name)) m.places.push(p.place_name);
      byId.set(p.measure_id, m);
    }
  }
  return [...byId.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

async function setVisible(id, on) {
  let e = state.entries.get(id);
  if (!e) return;
  if (on && e.partial) {
    // The shapes now: read the layer whole and build it again.
    await loadEntry(e.c, true);
    e = state.entries.get(id);
    progress.refresh();
  }
  e.visible = on;
  if (on && !map.hasLayer(e.layer)) map.addLayer(e.layer);
  if (!on && map.hasLayer(e.layer)) map.removeLayer(e.layer);
  const drawn = on && e.tiled ? e.layer.settled() : null;
  const box = document.querySelector(`[data-layer-toggle="${CSS.escape(id)}"]`);
  if (box) box.checked = on;
  const li = document.querySelector(`.layer-item[data-layer-id="${CSS.escape(id)}"]`);
  if (li) li.dataset.visible = String(on);
  if (state.figs.length) refreshDownloads();
  await drawn;
}

/** Resolves when every tiled layer on the map has its tiles for the view drawn. */
function tilesSettled() {
  return Promise.all([...state.entries.values()].filter((e) => e.tiled && map.hasLayer(e.layer)).map((e) => e.layer.settled()));
}

// The plan-wide measures: one outline of the plan territory, hatched, for all of them.
let planWideLayer = null;
async function setPlanWideVisible(on) {
  state.planWideVisible = on;
  if (!planWideLayer && on) {
    // The plan territory is drawn from tiles: its one polygon is read whole when first wanted.
    const plan = state.entries.has('plan_territory')
      ? (await api.allItems('plan_territory').catch(() => ({ features: [] }))).features
      : [...state.planWide].map((id) => state.entries.get(id)?.features?.[0]).filter(Boolean).slice(0, 1);
    planWideLayer = L.geoJSON({ type: 'FeatureCollection', features: plan }, {
      pane: 'pz-areas',
      interactive: false,
      style: { pane: 'pz-areas', className: 'pz-planwide', color: '#6a3d9a', weight: 2.5, dashArray: '8 5', fillColor: hatchFill('#6a3d9a'), fillOpacity: 0.35 },
      onEachFeature: (_, l) => l.on('add', () => l.getElement?.()?.setAttribute('data-layer', PLAN_WIDE)),
    });
  }
  if (on) planWideLayer.addTo(map);
  else planWideLayer?.remove();
  const box = document.querySelector(`[data-layer-toggle="${PLAN_WIDE}"]`);
  if (box) box.checked = on;
}

function layerItem(c) {
  const e = state.entries.get(c.id);
  const n = e ? e.numberMatched : '…';
  const failed = e?.error ? ' data-error="true"' : '';
  return `<li class="layer-item" data-layer-id="${escapeText(c.id)}" data-role="${escapeText(roleOf(c))}" data-count="${e ? e.features.length : ''}" data-visible="${e ? e.visible : false}"${failed}>
    <label>
      <input type="checkbox" data-layer-toggle="${escapeText(c.id)}" ${e?.visible ? 'checked' : ''} ${e && !e.error ? '' : 'disabled'}>
      ${swatchHtml(c)}
      <span class="layer-title">${escapeText(collectionLabel(c))}</span>
      <span class="layer-count">${escapeText(String(n))}</span>
    </label>
  </li>`;
}

function renderLayerList() {
  const open = new Set([...document.querySelectorAll('#layer-list details[open]')].map((d) => d.dataset.group));
  const first = !document.querySelector('#layer-list details');
  const measures = state.collections.filter((c) => c.group === 'measures' && !state.planWide.has(c.id));
  const groups = [
    ['base', t('groupBase'), state.collections.filter((c) => c.group !== 'measures')],
    ['points', t('groupPoints'), measures.filter((c) => roleOf(c) === 'measure-points')],
    ['units', t('groupUnits'), measures.filter((c) => roleOf(c) !== 'measure-points')],
  ];
  const html = groups
    .filter(([, , cs]) => cs.length)
    .map(([g, title, cs]) => `<details data-group="${g}"${first || open.has(g) ? ' open' : ''}><summary>${escapeText(title)} (${cs.length})</summary><ul class="layer-group" data-group="${g}">${cs.map(layerItem).join('')}</ul></details>`);
  if (state.planWide.size) {
    const members = [...state.planWide];
    const n = state.planLevel?.region_wide_measures?.length ?? members.length;
    html.push(`<details data-group="plan-wide"${first || open.has('plan-wide') ? ' open' : ''}><summary>${escapeText(t('groupPlanWide'))}</summary><ul class="layer-group" data-group="plan-wide">
      <li class="layer-item" data-layer-id="${PLAN_WIDE}" data-members="${escapeText(members.join(' '))}" data-visible="${state.planWideVisible}">
        <label><input type="checkbox" data-layer-toggle="${PLAN_WIDE}" ${state.planWideVisible ? 'checked' : ''}>
        <span class="sw sw-area sw-hatch" style="color:#6a3d9a;border-color:#6a3d9a"></span>
        <span class="layer-title">${escapeText(t('planWideEntry', { n }))}</span></label>
      </li></ul><p class="muted layer-note">${escapeText(t('planWideNote'))}</p></details>`);
  }
  $('#layer-list').innerHTML = `<div class="layer-groups">${html.join('')}</div>`;
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
  const opt = (c) => `<option value="${escapeText(c.id)}"${c.id === state.facility ? ' selected' : ''}>${escapeText(collectionLabel(c))}</option>`;
  $('#facility-select').innerHTML = [
    measures.length ? `<optgroup label="${escapeText(t('groupMeasures'))}">${measures.map(opt).join('')}</optgroup>` : '',
    base.length ? `<optgroup label="${escapeText(t('groupBase'))}">${base.map(opt).join('')}</optgroup>` : '',
  ].join('');
  $('#facility-select').disabled = !points.length;
}

function refreshDownloads() {
  const base = state.entries.get(BASE_UNITS);
  renderDownloads({
    collections: state.collections,
    label: collectionLabel,
    units: (base?.features ?? []).map((f) => ({ code: unitCode(f), name_lv: f.properties?.name_lv, name_en: f.properties?.name_en })),
    coverage: state.coverage,
    totals: state.totals,
    planLevel: state.planLevel,
    fig: currentFigure(),
    facility: state.facility,
    radiusM: RADIUS_M,
    // Layers drawn from tiles hold no shapes here: their own download links serve them.
    visible: [...state.entries.values()].filter((e) => e.visible && !e.tiled && map.hasLayer(e.layer)).map((e) => ({ c: e.c, features: e.features })),
  });
}

/** The area within R of the facility layer: a circle round each point; areas themselves highlighted. */
function drawReach() {
  reachLayer.clearLayers();
  const e = state.entries.get(state.facility);
  document.body.dataset.reach = '0';
  if (!state.reach || !e || currentFigure()?.id !== 'population_share' || progress.active()) return;
  let n = 0;
  for (const f of e.features) {
    const g = f.geometry;
    if (!g) continue;
    const opts = { pane: 'pz-reach', renderer: reachRenderer, interactive: false, stroke: true, color: '#b35900', weight: 0.8, opacity: 0.6, fillColor: 'url(#pz-reach)', fillOpacity: 1, className: 'pz-reach' };
    let l;
    if (g.type === 'Point') l = L.circle([g.coordinates[1], g.coordinates[0]], { ...opts, radius: RADIUS_M });
    else l = L.geoJSON(f, { style: opts, pane: 'pz-reach', interactive: false });
    l.on('add', () => eachLeaf(l, (leaf) => {
      const el = leaf.getElement?.();
      if (el) {
        el.setAttribute('data-reach', state.facility);
        el.setAttribute('data-radius-m', g.type === 'Point' ? String(RADIUS_M) : '0');
      }
    }));
    l.addTo(reachLayer);
    n += 1;
  }
  document.body.dataset.reach = String(n);
}

function applyChoropleth() {
  const facilityC = state.facility ? state.entries.get(state.facility)?.c ?? state.collections.find((c) => c.id === state.facility) ?? { id: state.facility } : null;
  state.figs = figures(facilityC, RADIUS_M);
  if (!state.figs.some((f) => f.id === state.figure)) state.figure = state.figs[0]?.id ?? null;
  const fig = currentFigure();
  const base = state.entries.get(BASE_UNITS);
  if (fig) {
    const props = (base?.features ?? []).map((f) => state.coverage.get(unitCode(f)) ?? f.properties ?? {});
    const applying = props.filter((p) => !fig.applies || fig.applies(p));
    const values = applying.map((p) => p[fig.prop]);
    state.cls = classify(fig, values);
    const reachText = fig.id === 'population_share' && state.reach
      ? `${t('reachZone', { radius: RADIUS_M / 1000 })}${(state.entries.get(state.facility)?.features ?? []).some((f) => f.geometry?.type !== 'Point') ? ` ${t('reachZoneAreas')}` : ''}`
      : null;
    renderLegend($('#choropleth-legend'), fig, state.cls, {
      hasMissing: values.some((v) => typeof v !== 'number'),
      hasNa: applying.length < props.length,
      reach: reachText,
    });
  }
  base?.layer.setStyle(unitStyle);
  renderFigureSelect();
  drawReach();
  finder.render();
  refreshDownloads();
  document.body.dataset.figure = state.figure ?? '';
}

async function loadCoverage() {
  try {
    const fc = await api.coverage({ layer: state.facility, radiusM: RADIUS_M });
    state.coverage = new Map(fc.features.map((f) => [f.properties.code ?? f.id, f.properties]));
    state.totals = fc.totals ?? null;
    state.planLevel = fc.plan_level ?? state.planLevel;
  } catch (err) {
    console.error('coverage', err);
    status(t('loadFailed', { what: 'coverage' }));
    state.coverage = new Map();
  }
}

function deselect() {
  if (state.selected === null) return;
  state.selected = null;
  state.entries.get(BASE_UNITS)?.layer.setStyle(unitStyle);
  finder.setSelected(null);
}

async function selectUnit(code) {
  state.selected = code;
  const base = state.entries.get(BASE_UNITS)?.layer;
  base?.setStyle(unitStyle);
  // Its thick outline would otherwise hide under the neighbours drawn after it.
  if (base?.raise) base.raise((p) => (p.code ?? p.id) === code);
  else base?.eachLayer((l) => { if (unitCode(l.feature) === code && map.hasLayer(l)) l.bringToFront(); });
  finder.setSelected(code);
  await query.showUnit(code, state.coverage.get(code));
}

/** A unit chosen from the search or the list: select it, frame it, show its panel. */
async function pickUnit(code) {
  const bounds = await unitBounds(code);
  if (bounds?.isValid()) map.fitBounds(bounds, { padding: [20, 20], animate: false, maxZoom: 10 });
  document.body.dataset.query = 'pending';
  await query.selectUnit(code);
  document.body.dataset.query = 'done';
  $('#unit-name').setAttribute('tabindex', '-1');
  $('#unit-name').focus({ preventScroll: false });
}

/** The box of 2021 unit `code`: from its drawn polygon, or its item when drawn from tiles. */
async function unitBounds(code) {
  const base = state.entries.get(BASE_UNITS);
  if (!base) return null;
  if (base.tiled) {
    const f = base.features.find((x) => unitCode(x) === code);
    if (!f) return null;
    try {
      return L.geoJSON(await api.item(BASE_UNITS, f.id)).getBounds();
    } catch (err) {
      console.error('unit', code, err);
      return null;
    }
  }
  let bounds = null;
  base.layer.eachLayer((l) => { if (unitCode(l.feature) === code) bounds = l.getBounds(); });
  return bounds;
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

/** A 2021 unit's tooltip: its name and the mapped figure (or its progress). */
function unitTooltip(f) {
  const code = unitCode(f);
  const p = state.coverage.get(code) ?? f.properties ?? {};
  const fig = currentFigure();
  const v = fig ? p[fig.prop] : null;
  const name = lang() === 'en' && p.name_en ? p.name_en : (p.name_lv ?? p.name ?? code);
  if (progress.active()) return `<strong>${escapeText(name)}</strong><br>${progress.unitTooltip(code)}`;
  let shown = '';
  if (fig) {
    if (fig.applies && !fig.applies(p)) shown = t('notApplicable');
    else shown = typeof v === 'number' ? fig.format(v) : t('noData');
  }
  return `<strong>${escapeText(name)}</strong>${fig ? `<br>${escapeText(fig.label())}: ${escapeText(shown)}` : ''}`;
}

function indexMeasures() {
  for (const e of state.entries.values()) {
    if (e.c.group !== 'measures') continue;
    for (const f of e.features) {
      const p = f.properties ?? {};
      if (!p.measure_id || state.measureIndex.has(p.measure_id)) continue;
      state.measureIndex.set(p.measure_id, {
        id: p.measure_id, title_lv: p.title_lv, title_en: p.title_en, kind: p.kind, direction: p.direction, status: p.status, funding_pool: p.funding_pool,
      });
    }
  }
}

/**
 * Whether a layer's shapes wait until it is turned on: the units of today and the area
 * locations are off at start and are unit polygons the page already draws (a third of its
 * first load was thirty copies of them); their attributes are read at once, for the counts,
 * the unit panel and the measure index.
 */
function shapesOnDemand(c, visible) {
  return !(visible ?? visibleByDefault(c)) && ['measure-areas', 'units-current'].includes(roleOf(c)) && !tileTemplate(c);
}

/** Reads collection `c`'s features and builds its layer; `visible` overrides the default. */
async function loadEntry(c, visible) {
  try {
    // The units and the border are drawn from vector tiles: their attributes alone are read.
    const tiled = Boolean(tileTemplate(c));
    const partial = shapesOnDemand(c, visible);
    const { features, numberMatched } = await api.allItems(c.id, { skipGeometry: partial || tiled });
    const unitOpts = c.id === BASE_UNITS ? { unitStyle, tooltip: unitTooltip } : {};
    const layer = tiled
      ? buildTiledLayer(c, unitOpts)
      : buildLayer(c, features, { ...unitOpts, onFeature: (cc, f, perUnit) => featureClicked(cc, f, perUnit) });
    if (c.id === BASE_UNITS && !tiled) layer.eachLayer((l) => l.bindTooltip(() => unitTooltip(l.feature), { sticky: true, className: 'pz-unit-tip' }));
    state.planWide.delete(c.id);
    if (isPlanWide(c, features)) state.planWide.add(c.id);
    const shown = visible ?? (visibleByDefault(c) && !isPlanWide(c, features));
    state.entries.set(c.id, { c, layer, features, numberMatched, visible: shown, partial, tiled });
  } catch (err) {
    console.error('layer', c.id, err);
    state.entries.set(c.id, { c, layer: L.layerGroup(), features: [], numberMatched: 0, visible: false, error: String(err) });
  }
}

function featureClicked(c, f, perUnit) {
  if (editor.busy()) return;
  editor.pick(c, f);
  query.featureClicked(c, f, perUnit);
}

/**
 * Reads the collections `ids` again (null: all of them) and the coverage, after a write or a
 * log-in or log-out: collections that appeared (the first road line, the editors' restricted
 * layers) are added, those gone are removed; what was on stays on.
 */
async function reloadLayers(ids) {
  document.body.dataset.reloaded = 'pending';
  state.collections = await api.collections();
  const now = new Set(state.collections.map((c) => c.id));
  for (const [id, e] of state.entries) {
    if (now.has(id)) continue;
    map.removeLayer(e.layer);
    state.entries.delete(id);
    state.planWide.delete(id);
  }
  const todo = state.collections.filter((c) => !state.entries.has(c.id) || ids === null || ids.includes(c.id));
  const coverageDone = loadCoverage();
  await mapLimit(todo, 3, async (c) => {
    const old = state.entries.get(c.id);
    await loadEntry(c, old?.visible);
    if (old) map.removeLayer(old.layer);
    const e = state.entries.get(c.id);
    if (e.visible) map.addLayer(e.layer);
  });
  await coverageDone;
  state.measureIndex.clear();
  indexMeasures();
  renderLayerList();
  renderFacilitySelect();
  applyChoropleth();
  progress.refresh();
  if (state.selected) await query.refresh();
  document.body.dataset.reloaded = String(Date.now());
}

/** The box the page opens on: the 2021 units' extent; failing that, whatever is drawn. */
function firstFrame() {
  const base = state.entries.get(BASE_UNITS);
  const box = base ? extentBounds(base.c) : null;
  if (base?.tiled && box) return box;
  if (base?.features.length && base.layer.getBounds) return base.layer.getBounds();
  const bounds = L.latLngBounds([]);
  for (const e of state.entries.values()) if (e.features.length && e.layer.getBounds) bounds.extend(e.layer.getBounds());
  return bounds;
}

async function start() {
  setLang(new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en' : 'lv');
  relabelMapControls();
  if (window.matchMedia('(max-width: 760px)').matches) {
    // Phones: the controls fold away so the results follow the map directly.
    for (const id of ['#figure-panel', '#layers-panel']) $(id).open = false;
  }
  status(t('loading'));
  // A token this tab kept: check it again before the reads carry it.
  const holder = await login.restore();
  editor.setEnabled(Boolean(holder?.can_write));
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
  renderFacilitySelect();

  const coverageDone = loadCoverage();
  await mapLimit(state.collections, 3, (c) => loadEntry(c));
  await coverageDone;
  indexMeasures();
  // Frame the units first, so the tiles read are those of the first view; no animation: when
  // the page says it is ready, the view is settled.
  const bounds = firstFrame();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10], animate: false });
  // Add in the collections' order; panes keep units below lines below points.
  for (const c of state.collections) {
    const e = state.entries.get(c.id);
    if (e.visible) map.addLayer(e.layer);
  }
  renderLayerList();
  renderFacilitySelect();
  applyChoropleth();
  await tilesSettled();

  const failed = [...state.entries.values()].filter((e) => e.error).length;
  status(failed ? t('loadFailed', { what: `${failed}` }) : t('loaded', { n: state.entries.size }));
  document.body.dataset.ready = 'true';
  readyResolve();
}

// ---------------------------------------------------------------------------------------------
// UI events

$('#layer-list').addEventListener('change', (ev) => {
  const id = ev.target?.dataset?.layerToggle;
  if (id === PLAN_WIDE) setPlanWideVisible(ev.target.checked);
  else if (id) setVisible(id, ev.target.checked);
});

$('#figure-select').addEventListener('change', (ev) => {
  state.figure = ev.target.value;
  applyChoropleth();
});

$('#reach-toggle').addEventListener('change', (ev) => {
  state.reach = ev.target.checked;
  applyChoropleth();
});

$('#facility-select').addEventListener('change', async (ev) => {
  state.facility = ev.target.value;
  document.body.dataset.busy = 'true';
  await loadCoverage();
  applyChoropleth();
  const sel = state.selected;
  await query.refresh();
  if (!query.last() && sel) await selectUnit(sel);
  document.body.dataset.busy = 'false';
});

for (const btn of document.querySelectorAll('#lang-switch button')) {
  btn.addEventListener('click', () => {
    setLang(btn.dataset.lang);
    for (const b of document.querySelectorAll('#lang-switch button')) b.setAttribute('aria-pressed', String(b === btn));
    relabelMapControls();
    renderLayerList();
    renderFacilitySelect();
    if (state.figs.length) applyChoropleth();
    basemap.relabel();
    query.relabel();
    login.relabel();
    editor.relabel();
  });
}

map.on('click', (e) => {
  if (!editor.busy()) query.run(e.latlng.lng, e.latlng.lat);
});

// Enter (or Space) on the focused map queries its centre, as a click there would.
map.getContainer().addEventListener('keydown', (ev) => {
  if (ev.target !== map.getContainer()) return;
  if (ev.key === 'Enter' || ev.key === ' ') {
    ev.preventDefault();
    const c = map.getCenter();
    query.run(c.lng, c.lat);
  }
});

// ---------------------------------------------------------------------------------------------
// A small hook for the end-to-end tests (and for anyone poking at the page in a console).

let readyResolve;
const ready = new Promise((r) => { readyResolve = r; });

window.pierobeza = {
  ready,
  map,
  layerIds: () => [...state.entries.keys()],
  planWideIds: () => [...state.planWide],
  /** Resolves when the tiled layers on the map have drawn the tiles of the view. */
  tilesSettled,
  /** Features in the Leaflet layer of collection `id` (one per GeoJSON feature; a tiled layer's are those whose attributes the page holds). */
  layerFeatureCount(id) {
    const e = state.entries.get(id);
    if (!e) return -1;
    if (e.tiled) return e.features.length;
    let n = 0;
    e.layer.eachLayer?.(() => { n += 1; });
    return n;
  },
  /** Ids of the collections drawn from vector tiles. */
  tiledIds: () => [...state.entries.values()].filter((e) => e.tiled).map((e) => e.c.id),
  /** Distinct features of `id` whose SVG elements are in the document once the tiles are drawn. */
  async renderedFeatureCount(id) {
    return (await window.pierobeza.renderedFeatureIds(id)).length;
  },
  /**
   * The data-fid of each feature of `id` drawn in the document once the tiles are drawn, sorted:
   * the feature's id in a tiled layer, its position in the collection in a GeoJSON one.
   */
  async renderedFeatureIds(id) {
    await tilesSettled();
    const fids = new Set();
    for (const el of document.querySelectorAll(`[data-layer="${CSS.escape(id)}"][data-fid]`)) {
      if (el.closest('.leaflet-pane')) fids.add(el.getAttribute('data-fid'));
    }
    return [...fids].sort();
  },
  numberMatched: (id) => state.entries.get(id)?.numberMatched ?? -1,
  isLayerVisible: (id) => Boolean(state.entries.get(id) && map.hasLayer(state.entries.get(id).layer)),
  setLayerVisible: (id, on) => (id === PLAN_WIDE ? setPlanWideVisible(on) : setVisible(id, on)),
  figure: () => state.figure,
  figures: () => state.figs.map((f) => f.id),
  facility: () => state.facility,
  selected: () => state.selected,
  /** Fill colour of each base unit's path (of each of its pieces in the tiles), by unit code. */
  async unitFills() {
    await tilesSettled();
    const out = {};
    const base = state.entries.get(BASE_UNITS);
    if (base?.tiled) {
      base.layer.eachPath((path, p) => {
        const code = p.code ?? p.id;
        const fill = path.getAttribute('fill');
        // Pieces of one unit in several tiles must agree; a disagreement shows as 'mixed'.
        out[code] = code in out && out[code] !== fill ? 'mixed' : fill;
      });
      return out;
    }
    base?.layer.eachLayer((l) => {
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
  /** The features of collection `id` as the page holds them. */
  features: (id) => state.entries.get(id)?.features ?? [],
  /** Page coordinates of the drawn point of feature `fid` of collection `id` (null if none). */
  featurePoint(id, fid) {
    let out = null;
    state.entries.get(id)?.layer.eachLayer((l) => {
      if (String(l.feature?.id) === String(fid) && l.getLatLng) {
        const p = l.getLatLng();
        out = { lon: p.lng, lat: p.lat };
      }
    });
    return out;
  },
  view: () => ({ center: map.getCenter(), zoom: map.getZoom() }),
  /** The progress view: its date, figure, stages and the chart's datasets (progress.js). */
  progress: progress.hook,
};

start();
