// District outlines and names from our own data (GET /api/districts/outlines, one simplified
// polygon per district: a handful of features even for a province), so the map is readable with no
// basemap and no internet. Drawn in a pane above the community fills and below the facilities, and
// never clickable: clicks go through to the community underneath.
import { escapeHtml } from './util.js';
import { FILL_OPACITY } from './communities.js';

export function createDistrictOutlines(map) {
  map.createPane('districtOutlines');
  map.getPane('districtOutlines').style.zIndex = 450;
  map.getPane('districtOutlines').style.pointerEvents = 'none';
  const byCode = new Map(); // district code → its outline layer
  let fills = null; // district code → fill colour, while a large city's overview is drawn (else null)
  const style = f => {
    const fill = fills && fills.get(f.properties.code);
    return { color: '#263238', weight: 2.2, opacity: 0.85, fill: Boolean(fill), fillColor: fill, fillOpacity: FILL_OPACITY,
      className: 'district-outline' };
  };
  const layer = L.geoJSON(null, {
    pane: 'districtOutlines',
    interactive: false,
    style,
    onEachFeature: (f, l) => byCode.set(f.properties.code, l)
  }).addTo(map);
  // District names are markers of their own so they stay readable above the polygons.
  const labels = L.layerGroup().addTo(map);
  let placed = []; // { marker, area, width, height }, the largest district first

  /**
   * One label per district, at the centre of its largest part's box, moved onto the part when the
   * box centre falls outside a concave outline (the nearest vertex then).
   */
  function drawLabels() {
    labels.clearLayers();
    placed = [];
    for (const l of byCode.values()) {
      const parts = l.feature.geometry.type === 'MultiPolygon' ? l.feature.geometry.coordinates : [l.feature.geometry.coordinates];
      const ring = parts.map(p => p[0]).reduce((a, b) => (b.length > a.length ? b : a));
      const bounds = L.latLngBounds(ring.map(([lon, lat]) => [lat, lon]));
      let at = bounds.getCenter();
      if (!inside(ring, at)) {
        const [lon, lat] = ring.reduce((best, c) => (dist(c, at) < dist(best, at) ? c : best));
        at = L.latLng(lat, lon);
      }
      const marker = L.marker(at, {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'district-label', html: `<span>${escapeHtml(l.feature.properties.name)}</span>`, iconSize: null })
      }).addTo(labels);
      placed.push({ marker, area: parts.reduce((sum, p) => sum + Math.abs(ringArea(p[0])), 0), width: 0, height: 0 });
    }
    placed.sort((a, b) => b.area - a.area);
    // After the markers' own wait for the map's first view, when their elements exist.
    map.whenReady(declutter);
  }

  /**
   * Shows only labels that overlap no other shown label on screen, the larger districts first (a
   * province's 160 names would otherwise pile up into an unreadable block); decided again after
   * every zoom and move, when the names have room again or run into each other.
   */
  function declutter() {
    if (!map.hasLayer(labels)) return;
    const size = map.getSize();
    const shown = [];
    for (const label of placed) {
      const element = label.marker.getElement();
      if (!element) continue;
      if (!label.width) {
        // The text's size does not change with the zoom: measured once, while shown.
        element.classList.remove('crowded');
        const span = element.firstElementChild;
        label.width = span.offsetWidth;
        label.height = span.offsetHeight;
      }
      const p = map.latLngToContainerPoint(label.marker.getLatLng());
      // The span is centred on the point (translate -50%); a little room keeps names apart.
      const box = { left: p.x - label.width / 2 - LABEL_GAP, right: p.x + label.width / 2 + LABEL_GAP,
        top: p.y - label.height / 2 - LABEL_GAP, bottom: p.y + label.height / 2 + LABEL_GAP };
      const inView = box.right > 0 && box.left < size.x && box.bottom > 0 && box.top < size.y;
      const free = inView && !shown.some(b => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom);
      if (free) shown.push(box);
      element.classList.toggle('crowded', !free);
    }
  }
  map.on('moveend resize', declutter);
  // Shown again from the layer control: the markers' elements are new.
  labels.on('add', () => {
    for (const label of placed) label.width = 0;
    declutter();
  });

  return {
    layer,
    labels,
    /** Loads the outlines; a failure leaves the map usable and is reported by the caller. */
    async load(getJson) {
      const outlines = await getJson('api/districts/outlines');
      layer.clearLayers();
      byCode.clear();
      layer.addData(outlines);
      drawLabels();
      return outlines.features.length;
    },
    /**
     * Fills each district with a colour (code → colour), or none (null): the overview of a large
     * city. Returns the districts filled.
     */
    fill(colours) {
      fills = colours;
      layer.setStyle(style);
      return fills ? [...byCode.keys()].filter(code => fills.has(code)).length : 0;
    },
    /** The box of one district's outline, or null when it has none. */
    boundsOf(code) {
      const l = byCode.get(code);
      return l ? l.getBounds() : null;
    }
  };
}

/** Pixels kept free around each district name. */
const LABEL_GAP = 2;

/** Shoelace area in square degrees, weighted by the latitude's cosine: enough to rank districts by size. */
function ringArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return (sum / 2) * Math.cos((ring[0][1] * Math.PI) / 180);
}

function dist([lon, lat], at) {
  return Math.hypot(lon - at.lng, lat - at.lat);
}

/** Even-odd ray casting in degrees: enough to place a label. */
function inside(ring, at) {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > at.lat) !== (yj > at.lat) && at.lng < ((xj - xi) * (at.lat - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}
