// End-to-end tests of the map page (issue 5) in Debian's headless Chromium against the real
// server on loopback. Run by scripts/web-test.sh; needs web/dist built first.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, REPO, startServer } from './server.mjs';
import { measureFirstLoad } from './first-load.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const BASE_UNITS = 'municipalities_2021';
// A point in Ludzas novads, away from its towns (checked against /analysis/locate below).
const LUDZA = { lon: 27.75, lat: 56.55, name: 'Ludzas novads', code: 'LV-058' };
// A point in Russia, east of Zilupe.
const RUSSIA = { lon: 28.9, lat: 56.3 };
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

/** WCAG relative luminance and contrast of two #rrggbb colours. */
function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
function rgbToHex(rgb) {
  const m = rgb.match(/\d+(\.\d+)?/g).map(Number);
  return `#${m.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

// English words that must not be visible in Latvian mode (outside text marked lang="en").
const ENGLISH = /\b(the|of|and|within|share|population|measures?|layers?|funding|unknown|approved|funded|security|economy|kind|location|settlements?|centres?|municipality|municipalities|search|map|zoom|language|results|distance|nearest|download|boundaries|contributors|plan)\b/i;

let server;
let context;
let page;
let userDataDir;
const requests = []; // every URL the page asked for
const consoleErrors = [];
let collections = [];

/** Whether a URL stays on this machine (loopback), or needs no network at all. */
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

describe('map page', { timeout: 600_000 }, () => {
  before(async () => {
    server = await startServer();
    userDataDir = mkdtempSync(join(tmpdir(), 'pierobeza-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: DESKTOP,
      acceptDownloads: true,
      locale: 'lv-LV',
    });
    // Record everything; let only loopback through, so a stray request fails here instead of
    // leaving the machine (the test still sees it and fails on it).
    await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    collections = (await api('/collections')).collections;
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await server?.stop();
  });

  it('is the HTML alternate of the landing page, and loads with no console error and no request off loopback', async () => {
    const res = await page.goto(`${server.base}/`, { waitUntil: 'load' });
    assert.ok(res, 'no response for /');
    assert.match(new URL(page.url()).pathname, /^\/map\/?$/, `a browser asking / ends on ${page.url()}`);
    await page.waitForFunction(() => window.pierobeza && document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    // Give late requests (tiles, fonts, source maps) a moment to show themselves.
    await page.waitForTimeout(500);
    assert.deepEqual(consoleErrors, [], 'console errors on load');
    const outside = requests.filter((u) => !isLocal(u));
    assert.deepEqual(outside, [], 'requests outside loopback');
    assert.ok(requests.some((u) => new URL(u).pathname === '/collections'), 'the page asked /collections');
    assert.equal(await page.isChecked('#basemap-toggle'), false, 'the online basemap is off by default');
  });

  it('transfers at most a third of what the first load took before the tiles (1,483,720 bytes at dc7edae)', async () => {
    // The bytes a fresh browser receives (compressed bodies and headers) until the page is
    // ready: a size budget, not a timing. docs/benchmarks.md has the figures and the breakdown.
    const { rows, bytes } = await measureFirstLoad(server.base, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    assert.ok(bytes <= Math.floor(1_483_720 / 3), `first load ${bytes} bytes in ${rows.length} responses; largest: ${rows.slice(0, 3).map((r) => `${r.url} ${r.bytes}`).join(', ')}`);
    assert.ok(rows.some((r) => /\/collections\/municipalities_2021\/tiles\/WebMercatorQuad\/\d+\/\d+\/\d+$/.test(r.url)), 'the units come as tiles');
    assert.ok(!rows.some((r) => /\/collections\/municipalities_2021\/items/.test(r.url) && !/skipGeometry=true/.test(r.url)), 'and not as the whole GeoJSON');
  });

  it('lists every collection once — the plan-wide measures as one grouped entry — in collapsible groups, and renders each with as many features as the collection has', async () => {
    assert.ok(collections.length >= 2, 'the service lists collections');
    const planWide = await hook(() => window.pierobeza.planWideIds());
    const listed = await page.$$eval('.layer-item', (els) => els.map((e) => e.dataset.layerId));
    const members = (await page.getAttribute('.layer-item[data-layer-id="plan-wide"]', 'data-members') ?? '').split(' ').filter(Boolean);
    assert.deepEqual([...listed.filter((x) => x !== 'plan-wide'), ...members].sort(), collections.map((c) => c.id).sort(), 'every collection once: a toggle or a member of the plan-wide entry');
    assert.deepEqual(members.sort(), [...planWide].sort());
    // Issue 17: 27 toggles of the same plan-territory polygon were clutter.
    assert.ok(planWide.length >= 20, `plan-wide layers grouped: ${planWide.length}`);
    assert.ok(listed.length <= collections.length - planWide.length + 1, `${listed.length} toggles`);
    const groups = await page.$$eval('#layer-list details[data-group]', (els) => els.map((e) => e.dataset.group));
    assert.ok(groups.length >= 3, `collapsible groups: ${groups}`);
    assert.ok(await hook((id) => window.pierobeza.isLayerVisible(id), BASE_UNITS), 'the municipality layer is on');

    const defaults = {};
    for (const c of collections) defaults[c.id] = await hook((id) => window.pierobeza.isLayerVisible(id), c.id);
    // Turn every layer on, then compare with what the service says each holds.
    for (const c of collections) await hook((id) => window.pierobeza.setLayerVisible(id, true), c.id);
    const tiled = await hook(() => window.pierobeza.tiledIds());
    assert.deepEqual(tiled.sort(), ['border', 'municipalities_2021', 'municipalities_current', 'plan_territory'], 'the units and lines come from tiles');
    for (const c of collections) {
      const fc = await api(`/collections/${encodeURIComponent(c.id)}/items?limit=10000`);
      const matched = fc.numberMatched;
      assert.ok(Number.isInteger(matched), `${c.id}: numberMatched`);
      const inLayer = await hook((id) => window.pierobeza.layerFeatureCount(id), c.id);
      assert.equal(inLayer, matched, `${c.id}: features in the Leaflet layer vs numberMatched`);
      if (tiled.includes(c.id)) {
        // From tiles: every feature wider than a pixel or two at this zoom is drawn (a border
        // piece of 10 m is not, at 1 km a pixel), and nothing that is not in the collection.
        const drawn = await hook((id) => window.pierobeza.renderedFeatureIds(id), c.id);
        const visible = await page.evaluate((fs) => fs.filter((f) => {
          const m = window.pierobeza.map;
          const flat = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g).map((p) => p.split(',').map(Number));
          const px = flat.map(([lon, lat]) => m.latLngToContainerPoint([lat, lon]));
          const span = (k) => Math.max(...px.map((p) => p[k])) - Math.min(...px.map((p) => p[k]));
          return Math.max(span('x'), span('y')) >= 2;
        }).map((f) => String(f.id)), fc.features);
        assert.ok(visible.length > 0, `${c.id}: something to draw`);
        assert.deepEqual(visible.filter((id) => !drawn.includes(id)), [], `${c.id}: features missing from the tiles`);
        assert.deepEqual(drawn.filter((id) => !fc.features.some((f) => String(f.id) === id)), [], `${c.id}: drawn but not in the collection`);
      } else {
        const inDom = await hook((id) => window.pierobeza.renderedFeatureCount(id), c.id);
        assert.equal(inDom, matched, `${c.id}: features drawn in the document vs numberMatched`);
      }
      if (!planWide.includes(c.id)) assert.ok(await page.$(`.layer-item[data-layer-id="${c.id}"] .sw`), `${c.id}: legend swatch`);
    }
    assert.equal(await hook((id) => window.pierobeza.layerFeatureCount(id), BASE_UNITS), 43, 'the plan\'s 43 units');
    // Back to the page's own defaults for the screenshot.
    for (const c of collections) await hook(([id, v]) => window.pierobeza.setLayerVisible(id, v), [c.id, defaults[c.id]]);
    // The grouped entry draws one outline, not one per measure.
    await page.click('[data-layer-toggle="plan-wide"]');
    // The plan territory's polygon is read when the entry is first turned on.
    await page.waitForSelector('.leaflet-pane path[data-layer="plan-wide"]', { timeout: 10_000 });
    assert.equal(await page.locator('.leaflet-pane path[data-layer="plan-wide"]').count(), 1, 'one plan-wide outline');
    await page.click('[data-layer-toggle="plan-wide"]');
    assert.equal(await page.locator('.leaflet-pane path[data-layer="plan-wide"]').count(), 0);
  });

  it('draws municipality- and region-precision locations as hatched units, never as pins', async () => {
    const areas = collections.filter((c) => c.geometry_class === 'areas' && c.group === 'measures');
    for (const c of areas) {
      const wasOn = await hook((id) => window.pierobeza.isLayerVisible(id), c.id);
      await hook((id) => window.pierobeza.setLayerVisible(id, true), c.id);
      const drawn = await page.$$eval(`.leaflet-pane [data-layer="${c.id}"]`, (els) => els.map((e) => [e.tagName, e.getAttribute('fill'), e.getAttribute('d') ?? '']));
      for (const [tag, fill, d] of drawn) {
        assert.equal(tag.toLowerCase(), 'path');
        assert.match(fill ?? '', /^url\(#pz-hatch-/, `${c.id}: hatched fill`);
        // Leaflet draws a circle marker (a pin) as two arcs; a unit is a polygon ring.
        assert.ok(!/a/i.test(d), `${c.id}: drawn as a polygon, not a circle marker`);
      }
      await hook(([id, v]) => window.pierobeza.setLayerVisible(id, v), [c.id, wasOn]);
    }
    // And no point layer carries a municipality- or region-precision location.
    for (const c of collections.filter((x) => x.geometry_class === 'points' && x.group === 'measures')) {
      const fc = await api(`/collections/${encodeURIComponent(c.id)}/items?limit=10000`);
      for (const f of fc.features) {
        assert.ok(!['municipality', 'region'].includes(f.properties.precision), `${c.id}/${f.id}: ${f.properties.precision} as a point`);
      }
    }
  });

  it('hides and shows a layer from its toggle', async () => {
    const id = collections.find((c) => c.id === 'border')?.id ?? collections.find((c) => c.id !== BASE_UNITS).id;
    const box = `[data-layer-toggle="${id}"]`;
    const before = await hook((x) => window.pierobeza.renderedFeatureCount(x), id);
    assert.ok(before > 0, `${id} is drawn`);
    await page.click(box);
    assert.equal(await page.isChecked(box), false);
    assert.equal(await hook((x) => window.pierobeza.isLayerVisible(x), id), false);
    assert.equal(await page.locator(`.leaflet-pane [data-layer="${id}"]`).count(), 0, `${id} gone from the map`);
    await page.click(box);
    assert.equal(await hook((x) => window.pierobeza.isLayerVisible(x), id), true);
    assert.equal(await hook((x) => window.pierobeza.renderedFeatureCount(x), id), before, `${id} back on the map`);
  });

  it('colours the units by the chosen coverage figure, and recolours them when it changes', async () => {
    const figures = await hook(() => window.pierobeza.figures());
    assert.ok(figures.includes('funding_per_inhabitant_eur') && figures.includes('measures_total'), `figures: ${figures}`);
    const hasPoints = collections.some((c) => c.group === 'measures' && c.geometry_class === 'points');
    if (hasPoints) {
      assert.equal(figures[0], 'population_share', 'the population share is the first figure');
      const facility = await hook(() => window.pierobeza.facility());
      if (collections.some((c) => c.id === 'disaster_management_centres_candidates_points')) assert.equal(facility, 'disaster_management_centres_candidates_points');
    }
    const seen = [];
    for (const fig of figures) {
      await page.selectOption('#figure-select', fig);
      await page.waitForFunction((f) => document.body.dataset.figure === f, fig);
      const fills = await hook(() => window.pierobeza.unitFills());
      assert.equal(Object.keys(fills).length, 43);
      for (const [code, fill] of Object.entries(fills)) assert.match(fill ?? '', /^(#[0-9a-f]{6}|url\(#pz-(na|unknown)\))$/i, `${fig}: ${code} fill`);
      const legend = await page.textContent('#choropleth-legend-title');
      seen.push({ fig, fills, legend });
    }
    for (let i = 1; i < seen.length; i += 1) {
      const a = seen[i - 1];
      const b = seen[i];
      const changed = Object.keys(a.fills).filter((k) => a.fills[k] !== b.fills[k]);
      assert.ok(changed.length > 0, `switching ${a.fig} → ${b.fig} changes unit colours`);
      assert.notEqual(a.legend, b.legend, 'the legend follows the figure');
    }
    // The first figure again, for the screenshot.
    await page.selectOption('#figure-select', figures[0]);
  });

  it('paints units outside the plan territory as not applicable (a pattern, not a low class), with a legend entry', async () => {
    const units = (await api('/collections/municipalities_2021/items?limit=100')).features;
    const outside = units.filter((f) => f.properties.eastern_border_area === false).map((f) => f.properties.code);
    const inside = units.filter((f) => f.properties.eastern_border_area === true).map((f) => f.properties.code);
    assert.equal(outside.length, 32);
    const fills = await hook(() => window.pierobeza.unitFills());
    for (const code of outside) assert.equal(fills[code], 'url(#pz-na)', `${code}: not applicable`);
    for (const code of inside) assert.notEqual(fills[code], 'url(#pz-na)', `${code}: in the plan territory`);
    assert.equal(await page.locator('#choropleth-legend li[data-class="na"]').count(), 1, 'legend names the not-applicable class');
  });

  it('draws the reach zone: a circle of the radius round every facility of the chosen layer', async () => {
    const facility = await hook(() => window.pierobeza.facility());
    const n = (await api(`/collections/${facility}/items?limit=1`)).numberMatched;
    assert.equal(await hook(() => window.pierobeza.figure()), 'population_share');
    const circles = await page.$$eval(`.leaflet-pane path[data-reach="${facility}"]`, (els) => els.map((e) => Number(e.getAttribute('data-radius-m'))));
    assert.equal(circles.length, n, 'one zone per facility');
    for (const r of circles) assert.equal(r, 25000);
    assert.equal(await page.locator('#choropleth-legend li[data-class="reach"]').count(), 1, 'the legend names the zone');
    // Its pixel radius is 25 km at the map's scale.
    const ok = await page.evaluate((id) => {
      const el = document.querySelector(`.leaflet-pane path[data-reach="${id}"]`);
      const b = el.getBoundingClientRect();
      const m = window.pierobeza.map;
      const c = m.getCenter();
      const p1 = m.latLngToContainerPoint(c);
      const p2 = m.latLngToContainerPoint([c.lat, c.lng + 1]);
      const kmPerPx = (111.32 * Math.cos((c.lat * Math.PI) / 180)) / Math.abs(p2.x - p1.x);
      return (b.width / 2) * kmPerPx;
    }, facility);
    assert.ok(Math.abs(ok - 25) < 4, `zone radius on screen ≈ ${ok.toFixed(1)} km`);
    await page.uncheck('#reach-toggle');
    assert.equal(await page.locator('.leaflet-pane path[data-reach]').count(), 0, 'the zone can be hidden');
    await page.check('#reach-toggle');
  });

  it('draws a tile feature where it is: the smallest border piece, zoomed in, sits on its coordinates', async () => {
    const { features } = await api('/collections/border/items?limit=1000');
    const extent = (f) => {
      const pts = f.geometry.coordinates.flat(Infinity).reduce((acc, v, i, all) => (i % 2 ? acc : [...acc, [v, all[i + 1]]]), []);
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      return { w: Math.min(...xs), s: Math.min(...ys), e: Math.max(...xs), n: Math.max(...ys) };
    };
    const area = (b) => Math.max(b.e - b.w, b.n - b.s);
    const smallest = features.map((f) => ({ f, b: extent(f) })).sort((a, b) => area(a.b) - area(b.b))[0];
    const overview = await hook(() => window.pierobeza.view());
    await hook((b) => window.pierobeza.map.setView([(b.s + b.n) / 2, (b.w + b.e) / 2], 16, { animate: false }), smallest.b);
    assert.ok((await hook(() => window.pierobeza.renderedFeatureIds('border'))).includes(String(smallest.f.id)), `${smallest.f.id} drawn at zoom 16`);
    const drawn = await page.$$eval(`.leaflet-pane path[data-layer="border"][data-fid="${smallest.f.id}"]`, (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { l: r.left, r: r.right, t: r.top, b: r.bottom };
    }));
    const sw = await hook(([x, y]) => window.pierobeza.pagePoint(x, y), [smallest.b.w, smallest.b.s]);
    const ne = await hook(([x, y]) => window.pierobeza.pagePoint(x, y), [smallest.b.e, smallest.b.n]);
    const box = { l: Math.min(...drawn.map((d) => d.l)), r: Math.max(...drawn.map((d) => d.r)), t: Math.min(...drawn.map((d) => d.t)), b: Math.max(...drawn.map((d) => d.b)) };
    // Within 2 px of where its coordinates fall (a 512-px tile has 4096 grid steps: 1/8 px).
    for (const [got, want] of [[box.l, sw.x], [box.r, ne.x], [box.t, ne.y], [box.b, sw.y]]) assert.ok(Math.abs(got - want) <= 2, `edge at ${got}, coordinates at ${want}`);
    await hook((v) => window.pierobeza.map.setView(v.center, v.zoom, { animate: false }), overview);
    await hook(() => window.pierobeza.tilesSettled());
  });

  it('outlines the plan territory and draws the RU/BY border', async () => {
    for (const id of ['plan_territory', 'border']) {
      if (!collections.some((c) => c.id === id)) continue;
      assert.ok(await hook((x) => window.pierobeza.isLayerVisible(x), id), `${id} on by default`);
      const fills = await page.$$eval(`[data-layer="${id}"]`, (els) => els.map((e) => e.getAttribute('fill')));
      assert.ok(fills.length > 0);
      for (const f of fills) assert.equal(f, 'none', `${id} is a line, not a fill`);
    }
  });

  it('shows Ludzas novads, its border distance and the nearest facilities on a click there', async () => {
    const where = await api(`/analysis/locate?lon=${LUDZA.lon}&lat=${LUDZA.lat}`);
    assert.equal(where.municipality?.name_lv, LUDZA.name, 'the test point is inside Ludzas novads');

    await page.evaluate(() => window.pierobeza.map.closePopup());
    // The click must reach a unit (or a hatched area), not a pin or a line that opens its own
    // popup: a disaster management centre stands in Ludza town, a few pixels away at the
    // overview's zoom. Zoom in on the point until it is clear, then back out for the picture.
    const overview = await hook(() => window.pierobeza.view());
    let x;
    let y;
    for (let zoom = overview.zoom; ; zoom += 1) {
      await hook(([lon, lat, z]) => window.pierobeza.map.setView([lat, lon], z, { animate: false }), [LUDZA.lon, LUDZA.lat, zoom]);
      // The units are drawn from tiles: those of the new zoom arrive after the view changes.
      await hook(() => window.pierobeza.tilesSettled());
      ({ x, y } = await hook(([lon, lat]) => window.pierobeza.pagePoint(lon, lat), [LUDZA.lon, LUDZA.lat]));
      const hit = await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.getAttribute('data-layer') ?? null, [x, y]);
      if (hit === BASE_UNITS) {
        // The unit drawn from the tiles under the point is the one the service locates there.
        assert.equal(await page.evaluate(([px, py]) => document.elementFromPoint(px, py).getAttribute('data-fid'), [x, y]), where.municipality.code);
        break;
      }
      if (hit?.endsWith('_areas')) break;
      assert.ok(zoom < 14, `the point stays covered by ${hit}`);
    }
    await page.mouse.click(x, y);
    await page.waitForFunction(() => document.body.dataset.query === 'done', null, { timeout: 30_000 });
    await hook((v) => window.pierobeza.map.setView(v.center, v.zoom, { animate: false }), overview);

    const name = await page.textContent('#query-municipality');
    assert.ok(name.includes(LUDZA.name), `panel says ${name}`);
    assert.equal(await page.getAttribute('#query-municipality', 'data-code'), where.municipality.code);
    const ru = await page.getAttribute('#query-border-distance dd[data-neighbour="RU"]', 'data-metres');
    assert.ok(Number(ru) > 0, `distance to RU border: ${ru}`);
    // The click lands on a pixel, a few hundred metres from the exact test point at most.
    const asked = await hook(() => window.pierobeza.lastQuery().locate.distance_to_border_m.RU);
    assert.equal(Number(ru), Math.round(asked), 'the distance the service gave for the clicked point');
    assert.ok(Math.abs(Number(ru) - where.distance_to_border_m.RU) < 3000, `${ru} m near ${where.distance_to_border_m.RU} m`);
    assert.match(await page.textContent('#query-border-distance dd[data-neighbour="RU"]'), /\d.*(km|m)/);

    const facility = await hook(() => window.pierobeza.facility());
    if (facility) {
      const near = await api(`/analysis/nearest?lon=${LUDZA.lon}&lat=${LUDZA.lat}&layer=${facility}&k=5`);
      const items = await page.$$eval('#query-nearest li', (els) => els.map((e) => Number(e.dataset.distanceM)));
      assert.ok(items.length > 0, 'nearest facilities listed');
      assert.equal(items.length, near.features.length);
      assert.deepEqual(items, [...items].sort((a, b) => a - b), 'nearest first');
      assert.ok(await page.locator('.leaflet-pane path.pz-nearest').count() >= items.length, 'nearest facilities drawn on the map');
    }

    assert.equal(await page.isVisible('#unit-panel'), true);
    assert.equal(await page.getAttribute('#unit-panel', 'data-code'), where.municipality.code);
    assert.ok(await page.locator('#coverage-table tr[data-field="population"]').count() === 1, 'coverage table');
    if (facility) assert.ok(await page.locator('#coverage-table tr[data-field="population_share"]').count() === 1);

    // Issue 17, 1: the panel tells the whole truth — the plan-wide measures apply here too.
    const cov = await api(`/analysis/coverage?municipality=${LUDZA.code}&layer=${facility}&radius_m=25000`);
    const regionWide = cov.plan_level?.region_wide_measures ?? [];
    await page.waitForFunction((n) => document.querySelector('#unit-planwide')?.dataset.count === String(n), regionWide.length);
    const listedWide = await page.$$eval('#unit-planwide li[data-measure-id]', (els) => els.map((e) => e.dataset.measureId));
    assert.deepEqual(listedWide.sort(), [...regionWide].sort(), 'every plan-wide measure listed');
    const dirs = await page.$$eval('#unit-planwide details[data-direction]', (els) => els.map((e) => e.dataset.direction));
    assert.ok(dirs.includes('security') && dirs.includes('economy') && dirs.includes('human_resources'), `grouped by direction: ${dirs}`);
    assert.ok(Number(await page.getAttribute('#unit-measures', 'data-count')) >= 1, 'the unit\'s own measures');
    const unitFunding = cov.units[0].funding_attributed_eur;
    if (unitFunding === null || unitFunding === 0) {
      assert.equal(await page.getAttribute('#unit-funding', 'data-funding'), 'unknown', 'funding not shown as €0');
      assert.ok((await page.textContent('#unit-funding')).length > 40, 'with the reason');
    }
    assert.ok(await page.locator('#unit-funding [data-plan-total]').count() === 1, 'the plan total not tied to a place');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(5, 5); // no hover tooltip in the picture
    await page.evaluate(() => { document.querySelector('#unit-planwide details')?.setAttribute('open', ''); });
    await page.screenshot({ path: join(ARTIFACTS, 'map.png'), fullPage: true });
  });

  it('a click on a town marker shows the measure in the panel and still queries the unit', async () => {
    const layer = 'disaster_management_centres_candidates_points';
    if (!collections.some((c) => c.id === layer)) return;
    const f = (await api(`/collections/${layer}/items?limit=100`)).features.find((x) => x.properties.place_name === 'Ludza') ?? (await api(`/collections/${layer}/items?limit=1`)).features[0];
    const [lon, lat] = f.geometry.coordinates;
    await hook(([x, y]) => window.pierobeza.map.setView([y, x], 9, { animate: false }), [lon, lat]);
    const { x, y } = await hook(([a, b]) => window.pierobeza.pagePoint(a, b), [lon, lat]);
    const hit = await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.getAttribute('data-layer'), [x, y]);
    assert.equal(hit, layer, 'the click lands on the marker');
    await page.mouse.click(x, y);
    await page.waitForFunction(() => document.body.dataset.query === 'done', null, { timeout: 30_000 });
    const where = await api(`/analysis/locate?lon=${lon}&lat=${lat}`);
    await page.waitForFunction((c) => document.querySelector('#unit-panel')?.dataset.code === c, where.municipality.code);
    assert.equal(await page.isVisible('#unit-panel'), true, 'the unit panel is filled');
    assert.equal(await page.locator('.leaflet-popup').count(), 0, 'no popup takes over');
    assert.equal(await page.isVisible('#feature-details'), true, 'the marker\'s details are in the panel');
    for (const field of ['measure_id', 'precision', 'provenance']) {
      assert.equal(await page.locator(`#feature-details tr[data-field="${field}"]`).count(), 1, `details show ${field}`);
    }
    // With every measure area layer on, a click still queries the place.
    const areas = collections.filter((c) => c.geometry_class === 'areas' && c.group === 'measures').map((c) => c.id);
    for (const id of areas) await hook((i) => window.pierobeza.setLayerVisible(i, true), id);
    await hook(() => window.pierobeza.map.setView([56.55, 27.75], 9, { animate: false }));
    const p = await hook(() => window.pierobeza.pagePoint(27.75, 56.55));
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(() => document.body.dataset.query === 'done', null, { timeout: 30_000 });
    await page.waitForFunction((c) => document.querySelector('#unit-panel')?.dataset.code === c, LUDZA.code);
    for (const id of areas) await hook((i) => window.pierobeza.setLayerVisible(i, false), id);
  });

  it('clears the last unit on every new query; outside Latvia it shows only the border distances', async () => {
    assert.equal(await page.getAttribute('#unit-panel', 'data-code'), LUDZA.code);
    await hook(() => window.pierobeza.map.setView([56.4, 28.3], 8, { animate: false }));
    const p = await hook(([a, b]) => window.pierobeza.pagePoint(a, b), [RUSSIA.lon, RUSSIA.lat]);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(() => document.body.dataset.query === 'done', null, { timeout: 30_000 });
    assert.equal(await page.getAttribute('#query-municipality', 'data-code'), '');
    assert.equal(await page.isVisible('#unit-panel'), false, 'no stale unit panel');
    assert.equal(await page.locator('#coverage-table tr').count(), 0, 'no stale table');
    assert.equal(await page.isVisible('#query-nearest-block'), false, 'no nearest facilities for a place outside Latvia');
    assert.equal(await page.isVisible('#feature-details'), false);
    assert.equal(await hook(() => window.pierobeza.selected()), null, 'no unit outlined');
    assert.ok(Number(await page.getAttribute('#query-border-distance dd[data-neighbour="RU"]', 'data-metres')) >= 0, 'the border distance');
  });

  it('finds a unit by name or code, either vintage, without diacritics, and lists units sortably', async () => {
    for (const [q, code] of [['ludz', 'LV-058'], ['REZEKNES', 'LV-077'], ['lv-058', 'LV-058'], ['aluksne', 'LV-007']]) {
      await page.fill('#unit-search', q);
      const hits = await page.$$eval('#unit-search-results button', (els) => els.map((e) => [e.dataset.code, e.dataset.vintage]));
      assert.ok(hits.some(([c]) => c === code), `${q} → ${code}: ${JSON.stringify(hits)}`);
      assert.ok(hits.some(([, v]) => v === 'current') && hits.some(([, v]) => v === '2021'), `${q}: both vintages`);
    }
    await page.fill('#unit-search', 'varaklan');
    assert.deepEqual(await page.$$eval('#unit-search-results button', (els) => els.map((e) => e.dataset.vintage)), ['2021'], 'a 2021-only unit');
    await page.fill('#unit-search', 'kraslava');
    await page.press('#unit-search', 'Enter');
    await page.waitForFunction(() => document.querySelector('#unit-panel')?.dataset.code === 'LV-047');
    await page.fill('#unit-search', '');

    await page.click('#unit-list-panel > summary');
    assert.equal(await page.locator('#unit-list tbody tr').count(), 43);
    await page.click('#unit-list button[data-sort="value"]');
    const values = await page.$$eval('#unit-list tbody td.num', (els) => els.map((e) => (e.dataset.value === '' ? -Infinity : Number(e.dataset.value))));
    assert.deepEqual(values, [...values].sort((a, b) => b - a), 'sorted by the figure, largest first');
    assert.equal(await page.getAttribute('#unit-list th:nth-child(3)', 'aria-sort'), 'descending');
    await page.click('#unit-list button.unit-pick[data-code="LV-058"]');
    await page.waitForFunction(() => document.querySelector('#unit-panel')?.dataset.code === 'LV-058');
    await page.click('#unit-list-panel > summary');
  });

  it('offers downloads of what is on screen: the coverage CSV with the mapped figure (BOM, no totals, no -0), totals apart, GeoJSON per layer', async () => {
    await page.click('#downloads-panel > summary');
    const readDownload = async (sel) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
      return { name: dl.suggestedFilename(), body: readFileSync(await dl.path()) };
    };
    const facility = await hook(() => window.pierobeza.facility());
    const one = await readDownload('#downloads a[data-download="coverage-csv"]');
    assert.deepEqual([...one.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for spreadsheets');
    const text = one.body.toString('utf8').slice(1);
    const lines = text.trim().split(/\r?\n/);
    const header = lines[0].split(',');
    assert.ok(header.includes(`population_share_within_25km_of_${facility}`), `the mapped figure is a column: ${header}`);
    assert.equal(lines.length, 44, 'one row per unit, no totals among them');
    assert.ok(!/^(latvia|plan_territory|rest_of_latvia|total)/m.test(text), 'no total rows');
    assert.ok(!/(^|,)-0(\.0+)?(,|$)/m.test(text), 'no -0');
    assert.ok(text.includes('Alūksnes novads'), 'UTF-8 names');
    const totals = await readDownload('#downloads a[data-download="totals-csv"]');
    assert.match(totals.body.toString('utf8'), /^\uFEFFscope,/);
    assert.match(totals.body.toString('utf8'), /plan_territory/);
    // Another facility layer: another column.
    const other = collections.find((c) => c.group === 'measures' && c.geometry_class === 'points' && c.id !== facility);
    if (other) {
      await page.selectOption('#facility-select', other.id);
      await page.waitForFunction(() => document.body.dataset.busy === 'false');
      const two = await readDownload('#downloads a[data-download="coverage-csv"]');
      assert.ok(two.body.toString('utf8').split(/\r?\n/)[0].includes(`population_share_within_25km_of_${other.id}`), 'the CSV follows the facility');
      await page.selectOption('#facility-select', facility);
      await page.waitForFunction(() => document.body.dataset.busy === 'false');
    }
    await page.click('#downloads-all > summary');
    for (const c of collections) {
      const href = await page.getAttribute(`#downloads-layers a[data-download="layer"][data-layer-id="${c.id}"]`, 'href');
      assert.ok(href, `${c.id}: download link`);
      const res = await fetch(new URL(href, server.base));
      assert.equal(res.status, 200, `${href}: HTTP ${res.status}`);
      const matched = (await api(`/collections/${c.id}/items?limit=1`)).numberMatched;
      assert.equal((await res.json()).features.length, matched, `${href}: every feature`);
    }
    // The GeoPackage needs GDAL in the server: without it the first click replaces the link by
    // a note saying why, instead of a failed download.
    const gpkg = await fetch(`${server.base}/export/pierobeza.gpkg`, { method: 'HEAD' });
    if (gpkg.status === 503 || gpkg.status === 404) {
      const before = consoleErrors.length;
      await page.click('#downloads a[data-download="gpkg"]');
      await page.waitForFunction(() => document.body.dataset.gpkg === 'unavailable');
      assert.equal(await page.locator('#downloads a[data-download="gpkg"]').count(), 0, 'no dead GeoPackage link');
      assert.equal(await page.isVisible('#gpkg-note'), true, 'the reason is given');
      // Chromium logs the (expected) 503 of that HEAD request; it is the answer, not a fault.
      const extra = consoleErrors.splice(before);
      for (const e of extra) assert.match(e, /503|404/, `only the expected status: ${e}`);
    } else {
      assert.ok(await page.getAttribute('#downloads a[data-download="gpkg"]', 'href'));
    }
    await page.click('#downloads-all > summary');
    await page.click('#downloads-panel > summary');
  });

  it('has a catalogue string for every label in Latvian mode: no English and no untranslated value is visible', async () => {
    // Open everything a reader can open: a unit, a measure's details, the plan-wide groups.
    await page.click('#lang-lv');
    await page.fill('#unit-search', 'ludza');
    await page.press('#unit-search', 'Enter');
    await page.waitForFunction(() => document.querySelector('#unit-panel')?.dataset.code === 'LV-058' && document.querySelector('#unit-planwide')?.dataset.count !== undefined);
    await page.fill('#unit-search', '');
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    const bad = await page.evaluate((re) => {
      const english = new RegExp(re, 'i');
      const out = [];
      const foreign = (el) => el.closest('[lang]:not([lang="lv"]), [translate="no"]');
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const s = n.textContent.trim();
        if (!s || !el || el.closest('script, style, .pz-defs') || foreign(el)) continue;
        if (!el.getClientRects().length && !el.closest('.sr-only, option, optgroup')) continue;
        if (english.test(s)) out.push(`text: ${s}`);
      }
      for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], optgroup[label]')) {
        if (foreign(el)) continue;
        for (const a of ['aria-label', 'title', 'placeholder', 'label']) {
          const v = el.getAttribute(a);
          if (v && english.test(v)) out.push(`${a}: ${v}`);
        }
      }
      for (const el of document.querySelectorAll('[data-untranslated]')) out.push(`untranslated: ${el.textContent}`);
      return out;
    }, ENGLISH.source);
    assert.deepEqual(bad, [], 'English or untranslated strings in Latvian mode');
    const src = readFileSync(join(REPO, 'web', 'src', 'i18n.js'), 'utf8');
    const { STRINGS } = await import(`data:text/javascript,${encodeURIComponent(src)}`);
    assert.deepEqual(Object.keys(STRINGS.lv).sort(), Object.keys(STRINGS.en).sort(), 'the catalogue has every key in both languages');
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('#unit-planwide details, #downloads-all, #unit-list-panel')) d.open = false;
    });
  });

  it('gives every legend class at least 3:1 contrast against the panel (or a pattern that has it)', async () => {
    const panel = rgbToHex(await page.evaluate(() => getComputedStyle(document.querySelector('#sidebar')).backgroundColor));
    for (const fig of await hook(() => window.pierobeza.figures())) {
      await page.selectOption('#figure-select', fig);
      const swatches = await page.$$eval('#choropleth-legend li[data-class] .sw', (els) => els.map((e) => [e.dataset.colour ?? null, e.dataset.pattern ?? null]));
      assert.ok(swatches.length >= 2);
      for (const [colour, pattern] of swatches) {
        const c = contrast(colour ?? pattern, panel);
        assert.ok(c >= 3, `${fig}: ${colour ?? pattern} has ${c.toFixed(2)}:1 against ${panel}`);
      }
    }
    await page.selectOption('#figure-select', 'population_share');
  });

  it('draws the neighbours and the sea offline, with OpenStreetMap credited', async () => {
    for (const n of ['RU', 'BY', 'LT', 'EE']) {
      assert.ok(await page.locator(`.leaflet-pane path[data-country="${n}"]`).count() >= 1, `${n} drawn`);
    }
    const land = await page.getAttribute('.leaflet-pane path[data-country="RU"]', 'fill');
    const sea = rgbToHex(await page.evaluate(() => getComputedStyle(document.querySelector('#map')).backgroundColor));
    assert.notEqual(land.toLowerCase(), sea, 'land and sea differ');
    assert.match(await page.textContent('.leaflet-control-attribution'), /OpenStreetMap.*ODbL/);
  });

  it('switches between Latvian and English labels', async () => {
    const lv = await page.textContent('#page-title');
    await page.click('#lang-en');
    assert.equal(await page.getAttribute('body', 'data-lang'), 'en');
    const en = await page.textContent('#page-title');
    assert.notEqual(en, lv);
    assert.match(en, /action plan/i);
    assert.match(await page.textContent('#layers-panel > summary'), /Layers/);
    // The selected unit keeps its official name, with the English one beside it.
    assert.ok((await page.textContent('#unit-name')).includes(LUDZA.name));
    assert.match(await page.textContent('#unit-planwide'), /Security|Economy|Human resources/);
    await page.screenshot({ path: join(ARTIFACTS, 'map-en.png'), fullPage: true });
    await page.click('#lang-lv');
    assert.equal(await page.textContent('#page-title'), lv);
  });

  it('is usable from the keyboard: skip links, the map within 5 Tabs, Enter queries its centre, results announced', async () => {
    const kb = await context.newPage();
    kb.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`keyboard page: ${m.text()}`); });
    await kb.setViewportSize(DESKTOP);
    await kb.goto(`${server.base}/map`);
    await kb.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    let presses = 0;
    for (; presses < 10; presses += 1) {
      if (await kb.evaluate(() => document.activeElement?.id === 'map')) break;
      await kb.keyboard.press('Tab');
    }
    assert.ok(presses <= 5, `Tab reaches the map in ${presses} presses`);
    assert.equal(await kb.getAttribute('#skip-map', 'href'), '#map');
    assert.equal(await kb.getAttribute('#skip-results', 'href'), '#infopanel');
    await kb.evaluate(() => window.pierobeza.map.setView([56.55, 27.75], 9, { animate: false }));
    await kb.keyboard.press('Enter');
    await kb.waitForFunction(() => document.body.dataset.query === 'done', null, { timeout: 30_000 });
    assert.equal(await kb.getAttribute('#query-municipality', 'data-code'), LUDZA.code, 'Enter queried the centre');
    await kb.waitForFunction(() => /Ludzas novads/.test(document.querySelector('[aria-live]')?.textContent ?? ''));
    assert.ok(await kb.locator('#infopanel [aria-live]').count() >= 1, 'results in an aria-live region');
    // The unit list: reachable and usable with keys only.
    await kb.focus('#unit-search');
    await kb.keyboard.type('rezek');
    await kb.keyboard.press('ArrowDown');
    assert.equal(await kb.evaluate(() => document.activeElement?.classList.contains('unit-hit')), true);
    await kb.keyboard.press('Enter');
    await kb.waitForFunction(() => ['LV-077', 'LV-DGV', 'LV-REZ'].includes(document.querySelector('#unit-panel')?.dataset.code));
    await kb.close();
  });

  it('has no serious or critical axe-core violations', async () => {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target}`), [], 'axe-core violations');
  });

  it('works at phone size (390×844): the page scrolls, the results follow the map without an inner scroll, attribution clear of the scale', async () => {
    const ph = await context.newPage();
    ph.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`phone page: ${m.text()}`); });
    await ph.setViewportSize(PHONE);
    await ph.goto(`${server.base}/map`);
    await ph.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    const p = await ph.evaluate(([a, b]) => window.pierobeza.pagePoint(a, b), [LUDZA.lon, LUDZA.lat]);
    await ph.mouse.click(p.x, p.y);
    await ph.waitForFunction(() => document.body.dataset.query === 'done', null, { timeout: 30_000 });
    await ph.waitForFunction(() => document.querySelector('#unit-planwide')?.dataset.count > '0');
    const m = await ph.evaluate(() => {
      const info = document.querySelector('#infopanel');
      const map = document.querySelector('#map').getBoundingClientRect();
      const box = (s) => { const r = document.querySelector(s)?.getBoundingClientRect(); return r && { l: r.left, r: r.right, t: r.top, b: r.bottom }; };
      return {
        page: document.scrollingElement.scrollHeight,
        inner: info.scrollHeight - info.clientHeight,
        infoTop: info.getBoundingClientRect().top,
        mapBottom: map.bottom,
        mapWidth: map.width,
        scale: box('.leaflet-control-scale'),
        attribution: box('.leaflet-control-attribution'),
      };
    });
    assert.ok(m.page > PHONE.height, `the page scrolls (${m.page} px)`);
    assert.ok(m.inner <= 1, `no inner scroll in the results (${m.inner} px hidden)`);
    assert.ok(m.infoTop >= m.mapBottom - 1 && m.infoTop < m.mapBottom + 40, 'the results follow the map');
    assert.ok(m.mapWidth >= PHONE.width - 2, 'the map is full width');
    const overlap = !(m.scale.r <= m.attribution.l || m.attribution.r <= m.scale.l || m.scale.b <= m.attribution.t || m.attribution.b <= m.scale.t);
    assert.equal(overlap, false, `attribution ${JSON.stringify(m.attribution)} clear of the scale ${JSON.stringify(m.scale)}`);
    assert.equal(await ph.isVisible('#unit-panel'), true);
    await ph.screenshot({ path: join(ARTIFACTS, 'map-phone.png'), fullPage: true });
    await ph.close();
  });

  it('keeps no console errors through all of the above', () => {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests.filter((u) => !isLocal(u)), []);
  });

  it('turns the online basemap quietly off when it cannot be reached', async () => {
    // The context aborts every request off loopback, as on a machine with no internet.
    await page.click('#basemap-toggle');
    await page.waitForFunction(() => document.body.dataset.basemap === 'unreachable', null, { timeout: 20_000 });
    assert.equal(await page.isChecked('#basemap-toggle'), false);
    assert.equal(await page.isVisible('#basemap-status'), true);
    assert.equal(await hook((id) => window.pierobeza.isLayerVisible(id), BASE_UNITS), true, 'the map still stands');
  });
});
