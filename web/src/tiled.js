// A collection drawn from the service's vector tiles (OGC API – Tiles, MVT in WebMercatorQuad)
// instead of its whole GeoJSON: the page reads only the tiles on screen, generalised for the
// zoom. Each tile is one small SVG of paths tagged data-layer/data-fid like the GeoJSON layers,
// so styling, tests and the click-to-query work alike.
//
// Our own GridLayer over @mapbox/vector-tile rather than leaflet.vectorgrid: that plugin has
// had no release since 2017 and its canvas renderer calls `L.DomEvent.fakeStop`, gone from
// Leaflet 1.8; the page needs per-feature restyling (the choropleth), DOM tags on each path and
// SVG patterns as fills, which take a hundred lines here.

import L from 'leaflet';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';

const SVG = 'http://www.w3.org/2000/svg';
/** Tiles are drawn 512 px wide: the service generalises to a quarter pixel of that. */
const TILE_PX = 512;

/** The SVG path data of a tile feature's rings, in tile pixels. */
function pathData(feature, scale) {
  const closed = feature.type === 3;
  return feature.loadGeometry().map((ring) => {
    const pts = ring.map((p) => `${Math.round(p.x * scale * 10) / 10} ${Math.round(p.y * scale * 10) / 10}`);
    return `M${pts.join('L')}${closed ? 'Z' : ''}`;
  }).join('');
}

/** Sets a path's presentation attributes from Leaflet-style path options (lines never fill). */
function paint(path, options) {
  const s = path.isLine ? { ...options, fill: false } : options;
  const set = (k, v) => (v === null || v === undefined ? path.removeAttribute(k) : path.setAttribute(k, String(v)));
  set('stroke', s.stroke === false ? 'none' : (s.color ?? '#3388ff'));
  set('stroke-width', s.weight ?? 1);
  set('stroke-opacity', s.opacity ?? 1);
  set('stroke-dasharray', s.dashArray ?? null);
  set('fill', s.fill === false ? 'none' : (s.fillColor ?? s.color ?? '#3388ff'));
  set('fill-opacity', s.fill === false ? null : (s.fillOpacity ?? 0.2));
}

/**
 * `new TiledLayer(c, {url, style(props) → path options, interactive, tooltip(props) → html,
 * tooltipClass, pane, bounds})`: `url` is the collection's tile template with {z}/{y}/{x}.
 */
export const TiledLayer = L.GridLayer.extend({
  // Map zoom 16, the page's deepest, reads tiles of zoom 15; none is scaled up.
  options: { tileSize: TILE_PX, maxNativeZoom: 16, updateWhenZooming: false, keepBuffer: 1 },

  initialize(c, options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this.collection = c;
    this.styleFn = options.style;
    this.props = new WeakMap(); // path → feature properties
    // A tile scrolled away before its answer came: its request is dropped.
    this.on('tileunload', (e) => e.tile.abort?.());
  },

  onAdd(map) {
    L.GridLayer.prototype.onAdd.call(this, map);
    if (this.options.tooltip) {
      L.DomEvent.on(this.getContainer(), 'mousemove', this.hover, this);
      L.DomEvent.on(this.getContainer(), 'mouseout', this.leave, this);
    }
  },

  onRemove(map) {
    this.leave();
    L.GridLayer.prototype.onRemove.call(this, map);
  },

  createTile(coords, done) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', String(TILE_PX));
    svg.setAttribute('height', String(TILE_PX));
    const ctl = new AbortController();
    svg.abort = () => ctl.abort();
    // A 512-pixel tile at map zoom z is the WebMercatorQuad tile of zoom z − 1.
    const url = L.Util.template(this.options.url, { z: coords.z - 1, x: coords.x, y: coords.y });
    fetch(url, { signal: ctl.signal })
      .then((r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((buf) => {
        this.draw(svg, buf);
        done(null, svg);
      })
      .catch((err) => {
        if (err.name !== 'AbortError') done(err, svg);
      });
    return svg;
  },

  /** Adds the tile's features to `svg` as paths. */
  draw(svg, buf) {
    const layer = buf.byteLength ? new VectorTile(new PbfReader(new Uint8Array(buf))).layers[this.collection.id] : null;
    if (!layer) return;
    const scale = TILE_PX / layer.extent;
    for (let i = 0; i < layer.length; i += 1) {
      const f = layer.feature(i);
      if (f.type !== 2 && f.type !== 3) continue;
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', pathData(f, scale));
      path.setAttribute('class', `pz-f pz-layer-${this.collection.id}`);
      path.setAttribute('data-layer', this.collection.id);
      path.setAttribute('data-fid', String(f.properties.id ?? f.id));
      path.style.pointerEvents = this.options.interactive ? 'visiblePainted' : 'none';
      this.props.set(path, f.properties);
      path.isLine = f.type === 2;
      paint(path, this.styleFn(f.properties));
      svg.appendChild(path);
    }
  },

  /** Every path drawn now, with its feature's properties. */
  eachPath(fn) {
    for (const key of Object.keys(this._tiles ?? {})) {
      for (const path of this._tiles[key].el.querySelectorAll('path')) fn(path, this.props.get(path) ?? {});
    }
  },

  /** Restyles what is drawn (and what will be) with `style(props)`. */
  setStyle(style) {
    this.styleFn = style;
    this.eachPath((path, p) => paint(path, style(p)));
    return this;
  },

  /** Draws the features `pred(props)` holds last in their tiles, so their outline is on top. */
  raise(pred) {
    this.eachPath((path, p) => {
      if (pred(p)) path.parentNode.appendChild(path);
    });
  },

  /** Resolves when no tile of this layer is loading. */
  settled() {
    if (!this._map || !this.isLoading()) return Promise.resolve();
    return new Promise((resolve) => this.once('load', () => resolve()));
  },

  hover(ev) {
    const path = ev.target.closest?.('path[data-fid]');
    if (!path || !this._map) return;
    this.tip ??= L.tooltip({ className: this.options.tooltipClass, direction: 'top', offset: [0, -8] });
    this.tip.setLatLng(this._map.mouseEventToLatLng(ev)).setContent(this.options.tooltip(this.props.get(path) ?? {}));
    if (!this._map.hasLayer(this.tip)) this.tip.addTo(this._map);
  },

  leave(ev) {
    if (ev?.relatedTarget?.closest?.(`path[data-layer="${CSS.escape(this.collection.id)}"]`)) return;
    if (this.tip && this._map?.hasLayer(this.tip)) this._map.removeLayer(this.tip);
  },
});
