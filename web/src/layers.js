// How each collection is drawn: one Leaflet GeoJSON layer per collection, styled by its role.
// Every drawn element is tagged with data-layer/data-fid so tests can count what reached the DOM.

import L from 'leaflet';
import { t, collectionLabel } from './i18n.js';
import { escapeText, titleOf } from './util.js';
import { TiledLayer } from './tiled.js';

/** Ids of the base layers this page knows how to style; any other collection still draws. */
export const BASE_UNITS = 'municipalities_2021';

// Colour-blind-safe-ish qualitative palette (Okabe–Ito plus a few), one per measure kind.
const PALETTE = [
  '#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a4f9e',
  '#a6761d', '#1b9e77', '#e7298a', '#66a61e', '#6a3d9a', '#b15928', '#1f78b4',
];

const kindColours = new Map();

/** A stable colour for a measure kind (or any other key). */
export function colourFor(key) {
  if (!kindColours.has(key)) kindColours.set(key, PALETTE[kindColours.size % PALETTE.length]);
  return kindColours.get(key);
}

/** What a collection is, for drawing: a role name. */
export function roleOf(c) {
  switch (c.id) {
    case BASE_UNITS: return 'units';
    case 'municipalities_current': return 'units-current';
    case 'plan_territory': return 'plan';
    case 'border': return 'border';
    case 'settlements': return 'settlements';
    case 'border_crossings': return 'crossings';
    default: break;
  }
  if (c.group === 'measures' || /_(points|lines|areas)$/.test(c.id)) {
    const cls = c.geometry_class ?? c.id.match(/_(points|lines|areas)$/)?.[1];
    return `measure-${cls ?? 'points'}`;
  }
  return `generic-${c.geometry_class ?? 'areas'}`;
}

/** The measure kind behind a measure layer id (`x_y_points` → `x_y`). */
export function kindOf(id) {
  return id.replace(/_(points|lines|areas)$/, '');
}

/**
 * Whether a measure layer holds only locations of region precision: one copy of the plan
 * territory per measure. Those are listed once, as the plan-wide group, not as layers.
 */
export function isPlanWide(c, features) {
  return roleOf(c) === 'measure-areas' && features.length > 0
    && features.every((f) => f.properties?.precision === 'region');
}

/** Whether the layer is on when the page opens. */
export function visibleByDefault(c) {
  const role = roleOf(c);
  // Area locations are mostly the whole plan territory ("region" precision): a dozen hatched
  // copies of it would bury the choropleth, which already counts them per unit. One at a time.
  return !['units-current', 'settlements', 'measure-areas'].includes(role);
}

/** The pane a role draws in: units at the bottom, points on top. */
export function paneOf(role) {
  if (role === 'units' || role === 'units-current' || role.startsWith('generic-areas')) return 'pz-units';
  if (role === 'measure-areas') return 'pz-areas';
  if (role === 'plan' || role === 'border' || role.endsWith('lines')) return 'pz-lines';
  return 'pz-points';
}

// ---------------------------------------------------------------------------------------------
// Hatch patterns for locations known only to a municipality or region: they are drawn as the
// unit they name, hatched in the kind's colour, never as a pin.

let defs = null;

export function hatchFill(colour) {
  if (!defs) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '0');
    svg.setAttribute('height', '0');
    svg.setAttribute('aria-hidden', 'true');
    svg.style.position = 'absolute';
    defs = document.createElementNS('http://www.w3.org/2000/svg', 'defs');
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }
  const id = `pz-hatch-${colour.replace('#', '')}`;
  if (!document.getElementById(id)) {
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'pattern');
    p.setAttribute('id', id);
    p.setAttribute('patternUnits', 'userSpaceOnUse');
    p.setAttribute('width', '8');
    p.setAttribute('height', '8');
    p.setAttribute('patternTransform', 'rotate(45)');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('y1', '0');
    line.setAttribute('x2', '0');
    line.setAttribute('y2', '8');
    line.setAttribute('stroke', colour);
    line.setAttribute('stroke-width', '2.5');
    p.appendChild(line);
    defs.appendChild(p);
  }
  return `url(#${id})`;
}

/** The swatch shown in the layer list for a collection. */
export function swatchHtml(c) {
  const role = roleOf(c);
  const col = layerColour(c);
  switch (role) {
    case 'units':
      return '<span class="sw sw-area" style="background:#fdd49e;border-color:#555"></span>';
    case 'units-current':
      return '<span class="sw sw-area" style="background:transparent;border:1px dashed #333"></span>';
    case 'plan':
      return '<span class="sw sw-area" style="background:transparent;border:3px solid #111"></span>';
    case 'border':
      return '<span class="sw sw-line" style="border-color:#c00000"></span>';
    case 'settlements':
      return '<span class="sw sw-point" style="background:#666;width:6px;height:6px"></span>';
    case 'crossings':
      return '<span class="sw sw-square" style="background:#fff;border-color:#111"></span>';
    case 'measure-lines':
    case 'generic-lines':
      return `<span class="sw sw-line" style="border-color:${col}"></span>`;
    case 'measure-areas':
    case 'generic-areas':
      return `<span class="sw sw-area sw-hatch" style="color:${col};border-color:${col}"></span>`;
    default:
      return `<span class="sw sw-point" style="background:${col}"></span>`;
  }
}

function layerColour(c) {
  const role = roleOf(c);
  if (role.startsWith('measure-')) return colourFor(kindOf(c.id));
  if (role.startsWith('generic-')) return colourFor(c.id);
  return '#333';
}

const NEIGHBOUR_COLOURS = { RU: '#c00000', BY: '#c00000', LT: '#777', EE: '#777' };

/**
 * How a line or area feature `f` of collection `c` is drawn (Leaflet path options; a GeoJSON
 * layer and a tiled one alike). L.GeoJSON applies styles to circle markers too: the caller
 * leaves those the style `pointToLayer` gave.
 */
export function pathStyle(c, f, unitStyle) {
  const role = roleOf(c);
  const pane = paneOf(role);
  const col = layerColour(c);
  const cls = `pz-f pz-layer-${c.id}`;
  switch (role) {
    case 'units':
      return { pane, className: cls, ...(unitStyle ? unitStyle(f) : { color: '#555', weight: 1, fillColor: '#eee', fillOpacity: 0.8 }) };
    case 'units-current':
      return { pane, className: cls, color: '#222', weight: 1.2, dashArray: '4 4', fill: false, interactive: false };
    case 'plan':
      return { pane, className: cls, color: '#111', weight: 3.5, fill: false, interactive: false };
    case 'border': {
      const n = f.properties?.neighbour;
      const main = n === 'RU' || n === 'BY';
      return { pane, className: cls, color: NEIGHBOUR_COLOURS[n] ?? '#777', weight: main ? 4 : 2, opacity: main ? 0.9 : 0.6, dashArray: main ? null : '6 4' };
    }
    case 'measure-areas':
    case 'generic-areas':
      return { pane, className: cls, color: col, weight: 1.5, fillColor: hatchFill(col), fillOpacity: 0.9 };
    default:
      return { pane, className: cls, color: col, weight: 3, opacity: 0.9 };
  }
}

/** The tile URL template of a collection the page draws from tiles, or null. */
export function tileTemplate(c) {
  if (!['units', 'units-current', 'plan', 'border'].includes(roleOf(c))) return null;
  const tiles = (c.links ?? []).find((l) => /tilesets-vector$/.test(l.rel ?? ''));
  if (!tiles) return null;
  return `${new URL(tiles.href, window.location.href).pathname}/WebMercatorQuad/{z}/{y}/{x}`;
}

/** The box of a collection's extent as Leaflet bounds, or null when it declares none. */
export function extentBounds(c) {
  const box = c.extent?.spatial?.bbox?.[0];
  return box ? L.latLngBounds([box[1], box[0]], [box[3], box[2]]) : null;
}

/**
 * The layer of a collection drawn from its vector tiles (`tileTemplate(c)`), over the box of
 * its extent; units answer to the pointer (a tooltip, `tooltip(feature)`), lines do not.
 */
export function buildTiledLayer(c, { unitStyle, tooltip } = {}) {
  const role = roleOf(c);
  const box = extentBounds(c);
  const asFeature = (p) => ({ id: p.id, properties: p });
  return new TiledLayer(c, {
    url: tileTemplate(c),
    pane: paneOf(role),
    bounds: box?.pad(0.02),
    interactive: role === 'units',
    style: (p) => pathStyle(c, asFeature(p), unitStyle),
    tooltip: tooltip ? (p) => tooltip(asFeature(p)) : null,
    tooltipClass: 'pz-unit-tip',
  });
}

/**
 * Builds the Leaflet layer of one collection. Every feature lets its click through to the map,
 * so a click anywhere queries the place (the unit, the border, the nearest facilities); a
 * measure, settlement or crossing clicked on also reports itself through `onFeature(c, f,
 * perUnit)`, and the results panel shows its details beside the unit's.
 */
export function buildLayer(c, features, { unitStyle, onFeature } = {}) {
  const role = roleOf(c);
  const pane = paneOf(role);
  const col = layerColour(c);
  const cls = `pz-f pz-layer-${c.id}`;

  // Count area locations per unit so each hatched unit can say how many there are.
  const perUnit = new Map();
  if (role === 'measure-areas') {
    for (const f of features) {
      const key = unitKey(f);
      perUnit.set(key, (perUnit.get(key) ?? 0) + 1);
    }
  }

  const style = (f) => (/Point$/.test(f.geometry?.type ?? '') ? {} : pathStyle(c, f, unitStyle));

  const pointToLayer = (f, latlng) => {
    const p = f.properties ?? {};
    switch (role) {
      case 'settlements': {
        const r = Math.max(2, Math.min(7, Math.sqrt((p.population ?? 0) / 400)));
        return L.circleMarker(latlng, { pane, className: cls, radius: r, color: '#444', weight: 0.5, fillColor: '#666', fillOpacity: 0.7 });
      }
      case 'crossings':
        return L.circleMarker(latlng, { pane, className: cls, radius: 5, color: '#111', weight: 2, fillColor: '#fff', fillOpacity: 1 });
      default: {
        // Exact sites solid; settlement-precision points (a town centre, not the site) hollow.
        const exact = p.precision === 'exact' || !p.precision;
        return L.circleMarker(latlng, {
          pane, className: cls, radius: 6, color: exact ? '#fff' : col, weight: exact ? 1.5 : 2.5,
          fillColor: col, fillOpacity: exact ? 0.95 : 0.35,
        });
      }
    }
  };

  let index = 0;
  const layer = L.geoJSON(
    { type: 'FeatureCollection', features },
    {
      style,
      pointToLayer,
      // Every click reaches the map, which queries the place.
      bubblingMouseEvents: true,
      onEachFeature: (f, leaf) => {
        const fid = index;
        index += 1;
        f.__fid = fid;
        eachLeaf(leaf, (l) => {
          l.options.bubblingMouseEvents = true;
          l.on('add', () => {
            const el = l.getElement?.();
            if (el) {
              el.setAttribute('data-layer', c.id);
              el.setAttribute('data-fid', String(fid));
            }
          });
        });
        if (role === 'units' || role === 'units-current' || role === 'plan') return;
        if (onFeature) leaf.on('click', () => onFeature(c, f, perUnit.get(unitKey(f))));
        if (role === 'settlements' || role === 'crossings') {
          leaf.bindTooltip(() => escapeText(f.properties?.name ?? ''), { direction: 'top' });
        } else if (role === 'measure-areas') {
          leaf.bindTooltip(() => `${escapeText(titleOf(f) ?? collectionLabel(c))} — ${t('unitsInArea', { n: perUnit.get(unitKey(f)) })}`, { sticky: true });
        }
      },
    },
  );
  return layer;
}

/** Calls `fn` for every drawn leaf of a (possibly grouped) layer. */
export function eachLeaf(layer, fn) {
  if (layer.eachLayer && !layer.getElement) layer.eachLayer((l) => eachLeaf(l, fn));
  else fn(layer);
}

function unitKey(f) {
  const p = f.properties ?? {};
  if (Array.isArray(p.municipalities) && p.municipalities.length) return p.municipalities.join(',');
  if (typeof p.municipalities === 'string' && p.municipalities) return p.municipalities;
  return p.place_name ?? '';
}

