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

  /**
   * One label per district, at the centre of its largest part's box, moved onto the part when the
   * box centre falls outside a concave outline (the nearest vertex then).
   */
  function drawLabels() {
    labels.clearLayers();
    for (const l of byCode.values()) {
      const parts = l.feature.geometry.type === 'MultiPolygon' ? l.feature.geometry.coordinates : [l.feature.geometry.coordinates];
      const ring = parts.map(p => p[0]).reduce((a, b) => (b.length > a.length ? b : a));
      const bounds = L.latLngBounds(ring.map(([lon, lat]) => [lat, lon]));
      let at = bounds.getCenter();
      if (!inside(ring, at)) {
        const [lon, lat] = ring.reduce((best, c) => (dist(c, at) < dist(best, at) ? c : best));
        at = L.latLng(lat, lon);
      }
      L.marker(at, {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'district-label', html: `<span>${escapeHtml(l.feature.properties.name)}</span>`, iconSize: null })
      }).addTo(labels);
    }
  }

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
