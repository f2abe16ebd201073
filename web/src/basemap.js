// Basemaps. Offline, always: Latvia's neighbours (Russia, Belarus, Lithuania, Estonia, …) as
// land around the units and everything else as sea, from OpenStreetMap country outlines
// bundled at build time (tools/basemap.mjs). Online, optional: OpenStreetMap tiles, off by
// default and switched back off quietly when they cannot be reached.

import L from 'leaflet';
import countries from 'pz:basemap';
import { t } from './i18n.js';

const URL_TEMPLATE = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const GIVE_UP_MS = 8000;
const LAND = { RU: '#e3ddd0', BY: '#e3ddd0', LT: '#ebe8e0', EE: '#ebe8e0' };

/** The bundled neighbours layer, in pane `pane`. */
export function offlineBasemap(pane) {
  return L.geoJSON(countries, {
    pane,
    interactive: false,
    style: (f) => ({
      pane,
      className: `pz-land pz-land-${f.properties.country}`,
      color: '#a89f8c',
      weight: 0.8,
      fillColor: LAND[f.properties.country] ?? '#f0eee8',
      fillOpacity: 1,
    }),
    onEachFeature: (f, l) => {
      l.on('add', () => l.getElement?.()?.setAttribute('data-country', f.properties.country));
    },
  });
}

export function createBasemap(map, { toggle, status }) {
  let layer = null;
  let timer = null;
  let failed = false;

  function off(unreachable) {
    clearTimeout(timer);
    if (layer) {
      layer.off();
      map.removeLayer(layer);
      layer = null;
    }
    toggle.checked = false;
    failed = unreachable;
    status.hidden = !unreachable;
    status.textContent = unreachable ? t('basemapUnreachable') : '';
    document.body.dataset.basemap = unreachable ? 'unreachable' : 'off';
  }

  function on() {
    failed = false;
    status.hidden = true;
    let loaded = 0;
    layer = L.tileLayer(URL_TEMPLATE, {
      maxZoom: 19,
      attribution: '© OpenStreetMap',
      // Tiles fade under the choropleth so the figure stays the message.
      opacity: 0.6,
    });
    layer.on('tileload', () => {
      loaded += 1;
      clearTimeout(timer);
      document.body.dataset.basemap = 'on';
    });
    layer.on('tileerror', () => {
      if (!loaded) off(true);
    });
    timer = setTimeout(() => {
      if (!loaded) off(true);
    }, GIVE_UP_MS);
    layer.addTo(map);
    document.body.dataset.basemap = 'loading';
  }

  toggle.checked = false;
  document.body.dataset.basemap = 'off';
  toggle.addEventListener('change', () => (toggle.checked ? on() : off(false)));

  return {
    relabel() {
      if (failed) status.textContent = t('basemapUnreachable');
    },
  };
}
