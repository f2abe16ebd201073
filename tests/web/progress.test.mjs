// End-to-end tests of the progress view (issue 14, item 5) in headless Chromium against the
// real server on loopback, with a store of its own (indicator values are written into it
// through the API with an editor token made by the CLI). Run by scripts/web-test.sh.
//
// What they prove: switching the view on asks /analysis/progress for a date and colours the
// measure locations by stage and the plan territory's units by the chosen figure; moving the
// time slider (with keys, and as a drag does) asks again, once it rests, for the new date and
// redraws — a hospital whose measure (hr-08) got under way on 2026-03-09 changes colour, and
// Rēzeknes novads goes from "not known" to a value once its allocation (2026-01-09) is
// dated; the side panel charts an indicator's target path and the values reported by then.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, createToken, startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// As in map.test.mjs: English words that must not show in Latvian mode.
const ENGLISH = /\b(the|of|and|within|share|population|measures?|layers?|funding|unknown|approved|funded|security|economy|kind|location|settlements?|centres?|municipality|municipalities|search|map|zoom|language|results|distance|nearest|download|boundaries|contributors|plan)\b/i;

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const PLAN_START = '2025-01-20';
// Colours of the stages and of the unit classes, as web/src/progress.js and choropleth.js set them.
const STAGE_COLOURS = { approved: '#767676', preparation: '#a67400', procurement: '#c45100', under_way: '#0072b2', completed: '#00845f', suspended: '#a4457f' };
const SHARE_RAMP = ['#c8553d', '#4f95cf', '#2a62a3', '#1b4a87', '#0e3063'];
// A hospital of measure hr-08, under way from 2026-03-09 (seeds/progress.toml).
const HOSPITALS = 'hospitals_points';
const HOSPITAL_MEASURE = 'hr-08';
// Rēzeknes novads: an allocation of eco-13 dated 2026-01-09; a point well inside it.
const REZEKNE = { code: 'LV-077', lon: 27.05, lat: 56.55 };
const EARLY = '2025-02-01';
const LATER = '2026-06-01';
// The indicator the chart test reports values for.
const INDICATOR = { measure_id: 'eco-13', indicator_id: 'eco-13/dwellings' };
const VALUES = [['2025-09-30', 20], ['2026-03-31', 60]];

let server;
let context;
let page;
let userDataDir;
let token;
const requests = [];
const consoleErrors = [];
let hospitalKindFill = null;
let coverageFills = null;

function isLocal(url) {
  const u = new URL(url);
  if (['data:', 'blob:', 'about:', 'chrome:', 'chrome-extension:'].includes(u.protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname) || /^127\./.test(u.hostname);
}

async function api(path) {
  const res = await fetch(`${server.base}${path}`, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, `${path} → HTTP ${res.status}`);
  return res.json();
}

const hook = (fn, arg) => page.evaluate(fn, arg);

/** The dates the page asked /analysis/progress for, in order. */
function progressDates() {
  return requests.map((u) => new URL(u)).filter((u) => u.pathname === '/analysis/progress').map((u) => u.searchParams.get('date'));
}

/** Waits until the view shows the state on `date`. */
async function shown(date) {
  await page.waitForFunction((d) => document.body.dataset.progress === 'ready' && document.body.dataset.progressDate === d, date, { timeout: 30_000 });
}

/** Moves the slider to `date` as a drag does (the value changes, `input` fires). */
async function slideTo(date) {
  await page.$eval('#progress-date', (el, [d, start]) => {
    el.value = String(Math.round((Date.parse(`${d}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, [date, PLAN_START]);
  await shown(date);
}

/** The drawn element of the hospital: its fill, outline and stage tag. */
function hospital() {
  return page.$eval(`.leaflet-pane [data-layer="${HOSPITALS}"][data-fid="0"]`, (el) => ({ fill: el.getAttribute('fill'), stroke: el.getAttribute('stroke'), stage: el.getAttribute('data-stage') }));
}

/** The stage counts the panel lists, by stage. */
async function stageCounts() {
  return page.$$eval('#progress-stage-counts li', (els) => Object.fromEntries(els.map((e) => [e.dataset.stage, Number(e.dataset.count)])));
}

function countsOf(report) {
  const out = Object.fromEntries(Object.keys(STAGE_COLOURS).map((s) => [s, 0]));
  for (const m of report.measures) out[m.stage] += 1;
  return out;
}

/** The unit tooltip's text at a point inside a unit (at the overview's zoom: zooming is slow). */
async function unitTooltip(pt) {
  const p = await hook(([x, y]) => window.pierobeza.pagePoint(x, y), [pt.lon, pt.lat]);
  assert.equal(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-layer'), [p.x, p.y]), 'municipalities_2021', 'the pointer is on the unit');
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector('.pz-unit-tip', { timeout: 5000 });
  const text = await page.textContent('.pz-unit-tip');
  await page.mouse.move(5, 5);
  await page.waitForSelector('.pz-unit-tip', { state: 'detached', timeout: 5000 });
  return text;
}

describe('progress view', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startServer({ name: 'progress' });
    token = createToken(server.database, 'web-test-progress', 'editor');
    userDataDir = mkdtempSync(join(tmpdir(), 'pierobeza-chromium-progress-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      locale: 'lv-LV',
    });
    await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await server?.stop();
  });

  it('switches to the progress view: the state of today, measures by stage, a legend for both colourings', async () => {
    await page.goto(`${server.base}/map`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    const hosp = (await api(`/collections/${HOSPITALS}/items`)).features[0];
    assert.equal(hosp.properties.measure_id, HOSPITAL_MEASURE, 'the hospital is hr-08\'s');
    hospitalKindFill = (await hospital()).fill;
    coverageFills = await hook(() => window.pierobeza.unitFills());
    assert.equal(await page.isVisible('#progress-section'), false, 'the view is off when the page opens');
    assert.deepEqual(progressDates(), [], 'nothing asked before the view is on');

    await page.click('#progress-panel > summary');
    await page.click('#progress-toggle');
    assert.equal(await page.getAttribute('#progress-toggle', 'aria-pressed'), 'true');
    const today = await hook(() => window.pierobeza.progress.sliderDate());
    assert.equal(today, new Date().toISOString().slice(0, 10), 'the slider starts at today');
    await shown(today);
    assert.equal(await page.getAttribute('body', 'data-view'), 'progress');
    assert.equal(await page.isVisible('#progress-section'), true, 'the side panel shows the progress');
    assert.equal(await page.isVisible('#figure-panel'), false, 'the coverage figure steps aside');
    assert.deepEqual(progressDates(), [today]);

    const report = await api(`/analysis/progress?date=${today}`);
    assert.deepEqual(await stageCounts(), countsOf(report), 'stage counts as the service gives them');
    assert.equal(await page.locator('#progress-measure-list li[data-measure-id]').count(), report.measures.length, 'every measure listed with its stage');
    const stage = report.measures.find((m) => m.measure_id === HOSPITAL_MEASURE).stage;
    const h = await hospital();
    assert.equal(h.stage, stage);
    assert.equal(h.fill, STAGE_COLOURS[stage], 'the hospital in its stage colour');
    const legend = await page.$$eval('#progress-legend ul[data-legend="stages"] li', (els) => els.map((e) => [e.dataset.stage, e.querySelector('.sw').dataset.colour]));
    assert.deepEqual(Object.fromEntries(legend), STAGE_COLOURS, 'the stage legend names every colour');
    assert.equal(await page.locator('#progress-legend ul[data-legend="units"] li[data-class="unknown"]').count(), 1, 'the legend names "not known"');
    assert.equal(await page.locator('#progress-legend ul[data-legend="units"] li[data-class="na"]').count(), 1, 'and "not applicable"');
    assert.equal(await page.locator('.leaflet-pane path[data-reach]').count(), 0, 'no reach zone in this view');
    // Units outside the plan territory are not applicable; inside, never painted as if 0.
    const fills = await hook(() => window.pierobeza.unitFills());
    const codes = new Set(report.units.map((u) => u.code));
    for (const [code, fill] of Object.entries(fills)) {
      if (!codes.has(code)) assert.equal(fill, 'url(#pz-na)', `${code}: outside the plan territory`);
    }
    for (const u of report.units) {
      if (u.allocated_eur_per_inhabitant === null) assert.equal(fills[u.code], 'url(#pz-unknown)', `${u.code}: no allocation is "not known", not 0`);
      else assert.match(fills[u.code], /^#[0-9a-f]{6}$/, `${u.code}: a class colour`);
    }
  });

  it('moves the time slider with the keyboard: one request once it rests, the map redrawn as of 2025-02-01', async () => {
    const before = progressDates().length;
    await page.focus('#progress-date');
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i += 1) await page.keyboard.press('ArrowRight');
    await shown(EARLY);
    assert.equal(await page.getAttribute('#progress-date-label', 'data-date'), EARLY);
    const label = await page.textContent('#progress-date-label');
    assert.match(label, /2025/);
    assert.match(label, /februār/, `the date written out in Latvian: ${label}`);
    assert.equal(await page.getAttribute('#progress-date', 'aria-valuetext'), label, 'a screen reader hears the date');
    const asked = progressDates().slice(before);
    assert.ok(asked.length >= 1 && asked.length < 13, `13 key presses, ${asked.length} requests (debounced)`);
    assert.equal(asked.at(-1), EARLY, 'the last request is for the date the slider rests on');

    const report = await api(`/analysis/progress?date=${EARLY}`);
    assert.deepEqual(await stageCounts(), countsOf(report));
    assert.equal(report.measures.find((m) => m.measure_id === HOSPITAL_MEASURE).stage, 'approved');
    const h = await hospital();
    assert.equal(h.stage, 'approved');
    assert.equal(h.fill, STAGE_COLOURS.approved);
    assert.equal(await page.getAttribute(`#progress-measure-list li[data-measure-id="${HOSPITAL_MEASURE}"]`, 'data-stage'), 'approved');
    assert.equal((await hook(() => window.pierobeza.unitFills()))[REZEKNE.code], 'url(#pz-unknown)', 'no money recorded in Rēzeknes novads yet');
    const tip = await unitTooltip(REZEKNE);
    assert.match(tip, /nav zināms/, `the tooltip says not known: ${tip}`);
    assert.match(tip, /nav reģistrēts neviens piešķīrums/, 'and why, in Latvian');
    // Page Up moves a month.
    await page.focus('#progress-date');
    await page.keyboard.press('PageUp');
    await shown('2025-03-03');
    assert.equal((await hospital()).stage, 'approved');
  });

  it('moves the time slider to 2026-06-01: the hospital, Rēzeknes novads, the label and the lists redrawn', async () => {
    const before = await hospital();
    const beforeLabel = await page.textContent('#progress-date-label');
    const n = progressDates().length;
    await slideTo(LATER);
    assert.deepEqual(progressDates().slice(n), [LATER], 'one request, for the new date');
    const label = await page.textContent('#progress-date-label');
    assert.notEqual(label, beforeLabel, 'the date label changed');
    assert.match(label, /2026/);
    assert.match(label, /jūnijs/);
    assert.match(await page.textContent('#progress-asof'), /2026/);

    const report = await api(`/analysis/progress?date=${LATER}`);
    const stage = report.measures.find((m) => m.measure_id === HOSPITAL_MEASURE).stage;
    assert.equal(stage, 'under_way', 'hr-08 is under way by then');
    const after = await hospital();
    assert.equal(after.stage, 'under_way');
    assert.equal(after.fill, STAGE_COLOURS.under_way);
    assert.notEqual(after.fill, before.fill, 'the hospital was redrawn in another colour');
    assert.deepEqual(await stageCounts(), countsOf(report));
    assert.equal(await page.getAttribute(`#progress-measure-list li[data-measure-id="${HOSPITAL_MEASURE}"]`, 'data-stage'), 'under_way');

    const rez = report.units.find((u) => u.code === REZEKNE.code);
    assert.equal(rez.allocated_eur, 178500);
    const fills = await hook(() => window.pierobeza.unitFills());
    assert.match(fills[REZEKNE.code], /^#[0-9a-f]{6}$/, `Rēzeknes novads now has a value: ${fills[REZEKNE.code]}`);
    for (const u of report.units.filter((x) => x.allocated_eur_per_inhabitant === null)) assert.equal(fills[u.code], 'url(#pz-unknown)', u.code);
    const tip = await unitTooltip(REZEKNE);
    assert.match(tip, /178\s?500 EUR/, `the tooltip gives the money: ${tip}`);
    assert.match(tip, /6,55 EUR/, 'and per inhabitant');
    // The unit list follows the view's figure.
    await page.click('#unit-list-panel > summary');
    assert.equal(Number(await page.getAttribute(`#unit-list tr[data-code="${REZEKNE.code}"] td.num`, 'data-value')).toFixed(2), rez.allocated_eur_per_inhabitant.toFixed(2));
    await page.click('#unit-list-panel > summary');
    // The CSV links are for the date shown.
    assert.match(await page.getAttribute('#progress-downloads a[data-download="progress-units"]', 'href'), new RegExp(`date=${LATER}.*f=csv.*table=units`));
  });

  it('colours the units by the share of indicators on track, and back', async () => {
    await page.check('#progress-units-by input[value="on_track"]');
    await page.waitForFunction(() => document.body.dataset.progressFigure === 'on_track');
    const report = await api(`/analysis/progress?date=${LATER}`);
    const fills = await hook(() => window.pierobeza.unitFills());
    for (const u of report.units) {
      const v = u.indicators_on_track_share;
      const cls = [0.2, 0.4, 0.6, 0.8].filter((x) => v >= x).length;
      assert.equal(fills[u.code], typeof v === 'number' ? SHARE_RAMP[cls] : 'url(#pz-unknown)', `${u.code}: share ${v}`);
    }
    assert.equal(await page.getAttribute('#progress-legend ul[data-legend="units"]', 'data-figure'), 'on_track');
    assert.match(await page.textContent('#progress-legend'), /Rādītāju daļa/);
    await page.check('#progress-units-by input[value="allocation"]');
    await page.waitForFunction(() => document.body.dataset.progressFigure === 'allocation');
    assert.match((await hook(() => window.pierobeza.unitFills()))[REZEKNE.code], /^#[0-9a-f]{6}$/);
    assert.equal((await hook(() => window.pierobeza.unitFills()))['LV-058'], 'url(#pz-unknown)');
  });

  it('charts an indicator: the target path, then the values reported through the API, up to the slider date', async () => {
    await page.selectOption('#progress-indicator', INDICATOR.indicator_id);
    await page.waitForFunction((id) => document.querySelector('#progress-indicator-info')?.dataset.indicator === id, INDICATOR.indicator_id);
    const ind = (await api(`/analysis/progress?date=${LATER}`)).indicators.find((i) => i.indicator_id === INDICATOR.indicator_id);
    assert.equal(typeof ind.target, 'number');
    let sets = await hook(() => window.pierobeza.progress.chart());
    assert.ok(sets, 'a Chart.js chart is bound to the canvas');
    const path = sets.find((d) => d.id === 'path');
    assert.deepEqual(path.points, [[PLAN_START, 0], [ind.target_date, ind.target]], 'the path from 0 at approval to the target');
    assert.deepEqual(sets.find((d) => d.id === 'achieved').points, [], 'no value shipped');
    assert.equal(await page.getAttribute('.verdict', 'data-verdict'), 'not_reported');
    const box = await page.$eval('#progress-chart', (c) => ({ w: c.width, h: c.height, role: c.getAttribute('role'), label: c.getAttribute('aria-label') }));
    assert.ok(box.w > 100 && box.h > 100, `the canvas is drawn (${box.w}×${box.h})`);
    assert.equal(box.role, 'img');
    assert.ok(box.label);

    // An editor reports two values; the view reads them at the next date it shows.
    for (const [date, value] of VALUES) {
      const res = await fetch(`${server.base}/progress/values`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ...INDICATOR, date, value, source: 'https://example.org/web-test-progress' }),
      });
      assert.equal(res.status, 201, `POST /progress/values → ${res.status}: ${await res.text()}`);
    }
    await slideTo('2026-06-02');
    sets = await hook(() => window.pierobeza.progress.chart());
    assert.deepEqual(sets.find((d) => d.id === 'achieved').points, VALUES, 'both values as points');
    assert.equal(await page.locator('#progress-chart-table tbody tr').count(), 4, 'the table: the path\'s ends and two values');
    assert.ok(['on_track', 'late'].includes(await page.getAttribute('.verdict', 'data-verdict')));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(ARTIFACTS, 'map-progress.png'), fullPage: true });

    // Earlier, only the value reported by then.
    await slideTo('2025-12-01');
    sets = await hook(() => window.pierobeza.progress.chart());
    assert.deepEqual(sets.find((d) => d.id === 'achieved').points, [VALUES[0]], 'values after the date are left out');
    assert.equal(await hook(() => window.pierobeza.progress.indicator()), INDICATOR.indicator_id, 'the chosen indicator stays chosen');
  });

  it('is Latvian in Latvian mode (data in English marked so) and relabels in English, chart included', async () => {
    await page.evaluate(() => { for (const d of document.querySelectorAll('#progress-section details')) d.open = true; });
    const bad = await page.evaluate((re) => {
      const english = new RegExp(re, 'i');
      const out = [];
      const foreign = (el) => el.closest('[lang]:not([lang="lv"]), [translate="no"]');
      for (const root of document.querySelectorAll('#progress-panel, #progress-section')) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          const s = n.textContent.trim();
          if (!s || !el || foreign(el)) continue;
          if (!el.getClientRects().length && !el.closest('option, optgroup')) continue;
          if (english.test(s)) out.push(`text: ${s}`);
        }
        for (const el of root.querySelectorAll('[aria-label], optgroup[label]')) {
          for (const a of ['aria-label', 'label']) if (english.test(el.getAttribute(a) ?? '')) out.push(`${a}: ${el.getAttribute(a)}`);
        }
        for (const el of root.querySelectorAll('[data-untranslated]')) out.push(`untranslated: ${el.textContent}`);
      }
      return out;
    }, ENGLISH.source);
    assert.deepEqual(bad, [], 'English or untranslated strings in the progress view in Latvian mode');
    await page.evaluate(() => { for (const d of document.querySelectorAll('#progress-section details')) d.open = false; });

    await page.click('#lang-en');
    assert.match(await page.textContent('#progress-date-label'), /^1 December 2025$/);
    assert.match(await page.textContent('#progress-stage-counts'), /under way/);
    const sets = await hook(() => window.pierobeza.progress.chart());
    assert.deepEqual(sets.map((d) => d.label), ['Target path (from 0 at approval to the target)', 'Achieved']);
    await page.click('#lang-lv');
    assert.match(await page.textContent('#progress-date-label'), /decembris/);
  });

  it('opened in English (?lang=en), writes the date and its hint in English from the start', async () => {
    const en = await context.newPage();
    en.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`English page: ${m.text()}`); });
    await en.goto(`${server.base}/map?lang=en`);
    await en.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    await en.click('#progress-panel > summary');
    await en.click('#progress-toggle');
    await en.waitForFunction(() => document.body.dataset.progress === 'ready');
    assert.match(await en.textContent('#progress-date-label'), /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    assert.match(await en.textContent('#progress-date-hint'), /^From the plan's approval \(20 January 2025\) to today/);
    await en.close();
  });

  it('has no serious or critical axe-core violations with the view on', async () => {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target}`), [], 'axe-core violations');
  });

  it('switches back: measure locations in their kind colours, the coverage figure and its units again', async () => {
    await page.click('#progress-toggle');
    assert.equal(await page.getAttribute('#progress-toggle', 'aria-pressed'), 'false');
    assert.equal(await page.getAttribute('body', 'data-view'), 'coverage');
    assert.equal(await page.isVisible('#progress-section'), false);
    assert.equal(await page.isVisible('#figure-panel'), true);
    const h = await hospital();
    assert.equal(h.fill, hospitalKindFill, 'the hospital in its kind colour');
    assert.equal(h.stage, null, 'untagged');
    assert.deepEqual(await hook(() => window.pierobeza.unitFills()), coverageFills, 'the coverage choropleth as before');
  });

  it('kept the console clean and every request on loopback', () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests.filter((u) => !isLocal(u)), []);
  });
});
