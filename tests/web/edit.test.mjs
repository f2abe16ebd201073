// End-to-end tests of editing on the map (issue 13, item 5) in headless Chromium against the
// real server on loopback, with a store of its own and an editor token made by the CLI while
// the server runs. Run by scripts/web-test.sh after map.test.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
// A site to move: a higher-education site (one point per location, in the plan territory).
const SITE_LAYER = 'higher_education_points';
// A road section drawn in Ludzas novads, well inside it.
const ROAD = [[27.66, 56.53], [27.72, 56.55], [27.78, 56.54]];
const LUDZA = 'LV-058';

let server;
let context;
let page;
let userDataDir;
let token;
const requests = [];
const consoleErrors = [];

function isLocal(url) {
  const u = new URL(url);
  if (['data:', 'blob:', 'about:', 'chrome:', 'chrome-extension:'].includes(u.protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(u.hostname) || /^127\./.test(u.hostname);
}

async function api(path, headers = {}) {
  const res = await fetch(`${server.base}${path}`, { headers: { Accept: 'application/json', ...headers } });
  return { status: res.status, body: await res.json().catch(() => null), etag: res.headers.get('ETag') };
}

const hook = (fn, arg) => page.evaluate(fn, arg);

async function ready(p = page) {
  await p.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
}

/** Waits for the page's reload after a log-in, log-out or save. */
async function reloaded(since) {
  await page.waitForFunction((t) => {
    const r = document.body.dataset.reloaded;
    return r && r !== 'pending' && Number(r) > t;
  }, since, { timeout: 60_000 });
}

/** Zooms to a lon/lat and returns its page point, checking what the pointer would hit there. */
async function pointOn(lon, lat, zoom) {
  await hook(([x, y, z]) => window.pierobeza.map.setView([y, x], z, { animate: false }), [lon, lat, zoom]);
  return hook(([x, y]) => window.pierobeza.pagePoint(x, y), [lon, lat]);
}

describe('editing on the map', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startServer({ name: 'edit' });
    // The server holds the SQLite store open (WAL): the CLI adds a token beside it.
    token = createToken(server.database, 'web-test-editor', 'editor');
    assert.match(token, /\S{20,}/, 'a token was printed');
    userDataDir = mkdtempSync(join(tmpdir(), 'pierobeza-chromium-edit-'));
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
    page.on('dialog', (d) => d.accept());
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await server?.stop();
  });

  it('logs in with a token: checked by the server, kept in the session only', async () => {
    await page.goto(`${server.base}/map`);
    await ready();
    assert.equal(await page.isVisible('#editor'), false, 'no editing tools before log-in');
    await page.click('#edit-panel > summary');
    assert.equal(await page.getAttribute('#token-input', 'type'), 'password');
    assert.equal(await page.getAttribute('#token-input', 'autocomplete'), 'off');
    // A wrong token is refused with the server's word, and nothing is kept.
    await page.fill('#token-input', 'pbz_not-a-token');
    await page.click('#login-button');
    await page.waitForFunction(() => document.querySelector('#auth-message')?.dataset.state === 'error');
    assert.equal(await hook(() => sessionStorage.length), 0);
    assert.equal(await page.inputValue('#token-input'), '', 'the field is emptied');
    consoleErrors.length = 0; // Chromium logs the refused whoami (401): the expected answer.

    const t0 = Date.now();
    await page.fill('#token-input', token);
    await page.click('#login-button');
    await page.waitForFunction(() => document.body.dataset.auth === 'editor');
    await reloaded(t0);
    assert.equal(await page.inputValue('#token-input'), '', 'the field is emptied');
    assert.equal(await page.isVisible('#editor'), true, 'the editing tools');
    assert.match(await page.textContent('#session-who'), /web-test-editor/);
    assert.ok(!page.url().includes(token), 'no token in the URL');
    assert.equal(await hook(() => localStorage.length), 0, 'nothing in localStorage');
    assert.equal(await hook(() => document.cookie), '', 'no cookie');
  });

  it('moves a site by dragging its marker; after a reload it is where it was put', async () => {
    const fc = (await api(`/collections/${SITE_LAYER}/items?limit=100`)).body;
    const f = fc.features.find((x) => x.geometry?.type === 'Point' && x.properties.precision === 'exact') ?? fc.features[0];
    const [lon, lat] = f.geometry.coordinates;
    const p = await pointOn(lon, lat, 13);
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-layer'), [p.x, p.y]);
    assert.equal(hit, SITE_LAYER, 'the click lands on the site');
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector('#edit-selected:not([hidden])');
    assert.equal(await page.getAttribute('#edit-selected', 'data-fid'), String(f.id));
    await page.click('#edit-start');
    await page.waitForSelector('#edit-form:not([hidden])');
    await page.waitForSelector('.pz-edit-marker');

    // Drag the marker 80 px right and 50 px down (about 1.6 km at this zoom).
    const box = await page.locator('.pz-edit-marker').boundingBox();
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i += 1) await page.mouse.move(from.x + 8 * i, from.y + 5 * i);
    await page.mouse.up();
    const moved = { lon: Number(await page.inputValue('#edit-lon')), lat: Number(await page.inputValue('#edit-lat')) };
    assert.ok(moved.lon > lon + 0.005 && moved.lat < lat - 0.002, `the marker moved: ${JSON.stringify(moved)} from ${lon}, ${lat}`);

    const t0 = Date.now();
    await page.click('#edit-save');
    await page.waitForFunction(() => ['saved', 'error'].includes(document.body.dataset.edit));
    assert.equal(await page.getAttribute('#edit-message', 'data-state'), 'saved', await page.textContent('#edit-message'));
    await reloaded(t0);
    const now = (await api(`/collections/${SITE_LAYER}/items/${encodeURIComponent(f.id)}`)).body;
    assert.deepEqual(now.geometry.coordinates, [moved.lon, moved.lat], 'the server has the new position');

    await page.reload();
    await ready();
    assert.equal(await hook(() => document.body.dataset.auth), 'editor', 'still logged in after a reload (this tab)');
    const drawn = await hook(([id, fid]) => window.pierobeza.featurePoint(id, fid), [SITE_LAYER, f.id]);
    assert.ok(Math.abs(drawn.lon - moved.lon) < 1e-6 && Math.abs(drawn.lat - moved.lat) < 1e-6, `drawn at ${JSON.stringify(drawn)}`);
  });

  it('shows the API\'s validation message for a value it refuses, and stores nothing', async () => {
    const fc = (await api(`/collections/${SITE_LAYER}/items?limit=100`)).body;
    const f = fc.features.find((x) => x.properties.precision === 'exact') ?? fc.features[0];
    const before = await api(`/collections/${SITE_LAYER}/items/${encodeURIComponent(f.id)}`);
    const [lon, lat] = f.geometry.coordinates;
    const p = await pointOn(lon, lat, 13);
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector('#edit-selected:not([hidden])');
    await page.click('#edit-start');
    await page.waitForSelector('#edit-form:not([hidden])');
    // An exact site must cite its coordinate with a link.
    await page.selectOption('#edit-precision', 'exact');
    await page.fill('#edit-provenance', 'a phone call');
    await page.click('#edit-save');
    await page.waitForFunction(() => document.querySelector('#edit-message')?.dataset.state === 'error');
    const msg = await page.textContent('#edit-message');
    assert.match(msg, /properties\.provenance/, msg);
    assert.match(msg, /exact precision needs a provenance citing the coordinate/, msg);
    assert.equal(await page.getAttribute('#edit-message', 'aria-live'), 'polite');
    const after = await api(`/collections/${SITE_LAYER}/items/${encodeURIComponent(f.id)}`);
    assert.equal(after.etag, before.etag, 'nothing stored');
    await page.click('#edit-cancel');
    consoleErrors.length = 0; // the refused PATCH (400) is logged by Chromium: the expected answer
  });

  it('draws a road section as a line; the server measures it and the unit\'s line km show at once', async () => {
    const kmBefore = (await api(`/analysis/coverage?municipality=${LUDZA}&format=json`)).body.units[0].line_km_by_kind?.roads ?? 0;
    await page.click('#edit-tools button[data-draw="Line"]');
    const mid = ROAD[1];
    await pointOn(mid[0], mid[1], 11);
    for (const [x, y] of ROAD) {
      const q = await hook(([a, b]) => window.pierobeza.pagePoint(a, b), [x, y]);
      await page.mouse.click(q.x, q.y);
    }
    await page.click('#edit-finish');
    await page.waitForSelector('#edit-form:not([hidden])');
    await page.selectOption('#edit-measure', 'eco-10');
    assert.equal(await page.getAttribute('#edit-layer', 'data-layer'), 'roads_lines');
    await page.selectOption('#edit-precision', 'exact');
    await page.fill('#edit-provenance', 'https://example.lv/road-section');
    await page.fill('#edit-place', 'Testa ceļa posms');
    await page.screenshot({ path: join(ARTIFACTS, 'map-edit.png') });
    // The open editing form: Latvian throughout, and no serious axe-core violation.
    const english = await page.evaluate((re) => {
      const rx = new RegExp(re, 'i');
      const out = [];
      const panel = document.querySelector('#edit-panel');
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el.closest('[lang]:not([lang="lv"]), [translate="no"]') && (el.getClientRects().length || el.closest('option')) && rx.test(n.textContent)) out.push(n.textContent.trim());
      }
      for (const el of panel.querySelectorAll('[aria-label], [title], [placeholder]')) {
        for (const a of ['aria-label', 'title', 'placeholder']) if (rx.test(el.getAttribute(a) ?? '')) out.push(`${a}: ${el.getAttribute(a)}`);
      }
      return out;
    }, ENGLISH.source);
    assert.deepEqual(english, [], 'English in the Latvian editing panel');
    await page.evaluate(AXE_SOURCE);
    const axe = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target}`), [], 'axe-core violations with the editing form open');
    const t0 = Date.now();
    await page.click('#edit-save');
    await page.waitForFunction(() => ['saved', 'error'].includes(document.body.dataset.edit) && document.querySelector('#edit-message').dataset.state !== 'busy');
    assert.equal(await page.getAttribute('#edit-message', 'data-state'), 'saved', await page.textContent('#edit-message'));
    await reloaded(t0);
    const lines = (await api('/collections/roads_lines/items')).body;
    assert.equal(lines.features.length, 1, 'the first road line');
    assert.equal(await hook(() => window.pierobeza.renderedFeatureCount('roads_lines')), 1, 'drawn on the map');
    const kmAfter = (await api(`/analysis/coverage?municipality=${LUDZA}&format=json`)).body.units[0].line_km_by_kind.roads;
    // About 8 km of road, measured by the server in LKS-92.
    assert.ok(kmAfter - kmBefore > 6 && kmAfter - kmBefore < 10, `${kmAfter - kmBefore} km added`);
    await page.fill('#unit-search', 'ludza');
    await page.press('#unit-search', 'Enter');
    await page.waitForFunction((c) => document.querySelector('#unit-panel')?.dataset.code === c, LUDZA);
    await page.waitForSelector('#coverage-table tr[data-field="line_km"]');
    await page.fill('#unit-search', '');
  });

  it('logs out: no token in the URL, the storage, the cookies or the page', async () => {
    const t0 = Date.now();
    await page.click('#logout-button');
    await page.waitForFunction(() => document.body.dataset.auth === 'none');
    await reloaded(t0);
    assert.equal(await page.isVisible('#editor'), false);
    const found = await hook((secret) => {
      const inputs = [...document.querySelectorAll('input, textarea')].map((e) => e.value);
      const stores = [sessionStorage, localStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`));
      return {
        href: window.location.href.includes(secret),
        storage: stores.some((x) => x.includes(secret)),
        cookie: document.cookie.includes(secret),
        dom: document.documentElement.outerHTML.includes(secret),
        inputs: inputs.some((v) => v.includes(secret)),
        sessionKeys: sessionStorage.length,
      };
    }, token);
    assert.deepEqual(found, { href: false, storage: false, cookie: false, dom: false, inputs: false, sessionKeys: 0 });
    assert.ok(!requests.some((u) => u.includes(token)), 'no request carried the token in its URL');
    // A reload stays logged out.
    await page.reload();
    await ready();
    assert.equal(await hook(() => document.body.dataset.auth), 'none');
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests.filter((u) => !isLocal(u)), []);
  });
});
