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

/** GETs `url` as JSON; throws ApiError on a non-2xx answer. */
export async function getJson(url, { signal } = {}) {
  const res = await fetch(url, { headers: { Accept: 'application/json, application/geo+json' }, signal });
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      // The body was not JSON; the status says enough.
    }
    throw new ApiError(url, res.status, body);
  }
  return res.json();
}

/** The collection list from /collections. */
export async function collections() {
  const doc = await getJson('/collections');
  return doc.collections ?? [];
}

const PAGE = 10000;

/**
 * Every feature of a collection, following `next` links so a layer larger than one page is
 * still drawn whole. Returns `{features, numberMatched}`.
 */
export async function allItems(id) {
  let url = `/collections/${encodeURIComponent(id)}/items?limit=${PAGE}&offset=0`;
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

/** Coverage of every 2021 unit, with population shares within `radiusM` of `layer` when given. */
export function coverage({ layer, radiusM = 25000 } = {}) {
  const p = new URLSearchParams({ vintage: '2021', format: 'geojson' });
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
