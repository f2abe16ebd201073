// The optional online basemap: off by default, and switched back off quietly when it cannot be
// reached, so the map (whose base is the municipality layer) keeps working offline.

import L from 'leaflet';
import { t } from './i18n.js';

const URL_TEMPLATE = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const GIVE_UP_MS = 8000;

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
      attribution: '© OpenStreetMap contributors',
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
