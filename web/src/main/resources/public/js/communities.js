// The community layer: polygons coloured by coverage (or graded by the nearest facility's distance),
// what-if results painted on top, district name labels, and a highlight for the selected community.
import { escapeHtml } from './util.js';

export const COLOURS = {
  covered: '#43a047',
  uncovered: '#e53935',
  unreachable: '#9e9e9e',
  gained: '#1e88e5',
  lost: '#8e24aa',
  highlight: '#111111',
  border: '#5f6b73'
};

// Distance classes are multiples of the chosen walking distance, so "green" always means covered
// whatever distance the planner picked: ≤ ½d, ≤ d, ≤ 1½d, ≤ 2d, farther.
export const DISTANCE_CLASSES = [
  { upTo: 0.5, colour: '#1a9850' },
  { upTo: 1, colour: '#91cf60' },
  { upTo: 1.5, colour: '#fee08b' },
  { upTo: 2, colour: '#fc8d59' },
  { upTo: Infinity, colour: '#d73027' }
];

export function distanceColour(nearest, distance) {
  if (nearest == null) return COLOURS.unreachable;
  return DISTANCE_CLASSES.find(c => nearest <= c.upTo * distance).colour;
}

export function createCommunityLayer(map) {
  let colourBy = 'coverage';
  let distance = 500;
  let gained = new Set();
  let lost = new Set();
  let highlighted = null;
  const byCode = new Map();

  const layer = L.geoJSON(null, {
    style: f => styleFor(f.properties),
    onEachFeature: (f, l) => byCode.set(f.properties.code, l)
  }).addTo(map);
  // District names are markers of their own so they stay readable above the polygons.
  const labels = L.layerGroup().addTo(map);
  // The selected community's outline is a separate, non-interactive shape: raising the polygon
  // itself would put it above the facilities in the shared canvas and swallow their clicks.
  const outline = L.layerGroup().addTo(map);

  function fillFor(p) {
    if (gained.has(p.code)) return COLOURS.gained;
    if (lost.has(p.code)) return COLOURS.lost;
    if (colourBy === 'distance') return distanceColour(p.nearest_m, distance);
    return p.covered ? COLOURS.covered : COLOURS.uncovered;
  }

  function styleFor(p) {
    // Thin borders: with 2,000 communities, district structure comes from the labels, not the lines.
    return { color: COLOURS.border, weight: 0.6, fillOpacity: p.code === highlighted ? 0.75 : 0.55, fillColor: fillFor(p) };
  }

  function restyle() {
    layer.setStyle(f => styleFor(f.properties));
  }

  function drawOutline() {
    outline.clearLayers();
    const selected = byCode.get(highlighted);
    if (selected) {
      L.geoJSON(selected.feature, { interactive: false, style: { color: COLOURS.highlight, weight: 3, fill: false } })
        .addTo(outline);
    }
  }

  function setData(featureCollection, newDistance) {
    layer.clearLayers();
    byCode.clear();
    distance = newDistance;
    gained = new Set();
    lost = new Set();
    if (highlighted && !featureCollection.features.some(f => f.properties.code === highlighted)) highlighted = null;
    layer.addData(featureCollection);
    drawDistrictLabels();
    drawOutline();
    restyle();
  }

  /**
   * One label per district at the community nearest the mean of its communities' centres:
   * a real dissolve of 2,000 polygons is too heavy for the browser, and a plain mean could
   * fall outside a concave district.
   */
  function drawDistrictLabels() {
    labels.clearLayers();
    const groups = new Map();
    layer.eachLayer(l => {
      const p = l.feature.properties;
      if (!groups.has(p.district_code)) groups.set(p.district_code, { name: p.district_name, centres: [] });
      groups.get(p.district_code).centres.push(l.getBounds().getCenter());
    });
    for (const { name, centres } of groups.values()) {
      const lat = centres.reduce((s, c) => s + c.lat, 0) / centres.length;
      const lng = centres.reduce((s, c) => s + c.lng, 0) / centres.length;
      const mean = L.latLng(lat, lng);
      const at = centres.reduce((best, c) => (c.distanceTo(mean) < best.distanceTo(mean) ? c : best));
      L.marker(at, {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'district-label', html: `<span>${escapeHtml(name)}</span>`, iconSize: null })
      }).addTo(labels);
    }
  }

  function codes(covered) {
    const out = [];
    layer.eachLayer(l => {
      if (Boolean(l.feature.properties.covered) === covered) out.push(l.feature.properties.code);
    });
    return out.sort();
  }

  return {
    layer,
    labels,
    setData,
    setColourBy(mode) {
      colourBy = mode;
      restyle();
    },
    get colourBy() {
      return colourBy;
    },
    /** Paints a what-if result: communities it would newly cover or lose. */
    setWhatIf(newlyCovered, newlyUncovered) {
      gained = new Set(newlyCovered || []);
      lost = new Set(newlyUncovered || []);
      restyle();
    },
    /** Outlines one community and zooms to it; returns its properties and centre, or null when it is not drawn. */
    highlight(code) {
      const target = byCode.get(code);
      if (!target) return null;
      highlighted = code;
      restyle();
      drawOutline();
      map.fitBounds(target.getBounds(), { maxZoom: 15, padding: [40, 40] });
      return { properties: target.feature.properties, centre: target.getBounds().getCenter() };
    },
    get highlighted() {
      return highlighted;
    },
    properties(code) {
      const l = byCode.get(code);
      return l ? l.feature.properties : null;
    },
    coveredCodes: () => codes(true),
    uncoveredCodes: () => codes(false),
    count: () => byCode.size,
    bounds: () => layer.getBounds()
  };
}
