// The service's own API, and nothing else: every URL here is same-origin.

/** An API failure carrying the service's JSON error (`{code, description, parameter}`) if any. */
export class ApiError extends Error {
  constructor(url, status, body) {
    super(`${url}: HTTP ${status}${body?.description ? ` – ${body.description}` : ''}`);
    this.url = url;
    this.status = status;
    this.body = body;
  }
}

// Where the bearer token comes from (auth.js); reads carry it, so an editor sees the editors'
// view (sites the public does not see, at their real precision).
let tokenSource = () => null;

/** Sets the function that gives the bearer token in force (or null). */
export function useToken(fn) {
  tokenSource = fn;
}

function headers(extra = {}) {
  const h = { Accept: 'application/json, application/geo+json', ...extra };
  const token = tokenSource();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function failure(url, res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // The body was not JSON; the status says enough.
  }
  return new ApiError(url, res.status, body);
}

/** GETs `url` as JSON; throws ApiError on a non-2xx answer. */
export async function getJson(url, { signal } = {}) {
  // An editor's answers differ from the public's: never serve one from the other's cache.
  const res = await fetch(url, { headers: headers(), signal, cache: tokenSource() ? 'no-store' : 'default' });
  if (!res.ok) throw await failure(url, res);
  return res.json();
}

function itemUrl(collection, fid) {
  return `/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(fid)}`;
}

/** One feature as the caller's view holds it. */
export function item(collection, fid) {
  return getJson(itemUrl(collection, fid));
}

/** One feature as the editor reads it now, with its ETag (for If-Match). */
export async function getFeature(collection, fid) {
  const url = itemUrl(collection, fid);
  const res = await fetch(url, { headers: headers(), cache: 'no-store' });
  if (!res.ok) throw await failure(url, res);
  return { feature: await res.json(), etag: res.headers.get('ETag') };
}

async function send(method, url, body, extra) {
  const res = await fetch(url, {
    method,
    headers: headers(extra),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!res.ok) throw await failure(url, res);
  const text = await res.text();
  return { feature: text ? JSON.parse(text) : null, etag: res.headers.get('ETag'), location: res.headers.get('Location') };
}

/** POSTs a new feature to a collection; returns `{feature, etag, location}`. */
export function createFeature(collection, feature) {
  return send('POST', `/collections/${encodeURIComponent(collection)}/items`, feature, { 'Content-Type': 'application/geo+json' });
}

/** Merge-patches a feature, if it is still the version `etag` names (412 otherwise). */
export function patchFeature(collection, fid, patch, etag) {
  return send('PATCH', itemUrl(collection, fid), patch, { 'Content-Type': 'application/merge-patch+json', ...(etag ? { 'If-Match': etag } : {}) });
}

/** Deletes a feature, if it is still the version `etag` names. */
export function deleteFeature(collection, fid, etag) {
  return send('DELETE', itemUrl(collection, fid), undefined, etag ? { 'If-Match': etag } : {});
}

/** The collection list from /collections. */
export async function collections() {
  const doc = await getJson('/collections');
  return doc.collections ?? [];
}

const PAGE = 10000;

/**
 * Every feature of a collection, following `next` links so a layer larger than one page is
 * still drawn whole; with `skipGeometry`, the attributes alone (geometry null), for a layer
 * the page counts and lists but does not draw yet. Returns `{features, numberMatched}`.
 */
export async function allItems(id, { skipGeometry = false } = {}) {
  const skip = skipGeometry ? '&skipGeometry=true' : '';
  let url = `/collections/${encodeURIComponent(id)}/items?limit=${PAGE}&offset=0${skip}`;
  const features = [];
  let numberMatched = null;
  // A hard cap on pages guards against a server whose next link never ends.
  for (let page = 0; url && page < 1000; page += 1) {
    const fc = await getJson(url);
    features.push(...(fc.features ?? []));
    if (numberMatched === null && Number.isFinite(fc.numberMatched)) numberMatched = fc.numberMatched;
    const next = (fc.links ?? []).find((l) => l.rel === 'next');
    if (!next || !(fc.features ?? []).length) break;
    url = sameOrigin(next.href);
  }
  return { features, numberMatched: numberMatched ?? features.length };
}

/**
 * Coverage of every 2021 unit, with population shares within `radiusM` of `layer` when given:
 * the figures only (the units' shapes are drawn from their own layer).
 */
export function coverage({ layer, radiusM = 25000 } = {}) {
  const p = new URLSearchParams({ vintage: '2021', format: 'geojson', skipGeometry: 'true' });
  if (layer) {
    p.set('layer', layer);
    p.set('radius_m', String(radiusM));
  }
  return getJson(`/analysis/coverage?${p}`);
}

/** The richer coverage document of one unit (with the list of settlements beyond the radius). */
export function unitCoverage(code, { layer, radiusM = 25000 } = {}) {
  const p = new URLSearchParams({ vintage: '2021', format: 'json', municipality: code });
  if (layer) {
    p.set('layer', layer);
    p.set('radius_m', String(radiusM));
  }
  return getJson(`/analysis/coverage?${p}`);
}

/**
 * Where the plan stood on `date` (YYYY-MM-DD): every measure's stage, every indicator's
 * standing with its reported values, and per unit of the plan territory the money allocated
 * and the indicators on track.
 */
export function progress(date, opts) {
  return getJson(`/analysis/progress?${new URLSearchParams({ date })}`, opts);
}

/** Which unit a point is in, and its distances to the RU and BY borders. */
export function locate(lon, lat, opts) {
  const p = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) });
  return getJson(`/analysis/locate?${p}`, opts);
}

/** The `k` nearest features of `layer` to a point, each with `distance_m`. */
export function nearest(lon, lat, layer, k = 5, opts) {
  const p = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6), layer, k: String(k) });
  return getJson(`/analysis/nearest?${p}`, opts);
}

// A `next` link may be absolute with the server's idea of its own host (e.g. 0.0.0.0 when bound
// to all interfaces); keep only path and query so the request goes where the page came from.
export function sameOrigin(href) {
  try {
    const u = new URL(href, window.location.href);
    return `${u.pathname}${u.search}`;
  } catch {
    return href;
  }
}
