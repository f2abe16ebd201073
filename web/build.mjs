// Builds web/src into web/dist: one JS bundle (with Leaflet from npm), one CSS file, index.html.
// Asset URLs are absolute under /map/ because the page itself is served at /map (no trailing
// slash), where a relative "./app.js" would resolve to "/app.js".
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: { app: join(here, 'src', 'main.js') },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['es2020'],
  outdir: dist,
  // Leaflet's CSS refers to a few PNGs (layer control icons); ship them beside app.css.
  loader: { '.png': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  logLevel: 'info',
});

cpSync(join(here, 'src', 'index.html'), join(dist, 'index.html'));
