// The progress view (issue 14): the map as it stood on a date of the plan's period. Measure
// locations are coloured by their measure's stage on that date, the units of the plan
// territory by the money allocated per inhabitant or by the share of their indicators on
// track; a time slider from the approval to today redraws both. The results panel lists the
// stage of every measure (the plan-wide ones too, which the map cannot tell apart) and charts
// one indicator: its target path against the values reported. One request per date:
// GET /analysis/progress?date=YYYY-MM-DD.

import { t, tv, lang, onLang, fmt, pct } from './i18n.js';
import * as api from './api.js';
import { classify, classRows, NOT_APPLICABLE, RAMPS } from './choropleth.js';
import { eachLeaf, hatchFill, roleOf } from './layers.js';
import { escapeText, dataText, valueHtml } from './util.js';
import { createDateSlider, formatDate, PLAN_START } from './dateslider.js';
import { createIndicatorChart, chartOn } from './indicator-chart.js';

/** The stages a measure goes through, in order, and their colours (≥3:1 on the panel). */
export const STAGES = ['approved', 'preparation', 'procurement', 'under_way', 'completed', 'suspended'];
export const STAGE_COLOURS = {
  approved: '#767676',
  preparation: '#a67400',
  procurement: '#c45100',
  under_way: '#0072b2',
  completed: '#00845f',
  suspended: '#a4457f',
};

// The server's reason for a null allocation, as its catalogue key.
const REASONS = { 'no allocation to a measure in this unit is recorded by this date': 'reason_no_allocation' };

const perInhabitant = (v) => (lang() === 'en' ? `€${fmt(v, 2)}` : `${fmt(v, 2)} EUR`);
const money = (v) => (lang() === 'en' ? `€${fmt(v)}` : `${fmt(v)} EUR`);

/** The unit figures of the view: a prop of /analysis/progress's `units`. */
const FIGURES = {
  allocation: {
    id: 'allocation',
    prop: 'allocated_eur_per_inhabitant',
    label: () => t('progFigAllocation'),
    ramp: RAMPS.funding,
    format: perInhabitant,
  },
  on_track: {
    id: 'on_track',
    prop: 'indicators_on_track_share',
    label: () => t('progFigOnTrack'),
    thresholds: [0.2, 0.4, 0.6, 0.8],
    ramp: RAMPS.share,
    format: pct,
  },
};

const STYLE_KEYS = ['color', 'fillColor', 'weight', 'opacity', 'fillOpacity'];
const $ = (sel) => document.querySelector(sel);

/**
 * `ctx`: `measureEntries()` → the measure layers `[{c, layer}]`; `restyleUnits()` redraws the
 * unit choropleth (whose style asks `unitFill`); `measureTitle(id)` → `{title_lv, title_en}`
 * from the collections; `onToggle(active)` after the view is switched on or off.
 */
export function createProgressView(ctx) {
  let active = false;
  let report = null;
  let figure = FIGURES.allocation;
  let cls = null;
  let indicatorId = null;
  let controller = null;
  const units = new Map(); // code → unit row
  const stages = new Map(); // measure id → {stage, since}
  const chart = createIndicatorChart($('#progress-chart'));
  const body = document.body;

  const slider = createDateSlider({
    input: $('#progress-date'),
    label: $('#progress-date-label'),
    onDate: (d) => load(d),
  });

  // ---- the map ------------------------------------------------------------------------------

  function stageTip(f) {
    const id = f.properties?.measure_id;
    const s = stages.get(id);
    if (!s) return '';
    return `<strong>${escapeText(id)}</strong> — ${valueHtml(tv('stage', s.stage))} (${escapeText(t('progressSince', { date: formatDate(s.since) }))})`;
  }

  function tag(l) {
    const el = l.getElement?.();
    if (!el) return;
    if (l.pzStage) el.setAttribute('data-stage', l.pzStage);
    else el.removeAttribute('data-stage');
  }

  /** One drawn location of a measure: its stage colour, or back to its kind's. */
  function paint(l, f, role) {
    if (!l.setStyle) return;
    if (!l.pzKindStyle) {
      l.pzKindStyle = Object.fromEntries(STYLE_KEYS.map((k) => [k, l.options[k]]));
      // A layer switched on later, while the view is on, is tagged as it is drawn.
      l.on('add', () => tag(l));
    }
    const s = active && report ? stages.get(f.properties?.measure_id) : null;
    if (!s) {
      l.setStyle(l.pzKindStyle);
      l.pzStage = null;
      if (l.pzTip) {
        l.unbindTooltip();
        l.pzTip = false;
      }
      tag(l);
      return;
    }
    const col = STAGE_COLOURS[s.stage] ?? STAGE_COLOURS.approved;
    const k = l.pzKindStyle;
    if (role === 'measure-areas') l.setStyle({ ...k, color: col, fillColor: hatchFill(col) });
    else if (l.getRadius) l.setStyle({ ...k, color: k.color === '#fff' ? '#fff' : col, fillColor: col });
    else l.setStyle({ ...k, color: col });
    l.pzStage = s.stage;
    // Points and lines have no tooltip of their own: in this view they say their stage.
    if (role !== 'measure-areas' && !l.getTooltip()) {
      l.bindTooltip(() => stageTip(f), { direction: 'top' });
      l.pzTip = true;
    }
    tag(l);
  }

  function paintMeasures() {
    const moved = [];
    for (const { c, layer } of ctx.measureEntries()) {
      const role = roleOf(c);
      layer.eachLayer((leaf) => eachLeaf(leaf, (l) => {
        paint(l, leaf.feature ?? {}, role);
        if (l.pzStage && l.pzStage !== 'approved' && l._map && l.bringToFront) moved.push(l);
      }));
    }
    // Measures that moved on are drawn over those still only approved (a hospital under way
    // over the candidate town marker at the same place).
    moved.sort((a, b) => STAGES.indexOf(a.pzStage) - STAGES.indexOf(b.pzStage)).forEach((l) => l.bringToFront());
  }

  function classifyUnits() {
    const values = [...units.values()].map((u) => u[figure.prop]);
    cls = classify(figure, values);
    return values;
  }

  // ---- the side panel -----------------------------------------------------------------------

  function renderLegend(values) {
    const stageRows = STAGES.map((s) => `<li data-stage="${s}"><span class="sw sw-point" data-colour="${STAGE_COLOURS[s]}" style="background:${STAGE_COLOURS[s]}"></span>${valueHtml(tv('stage', s))}</li>`);
    const rows = classRows(figure, cls, {
      hasMissing: values.some((v) => typeof v !== 'number'),
      hasNa: true,
    });
    $('#progress-legend').innerHTML = `
      <p class="legend-title" id="progress-stage-legend-title">${escapeText(t('progressStageLegend'))}</p>
      <ul aria-labelledby="progress-stage-legend-title" data-legend="stages">${stageRows.join('')}</ul>
      <p class="muted">${escapeText(t('progressKindNote'))}</p>
      <p class="legend-title" id="progress-unit-legend-title">${escapeText(figure.label())}</p>
      <ul aria-labelledby="progress-unit-legend-title" data-legend="units" data-figure="${figure.id}">${rows.join('')}</ul>`;
  }

  function measureTitle(m) {
    const known = ctx.measureTitle(m.measure_id);
    if (lang() === 'lv' && known?.title_lv) return escapeText(known.title_lv);
    const en = known?.title_en ?? m.title_en;
    return dataText(en ?? m.measure_id, 'en');
  }

  function renderMeasures() {
    const counts = Object.fromEntries(STAGES.map((s) => [s, 0]));
    for (const m of report.measures) counts[m.stage] = (counts[m.stage] ?? 0) + 1;
    $('#progress-stage-counts').innerHTML = Object.entries(counts)
      .map(([s, n]) => `<li data-stage="${escapeText(s)}" data-count="${n}"${n ? '' : ' class="muted"'}><span class="sw sw-point" style="background:${STAGE_COLOURS[s] ?? '#767676'}"></span>${valueHtml(tv('stage', s))}: <strong>${n}</strong></li>`)
      .join('');
    const order = (m) => STAGES.indexOf(m.stage);
    const sorted = [...report.measures].sort((a, b) => order(b) - order(a) || a.measure_id.localeCompare(b.measure_id, 'en', { numeric: true }));
    $('#progress-measures-summary').textContent = t('progressMeasures', { n: sorted.length });
    $('#progress-measure-list').innerHTML = sorted
      .map((m) => `<li data-measure-id="${escapeText(m.measure_id)}" data-stage="${escapeText(m.stage)}"><span class="sw sw-point" style="background:${STAGE_COLOURS[m.stage] ?? '#767676'}"></span> <strong translate="no">${escapeText(m.measure_id)}</strong> ${measureTitle(m)}<br><span class="measure-meta">${valueHtml(tv('stage', m.stage))}, ${escapeText(t('progressSince', { date: formatDate(m.stage_since) }))}</span></li>`)
      .join('');
  }

  function indicatorOption(i) {
    const target = typeof i.target === 'number' ? `${fmt(i.target, 2)} ${i.unit}` : null;
    const text = `${i.measure_id} · ${i.name_en}${target ? ` (${target})` : ''}`;
    return `<option value="${escapeText(i.indicator_id)}" lang="en"${i.indicator_id === indicatorId ? ' selected' : ''}${target ? '' : ' data-no-target="true"'}>${escapeText(text)}</option>`;
  }

  function renderIndicatorSelect() {
    const list = report.indicators;
    if (!list.some((i) => i.indicator_id === indicatorId)) {
      // The first indicator with values to show, else the first with a target.
      indicatorId = (list.find((i) => i.values?.length) ?? list.find((i) => typeof i.target === 'number') ?? list[0])?.indicator_id ?? null;
    }
    const withTarget = list.filter((i) => typeof i.target === 'number');
    const without = list.filter((i) => typeof i.target !== 'number');
    $('#progress-indicator').innerHTML = withTarget.map(indicatorOption).join('')
      + (without.length ? `<optgroup label="${escapeText(t('progressNoTargetOption'))}">${without.map(indicatorOption).join('')}</optgroup>` : '');
  }

  function renderIndicator() {
    const ind = report.indicators.find((i) => i.indicator_id === indicatorId);
    const info = $('#progress-indicator-info');
    const table = $('#progress-chart-table');
    if (!ind) {
      info.innerHTML = '';
      table.innerHTML = '';
      chart.destroy();
      return;
    }
    const unit = dataText(ind.unit, 'en');
    const lines = [`<p class="indicator-name">${dataText(ind.name_en, 'en')}</p>`];
    if (typeof ind.target === 'number') {
      const text = escapeText(t('progressTarget', { target: '{T}', date: formatDate(ind.target_date) }));
      lines.push(`<p>${text.replace('{T}', `${escapeText(fmt(ind.target, 2))} ${unit}`)}</p>`);
    }
    if (typeof ind.latest === 'number') {
      const expected = typeof ind.expected === 'number' ? `; ${escapeText(t('progressExpected', { value: fmt(ind.expected, 2) }))}` : '';
      lines.push(`<p>${escapeText(t('progressLatest', { value: fmt(ind.latest, 2), date: formatDate(ind.latest_date) }))}${expected}</p>`);
    } else if (typeof ind.target === 'number') {
      lines.push(`<p>${escapeText(t('progressNotReported', { date: formatDate(report.date) }))}</p>`);
    }
    lines.push(`<p class="verdict" data-verdict="${escapeText(ind.verdict)}">${valueHtml(tv('verdict', ind.verdict))}</p>`);
    info.innerHTML = lines.join('');
    info.dataset.indicator = ind.indicator_id;
    chart.render(ind, report.date, PLAN_START);

    // The chart's data as a table: the path's ends and the values reported, oldest first.
    const rows = [];
    if (typeof ind.target === 'number') {
      rows.push({ date: PLAN_START, path: 0 });
      rows.push({ date: ind.target_date, path: ind.target });
    }
    for (const v of ind.values ?? []) rows.push({ date: v.date, achieved: v.value, source: v.source });
    rows.sort((a, b) => a.date.localeCompare(b.date));
    const cell = (v) => (typeof v === 'number' ? escapeText(fmt(v, 2)) : '');
    const src = (s) => (s && /^https?:\/\//.test(s) ? `<a href="${escapeText(s)}" target="_blank" rel="noopener noreferrer" translate="no">${escapeText(new URL(s).hostname)}</a>` : '');
    table.innerHTML = `<thead><tr><th scope="col">${escapeText(t('colDate'))}</th><th scope="col">${escapeText(t('colPath'))}</th><th scope="col">${escapeText(t('colAchieved'))}</th><th scope="col">${escapeText(t('colSource'))}</th></tr></thead>
      <tbody>${rows.map((r) => `<tr data-date="${r.date}"><td translate="no">${escapeText(r.date)}</td><td class="num">${cell(r.path)}</td><td class="num">${cell(r.achieved)}</td><td>${src(r.source)}</td></tr>`).join('')}</tbody>`;
  }

  function renderDownloads() {
    $('#progress-downloads').innerHTML = ['units', 'measures', 'indicators']
      .map((table) => {
        const href = `/analysis/progress?${new URLSearchParams({ date: report.date, f: 'csv', table })}`;
        return `<li><a href="${escapeText(href)}" download="progress-${table}-${report.date}.csv" data-download="progress-${table}">${escapeText(t(`progressCsv_${table}`))} (CSV)</a></li>`;
      })
      .join('');
  }

  function render() {
    if (!report) return;
    const values = classifyUnits();
    paintMeasures();
    ctx.restyleUnits();
    renderLegend(values);
    $('#progress-asof').textContent = t('progressAsOf', { date: formatDate(report.date) });
    renderMeasures();
    renderIndicatorSelect();
    renderIndicator();
    renderDownloads();
  }

  // ---- data ---------------------------------------------------------------------------------

  async function load(date) {
    if (!active) return;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    body.dataset.progress = 'loading';
    $('#progress-status').textContent = t('progressLoading', { date: formatDate(date) });
    try {
      const doc = await api.progress(date, { signal: mine.signal });
      if (controller !== mine || !active) return;
      report = doc;
      units.clear();
      for (const u of doc.units) units.set(u.code, u);
      stages.clear();
      for (const m of doc.measures) stages.set(m.measure_id, { stage: m.stage, since: m.stage_since });
      render();
      body.dataset.progressDate = doc.date;
      body.dataset.progress = 'ready';
      $('#progress-status').textContent = t('progressRedrawn', { date: formatDate(doc.date) });
    } catch (err) {
      if (mine.signal.aborted) return;
      console.error('progress', err);
      body.dataset.progress = 'error';
      const why = err.body?.description ? ` <span lang="en">${escapeText(err.body.description)}</span>` : '';
      $('#progress-status').innerHTML = `${escapeText(t('progressFailed'))}${why}`;
    } finally {
      if (controller === mine) controller = null;
    }
  }

  function setActive(on) {
    active = on;
    const btn = $('#progress-toggle');
    btn.setAttribute('aria-pressed', String(on));
    $('#progress-controls').hidden = !on;
    $('#progress-section').hidden = !on;
    body.dataset.view = on ? 'progress' : 'coverage';
    if (on) {
      load(slider.value());
    } else {
      controller?.abort();
      controller = null;
      paintMeasures();
      delete body.dataset.progress;
    }
    ctx.onToggle(on);
  }

  // ---- events -------------------------------------------------------------------------------

  $('#progress-toggle').addEventListener('click', () => setActive(!active));
  $('#progress-units-by').addEventListener('change', (ev) => {
    const f = FIGURES[ev.target?.value];
    if (!f) return;
    figure = f;
    body.dataset.progressFigure = f.id;
    if (report) {
      renderLegend(classifyUnits());
      ctx.restyleUnits();
    }
  });
  $('#progress-indicator').addEventListener('change', (ev) => {
    indicatorId = ev.target.value;
    if (report) renderIndicator();
  });
  body.dataset.progressFigure = figure.id;

  function relabel() {
    slider.relabel();
    $('#progress-date-hint').textContent = t('progressDateHint', { start: formatDate(PLAN_START) });
    if (active && report) {
      render();
      $('#progress-status').textContent = t('progressRedrawn', { date: formatDate(report.date) });
    }
  }
  // Every switch of language, the page's first (from ?lang=) included.
  onLang(relabel);
  relabel();

  return {
    active: () => active,
    /** The fill of unit `code` in this view (not applicable outside the plan territory). */
    unitFill(code) {
      const u = units.get(code);
      if (!u || !cls) return NOT_APPLICABLE;
      return cls.colour(u[figure.prop]);
    },
    /** The tooltip lines of unit `code` in this view. */
    unitTooltip(code) {
      const u = units.get(code);
      if (!u) return escapeText(t('notApplicable'));
      let money1;
      if (typeof u.allocated_eur_per_inhabitant === 'number') {
        money1 = escapeText(t('progressAllocated', { total: money(u.allocated_eur), per: perInhabitant(u.allocated_eur_per_inhabitant) }));
      } else {
        const reason = u.allocated_unknown_reason
          ? (REASONS[u.allocated_unknown_reason] ? escapeText(t(REASONS[u.allocated_unknown_reason])) : dataText(u.allocated_unknown_reason, 'en'))
          : escapeText(t('reasonNoPopulation'));
        money1 = `${escapeText(t('progressAllocatedUnknown'))} — ${reason}`;
      }
      const n = u.indicators_on_track + u.indicators_late + u.indicators_not_reported;
      const track = n
        ? escapeText(t('progressOnTrack', { on: u.indicators_on_track, n, late: u.indicators_late, none: u.indicators_not_reported }))
        : escapeText(t('progressNoIndicators'));
      const byStage = STAGES.filter((s) => u.measures_by_stage?.[s]).map((s) => `${tv('stage', s).text} ${u.measures_by_stage[s]}`).join(', ');
      const lines = [money1, track];
      if (byStage) lines.push(escapeText(t('progressMeasuresHere', { list: byStage })));
      return lines.map((l, i) => (i === (figure.id === 'allocation' ? 0 : 1) ? `<strong>${l}</strong>` : l)).join('<br>');
    },
    /** The view's unit figure, as the unit list reads one. */
    finderFigure() {
      return {
        label: figure.label,
        format: figure.format,
        value: (code) => units.get(code)?.[figure.prop] ?? null,
        applies: (code) => units.has(code),
      };
    },
    /** After the layers were read again (a save, a log-in): colour the new ones. */
    refresh() {
      if (active && report) paintMeasures();
    },
    /** For the tests: what the view holds and what the chart draws. */
    hook: {
      date: () => report?.date ?? null,
      sliderDate: () => slider.value(),
      figure: () => figure.id,
      indicator: () => indicatorId,
      stageOf: (id) => stages.get(id)?.stage ?? null,
      chart() {
        const c = chartOn($('#progress-chart'));
        if (!c || c !== chart.chart()) return null;
        return c.data.datasets.map((d) => ({ id: d.pzId, label: d.label, points: d.data.map((p) => [new Date(p.x).toISOString().slice(0, 10), p.y]) }));
      },
    },
  };
}
