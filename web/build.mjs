// Builds web/src into web/dist: one JS bundle (with Leaflet from npm), one CSS file, index.html.
// Asset URLs are absolute under /map/ because the page itself is served at /map (no trailing
// slash), where a relative "./app.js" would resolve to "/app.js".
import { build } from 'esbuild';
import {
  cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basemapJson } from './tools/basemap.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

rmSync(dist, { recursive: true, force: true });

// `import basemap from 'pz:basemap'`: the offline basemap, clipped and simplified at build time
// (tools/basemap.mjs); the 168 MB source is read once and the result cached in node_modules.
const basemapPlugin = {
  name: 'pz-basemap',
  setup(b) {
    b.onResolve({ filter: /^pz:basemap$/ }, () => ({ path: 'basemap', namespace: 'pz' }));
    b.onLoad({ filter: /.*/, namespace: 'pz' }, () => ({
      contents: basemapJson(join(here, 'node_modules', '.cache', 'pierobeza')),
      loader: 'json',
    }));
  },
};
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
  plugins: [basemapPlugin],
  logLevel: 'info',
});

cpSync(join(here, 'src', 'index.html'), join(dist, 'index.html'));

// Each text file also as .br and .gz beside it, at the best levels: the server sends
// them to clients that accept them (ServeDir's precompressed files) and compresses
// nothing per request.
const compressible = /\.(js|css|html|map|svg|json)$/;
for (const entry of readdirSync(dist, { recursive: true })) {
  const file = join(dist, String(entry));
  if (!compressible.test(file) || !statSync(file).isFile()) continue;
  const body = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  );
}
