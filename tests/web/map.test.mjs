// End-to-end tests of the map page (issue 5) in Debian's headless Chromium against the real
// server on loopback. Run by scripts/web-test.sh; needs web/dist built first.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const BASE_UNITS = 'municipalities_2021';
// A point in Ludzas novads, away from its towns (checked against /analysis/locate below).
const LUDZA = { lon: 27.75, lat: 56.55, name: 'Ludzas novads' };

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
      viewport: { width: 1440, height: 900 },
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

  it('lists every collection with a legend swatch, and renders each with as many features as the collection has', async () => {
    assert.ok(collections.length >= 2, 'the service lists collections');
    const listed = await page.$$eval('.layer-item', (els) => els.map((e) => e.dataset.layerId));
    assert.deepEqual([...listed].sort(), collections.map((c) => c.id).sort());
    assert.ok(await hook((id) => window.pierobeza.isLayerVisible(id), BASE_UNITS), 'the municipality layer is on');

    const defaults = {};
    for (const c of collections) defaults[c.id] = await hook((id) => window.pierobeza.isLayerVisible(id), c.id);
    // Turn every layer on, then compare with what the service says each holds.
    for (const c of collections) await hook((id) => window.pierobeza.setLayerVisible(id, true), c.id);
    for (const c of collections) {
      const fc = await api(`/collections/${encodeURIComponent(c.id)}/items?limit=1`);
      const matched = fc.numberMatched;
      assert.ok(Number.isInteger(matched), `${c.id}: numberMatched`);
      const inLayer = await hook((id) => window.pierobeza.layerFeatureCount(id), c.id);
      const inDom = await hook((id) => window.pierobeza.renderedFeatureCount(id), c.id);
      assert.equal(inLayer, matched, `${c.id}: features in the Leaflet layer vs numberMatched`);
      assert.equal(inDom, matched, `${c.id}: features drawn in the document vs numberMatched`);
      const swatch = await page.$(`.layer-item[data-layer-id="${c.id}"] .sw`);
      assert.ok(swatch, `${c.id}: legend swatch`);
    }
    assert.equal(await hook((id) => window.pierobeza.layerFeatureCount(id), BASE_UNITS), 43, 'the plan\'s 43 units');
    // Back to the page's own defaults for the screenshot.
    for (const c of collections) await hook(([id, v]) => window.pierobeza.setLayerVisible(id, v), [c.id, defaults[c.id]]);
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
      if (collections.some((c) => c.id === 'disaster_management_centres_points')) assert.equal(facility, 'disaster_management_centres_points');
    }
    const seen = [];
    for (const fig of figures) {
      await page.selectOption('#figure-select', fig);
      await page.waitForFunction((f) => document.body.dataset.figure === f, fig);
      const fills = await hook(() => window.pierobeza.unitFills());
      assert.equal(Object.keys(fills).length, 43);
      for (const [code, fill] of Object.entries(fills)) assert.match(fill ?? '', /^#[0-9a-f]{6}$/i, `${fig}: ${code} fill`);
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
      ({ x, y } = await hook(([lon, lat]) => window.pierobeza.pagePoint(lon, lat), [LUDZA.lon, LUDZA.lat]));
      const hit = await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.getAttribute('data-layer') ?? null, [x, y]);
      if (hit === BASE_UNITS || hit?.endsWith('_areas')) break;
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

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.mouse.move(5, 5); // no hover tooltip in the picture
    await page.screenshot({ path: join(ARTIFACTS, 'map.png'), fullPage: true });
  });

  it('opens a popup with a measure\'s attributes', async () => {
    const layer = collections.find((c) => c.group === 'measures' && c.geometry_class === 'points');
    if (!layer) return;
    await hook((id) => window.pierobeza.setLayerVisible(id, true), layer.id);
    const el = page.locator(`.leaflet-pane path[data-layer="${layer.id}"]`).first();
    await el.scrollIntoViewIfNeeded();
    await el.click({ force: true });
    await page.waitForSelector('.leaflet-popup-content .pz-popup-body');
    for (const field of ['measure_id', 'precision', 'provenance']) {
      assert.equal(await page.locator(`.leaflet-popup-content tr[data-field="${field}"]`).count(), 1, `popup shows ${field}`);
    }
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.pierobeza.map.closePopup());
  });

  it('offers downloads: GeoJSON per layer, the coverage CSV and the GeoPackage', async () => {
    for (const c of collections) {
      const href = await page.getAttribute(`#downloads a[data-download="layer"][data-layer-id="${c.id}"]`, 'href');
      assert.ok(href, `${c.id}: download link`);
    }
    assert.ok(await page.getAttribute('#downloads a[data-download="coverage-csv"]', 'href'));
    assert.ok(await page.getAttribute('#downloads a[data-download="gpkg"]', 'href'));
    // Each link answers on loopback; the GeoPackage needs GDAL built in, so 503 is fair there.
    const links = await page.$$eval('#downloads a', (els) => els.map((e) => [e.dataset.download, e.dataset.layerId ?? null, e.getAttribute('href')]));
    for (const [kind, id, href] of links) {
      const url = new URL(href, server.base);
      assert.ok(isLocal(url.href), `${href} stays on the server`);
      const res = await fetch(url);
      const body = Buffer.from(await res.arrayBuffer());
      if (kind === 'gpkg') {
        assert.ok([200, 404, 503].includes(res.status), `${href}: HTTP ${res.status}`);
        continue;
      }
      assert.equal(res.status, 200, `${href}: HTTP ${res.status}`);
      if (kind === 'layer') {
        const matched = collections.find((c) => c.id === id) && (await api(`/collections/${id}/items?limit=1`)).numberMatched;
        assert.equal(JSON.parse(body.toString('utf8')).features.length, matched, `${href}: every feature`);
      } else {
        assert.match(body.toString('utf8').split('\n')[0], /code/, `${href}: a CSV header`);
      }
    }
  });

  it('switches between Latvian and English labels', async () => {
    const lv = await page.textContent('#page-title');
    await page.click('#lang-en');
    assert.equal(await page.getAttribute('body', 'data-lang'), 'en');
    const en = await page.textContent('#page-title');
    assert.notEqual(en, lv);
    assert.match(en, /action plan/i);
    assert.match(await page.textContent('#layers-panel h2'), /Layers/);
    // The selected unit keeps its official name, with the English one beside it.
    assert.ok((await page.textContent('#query-municipality')).includes(LUDZA.name));
    await page.screenshot({ path: join(ARTIFACTS, 'map-en.png'), fullPage: true });
    await page.click('#lang-lv');
    assert.equal(await page.textContent('#page-title'), lv);
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
