// Click-to-query and the results panel: which unit a point is in, how far the RU/BY border
// is, the nearest facilities of the chosen layer (drawn on the map), a clicked feature's
// details, and the selected unit's panel — what it gets (its own measures, the plan-wide ones,
// funding known or not and why) and its reach figures. Every query starts from a clean panel.

import L from 'leaflet';
import * as api from './api.js';
import { t, tv, fmt, pct, dist, eur, lang } from './i18n.js';
import { escapeText, titleOf, unitName, dataText, valueHtml } from './util.js';
import { featureHtml } from './popup.js';

const $ = (sel) => document.querySelector(sel);

const DIRECTIONS = ['security', 'economy', 'human_resources'];

const COVERAGE_ROWS = [
  ['population', (v) => fmt(v)],
  ['area_km2', (v) => fmt(v, 1)],
  ['eastern_border_area', (v) => (v ? t('yes') : t('no'))],
  ['measures_total', (v) => fmt(v)],
  ['measures_security', (v) => fmt(v)],
  ['measures_economy', (v) => fmt(v)],
  ['measures_human_resources', (v) => fmt(v)],
  ['locations_total', (v) => fmt(v)],
  ['line_km', (v) => fmt(v, 2)],
  ['funding_attributed_eur', (v) => fmt(v)],
  ['funding_per_inhabitant_eur', (v) => fmt(v, 1)],
];
const REACH_ROWS = [
  ['population_share', pct],
  ['population_total', (v) => fmt(v)],
  ['population_covered', (v) => fmt(v)],
  ['rural_population', (v) => fmt(v)],
  ['rural_population_covered', (v) => fmt(v)],
  ['area_share', pct],
  ['settlement_population', (v) => fmt(v)],
  ['settlement_population_covered', (v) => fmt(v)],
  ['settlements_beyond', (v) => (Array.isArray(v) ? fmt(v.length) : fmt(v))],
];

/**
 * `deps`: facility() → layer id, facilityTitle() → its label, radiusM, onUnit(code) selects a
 * unit on the map, onClear() drops the selection, ctx() → {planLevel, measureIndex,
 * unitMeasures(code)}.
 */
export function createQuery(map, deps) {
  const drawn = L.layerGroup().addTo(map);
  let controller = null;
  let last = null; // {lon, lat, locate, nearest, layer, error}
  let unit = null; // {code, props, detail}
  let feature = null; // {c, f, perUnit}
  let pendingFeature = null;

  function announce(msg) {
    const live = $('#results-live');
    live.textContent = '';
    // A fresh text node so screen readers announce the same message twice in a row too.
    setTimeout(() => { live.textContent = msg; }, 30);
  }

  /** Empties every result: a new query never shows the last one's leftovers. */
  function clear() {
    unit = null;
    feature = null;
    $('#unit-panel').hidden = true;
    $('#unit-panel').dataset.code = '';
    for (const id of ['#unit-name', '#unit-status', '#unit-funding', '#unit-measures', '#unit-planwide', '#unit-reach', '#unit-beyond']) $(id).innerHTML = '';
    $('#coverage-table tbody').innerHTML = '';
    $('#feature-details').hidden = true;
    $('#feature-details-body').innerHTML = '';
    $('#query-nearest').innerHTML = '';
    $('#query-border-distance').innerHTML = '';
    drawn.clearLayers();
    deps.onClear();
  }

  async function run(lon, lat) {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const layer = deps.facility();
    const clicked = pendingFeature;
    pendingFeature = null;
    clear();
    feature = clicked;
    renderFeature();
    document.body.dataset.query = 'pending';
    $('#infopanel').setAttribute('aria-busy', 'true');
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
    if (code) await deps.onUnit(code);
    $('#infopanel').setAttribute('aria-busy', 'false');
    document.body.dataset.query = 'done';
    const m = last.locate?.municipality;
    announce(t('queryDone', { name: m ? unitName(m) : (last.locate ? t('outsideLatvia') : t('queryFailed', { what: '' })) }));
  }

  function inLatvia() {
    return Boolean(last?.locate?.municipality);
  }

  function render() {
    if (!last) return;
    $('#query').hidden = false;
    $('#query-hint').hidden = true;
    $('#query-coords').textContent = `${fmt(last.lat, 4)}° N, ${fmt(last.lon, 4)}° E`;
    const loc = last.locate;
    const m = loc?.municipality;
    const muni = $('#query-municipality');
    muni.textContent = m ? unitName(m) : (loc ? t('outsideLatvia') : t('queryFailed', { what: last.error.join('; ') }));
    muni.dataset.code = m?.code ?? '';
    const cur = loc?.municipality_current;
    const plan = $('#query-plan-territory');
    if (loc && m) {
      plan.textContent = [loc.in_plan_territory ? t('inPlanTerritory') : t('notInPlanTerritory'),
        cur && cur.code !== m.code ? t('currentUnit', { name: unitName(cur) }) : ''].filter(Boolean).join('; ');
    } else {
      plan.textContent = loc ? t('outsideLatviaNote') : '';
    }
    const dl = $('#query-border-distance');
    const d = loc?.distance_to_border_m ?? {};
    dl.innerHTML = Object.entries(d)
      .filter(([, v]) => typeof v === 'number')
      .map(([n, v]) => `<dt data-neighbour="${escapeText(n)}">${escapeText(t('distanceTo', { n: t(n) }))}</dt><dd data-neighbour="${escapeText(n)}" data-metres="${Math.round(v)}">${escapeText(dist(v))}</dd>`)
      .join('');
    // Outside Latvia only the border distances mean anything.
    $('#query-nearest-block').hidden = !inLatvia();
    $('#query-nearest-layer').textContent = last.layer && inLatvia() ? deps.facilityTitle() : '';
    const feats = inLatvia() ? last.nearest?.features ?? [] : [];
    $('#query-nearest').innerHTML = feats
      .map((f, i) => {
        const p = f.properties ?? {};
        const title = titleOf(f) ?? '';
        const name = p.place_name ?? p.name ?? title ?? f.id ?? '';
        const measure = p.measure_id ? ` <span class="muted" translate="no">${escapeText(p.measure_id)}</span>` : '';
        return `<li data-rank="${i + 1}" data-distance-m="${Math.round(p.distance_m ?? NaN)}" data-feature-id="${escapeText(f.id ?? '')}" title="${escapeText(title)}"><span class="nearest-name" translate="no">${escapeText(name)}</span>${measure} <span class="nearest-distance">${escapeText(dist(p.distance_m))}</span></li>`;
      })
      .join('');
  }

  function draw() {
    drawn.clearLayers();
    if (!last) return;
    const here = L.latLng(last.lat, last.lon);
    L.circleMarker(here, { pane: 'pz-query', radius: 6, color: '#000', weight: 2, fillColor: '#ffeb3b', fillOpacity: 1, className: 'pz-click', interactive: false }).addTo(drawn);
    if (!inLatvia()) return;
    (last.nearest?.features ?? []).forEach((f, i) => {
      const target = anchor(f);
      if (target) {
        L.polyline([here, target], { pane: 'pz-query', color: '#222', weight: 1.5, dashArray: '4 4', className: 'pz-nearest-line', interactive: false }).addTo(drawn);
      }
      L.geoJSON(f, {
        pane: 'pz-query',
        interactive: false,
        style: { pane: 'pz-query', color: '#ff9800', weight: 4, fillOpacity: 0.1, className: 'pz-nearest', interactive: false },
        pointToLayer: (_, ll) => L.circleMarker(ll, { pane: 'pz-query', radius: 10, color: '#ff9800', weight: 3, fill: false, className: 'pz-nearest', interactive: false }),
      }).addTo(drawn);
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

  function renderFeature() {
    const sec = $('#feature-details');
    if (!feature) {
      sec.hidden = true;
      $('#feature-details-body').innerHTML = '';
      return;
    }
    sec.hidden = false;
    $('#feature-details-body').innerHTML = featureHtml(feature.c, feature.f, { perUnit: feature.perUnit });
  }

  async function showUnit(code, props) {
    unit = { code, props: props ?? {}, detail: null };
    renderUnit();
    try {
      const doc = await api.unitCoverage(code, { layer: deps.facility(), radiusM: deps.radiusM });
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

  /** A unit's figure: from the choropleth's flat properties, else the detailed document. */
  function figure(k) {
    const p = unit.props ?? {};
    if (p[k] !== undefined) return p[k];
    const d = unit.detail ?? {};
    if (d[k] !== undefined) return d[k];
    return d.facility?.[k];
  }

  function renderFunding(ctx) {
    const fa = figure('funding_attributed_eur');
    const reason = figure('funding_unknown_reason');
    const pl = ctx.planLevel ?? {};
    const unattributed = pl.funding_unattributed_eur;
    const known = typeof fa === 'number' && (fa > 0 || !(unattributed > 0)) && !reason;
    const lines = [];
    if (known) {
      lines.push(`<p class="funding-known">${escapeText(t('fundingKnown', { eur: eur(fa) }))}</p>`);
    } else {
      lines.push(`<p class="funding-unknown">${escapeText(t('fundingUnknown'))}</p>`);
      lines.push(`<p>${escapeText(t('fundingReasonPools'))}</p>`);
      if (reason) lines.push(`<p class="funding-reason">${escapeText(t('fundingReasonServer'))} ${dataText(reason, 'en')}</p>`);
    }
    if (typeof pl.funding_total_eur === 'number') {
      const pools = pl.funding_pools_eur ?? {};
      lines.push(`<p class="muted" data-plan-total="${Math.round(pl.funding_total_eur)}">${escapeText(t('fundingPlanTotal', {
        total: eur(pl.funding_total_eur), unattributed: eur(unattributed ?? 0), funded: eur(pools.funded ?? 0), unfunded: eur(pools.unfunded ?? 0),
      }))}</p>`);
    }
    const el = $('#unit-funding');
    el.dataset.funding = known ? 'known' : 'unknown';
    el.innerHTML = `<h3>${escapeText(t('funding'))}</h3><div class="funding-box">${lines.join('')}</div>`;
    return known;
  }

  function measureItem(m) {
    const title = (lang() === 'en' ? m.title_en : m.title_lv) ?? m.title_lv ?? m.title_en ?? m.id;
    const meta = [
      m.kind ? valueHtml(tv('kind', m.kind)) : '',
      m.status ? valueHtml(tv('status', m.status)) : '',
      m.funding_pool ? valueHtml(tv('pool', m.funding_pool)) : '',
      m.places?.length ? `<span translate="no">${escapeText(m.places.join(', '))}</span>` : '',
    ].filter(Boolean).join(' · ');
    return `<li data-measure-id="${escapeText(m.id)}"><span lang="${m.title_lv || m.title_en ? lang() : 'lv'}">${escapeText(title)}</span> <span class="muted" translate="no">${escapeText(m.id)}</span><br><span class="measure-meta">${meta}</span></li>`;
  }

  function renderMeasures(ctx) {
    const own = ctx.unitMeasures(unit.code);
    const el = $('#unit-measures');
    el.dataset.count = String(own.length);
    el.innerHTML = `<h3>${escapeText(t('unitMeasures', { n: own.length }))}</h3>${own.length
      ? `<ul class="measure-list">${own.map(measureItem).join('')}</ul>`
      : `<p class="muted">${escapeText(t('unitMeasuresNone'))}</p>`}`;

    const pw = $('#unit-planwide');
    const inPlan = figure('eastern_border_area') !== false;
    const ids = ctx.planLevel?.region_wide_measures ?? [];
    if (!inPlan) {
      pw.dataset.count = '0';
      pw.innerHTML = `<p class="muted">${escapeText(t('planWideNotHere'))}</p>`;
      return;
    }
    const measures = ids.map((id) => ctx.measureIndex.get(id) ?? { id });
    const groups = DIRECTIONS.map((d) => [d, measures.filter((m) => m.direction === d)]);
    const other = measures.filter((m) => !DIRECTIONS.includes(m.direction));
    if (other.length) groups.push(['other', other]);
    pw.dataset.count = String(measures.length);
    pw.innerHTML = `<h3>${escapeText(t('planWideMeasures', { n: measures.length }))}</h3>${groups
      .filter(([, ms]) => ms.length)
      .map(([d, ms]) => `<details data-direction="${escapeText(d)}"><summary>${valueHtml(tv('dir', d))} (${escapeText(fmt(ms.length))})</summary><ul class="measure-list">${ms.map(measureItem).join('')}</ul></details>`)
      .join('')}`;
  }

  function renderUnit() {
    if (!unit) return;
    const ctx = deps.ctx();
    const p = unit.props ?? {};
    const d = unit.detail ?? {};
    $('#unit-panel').hidden = false;
    $('#unit-panel').dataset.code = unit.code;
    $('#unit-name').textContent = unitName({ code: unit.code, name_lv: p.name_lv ?? d.name_lv, name_en: p.name_en ?? d.name_en });
    const inPlan = figure('eastern_border_area');
    $('#unit-status').textContent = inPlan === false ? t('notInPlanTerritory') : t('inPlanTerritory');
    const fundingKnown = renderFunding(ctx);
    renderMeasures(ctx);

    const radius = deps.radiusM / 1000;
    const row = ([k, f]) => {
      const v = figure(k);
      // No line location in the whole plan yet: the row would only say "not known".
      if (v === undefined || (v === null && k === 'line_km')) return '';
      // Funding the plan does not tie to units is not known, not zero.
      const shown = v === null || (!fundingKnown && k.startsWith('funding_')) ? t('noData') : f(v);
      return `<tr data-field="${k}"><th>${escapeText(t(`c_${k}`, { radius }))}</th><td>${escapeText(shown)}</td></tr>`;
    };
    const reachRows = deps.facility() ? REACH_ROWS.map(row).filter(Boolean) : [];
    const modelled = figure('population_total') !== undefined;
    $('#unit-reach').innerHTML = reachRows.length
      ? `<h3>${escapeText(t('reach', { radius, layer: deps.facilityTitle() }))}</h3><p class="muted">${escapeText(modelled ? t('reachModelNote') : t('reachSettlementNote'))}</p>`
      : '';
    $('#coverage-table tbody').innerHTML = [
      ...reachRows,
      ...COVERAGE_ROWS.map(row),
    ].filter(Boolean).join('');

    const beyond = d.facility?.settlements_beyond ?? (Array.isArray(d.settlements_beyond) ? d.settlements_beyond : null);
    const beyondCount = d.facility?.settlements_beyond_count ?? (Array.isArray(beyond) ? beyond.length : 0);
    const el = $('#unit-beyond');
    if (Array.isArray(beyond) && beyond.length) {
      const items = beyond.slice(0, 30).map((s) => {
        const name = typeof s === 'string' ? s : (s.name ?? s.name_lv ?? '');
        const pop = typeof s === 'object' && s.population ? ` (${fmt(s.population)})` : '';
        const dd = typeof s === 'object' && typeof s.distance_m === 'number' ? ` — ${dist(s.distance_m)}` : '';
        return `<li><span translate="no">${escapeText(name)}</span>${escapeText(pop + dd)}</li>`;
      });
      const listed = Math.min(beyond.length, 30);
      const more = beyondCount > listed ? `<li class="muted">… +${beyondCount - listed}</li>` : '';
      el.innerHTML = `<h3>${escapeText(t('beyond', { radius }))}</h3><ul id="unit-beyond-list">${items.join('')}${more}</ul>`;
    } else {
      el.innerHTML = '';
    }
    const kinds = Object.entries(d.measures_by_kind ?? {}).filter(([, n]) => n > 0);
    if (kinds.length) {
      const items = kinds.map(([k, n]) => `<li data-kind="${escapeText(k)}">${valueHtml(tv('kind', k))}: ${escapeText(fmt(n))}</li>`);
      el.insertAdjacentHTML('beforeend', `<h3>${escapeText(t('byKind'))}</h3><ul id="unit-kinds">${items.join('')}</ul>`);
    }
  }

  $('#feature-details-close').addEventListener('click', () => {
    feature = null;
    renderFeature();
  });

  return {
    run,
    /** Re-asks the nearest facilities after the facility layer changed. */
    async refresh() {
      if (last) await run(last.lon, last.lat);
    },
    relabel() {
      render();
      draw();
      renderFeature();
      renderUnit();
    },
    /** A feature was clicked: its details go with the query the same click starts. */
    featureClicked(c, f, perUnit) {
      pendingFeature = { c, f, perUnit };
    },
    /** Shows a unit chosen without a click on the map (search, list): a fresh panel. */
    async selectUnit(code, props) {
      controller?.abort();
      last = null;
      pendingFeature = null;
      clear();
      $('#query').hidden = true;
      $('#query-hint').hidden = true;
      $('#query-municipality').textContent = '';
      $('#query-municipality').dataset.code = '';
      await deps.onUnit(code);
      announce(t('queryDone', { name: $('#unit-name').textContent }));
    },
    showUnit,
    clear,
    last: () => last,
  };
}
