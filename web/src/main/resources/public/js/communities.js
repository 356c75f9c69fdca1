// The community layer, drawn from Linli's own vector tiles (/tiles/communities/...) by protomaps-leaflet:
// polygons coloured by coverage (or graded by the nearest facility's distance), what-if results
// painted on top, and the selected community outlined from its own GeoJSON (the one feature asked for).
// Coloured by coverage (the default) or by unserved population in a straight line, the map draws the
// plain community tiles, the same for every question (cached once by the server and the page), and
// colours them from the /api/coverage answer by code: a community not in its `uncovered` list is
// covered. A new category or distance then fetches no tile; it repaints the tiles already here. At
// province scale (96,000 communities) a tile with coverage costs one KNN search per community in it,
// 20 s and more for a city-zoom tile, while the answer is computed in memory for the whole city.
// Graded by distance, the straight-line tiles of the question are drawn: they carry `nearest_m` for
// every community (the answer has it for the uncovered only). The tile SQL does not walk roads, so in
// walking mode the straight-line tiles of the question are coloured from the walking answer by code,
// and the communities where the two answers differ get a heavy border.
import { getJson } from './api.js';

// Colour-blind-safe (checked for deuteranopia and protanopia): blue against orange rather than
// green against red, and the what-if pair as dark teal and magenta-purple.
export const COLOURS = {
  covered: '#2c7bb6',
  uncovered: '#f07f1b',
  unreachable: '#9e9e9e',
  gained: '#00876c',
  lost: '#a2307c',
  highlight: '#111111',
  border: '#5f6b73'
};

// Distance classes are multiples of the chosen walking distance, so the blue side always means
// covered whatever distance the planner picked: ≤ ½d, ≤ d, ≤ 1½d, ≤ 2d, farther (a diverging
// blue–orange scheme, ColorBrewer's PuOr/RdYlBu family, readable without red-green vision).
export const DISTANCE_CLASSES = [
  { upTo: 0.5, colour: '#2c7bb6' },
  { upTo: 1, colour: '#abd9e9' },
  { upTo: 1.5, colour: '#fee090' },
  { upTo: 2, colour: '#fdae61' },
  { upTo: Infinity, colour: '#d7301f' }
];

// Unserved population: covered communities pale, unserved ones darker the more people they hold,
// in classes at the quartiles of the unserved communities' populations (sequential oranges).
export const UNSERVED_CLASSES = ['#fdd0a2', '#fdae6b', '#e6550d', '#a63603'];
export const SERVED_PALE = '#c6dbef';

/** Quartile limits of the unserved communities' populations (three numbers, ascending). */
export function unservedLimits(uncovered) {
  const people = uncovered.map(u => u.population).sort((a, b) => a - b);
  if (!people.length) return [0, 0, 0];
  return [0.25, 0.5, 0.75].map(q => people[Math.min(people.length - 1, Math.floor(q * people.length))]);
}

/** From this zoom on, the committee offices (where coverage is measured from) are drawn. */
export const OFFICE_ZOOM = 11;

/**
 * The overview of a large city (app.js draws it below the zoom at which the communities in view
 * would exceed a limit): each district filled by the share of its residents covered.
 */
export const SHARE_CLASSES = [
  { upTo: 0.5, colour: '#f07f1b' },
  { upTo: 0.75, colour: '#fdd0a2' },
  { upTo: 0.9, colour: '#abd9e9' },
  { upTo: Infinity, colour: '#2c7bb6' }
];

export function shareColour(share) {
  return SHARE_CLASSES.find(c => share < c.upTo || c.upTo === Infinity).colour;
}

/** Fill opacity of a community: the basemap (if any) and the outlines stay readable underneath. */
export const FILL_OPACITY = 0.55;

export function distanceColour(nearest, distance) {
  if (nearest == null) return COLOURS.unreachable;
  return DISTANCE_CLASSES.find(c => nearest <= c.upTo * distance).colour;
}

export function createCommunityLayer(map) {
  map.createPane('communities');
  map.getPane('communities').style.zIndex = 350; // above basemaps (tilePane), below outlines and facilities
  map.createPane('selection');
  map.getPane('selection').style.zIndex = 460;
  map.getPane('selection').style.pointerEvents = 'none';

  let colourBy = 'coverage';
  let limits = [0, 0, 0]; // unserved population classes, from the coverage answer
  let question = null; // {category, distance, mode, statuses}
  let fromAnswer = null; // code → {covered: false, nearest_m} of the uncovered, from /api/coverage (null: the tile's own)
  let walking = false; // fromAnswer is the walking answer, drawn over the straight-line tiles
  let answer = null; // the last /api/coverage answer shown
  // False while the answer lists only the first unserved communities (an overview's): nothing is
  // painted then, rather than the unlisted ones as covered.
  let complete = true;
  let gained = new Set();
  let lost = new Set();
  let highlighted = null;
  let tiles = null; // the protomaps layer drawing the current question
  let tilesUrl = null; // the URL template it draws (and from which zoom)
  let minZoom = 6; // below it (a large city's overview) no community is drawn
  let loaded = Promise.resolve();
  // What the tiles painted, by code: the properties and the fill, for popups, the what-if list and
  // the tests (which compare it with /api/coverage/communities). Only communities in a drawn tile.
  const drawn = new Map();
  const group = L.layerGroup().addTo(map); // what the layer control toggles
  const outline = L.layerGroup().addTo(map);

  /**
   * A feature's coverage facts. Walking mode draws the straight-line tiles of the same question
   * (cached, shared with straight mode) and takes coverage from the walking answer; the straight
   * answer stays as `straight_covered`, so the communities the two modes disagree on can be marked.
   */
  function facts(p) {
    if (!fromAnswer) return p;
    const known = fromAnswer.get(p.code);
    const covered = known ? known.covered : true;
    // Plain tiles: the straight answer, with the distance of the uncovered (a popup asks for the rest).
    if (!walking) return { ...p, covered, nearest_m: known ? known.nearest_m : null };
    return { ...p, covered, nearest_m: known ? known.nearest_m : null, network: true,
      straight_covered: p.covered, straight_nearest_m: p.nearest_m, differs: Boolean(p.covered) !== covered };
  }

  function fillFor(p) {
    if (gained.has(p.code)) return COLOURS.gained;
    if (lost.has(p.code)) return COLOURS.lost;
    if (colourBy === 'unserved') {
      if (p.covered) return SERVED_PALE;
      const i = limits.findIndex(l => p.population <= l);
      return UNSERVED_CLASSES[i < 0 ? 3 : i];
    }
    if (colourBy === 'distance') {
      // Walking mode knows the distance of unserved communities only: served ones are "within d".
      if (p.network && p.covered) return DISTANCE_CLASSES[1].colour;
      return distanceColour(p.nearest_m, question.distance);
    }
    return p.covered ? COLOURS.covered : COLOURS.uncovered;
  }

  function paintedFill(f) {
    const p = facts(f.props);
    const fill = fillFor(p);
    drawn.set(p.code, { properties: p, fill });
    return fill;
  }

  function inQuestion(p) {
    return !question.district || p.district_code === question.district;
  }

  /** The straight-line tiles of the question are needed: graded by distance, or walking (for the differences). */
  function questionTiles() {
    return question.mode === 'network' || colourBy === 'distance';
  }

  function tileUrl() {
    const path = 'tiles/communities/{z}/{x}/{y}.mvt';
    if (!questionTiles()) return path;
    const params = new URLSearchParams({ category: question.category, distance: String(question.distance) });
    return path + '?' + params;
  }

  function newTiles() {
    return protomapsL.leafletLayer({
      url: tileUrl(),
      pane: 'communities',
      attribution: '',
      // Linli's tiles are 4096 units with a 64 buffer; asked one zoom lower and drawn at 512 px
      // (the renderer's default), a city needs a quarter of the requests.
      maxDataZoom: 14,
      minZoom,
      paintRules: [{
        dataLayer: 'communities',
        // A district chosen: only its communities, as the coverage answer counts them.
        filter: (z, f) => complete && inQuestion(f.props),
        symbolizer: new protomapsL.PolygonSymbolizer({
          fill: (z, f) => paintedFill(f),
          opacity: FILL_OPACITY,
          stroke: COLOURS.border,
          width: (z, f) => (z >= 12 ? 0.6 : 0.3)
        })
      }, {
        // Walking mode: a heavy border where walking and the straight line disagree.
        dataLayer: 'communities',
        filter: (z, f) => complete && inQuestion(f.props) && Boolean(fromAnswer) && facts(f.props).differs,
        symbolizer: new protomapsL.PolygonSymbolizer({
          fill: 'rgba(0, 0, 0, 0)',
          stroke: COLOURS.highlight,
          width: 2.5,
          opacity: 1
        })
      }, {
        // The point coverage is measured from (the committee office): drawn once a street can be told apart.
        dataLayer: 'offices',
        minzoom: OFFICE_ZOOM,
        filter: (z, f) => !question.district || inQuestionCode(f.props.code),
        symbolizer: new protomapsL.CircleSymbolizer({
          radius: (z, f) => (f.props.office ? 3 : 2.5) * (z >= 14 ? 1.3 : 1),
          fill: (z, f) => (f.props.office ? '#ffffff' : '#d9d9d9'),
          stroke: COLOURS.highlight,
          width: 1.2
        })
      }],
      labelRules: []
    });
  }

  /** Offices carry only their code: they belong to the question when their community was drawn in it. */
  function inQuestionCode(code) {
    const d = drawn.get(code);
    return Boolean(d);
  }

  /**
   * Draws a new question; resolves when the tiles in view are painted. The plain tiles already drawn
   * are repainted with the new answer's colours; other tiles are fetched.
   */
  function show(newQuestion, newAnswer) {
    question = newQuestion;
    answer = newAnswer || null;
    fromAnswer = null;
    walking = newQuestion.mode === 'network';
    complete = !answer || answer.uncovered.length >= answer.communities.total - answer.communities.covered;
    if (answer) limits = unservedLimits(answer.uncovered);
    if (answer && (walking || !questionTiles())) {
      fromAnswer = new Map(answer.uncovered.map(u => [u.code, { covered: false, nearest_m: u.nearest_m }]));
    }
    gained = new Set();
    lost = new Set();
    if (tiles && tiles._map && tilesUrl === tileUrl() + '@' + minZoom) {
      drawn.clear();
      loaded = repaint();
      return loaded;
    }
    const previous = tiles;
    tiles = newTiles();
    tilesUrl = tileUrl() + '@' + minZoom;
    const layer = tiles;
    loaded = new Promise(resolve => {
      layer.once('load', () => {
        // The old drawing stays until the new one is painted: no blank flash between questions.
        if (previous) group.removeLayer(previous);
        resolve();
      });
    });
    drawn.clear();
    group.addLayer(layer);
    // Nothing to load (layer switched off, or no tile in view at this zoom): Leaflet fires no 'load'.
    if (!layer._map || !layer._loading) {
      layer.fire('load');
      return Promise.resolve();
    }
    return loaded;
  }

  /**
   * Repaints the tiles already loaded (colours changed, data did not); resolves when every tile in
   * view is painted again (protomaps' own rerenderTiles does not say when).
   */
  function repaint() {
    if (!tiles) return Promise.resolve();
    const layer = tiles;
    if (!layer._map) return Promise.resolve();
    const painting = [];
    for (const key in layer._tiles) {
      const coords = layer._wrapCoords(layer._keyToTileCoords(key));
      painting.push(layer.renderTile(coords, layer._tiles[key].el, layer._tileCoordsToKey(coords)));
    }
    return Promise.all(painting).then(() => {});
  }

  /** The community under a point of the map, from the tiles in view (null if none). */
  function at(latlng) {
    if (!tiles || !tiles._map || !complete) return null;
    const picked = tiles.queryTileFeaturesDebug(latlng.lng, latlng.lat);
    for (const features of picked.values()) {
      const hit = features.find(p => p.layerName === 'communities' && inQuestion(p.feature.props));
      if (hit) return facts(hit.feature.props);
    }
    return null;
  }

  function drawOutline(feature) {
    outline.clearLayers();
    if (!feature) return null;
    return L.geoJSON(feature, { pane: 'selection', interactive: false, style: { color: COLOURS.highlight, weight: 3, fill: false } })
      .addTo(outline);
  }

  function codes(covered) {
    const out = [];
    for (const [code, { properties }] of drawn) {
      if (Boolean(properties.covered) === covered) out.push(code);
    }
    return out.sort();
  }

  return {
    layer: group,
    show,
    repaint,
    at,
    /** Resolves when the current question's tiles in view are painted. */
    loaded: () => loaded,
    /** From which zoom the communities are drawn (a large city's overview draws its districts below). */
    setMinZoom(zoom) {
      if (zoom === minZoom) return Promise.resolve();
      minZoom = zoom;
      return question ? show(question, answer) : Promise.resolve();
    },
    setColourBy(mode) {
      const before = question && tileUrl();
      colourBy = mode;
      // Graded by distance needs the question's own tiles (nearest_m of every community), and back.
      if (question && tileUrl() !== before) return show(question, answer);
      return repaint();
    },
    get colourBy() {
      return colourBy;
    },
    /** The population limits of the unserved classes now drawn. */
    get unservedLimits() {
      return limits;
    },
    /** Paints a what-if result: communities it would newly cover or lose. */
    setWhatIf(newlyCovered, newlyUncovered) {
      gained = new Set(newlyCovered || []);
      lost = new Set(newlyUncovered || []);
      return repaint();
    },
    /**
     * Selects one community: fetches its feature (the one GeoJSON asked for), outlines it and, when
     * asked, zooms to it. Returns its properties (with the coverage facts) and centre, or null.
     */
    async select(code, { zoom = true } = {}) {
      let feature;
      try {
        feature = await getJson('api/communities/' + encodeURIComponent(code));
      } catch (e) {
        return null;
      }
      highlighted = code;
      const shape = drawOutline(feature);
      const bounds = shape.getBounds();
      if (zoom) map.fitBounds(bounds, { maxZoom: 15, padding: [40, 40], animate: false });
      const known = drawn.get(code);
      const properties = { ...feature.properties, ...(known ? known.properties : {}), office: feature.properties.ref_lon != null };
      return { properties, centre: bounds.getCenter(), feature };
    },
    clearSelection() {
      highlighted = null;
      outline.clearLayers();
    },
    get highlighted() {
      return highlighted;
    },
    properties(code) {
      const d = drawn.get(code);
      return d ? d.properties : null;
    },
    /** Walking mode: the codes drawn whose straight-line answer differs from the walking one. */
    differing() {
      return [...drawn].filter(([, d]) => d.properties.differs).map(([code]) => code).sort();
    },
    /** The fill painted for each community drawn, by code. */
    fills() {
      return Object.fromEntries([...drawn].map(([code, d]) => [code, d.fill]));
    },
    coveredCodes: () => codes(true),
    uncoveredCodes: () => codes(false),
    count: () => drawn.size
  };
}
