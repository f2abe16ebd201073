// Click-to-query: which unit a point is in, how far the RU/BY border is, the nearest facilities
// of the chosen layer (drawn on the map), and the selected unit's coverage table.

import L from 'leaflet';
import * as api from './api.js';
import { t, fmt, pct, dist } from './i18n.js';
import { escapeText, titleOf, unitName } from './util.js';

const $ = (sel) => document.querySelector(sel);

const COVERAGE_ROWS = [
  ['population', (v) => fmt(v)],
  ['area_km2', (v) => fmt(v, 1)],
  ['eastern_border_area', (v) => (v ? t('yes') : t('no'))],
  ['measures_total', (v) => fmt(v)],
  ['measures_security', (v) => fmt(v)],
  ['measures_economy', (v) => fmt(v)],
  ['measures_human_resources', (v) => fmt(v)],
  ['locations_total', (v) => fmt(v)],
  ['funding_attributed_eur', (v) => fmt(v)],
  ['funding_per_inhabitant_eur', (v) => fmt(v, 1)],
  ['area_share', pct],
  ['population_share', pct],
  ['settlement_population', (v) => fmt(v)],
  ['settlement_population_covered', (v) => fmt(v)],
  ['settlements_beyond', (v) => (Array.isArray(v) ? fmt(v.length) : fmt(v))],
];

export function createQuery(map, { facility, facilityTitle, onUnit }) {
  const drawn = L.layerGroup().addTo(map);
  let controller = null;
  let last = null; // {lon, lat, locate, nearest, layer, error}
  let unit = null; // {code, props, radiusM, detail}

  async function run(lon, lat) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const layer = facility();
    document.body.dataset.query = 'pending';
    const [loc, near] = await Promise.allSettled([
      api.locate(lon, lat, { signal }),
      layer ? api.nearest(lon, lat, layer, 5, { signal }) : Promise.resolve(null),
    ]);
    if (signal.aborted) return;
    last = {
      lon,
      lat,
      layer,
      locate: loc.status === 'fulfilled' ? loc.value : null,
      nearest: near.status === 'fulfilled' ? near.value : null,
      error: [loc, near].filter((r) => r.status === 'rejected').map((r) => String(r.reason?.message ?? r.reason)),
    };
    for (const e of last.error) console.warn('query', e);
    render();
    draw();
    const code = last.locate?.municipality?.code;
    if (code) onUnit(code);
    document.body.dataset.query = 'done';
  }

  function render() {
    if (!last) return;
    $('#query').hidden = false;
    $('#query-hint').hidden = true;
    $('#query-coords').textContent = `${last.lat.toFixed(4)}° N, ${last.lon.toFixed(4)}° E`;
    const loc = last.locate;
    const m = loc?.municipality;
    const muni = $('#query-municipality');
    muni.textContent = m ? unitName(m) : (loc ? t('outsideLatvia') : t('queryFailed', { what: last.error.join('; ') }));
    muni.dataset.code = m?.code ?? '';
    const cur = loc?.municipality_current;
    const plan = $('#query-plan-territory');
    plan.textContent = loc && m
      ? [loc.in_plan_territory ? t('inPlanTerritory') : t('notInPlanTerritory'),
        cur && cur.code !== m.code ? t('currentUnit', { name: unitName(cur) }) : ''].filter(Boolean).join('; ')
      : '';
    const dl = $('#query-border-distance');
    const d = loc?.distance_to_border_m ?? {};
    dl.innerHTML = Object.entries(d)
      .filter(([, v]) => typeof v === 'number')
      .map(([n, v]) => `<dt data-neighbour="${escapeText(n)}">${escapeText(t('distanceTo', { n: t(n) }))}</dt><dd data-neighbour="${escapeText(n)}" data-metres="${Math.round(v)}">${escapeText(dist(v))}</dd>`)
      .join('');
    $('#query-nearest-layer').textContent = last.layer ? facilityTitle() : '';
    const feats = last.nearest?.features ?? [];
    $('#query-nearest').innerHTML = feats
      .map((f, i) => {
        const p = f.properties ?? {};
        // Nearest facilities of one layer mostly share one measure: lead with the place, keep
        // the measure's title for the hover.
        const title = titleOf(f) ?? '';
        const name = p.place_name ?? p.name ?? title ?? f.id ?? '';
        const measure = p.measure_id ? ` <span class="muted">${escapeText(p.measure_id)}</span>` : '';
        return `<li data-rank="${i + 1}" data-distance-m="${Math.round(p.distance_m ?? NaN)}" data-feature-id="${escapeText(f.id ?? '')}" title="${escapeText(title)}"><span class="nearest-name">${escapeText(name)}</span>${measure} <span class="nearest-distance">${escapeText(dist(p.distance_m))}</span></li>`;
      })
      .join('');
  }

  function draw() {
    drawn.clearLayers();
    if (!last) return;
    const here = L.latLng(last.lat, last.lon);
    L.circleMarker(here, { pane: 'pz-query', radius: 6, color: '#000', weight: 2, fillColor: '#ffeb3b', fillOpacity: 1, className: 'pz-click', interactive: false }).addTo(drawn);
    (last.nearest?.features ?? []).forEach((f, i) => {
      const target = anchor(f);
      if (target) {
        L.polyline([here, target], { pane: 'pz-query', color: '#222', weight: 1.5, dashArray: '4 4', className: 'pz-nearest-line', interactive: false }).addTo(drawn);
      }
      L.geoJSON(f, {
        pane: 'pz-query',
        style: { pane: 'pz-query', color: '#ff9800', weight: 4, fillOpacity: 0.1, className: 'pz-nearest' },
        pointToLayer: (_, ll) => L.circleMarker(ll, { pane: 'pz-query', radius: 10, color: '#ff9800', weight: 3, fill: false, className: 'pz-nearest' }),
      })
        .bindTooltip(`${i + 1}. ${escapeText(f.properties?.place_name ?? titleOf(f) ?? '')} — ${escapeText(dist(f.properties?.distance_m))}`)
        .addTo(drawn);
    });
  }

  // The point a dashed line goes to: the point itself, or the first vertex of a line or area.
  function anchor(f) {
    const g = f.geometry;
    if (!g) return null;
    let c = g.coordinates;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    return Array.isArray(c) && c.length >= 2 ? L.latLng(c[1], c[0]) : null;
  }

  async function showUnit(code, props, radiusM) {
    unit = { code, props, radiusM, detail: null };
    renderUnit();
    try {
      const doc = await api.unitCoverage(code, { layer: facility(), radiusM });
      const u = (doc.units ?? []).find((x) => (x.code ?? x.properties?.code) === code) ?? doc.units?.[0];
      if (unit?.code === code) {
        unit.detail = u ?? null;
        renderUnit();
      }
    } catch (err) {
      // The table from the choropleth's data stands on its own; the list is extra.
      console.warn('unit coverage', err);
    }
  }

  function renderUnit() {
    if (!unit) return;
    const p = unit.props ?? {};
    $('#unit-panel').hidden = false;
    $('#unit-panel').dataset.code = unit.code;
    $('#unit-name').textContent = unitName({ code: unit.code, name_lv: p.name_lv, name_en: p.name_en });
    const radius = unit.radiusM / 1000;
    const rows = COVERAGE_ROWS.filter(([k]) => k in p).map(([k, f]) => {
      const v = p[k];
      const shown = v === null || v === undefined ? '–' : f(v);
      return `<tr data-field="${k}"><th>${escapeText(t(`c_${k}`, { radius }))}</th><td>${escapeText(shown)}</td></tr>`;
    });
    $('#coverage-table tbody').innerHTML = rows.join('');
    const beyond = unit.detail?.facility?.settlements_beyond ?? unit.detail?.settlements_beyond;
    // The server names the largest settlements beyond reach and counts them all.
    const beyondCount = unit.detail?.facility?.settlements_beyond_count ?? (Array.isArray(beyond) ? beyond.length : 0);
    const el = $('#unit-beyond');
    if (Array.isArray(beyond) && beyond.length) {
      const items = beyond.slice(0, 30).map((s) => {
        const name = typeof s === 'string' ? s : (s.name ?? s.name_lv ?? '');
        const pop = typeof s === 'object' && s.population ? ` (${fmt(s.population)})` : '';
        const d = typeof s === 'object' && typeof s.distance_m === 'number' ? ` — ${dist(s.distance_m)}` : '';
        return `<li>${escapeText(name + pop + d)}</li>`;
      });
      const listed = Math.min(beyond.length, 30);
      const more = beyondCount > listed ? `<li class="muted">… +${beyondCount - listed}</li>` : '';
      el.innerHTML = `<h3>${escapeText(t('beyond', { radius }))}</h3><ul id="unit-beyond-list">${items.join('')}${more}</ul>`;
    } else {
      el.innerHTML = '';
    }
    const kinds = Object.entries(unit.detail?.measures_by_kind ?? {}).filter(([, n]) => n > 0);
    if (kinds.length) {
      const items = kinds.map(([k, n]) => `<li data-kind="${escapeText(k)}">${escapeText(k.replace(/_/g, ' '))}: ${escapeText(fmt(n))}</li>`);
      el.insertAdjacentHTML('beforeend', `<h3>${escapeText(t('byKind'))}</h3><ul id="unit-kinds">${items.join('')}</ul>`);
    }
  }

  return {
    run,
    /** Re-asks the nearest facilities after the facility layer changed. */
    async refresh() {
      if (last) await run(last.lon, last.lat);
    },
    relabel() {
      render();
      draw();
      renderUnit();
    },
    showUnit,
    last: () => last,
  };
}
