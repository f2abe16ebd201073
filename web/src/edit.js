// Editing on the map, for a token that may write: place a new point, draw a line (a road
// section) or an area with Leaflet-Geoman, or pick a measure location on the map and move it
// (drag its marker, or type its coordinates) or reshape it; set its measure, precision, source,
// place name and note; save with POST or PATCH (If-Match: the ETag read when editing began), or
// delete after a confirmation. The server checks everything and its message is shown as it
// is; lengths and areas are the server's (LKS-92), so after a save the page reloads the
// layers and the coverage it shows.

import L from 'leaflet';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import * as api from './api.js';
import { t, lang, collectionLabel } from './i18n.js';
import { escapeText } from './util.js';

const $ = (sel) => document.querySelector(sel);

const SHAPES = { Marker: 'points', Line: 'lines', Polygon: 'areas' };
const CLASS_OF = { Point: 'points', LineString: 'lines', MultiLineString: 'lines', Polygon: 'areas', MultiPolygon: 'areas' };

/** The layer a location of a measure kind is served in (as the server names it). */
export function targetLayer(kind, cls, candidate) {
  const k = String(kind ?? '').replace(/[^A-Za-z0-9]/g, '_').toLowerCase();
  return `${k}${candidate ? '_candidates' : ''}_${cls}`;
}

const round6 = (x) => Math.round(x * 1e6) / 1e6;

function editIcon() {
  return L.divIcon({ className: 'pz-edit-marker', iconSize: [18, 18], iconAnchor: [9, 9] });
}

/**
 * Geoman's vertex handles are focusable Leaflet markers (role=button) without a name; name each
 * one as it appears in the editing pane, so a screen reader says what it is.
 */
function labelHandles(pane) {
  const label = () => {
    for (const el of pane.querySelectorAll('.marker-icon:not([aria-label])')) {
      el.setAttribute('aria-label', t(el.classList.contains('marker-icon-middle') ? 'editHandleMiddle' : 'editHandle'));
    }
  };
  new MutationObserver(label).observe(pane, { childList: true, subtree: true });
}

/**
 * The editing panel. `deps`: measures() → [{id, title_lv, title_en, kind}], reload(ids) →
 * Promise (re-reads those collections and the coverage), status(text) for the page.
 */
export function createEditor(map, deps) {
  const pane = map.createPane('pz-edit');
  pane.style.zIndex = '470';
  labelHandles(pane);
  const group = L.layerGroup().addTo(map);
  let enabled = false;
  let picked = null; // {c, f}: the location chosen on the map, not yet being edited
  let job = null; // {mode: 'new'|'edit', cls, layer, collection?, fid?, etag?, feature?, geometryEditable, moved}
  let drawing = null; // the Geoman shape being drawn

  map.pm.setGlobalOptions({ snappable: false, allowSelfIntersection: false, markerStyle: { icon: editIcon() }, panes: { vertexPane: 'pz-edit', layerPane: 'pz-edit', markerPane: 'pz-edit' } });
  relabelGeoman();

  function relabelGeoman() {
    const tips = {
      placeMarker: t('tipPlaceMarker'),
      firstVertex: t('tipFirstVertex'),
      continueLine: t('tipContinueLine'),
      finishLine: t('tipFinishLine'),
      finishPoly: t('tipFinishPoly'),
    };
    map.pm.setLang(`pz-${lang()}`, { tooltips: tips }, 'en');
  }

  function say(text, state, detail) {
    const el = $('#edit-message');
    el.innerHTML = `${escapeText(text)}${detail ? ` <span lang="en">${escapeText(detail)}</span>` : ''}`;
    el.dataset.state = state;
    document.body.dataset.edit = state;
  }

  function explain(err) {
    const b = err?.body ?? {};
    const what = {
      400: t('editInvalid', { field: b.field ?? b.parameter ?? '?' }),
      401: t('editUnauthorized'),
      403: t('editForbidden'),
      404: t('editGone'),
      409: t('editConflict'),
      412: t('editStale'),
    }[err?.status] ?? t('editFailed', { status: err?.status ?? '?' });
    say(what, 'error', b.description ?? (err?.status ? null : String(err)));
  }

  // --- the form ---------------------------------------------------------------------------

  function measureLabel(m) {
    const title = lang() === 'en' ? (m.title_en ?? m.title_lv) : (m.title_lv ?? m.title_en);
    return `${m.id} — ${title ?? ''}`;
  }

  function fillMeasures(selected) {
    const ms = [...deps.measures()].sort((a, b) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true }));
    $('#edit-measure').innerHTML = `<option value="">${escapeText(t('editChooseMeasure'))}</option>${ms
      .map((m) => `<option value="${escapeText(m.id)}"${m.id === selected ? ' selected' : ''}>${escapeText(measureLabel(m))}</option>`)
      .join('')}`;
  }

  function measureById(id) {
    return deps.measures().find((m) => m.id === id) ?? null;
  }

  /** The collection a save goes to: the feature's own, or the one its measure and shape make. */
  function destination() {
    if (job?.mode === 'edit') return job.collection;
    const m = measureById($('#edit-measure').value);
    return m ? targetLayer(m.kind, job.cls, $('#edit-candidate').checked) : null;
  }

  function showDestination() {
    const id = job ? destination() : null;
    const el = $('#edit-layer');
    el.textContent = id ? t('editLayer', { layer: collectionLabel({ id }) }) : '';
    el.dataset.layer = id ?? '';
  }

  function fillForm(props = {}) {
    fillMeasures(props.measure_id ?? '');
    $('#edit-measure').disabled = job.mode === 'edit';
    $('#edit-candidate').checked = props.site_status === 'candidate';
    $('#edit-candidate').disabled = job.mode === 'edit';
    $('#edit-precision').value = props.precision ?? (job.cls === 'points' ? 'settlement' : 'exact');
    $('#edit-provenance').value = props.provenance ?? '';
    $('#edit-place').value = props.place_name ?? '';
    $('#edit-note').value = props.note ?? '';
    $('#edit-what').textContent = job.mode === 'edit'
      ? t('editEditing', { name: props.place_name ?? job.fid })
      : t(`editNew_${job.cls}`);
    $('#edit-coords').hidden = !(job.cls === 'points' && job.geometryEditable);
    $('#edit-delete').hidden = job.mode !== 'edit';
    showDestination();
    syncCoords();
  }

  function syncCoords() {
    if (!(job?.layer instanceof L.Marker)) return;
    const p = job.layer.getLatLng();
    $('#edit-lon').value = String(round6(p.lng));
    $('#edit-lat').value = String(round6(p.lat));
  }

  function coordsToMarker() {
    if (!(job?.layer instanceof L.Marker)) return;
    const lon = Number($('#edit-lon').value);
    const lat = Number($('#edit-lat').value);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    job.layer.setLatLng([lat, lon]);
    job.moved = true;
  }

  function geometry() {
    if (!job.layer) return null;
    if (job.layer instanceof L.Marker) {
      const p = job.layer.getLatLng();
      return { type: 'Point', coordinates: [round6(p.lng), round6(p.lat)] };
    }
    return job.layer.toGeoJSON(6).geometry;
  }

  function properties() {
    const text = (sel) => $(sel).value.trim() || null;
    const p = {
      precision: $('#edit-precision').value,
      provenance: text('#edit-provenance'),
      place_name: text('#edit-place'),
      note: text('#edit-note'),
    };
    if (job.mode === 'new') {
      p.measure_id = $('#edit-measure').value || null;
      p.site_status = $('#edit-candidate').checked ? 'candidate' : null;
    }
    return p;
  }

  // --- the shape being edited ----------------------------------------------------------------

  function markerAt(latlng) {
    const m = L.marker(latlng, { draggable: true, keyboard: true, icon: editIcon(), pane: 'pz-edit', title: t('editDragMarker'), alt: t('editDragMarker'), pmIgnore: true });
    m.on('drag dragend', () => { job.moved = true; syncCoords(); });
    return m;
  }

  function begin(next) {
    stop();
    job = next;
    if (job.layer) group.addLayer(job.layer);
    if (job.layer && !(job.layer instanceof L.Marker) && job.geometryEditable) job.layer.pm.enable({ allowSelfIntersection: false });
    job.layer?.on?.('pm:edit', () => { job.moved = true; });
    $('#edit-form').hidden = false;
    $('#edit-selected').hidden = true;
    document.body.dataset.editing = job.mode;
  }

  function stop() {
    if (drawing) map.pm.disableDraw();
    drawing = null;
    $('#edit-finish').hidden = true;
    if (job?.layer?.pm?.enabled?.()) job.layer.pm.disable();
    group.clearLayers();
    job = null;
    $('#edit-form').hidden = true;
    delete document.body.dataset.editing;
  }

  function startDrawing(shape) {
    stop();
    picked = null;
    $('#edit-selected').hidden = true;
    drawing = shape;
    map.pm.enableDraw(shape, { snappable: false, continueDrawing: false, markerStyle: { icon: editIcon() } });
    $('#edit-finish').hidden = shape === 'Marker';
    document.body.dataset.editing = 'drawing';
    say(t(`editDrawHint_${SHAPES[shape]}`), 'drawing');
  }

  map.on('pm:create', ({ shape, layer }) => {
    const cls = SHAPES[shape];
    drawing = null;
    map.pm.disableDraw();
    $('#edit-finish').hidden = true;
    let shapeLayer = layer;
    map.removeLayer(layer);
    if (cls === 'points') shapeLayer = markerAt(layer.getLatLng());
    begin({ mode: 'new', cls, layer: shapeLayer, geometryEditable: true, moved: true });
    fillForm({});
    say(t('editFillIn'), 'form');
    $('#edit-measure').focus();
  });

  /** Starts editing the picked location: reads it again for its ETag and stored properties. */
  async function editPicked() {
    if (!picked) return;
    const { c, f } = picked;
    say(t('editReading'), 'busy');
    let got;
    try {
      got = await api.getFeature(c.id, f.id);
    } catch (err) {
      explain(err);
      return;
    }
    const g = got.feature.geometry;
    const props = got.feature.properties ?? {};
    const cls = CLASS_OF[g?.type] ?? 'areas';
    // A unit's polygon stands for a municipality or the region: not a drawn shape to move.
    const geometryEditable = Boolean(g) && !['municipality', 'region'].includes(props.precision);
    let layer = null;
    if (g?.type === 'Point') layer = markerAt([g.coordinates[1], g.coordinates[0]]);
    else if (g && geometryEditable) {
      L.geoJSON(g, { pane: 'pz-edit', style: { color: '#111', weight: 3, dashArray: '6 3', pane: 'pz-edit' } }).eachLayer((l) => { layer = l; });
    }
    if (layer instanceof L.Marker && !geometryEditable) layer.dragging.disable();
    begin({ mode: 'edit', cls, layer, collection: c.id, fid: String(f.id), etag: got.etag, feature: got.feature, geometryEditable, moved: false });
    fillForm(props);
    say(geometryEditable ? t(`editMoveHint_${cls}`) : t('editAreaHint'), 'form');
  }

  async function save(ev) {
    ev.preventDefault();
    if (!job) return;
    const props = properties();
    const target = destination();
    if (job.mode === 'new' && !target) {
      // The server would say the same; naming the field here saves a round trip.
      say(t('editInvalid', { field: 'properties.measure_id' }), 'error', 'properties.measure_id: choose a measure');
      return;
    }
    say(t('editSaving'), 'busy');
    try {
      let res;
      const reload = new Set([target]);
      if (job.mode === 'new') {
        res = await api.createFeature(target, { type: 'Feature', geometry: geometry(), properties: props });
      } else {
        const patch = { properties: props };
        if (job.moved && job.geometryEditable) patch.geometry = geometry();
        res = await api.patchFeature(job.collection, job.fid, patch, job.etag);
      }
      const now = res.location ? new URL(res.location, window.location.href).pathname.match(/^\/collections\/([^/]+)\/items\//)?.[1] : null;
      if (now) reload.add(decodeURIComponent(now));
      stop();
      picked = null;
      say(t('editReloading'), 'busy');
      await deps.reload([...reload]);
      say(t('editSaved'), 'saved');
    } catch (err) {
      explain(err);
    }
  }

  async function remove() {
    const target = job ?? (picked && { collection: picked.c.id, fid: String(picked.f.id) });
    if (!target) return;
    const name = $('#edit-place').value || picked?.f?.properties?.place_name || target.fid;
    if (!window.confirm(t('editConfirmDelete', { name }))) return;
    try {
      let etag = job?.etag;
      if (!etag) etag = (await api.getFeature(target.collection, target.fid)).etag;
      say(t('editSaving'), 'busy');
      await api.deleteFeature(target.collection, target.fid, etag);
      stop();
      picked = null;
      $('#edit-selected').hidden = true;
      await deps.reload([target.collection]);
      say(t('editDeleted'), 'saved');
    } catch (err) {
      explain(err);
    }
  }

  function cancel() {
    stop();
    say(t('editCancelled'), 'idle');
  }

  // --- wiring ------------------------------------------------------------------------------

  for (const b of document.querySelectorAll('#edit-tools button[data-draw]')) b.addEventListener('click', () => startDrawing(b.dataset.draw));
  $('#edit-finish').addEventListener('click', () => map.pm.Draw[drawing]?._finishShape?.());
  $('#edit-form').addEventListener('submit', save);
  $('#edit-cancel').addEventListener('click', cancel);
  $('#edit-delete').addEventListener('click', remove);
  $('#edit-start').addEventListener('click', editPicked);
  for (const id of ['#edit-measure', '#edit-candidate']) $(id).addEventListener('change', showDestination);
  for (const id of ['#edit-lon', '#edit-lat']) $(id).addEventListener('change', coordsToMarker);
  // Escape drops the edit, from the map or the panel only (not from, say, the unit search).
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && (drawing || job) && ev.target?.closest?.('#map, #edit-panel')) cancel();
  });

  return {
    /** Shows or hides the tools (a token that may write is in force, or not). */
    setEnabled(on) {
      enabled = on;
      if (!on) { stop(); picked = null; say('', 'idle'); }
      $('#editor').hidden = !on;
    },
    /** A measure location clicked on the map: offered for editing. */
    pick(c, f) {
      if (!enabled || job || drawing || c.group !== 'measures') return;
      picked = { c, f };
      const name = f.properties?.place_name ?? f.id;
      $('#edit-selected-title').textContent = t('editPicked', { name, layer: collectionLabel(c) });
      $('#edit-selected').hidden = false;
      $('#edit-selected').dataset.fid = String(f.id);
      $('#edit-selected').dataset.layer = c.id;
    },
    /** Whether a click on the map belongs to the editor (drawing or editing), not the query. */
    busy: () => Boolean(drawing || job),
    relabel() {
      relabelGeoman();
      if (job) {
        const p = properties();
        fillMeasures($('#edit-measure').value);
        $('#edit-precision').value = p.precision;
        showDestination();
      }
    },
  };
}
