// The facility layer: one coloured circle per facility (colour = category, fill = status), a popup
// with the details and the version history, and a simple screen-grid clustering when many
// facilities are in view (Qingdao has about 15,000; a canvas copes, a reader does not).
import { getJson } from './api.js';
import { categoryName, label, t } from './i18n.js';
import { escapeHtml, formatDateTime, formatNumber } from './util.js';

// 18 categories: distinct hues, avoiding the pure green and red used for coverage.
const PALETTE = [
  '#1f3b73', '#ff7f0e', '#6a3d9a', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#393b79', '#637939',
  '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d', '#0f7c6c', '#b15928', '#5254a3', '#d6616b'
];
const CLOSED_FILL = '#9e9e9e';
/** More facilities than this in view are grouped into grid cells. */
const MAX_INDIVIDUAL = 400;
/** Grid cell size in screen pixels. */
const CELL_PX = 48;
/** From this zoom on every facility is drawn on its own, however many. */
const NO_CLUSTER_ZOOM = 17;
/** Properties that change on every save; the history's "changed" list leaves them out. */
const BOOKKEEPING = new Set(['version', 'updated_at', 'updated_by']);

export function createFacilityLayer(map, { categories, onTryClosing }) {
  const points = L.layerGroup();
  const clusters = L.layerGroup();
  const layer = L.layerGroup([points, clusters]).addTo(map);
  const markers = new Map(); // facility → its circle marker, while drawn
  let facilities = [];
  let pending = false;

  function colourOf(category) {
    const i = categories().findIndex(c => c.code === category);
    return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
  }

  function symbolStyle(p) {
    const colour = colourOf(p.category);
    if (p.status === 'open') return { radius: 5, color: '#fff', weight: 1.5, fillColor: colour, fillOpacity: 1 };
    if (p.status === 'closed') return { radius: 4, color: colour, weight: 1.5, fillColor: CLOSED_FILL, fillOpacity: 1 };
    // planned and building: hollow, they do not count for coverage yet.
    return { radius: 4.5, color: colour, weight: 2, fillColor: '#fff', fillOpacity: 1 };
  }

  function setData(features) {
    points.clearLayers();
    markers.clear();
    facilities = features
      .filter(f => f.geometry && f.geometry.type === 'Point')
      .map(f => ({ id: f.id, props: f.properties, latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) }));
    redraw();
  }

  /** Redraws once per frame at most: moveend and data can arrive together. */
  function scheduleRedraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      redraw();
    });
  }

  /**
   * Draws the facilities in view, singly or grouped by grid cell. Markers already drawn are kept
   * (removing a marker closes its popup, and panning to show a popup must not close it).
   */
  function redraw() {
    clusters.clearLayers();
    const view = map.getBounds().pad(0.2);
    const visible = facilities.filter(f => view.contains(f.latlng));
    const single = new Set();
    if (visible.length <= MAX_INDIVIDUAL || map.getZoom() >= NO_CLUSTER_ZOOM) {
      visible.forEach(f => single.add(f));
    } else {
      for (const group of gridGroups(visible)) {
        if (group.length === 1) single.add(group[0]);
        else drawCluster(group);
      }
    }
    for (const [f, marker] of markers) {
      if (!single.has(f) && !marker.isPopupOpen()) {
        points.removeLayer(marker);
        markers.delete(f);
      }
    }
    for (const f of single) {
      if (!markers.has(f)) markers.set(f, drawFacility(f));
    }
  }

  /** Facilities grouped by the screen-grid cell they fall in at the current zoom. */
  function gridGroups(items) {
    const zoom = map.getZoom();
    const cells = new Map();
    for (const f of items) {
      const p = map.project(f.latlng, zoom);
      const key = Math.floor(p.x / CELL_PX) + ':' + Math.floor(p.y / CELL_PX);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(f);
    }
    return cells.values();
  }

  function drawFacility(f) {
    // bubblingMouseEvents: false, so clicking a facility while placing what-if sites opens it
    // instead of dropping a site on top of it.
    const marker = L.circleMarker(f.latlng, { ...symbolStyle(f.props), bubblingMouseEvents: false });
    // The popup's element is built once per opening: Leaflet calls this again on every update(),
    // and a fresh element would lose the history shown in it.
    let element = null;
    marker.bindPopup(() => element || (element = popupElement(marker, f)), { maxWidth: 340, minWidth: 220 });
    marker.on('popupclose', () => { element = null; });
    return marker.addTo(points);
  }

  function drawCluster(group) {
    const bounds = L.latLngBounds(group.map(f => f.latlng));
    const lat = group.reduce((s, f) => s + f.latlng.lat, 0) / group.length;
    const lng = group.reduce((s, f) => s + f.latlng.lng, 0) / group.length;
    const size = Math.round(22 + 6 * Math.log10(group.length));
    const oneCategory = group.every(f => f.props.category === group[0].props.category);
    const colour = oneCategory ? colourOf(group[0].props.category) : '#37474f';
    L.marker([lat, lng], {
      title: t('cluster.title', { count: group.length }),
      icon: L.divIcon({
        className: 'facility-cluster',
        html: `<span style="background:${colour}">${escapeHtml(formatNumber(group.length))}</span>`,
        iconSize: [size, size]
      })
    }).on('click', () => {
      // Zoom to the group; a group on one spot can only be opened by zooming further.
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), map.getZoom() + 2);
      else map.fitBounds(bounds, { padding: [30, 30] });
    }).addTo(clusters);
  }

  function popupElement(marker, f) {
    const element = document.createElement('div');
    element.className = 'facility-popup';
    element.innerHTML = popupHtml(f);
    element.querySelector('.history-link').addEventListener('click', e => {
      // A real link (a modifier key opens the JSON in a new tab); a plain click shows it here.
      if (e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      showHistory(marker.getPopup(), element.querySelector('.history'), f.id);
    });
    const close = element.querySelector('.close-link');
    if (close) close.addEventListener('click', () => onTryClosing(f.id, f.props.name));
    return element;
  }

  function popupHtml(f) {
    const p = f.props;
    const category = categories().find(c => c.code === p.category);
    const rows = [
      [t('facility.category'), categoryName(category) || p.category],
      [t('facility.status'), label('status.', p.status)],
      [t('facility.address'), p.address],
      [t('facility.phone'), p.phone],
      [t('facility.capacity'), p.capacity != null ? formatNumber(p.capacity) : null],
      [t('facility.area'), p.area_m2 != null ? formatNumber(p.area_m2) + ' m²' : null],
      [t('facility.opened'), p.opened_on],
      [t('facility.community'), p.community_code],
      [t('facility.source'), p.source ? p.source + (p.source_id ? ' / ' + p.source_id : '') : null],
      [t('facility.version'), p.version != null ? 'v' + p.version + ' · ' + formatDateTime(p.updated_at) : null]
    ].filter(([, v]) => v != null && v !== '');
    return `
      <h3><span class="dot" style="background:${colourOf(p.category)}"></span>${escapeHtml(p.name)}</h3>
      <dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
      <p class="popup-actions">
        <a href="api/facilities/${encodeURIComponent(f.id)}/history" class="history-link">${escapeHtml(t('facility.history'))}</a>
        ${p.status === 'open' ? `<button type="button" class="link close-link">${escapeHtml(t('whatif.close'))}</button>` : ''}
      </p>
      <div class="history" aria-live="polite"></div>`;
  }

  async function showHistory(popup, box, id) {
    box.textContent = t('facility.history.loading');
    try {
      const entries = await getJson(`api/facilities/${encodeURIComponent(id)}/history`);
      box.innerHTML = historyHtml(entries);
    } catch (e) {
      box.innerHTML = `<p class="message error">${escapeHtml(t('facility.history.failed', { detail: e.message }))}</p>`;
    }
    if (popup && popup.isOpen()) popup.update(); // re-measures: the popup grew
  }

  function historyHtml(entries) {
    const sorted = [...entries].sort((a, b) => a.version - b.version);
    const items = sorted.map((entry, i) => {
      const changed = i === 0 ? [] : changedFields(sorted[i - 1].feature, entry.feature);
      const note = changed.length ? ' — ' + t('facility.history.changed', { fields: changed.join(', ') }) : '';
      return `<li><b>v${escapeHtml(entry.version)}</b> ${escapeHtml(formatDateTime(entry.at))} · ` +
        `${escapeHtml(entry.by)} · ${escapeHtml(label('action.', entry.action))}${escapeHtml(note)}</li>`;
    });
    // Newest first: the question is usually "who changed this last?".
    return `<ul class="history-list">${items.reverse().join('')}</ul>`;
  }

  function changedFields(before, after) {
    const a = (before && before.properties) || {};
    const b = (after && after.properties) || {};
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const changed = [...keys].filter(k => !BOOKKEEPING.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    if (JSON.stringify(before && before.geometry) !== JSON.stringify(after && after.geometry)) {
      changed.push(t('facility.history.location'));
    }
    return changed;
  }

  map.on('moveend', scheduleRedraw);

  return {
    layer,
    setData,
    colourOf,
    /** Draws the facilities above shapes added since, so they stay visible and clickable. */
    raise() {
      points.eachLayer(m => m.bringToFront());
    },
    /** How many markers and group markers are drawn now (for the tests and the legend). */
    drawn() {
      return { points: points.getLayers().length, clusters: clusters.getLayers().length };
    },
    get count() {
      return facilities.length;
    }
  };
}
