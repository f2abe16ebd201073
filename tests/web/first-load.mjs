// What a fresh browser transfers to show the map (not a test: a measurement for
// docs/benchmarks.md). Headless Chromium loads /map on a running server, waits until the
// network is idle, and prints each response's transferred bytes (body as sent, compressed,
// plus headers) and the total.
//   node tests/web/first-load.mjs http://127.0.0.1:8080
import { chromium } from 'playwright-core';

const base = (process.argv[2] ?? '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node first-load.mjs BASE_URL');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const rows = [];
page.on('requestfinished', async (req) => {
  const s = await req.sizes();
  const enc = (await (await req.response())?.allHeaders())?.['content-encoding'] ?? '';
  rows.push({ url: req.url().replace(base, ''), bytes: s.responseBodySize + s.responseHeadersSize, enc });
});
await page.goto(`${base}/map`, { waitUntil: 'networkidle', timeout: 120_000 });
await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
await page.waitForLoadState('networkidle');
rows.sort((a, b) => b.bytes - a.bytes);
for (const r of rows) console.log(String(r.bytes).padStart(9), r.enc.padEnd(4), r.url);
console.log(`requests ${rows.length}, bytes ${rows.reduce((n, r) => n + r.bytes, 0)}`);
await browser.close();
