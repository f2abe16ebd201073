// What a fresh browser transfers to show the map: headless Chromium with an empty cache loads
// /map, waits until the page says it is ready and the network is idle, and sums each response's
// transferred bytes (body as sent, compressed, plus headers). map.test.mjs holds the map to its
// budget with it; run alone it prints every response, for docs/benchmarks.md:
//   node tests/web/first-load.mjs http://127.0.0.1:8080
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

/** `{rows: [{url, bytes, enc}] (largest first), bytes}` of a first load of `${base}/map`. */
export async function measureFirstLoad(base, { executablePath = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', args = ['--no-sandbox'] } = {}) {
  const browser = await chromium.launch({ executablePath, args });
  try {
    const page = await browser.newPage();
    const pending = [];
    page.on('requestfinished', (req) => pending.push((async () => {
      const s = await req.sizes();
      const enc = (await (await req.response())?.allHeaders())?.['content-encoding'] ?? '';
      return { url: req.url().replace(base, ''), bytes: s.responseBodySize + s.responseHeadersSize, enc };
    })()));
    await page.goto(`${base}/map`, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    const rows = (await Promise.all(pending)).sort((a, b) => b.bytes - a.bytes);
    return { rows, bytes: rows.reduce((n, r) => n + r.bytes, 0) };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const base = (process.argv[2] ?? '').replace(/\/$/, '');
  if (!base) {
    console.error('usage: node first-load.mjs BASE_URL');
    process.exit(2);
  }
  const { rows, bytes } = await measureFirstLoad(base);
  for (const r of rows) console.log(String(r.bytes).padStart(9), r.enc.padEnd(4), r.url);
  console.log(`requests ${rows.length}, bytes ${bytes}`);
}
