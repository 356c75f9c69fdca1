// The facility layer, drawn from Linli's own vector tiles (/tiles/facilities/...) by protomaps-leaflet:
// one circle per facility (colour = category, fill = status; one closed in a what-if is drawn closed).
// A click picks the facility from the tiles in view and asks for that one feature
// (/api/facilities/{id}) for the popup with the details and the version history.
import { getJson } from './api.js';
import { categoryName, label, t } from './i18n.js';
import { escapeHtml, formatDateTime, formatNumber } from './util.js';

// 18 categories: distinct hues, avoiding the blue and orange used for coverage.
const PALETTE = [
  '#1f3b73', '#e7298a', '#6a3d9a', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#393b79', '#637939',
  '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d', '#0f7c6c', '#b15928', '#5254a3', '#d6616b'
];
const CLOSED_FILL = '#9e9e9e';
/** How near (screen pixels) a click must be to a facility to pick it. */
const PICK_PX = 8;
/** Properties that change on every save; the history's "changed" list leaves them out. */
const BOOKKEEPING = new Set(['version', 'updated_at', 'updated_by']);

export function createFacilityLayer(map, { categories, onTryClosing, onServiceArea = () => {}, reach = () => 0 }) {
  // reach(category): the walking distance asked for that category, 0 when it is not the one asked about.
  map.createPane('facilities');
  map.getPane('facilities').style.zIndex = 470; // above the outlines and the selection
  map.getPane('facilities').style.pointerEvents = 'none'; // clicks are picked from the tiles (pick)
  const group = L.layerGroup().addTo(map); // what the layer control toggles
  let tiles = null;
  let minZoom = 6; // below it (the overview of a large city) no facility is drawn
  let shownCategory = null;
  let closedInWhatIf = new Set();
  let loaded = Promise.resolve();
  const painted = new Set(); // facility ids painted since the last change of scope
  // The walking distance around the facility whose popup is open (a circle: the straight-line bound).
  const reachLayer = L.layerGroup().addTo(map);

  function colourOf(category) {
    const i = categories().findIndex(c => c.code === category);
    return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
  }

  function statusOf(p) {
    return closedInWhatIf.has(Number(p.id)) ? 'closed' : p.status;
  }

  function newTiles(category) {
    const url = 'tiles/facilities/{z}/{x}/{y}.mvt' + (category ? '?' + new URLSearchParams({ category }) : '');
    const small = z => (z < 11 ? 0.6 : z < 13 ? 0.8 : 1);
    return protomapsL.leafletLayer({
      url,
      pane: 'facilities',
      attribution: '',
      maxDataZoom: 14,
      minZoom,
      paintRules: [{
        dataLayer: 'facilities',
        symbolizer: new protomapsL.CircleSymbolizer({
          radius: (z, f) => (statusOf(f.props) === 'open' ? 5 : 4.5) * small(z),
          fill: (z, f) => {
            painted.add(f.props.id);
            const status = statusOf(f.props);
            if (status === 'open') return colourOf(f.props.category);
            return status === 'closed' ? CLOSED_FILL : '#ffffff';
          },
          // planned and building: hollow, they do not count for coverage yet.
          stroke: (z, f) => (statusOf(f.props) === 'open' ? '#ffffff' : colourOf(f.props.category)),
          width: (z, f) => (statusOf(f.props) === 'open' ? 1.5 : 2) * small(z)
        })
      }],
      labelRules: []
    });
  }

  /** Draws the facilities of one category (or all: null); resolves when the tiles in view are painted. */
  function show(category) {
    shownCategory = category;
    const previous = tiles;
    tiles = newTiles(category);
    const layer = tiles;
    painted.clear();
    loaded = new Promise(resolve => layer.once('load', () => {
      if (previous) group.removeLayer(previous);
      resolve();
    }));
    group.addLayer(layer);
    // Nothing to load (layer switched off, or no tile in view at this zoom): Leaflet fires no 'load'.
    if (!layer._map || !layer._loading) layer.fire('load');
    return loaded;
  }

  function hide() {
    group.clearLayers(); // the current tiles and any previous ones still waiting to be replaced
    tiles = null;
    painted.clear();
    loaded = Promise.resolve();
  }

  /** A facility drawn within a few pixels of a point of the map, from the tiles in view (null if none). */
  function pick(latlng) {
    if (!tiles || !tiles._map) return null;
    // queryTileFeaturesDebug is the renderer's only picking call; it halves the brush for tiles
    // asked one zoom lower (512 px), hence twice the pixels.
    const picked = tiles.queryTileFeaturesDebug(latlng.lng, latlng.lat, PICK_PX * 2);
    // Within a few pixels there is seldom more than one; the first found is taken.
    let best = null;
    for (const features of picked.values()) {
      best = best || features.find(p => p.layerName === 'facilities');
    }
    return best ? best.feature.props : null;
  }

  /** Opens the popup of a facility: its one feature from the API, shown where it stands. */
  async function open(id) {
    const feature = await getJson('api/facilities/' + encodeURIComponent(id));
    const [lon, lat] = feature.geometry.coordinates;
    const f = { id: feature.id, props: feature.properties, latlng: L.latLng(lat, lon) };
    const popup = L.popup({ maxWidth: 340, minWidth: 220 }).setLatLng(f.latlng);
    popup.setContent(popupElement(popup, f)).openOn(map);
    reachLayer.clearLayers();
    if (reach(f.props.category) > 0) {
      L.circle(f.latlng, { radius: reach(f.props.category), interactive: false, color: colourOf(f.props.category), weight: 1.5,
        dashArray: '4 4', fillOpacity: 0.06 }).addTo(reachLayer);
    }
    popup.on('remove', () => reachLayer.clearLayers());
    return f;
  }

  function popupElement(popup, f) {
    const element = document.createElement('div');
    element.className = 'facility-popup';
    element.innerHTML = popupHtml(f);
    element.querySelector('.history-link').addEventListener('click', e => {
      // A real link (a modifier key opens the JSON in a new tab); a plain click shows it here.
      if (e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      showHistory(popup, element.querySelector('.history'), f.id);
    });
    element.querySelector('.service-area-link').addEventListener('click', () => {
      reachLayer.clearLayers(); // the area as the API draws it replaces the rough circle
      onServiceArea(f.id, f.props.category);
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
        <button type="button" class="link service-area-link">${escapeHtml(t('facility.servicearea'))}</button>
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

  return {
    layer: group,
    show,
    hide,
    pick,
    open,
    colourOf,
    loaded: () => loaded,
    /**
     * From which zoom facilities are drawn: a large city's overview draws districts, not the
     * 100,000s of facilities of a category (megabytes of tiles, and a carpet of dots).
     */
    setMinZoom(zoom) {
      if (zoom === minZoom) return;
      minZoom = zoom;
      if (tiles) show(shownCategory);
    },
    /** Draws facilities closed in a what-if as closed. */
    setClosed(ids) {
      closedInWhatIf = new Set([...ids].map(Number));
      if (tiles) tiles.rerenderTiles();
    },
    /** How many facilities the tiles in view have painted, and the reach circle's radius (for the tests). */
    drawn() {
      const circle = reachLayer.getLayers()[0];
      return { points: painted.size, reach: circle ? circle.getRadius() : null };
    }
  };
}
