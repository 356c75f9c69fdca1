// Linli planner's map: communities coloured by whether a facility of the chosen category is within
// walking distance, the facilities on top (both drawn from Linli's own vector tiles), the unserved communities ranked by population, what-if
// and suggested sites, the plan's indicators and the import of new data, with a getting-started
// guide while the registry lacks communities or facilities. Everything comes from the Linli HTTP API
// of this server (no CDN, no keys, no build step).
import { coverageParams, getJson, isAbort, supersede } from './js/api.js';
import { COLOURS, DISTANCE_CLASSES, OFFICE_ZOOM, SERVED_PALE, SHARE_CLASSES, UNSERVED_CLASSES, createCommunityLayer,
  shareColour } from './js/communities.js';
import { createFacilityLayer } from './js/facilities.js';
import { applyLabels, categoryName, currentLanguage, onLanguageChange, setLanguage, t } from './js/i18n.js';
import { createImport } from './js/import.js';
import { createLifeCircles } from './js/lifecircles.js';
import { createDistrictOutlines } from './js/outlines.js';
import { createIndicators } from './js/indicators.js';
import { createSuggest } from './js/suggest.js';
import { byId, escapeHtml, formatMetres, formatNumber, formatPercent, markUpdating, settled, showMessage } from './js/util.js';
import { createWhatIf } from './js/whatif.js';
import { createServiceAreas } from './js/serviceareas.js';
import { ROADS_COLOUR, createRoadLayer } from './js/roads.js';
import { createChanges } from './js/changes.js';
import { createDistrictReport } from './js/report.js';
import { createExports } from './js/exports.js';
import { createSearch } from './js/search.js';
import { createBreakdown } from './js/breakdown.js';
import { loadCategories } from './js/categories.js';

/**
 * Unserved communities listed at first, and added by each "more"; the overview asks for only these
 * (localStorage 'linli.gapPage' overrides it: the tests).
 */
const GAP_PAGE = Number(localStorage.getItem('linli.gapPage')) || 30;
/**
 * At most this many communities in view, else the map is the overview: districts filled by the
 * share of residents covered, no community and no facility drawn. A province (96,000 communities)
 * at its whole-area zoom would otherwise download some 11 MB of community tiles and paint every
 * polygon a few pixels wide, and as many facilities of the category on top (about 5 s in headless
 * Chromium on 2 cores, see docs/BENCHMARKS.md); zoomed in to 20,000 in view, the tiles loaded (with
 * their margins) still hold some 20,000 communities and 30,000 facilities, 2–4 s to paint, against
 * 0.6–1 s at 5,000. Estimated from the registry's count and extent, as
 * if the communities were spread evenly. localStorage 'linli.detailLimit' overrides it (the tests).
 */
const DETAIL_LIMIT = Number(localStorage.getItem('linli.detailLimit')) || 5000;

// The steps of the getting-started guide, in the order the data has to come in, each with the
// import layer it opens. Districts and streets come in with the community file (its district and
// street columns), so their step opens the communities import.
const GUIDE_STEPS = [
  { key: 'divisions', layer: 'communities', done: c => c.districts > 0 && c.streets > 0,
    count: c => t('guide.divisions.count', { districts: formatNumber(c.districts), streets: formatNumber(c.streets) }) },
  { key: 'communities', layer: 'communities', done: c => c.communities > 0,
    count: c => t('guide.communities.count', { count: formatNumber(c.communities) }) },
  { key: 'roads', layer: 'roads', done: c => c.roads > 0,
    count: c => t('guide.roads.count', { count: formatNumber(c.roads) }) },
  { key: 'facilities', layer: 'facilities', done: c => c.facilities > 0,
    count: c => t('guide.facilities.count', { count: formatNumber(c.facilities) }) }
];
// Where the map opens until the registry says where its data lies (an empty registry): China.
const FALLBACK_VIEW = { centre: [35.0, 105.0], zoom: 4 };

// window.linli is what the browser tests (and a curious planner's console) read.
const state = { ready: false, communities: 0, covered: 0, uncoveredCodes: [], coveredCodes: [], fills: {}, highlighted: null, facilityCount: 0, registry: null };
window.linli = state;

const map = L.map('map', { preferCanvas: true, zoomControl: true, minZoom: 3 }).setView(FALLBACK_VIEW.centre, FALLBACK_VIEW.zoom);
L.control.scale({ imperial: false }).addTo(map);
addLegendControl();

const ui = {
  form: byId('controls'),
  category: byId('category'),
  distance: byId('distance'),
  mode: byId('mode'),
  district: byId('district'),
  summary: byId('summary'),
  colourBy: byId('colour-by'),
  facilityScope: byId('facility-scope'),
  legend: byId('legend'),
  gaps: byId('gaps'),
  gapsNote: byId('gaps-note'),
  gapsCount: byId('gaps-count'),
  mapMessage: byId('map-message'),
  lang: byId('lang')
};

let categories = [];
let districts = [];
let registry = null; // the last /api/registry answer: the city's name, counts, extent, demo
let guideWanted = null; // the planner opened (true) or hid (false) the guide; null: shown while data is missing
let report = null; // the last /api/coverage answer (in the overview, listing only the first unserved: partial())
let reportQuery = null; // the question it answers
let reportSequence = 0; // the refresh that put it on the map
let completing = null; // {mine, done}: the whole answer being asked for the question on the map
let firstAnswer = null; // {asked, answer}: the overview's answer asked at the start (askFirstAnswer)
let facilitySummary = null; // {count, open} or {error} or {hidden}
let refreshSequence = 0;
// The coverage requests of the question on the map (its answer, the whole answer, the counts): a newer
// question aborts them. refreshSignal is the current question's.
const coverageAsking = supersede();
let refreshSignal = null;
let fittedDistrict; // the district the map was last zoomed to (undefined: never)
let gapsShown = GAP_PAGE; // how many of the unserved communities the list shows
let detailZoom = 0; // from this zoom on communities and facilities are drawn; below it the district overview
let outlinesLoaded = Promise.resolve(); // the district outlines (the overview fills them)

const communities = createCommunityLayer(map);
const nearestLayer = L.layerGroup().addTo(map); // the line from the selected community's office to its nearest facility
const outlines = createDistrictOutlines(map);
const roads = createRoadLayer(map);
const serviceAreas = createServiceAreas(map, { query: currentQuery, onChange: () => renderLegend() });
const whatIf = createWhatIf(map, {
  query: currentQuery,
  communities,
  onSites: sites => serviceAreas.showSites(sites),
  onClosed: ids => facilities.setClosed(ids),
  onChange: () => rememberQuery(currentQuery()) // the proposal goes into the address with the query
});
const facilities = createFacilityLayer(map, {
  categories: () => categories,
  reach: category => (report && category === report.category ? report.distance_m : 0),
  onTryClosing: (id, name) => whatIf.tryClosing(id, name),
  onServiceArea: (id, category) => serviceAreas.showFacility(id, category)
});
const suggest = createSuggest(map, { query: currentQuery, whatIf });
const lifeCircles = createLifeCircles(map, { query: currentQuery });
const indicators = createIndicators();
const exportsPanel = createExports({ query: currentQuery });
createSearch({ onPlace: showPlace });
const breakdown = createBreakdown(map, {
  onFacility: f => showPlace({ kind: 'facility', id: f.id, lon: f.lon, lat: f.lat }),
  onStreet: showStreet
});
createChanges(map, () => currentQuery(), state);
createDistrictReport(() => currentQuery(), state);
const importer = createImport({
  onCommitted: async () => {
    // The guide's counts, the city's divisions, the coverage and the life circles (when their panel is
    // open) all follow what was just imported.
    await reloadRegistry();
    await refresh();
    indicators.refresh();
    lifeCircles.refresh();
  }
});
let layersControl = null;
state.map = map;
Object.defineProperties(state, {
  whatIf: { get: () => whatIf.result, enumerable: true },
  serviceAreas: { get: () => serviceAreas.features, enumerable: true },
  roadsDrawn: { get: () => roads.drawnRoads, enumerable: true },
  suggestion: { get: () => suggest.result, enumerable: true },
  facilitiesDrawn: { get: () => facilities.drawn(), enumerable: true },
  lifeCircles: { get: () => lifeCircles.state, enumerable: true },
  // The fill each drawn community has now (what-if colours included), by code.
  drawnFills: { get: () => communities.fills(), enumerable: true }
});

function currentQuery() {
  return { category: ui.category.value, distance: ui.distance.value, mode: ui.mode.value, district: ui.district.value };
}

function selectedCategory() {
  return categories.find(c => c.code === ui.category.value);
}

// ---- coverage ----------------------------------------------------------------------------------

/** Recomputes coverage for the form's query and redraws everything that depends on it. */
async function refresh() {
  const mine = ++refreshSequence;
  const signal = refreshSignal = coverageAsking.next();
  const query = currentQuery();
  state.ready = false;
  suggest.reset();
  nearestLayer.clearLayers(); // drawn for the previous question
  // The answer on the panel stays, greyed and marked busy, until the new one replaces it: swapped for a
  // one-line "computing" it made the panel jump under the planner's pointer at every question.
  if (summaryShown()) markUpdating(ui.summary, t('computing'));
  else showMessage(ui.summary, t('computing'), 'notice');
  rememberQuery(query);
  exportsPanel.update();
  // The overview draws no community: it needs the counts, the districts' shares and the list's first
  // page, not every unserved community (0.6–11 MB of JSON at province scale), asked when zoomed in.
  const slim = overviewAfterFit(query.district);
  const params = coverageParams(query, slim ? { uncovered_limit: GAP_PAGE } : {});
  // Asked before the facility tiles: the browser's six connections to the server would otherwise
  // all be waiting for (cold) tiles while the answer the map is coloured from queues behind them.
  const asked = takeFirstAnswer(query, slim, signal) || getJson('api/coverage?' + params, { signal });
  facilitySummary = showFacilityTiles(query) ? null : { hidden: true };
  try {
    let answer = await asked;
    if (mine !== refreshSequence) return;
    fitOnce(query.district);
    if (partial(answer) && !overview()) {
      answer = await getJson('api/coverage?' + coverageParams(query), { signal }); // the fit ended nearer than foreseen
      if (mine !== refreshSequence) return;
    }
    report = answer;
    reportQuery = query;
    reportSequence = mine;
    gapsShown = GAP_PAGE;
    const drawing = communities.show(communityQuestion(query, answer), answer);
    await outlinesLoaded;
    if (mine !== refreshSequence) return;
    paintOverview();
    renderCoverage();
    breakdown.show(answer, query); // the capacity comes in after, on its own
    await drawing;
    if (mine !== refreshSequence) return;
    publishState();
    serviceAreas.refresh(); // a facility's area follows the mode and distance asked (the sites' follow the proposal)
    await whatIf.run(); // a proposal stays on the map across queries, recomputed for the new one
    if (mine !== refreshSequence) return;
    publishState();
    renderLegend(); // what is drawn is known now (the communities that differ between modes)
    state.error = null;
    state.ready = true;
    suggest.resume(); // a suggestion asked while the question changed: answered for the new one
    countFacilities(query, mine);
  } catch (e) {
    if (mine !== refreshSequence || isAbort(e)) return; // superseded: the newer question answers
    // The previous drawing stays, but it no longer answers the form: say so over the map too.
    report = null;
    state.error = e.message;
    showMessage(ui.summary, t('map.failed', { detail: e.message }), 'error');
    setMapMessage(t('map.failed', { detail: e.message }), 'error');
    suggest.resume(); // answered all the same (its own failure, if the question cannot be answered)
  }
}

/**
 * Asks, at the start, for the overview's answer to the question in the address (a shared link or a
 * reload names its category), beside the registry's questions rather than after them: the first
 * refresh takes it if it asks that question in the overview (takeFirstAnswer), else it is dropped
 * (a city small enough to draw each community: one small answer too many).
 */
function askFirstAnswer() {
  const url = new URLSearchParams(location.search);
  if (!url.get('category')) return;
  const asked = { category: url.get('category'), distance: url.get('distance') || '', mode: url.get('mode') || '',
    district: url.get('district') || '' };
  const controller = new AbortController();
  const answer = getJson('api/coverage?' + coverageParams(asked, { uncovered_limit: GAP_PAGE }), { signal: controller.signal });
  answer.catch(() => {}); // a question not asked after all: its failure is nobody's
  firstAnswer = { asked, answer, controller };
}

/**
 * The answer askFirstAnswer asked, if it answers this question in the overview (once only; aborted
 * with the question's signal), else null (and aborted: nobody waits for it).
 */
function takeFirstAnswer(query, slim, signal) {
  const first = firstAnswer;
  firstAnswer = null;
  if (!first) return null;
  if (!slim) {
    first.controller.abort();
    return null;
  }
  const { asked } = first;
  const category = categories.find(c => c.code === asked.category);
  const distance = asked.distance || (category ? String(category.default_distance_m) : '');
  const same = asked.category === query.category && distance !== '' && Number(distance) === Number(query.distance)
    && (asked.mode || 'straight') === query.mode && asked.district === query.district;
  if (!same) {
    first.controller.abort();
    return null;
  }
  signal.addEventListener('abort', () => first.controller.abort());
  return first.answer;
}

/** What the community layer draws for a question and its answer. */
function communityQuestion(query, answer) {
  return { category: query.category, distance: answer.distance_m, mode: answer.mode, district: query.district };
}

/** The answer lists only the first unserved communities (asked so for the overview). */
function partial(answer) {
  return answer.uncovered.length < answer.communities.total - answer.communities.covered;
}

/**
 * Replaces a partial answer on the map by the whole one (every unserved community), once the
 * communities are drawn or the list pages past what it holds; the map is ready again when it is
 * painted. Resolves at once when the answer is whole.
 */
function completeReport() {
  // Not while a refresh is under way (its fit zooms too): it draws its own answer, whole if needed.
  if (!report || !partial(report) || reportSequence !== refreshSequence) return Promise.resolve();
  const mine = refreshSequence;
  if (completing && completing.mine === mine) return completing.done;
  const query = reportQuery;
  const signal = refreshSignal; // aborted by the next question
  state.ready = false;
  const done = (async () => {
    try {
      const whole = await getJson('api/coverage?' + coverageParams(query), { signal });
      if (mine !== refreshSequence) return;
      report = whole;
      renderGaps();
      await communities.show(communityQuestion(query, whole), whole);
      if (mine !== refreshSequence) return;
      publishState();
      renderLegend();
      await whatIf.run(); // a proposal's colours are painted over the communities
      if (mine !== refreshSequence) return;
      publishState();
    } catch (e) {
      if (mine !== refreshSequence) return;
      // Forgotten, so that the next zoom or page asks again: kept, it would answer every later call
      // with this failure and leave the communities unpainted until the next question.
      if (completing && completing.done === done) completing = null;
      state.error = e.message;
      setMapMessage(t('map.failed', { detail: e.message }), 'error');
    } finally {
      if (mine === refreshSequence) state.ready = true;
    }
  })();
  completing = { mine, done };
  return done;
}

/** How long the map stays on a question before its facilities are counted. */
const COUNT_DELAY_MS = 300;

/**
 * Counts the facilities of the question for the summary, which names them when they come: the
 * coloured map does not wait for them. At province scale two counts of 160,000 facilities cost
 * 0.3–2 s of the database on 2 cores, and asked beside the next question's coverage they slowed it
 * several times over: so they are asked once the map is drawn and has stayed on the question for
 * COUNT_DELAY_MS, never for a question already left. A failure is reported in the summary but does
 * not hide the coverage.
 */
function countFacilities(query, mine) {
  if (facilitySummary && facilitySummary.hidden) return;
  setTimeout(() => {
    if (mine === refreshSequence) countNow(query, mine, refreshSignal);
  }, COUNT_DELAY_MS);
}

function countNow(query, mine, signal) {
  loadFacilityCounts(query, signal).catch(error => ({ error })).then(loaded => {
    if (mine !== refreshSequence) return;
    showFacilities(loaded);
    // Only the counts' line: the rest of the summary stays as it is (no flicker, no element replaced).
    const line = byId('facility-count');
    if (line) line.textContent = facilityText();
    state.facilityCount = facilityCount();
  });
}

/** Zooms to the data the first time and whenever another district is chosen, not on every refresh. */
function fitOnce(district) {
  if (fittedDistrict === district) return;
  const bounds = district ? outlines.boundsOf(district) : registryBounds();
  if (!bounds) return;
  map.fitBounds(bounds, { padding: [10, 10], animate: false });
  fittedDistrict = district;
}

/** The registry's extent as Leaflet bounds, or null while it is empty. */
function registryBounds() {
  if (!registry || !registry.extent) return null;
  const [west, south, east, north] = registry.extent;
  return L.latLngBounds([[south, west], [north, east]]);
}

/** The map shows the district overview now (too many communities in view to draw each). */
function overview() {
  return map.getZoom() < detailZoom;
}

/** The map will show the overview once fitOnce(district) has fitted it (if it will). */
function overviewAfterFit(district) {
  if (fittedDistrict === district) return overview();
  const bounds = district ? outlines.boundsOf(district) : registryBounds();
  // fitBounds with a padding of 10 px each side, as fitOnce does it.
  return (bounds ? map.getBoundsZoom(bounds, false, L.point(20, 20)) : map.getZoom()) < detailZoom;
}

/** Fills the districts by the share of residents covered while the overview is shown; clears them otherwise. */
function paintOverview() {
  const colours = report && overview() ? new Map(report.by_district.map(d => [d.code, shareColour(d.population.share)])) : null;
  state.overview = overview();
  state.districtsFilled = outlines.fill(colours);
  state.districtFills = colours ? Object.fromEntries(colours) : {};
}

/**
 * The zoom from which at most DETAIL_LIMIT communities are in view (0 when the registry's are
 * fewer). Communities spread evenly over the extent: in view, the count times the share of the
 * extent the view covers at that zoom.
 */
function detailZoomFor(answer) {
  if (!answer.extent || answer.counts.communities <= DETAIL_LIMIT) return 0;
  const [west, south, east, north] = answer.extent;
  const size = map.getSize();
  for (let z = 6; z < 18; z++) {
    const sw = map.project([south, west], z);
    const ne = map.project([north, east], z);
    const area = Math.max(1, Math.abs(ne.x - sw.x)) * Math.max(1, Math.abs(sw.y - ne.y));
    if (answer.counts.communities * Math.min(1, (size.x * size.y) / area) <= DETAIL_LIMIT) return z;
  }
  return 18;
}

function publishState() {
  state.communities = report.communities.total;
  state.covered = report.communities.covered;
  state.uncoveredCodes = communities.uncoveredCodes();
  state.coveredCodes = communities.coveredCodes();
  state.fills = communities.fills();
  state.differingCodes = communities.differing();
  state.highlighted = communities.highlighted;
  state.facilityCount = facilityCount();
}

function renderCoverage() {
  renderSummary();
  renderGaps();
  renderLegend();
  setMapMessage(report.communities.total ? null : t('coverage.no-communities'), 'notice');
}

/** The summary shows an answer (not a message): it stays while the next one is computed. */
function summaryShown() {
  return Boolean(report && ui.summary.querySelector('#community-count, #no-communities'));
}

function renderSummary() {
  if (!report) return;
  settled(ui.summary);
  if (!report.communities.total) {
    // Nothing to cover: no share, no "0 / 0 covered", just what to do.
    ui.summary.className = 'message notice';
    ui.summary.innerHTML = `<p id="no-communities">${escapeHtml(t('coverage.no-communities'))}</p>
      <p id="facility-count" class="muted">${escapeHtml(facilityText())}</p>`;
    return;
  }
  const category = categoryName(selectedCategory()) || report.category;
  const share = t('summary.share', {
    covered: formatNumber(report.population.covered),
    total: formatNumber(report.population.total),
    distance: formatNumber(report.distance_m),
    mode: t('mode.' + report.mode),
    category
  });
  ui.summary.className = '';
  ui.summary.innerHTML = `
    <div class="big" id="share">${escapeHtml(formatPercent(report.population.share))}</div>
    <p>${escapeHtml(share)}</p>
    <p><b id="community-count">${report.communities.covered} / ${report.communities.total}</b>
      ${escapeHtml(t('summary.communities'))}</p>
    <p id="facility-count" class="muted">${escapeHtml(facilityText())}</p>`;
}

/** The facilities counted for the question (0 while counting, hidden or failed). */
function facilityCount() {
  return facilitySummary && !facilitySummary.error && !facilitySummary.hidden ? facilitySummary.count : 0;
}

function facilityText() {
  const f = facilitySummary;
  // Counting (after the map is ready): the line keeps its height, so that nothing below it in the
  // panel moves under a click when the count comes in.
  if (!f) return '\u00a0';
  if (f.hidden) return '';
  if (f.error) return t('summary.facilities.failed', { detail: f.error.message });
  return t('summary.facilities', { count: formatNumber(f.count), open: formatNumber(f.open) });
}

function renderGaps() {
  const more = byId('gaps-more');
  more.hidden = true;
  byId('gaps-export').hidden = true;
  ui.gapsCount.textContent = '';
  if (!report) return;
  // The API ranks them by population, largest first; the list keeps that order. An overview's answer
  // lists only the first, so how many there are and the people they hold come from the counts.
  const ranked = report.uncovered;
  const unserved = report.communities.total - report.communities.covered;
  const shown = ranked.slice(0, gapsShown);
  ui.gaps.innerHTML = shown.map(u => `
    <li><button type="button" class="gap${u.code === communities.highlighted ? ' selected' : ''}" data-code="${escapeHtml(u.code)}">
      <span class="gap-name">${escapeHtml(u.name)}</span>
      <span class="gap-district">${escapeHtml(u.district)}</span>
      <span class="gap-meta">${escapeHtml(t('gaps.item', { population: formatNumber(u.population), nearest: formatMetres(u.nearest_m) }))}</span>
    </button></li>`).join('');
  if (unserved) {
    const people = report.population.total - report.population.covered;
    ui.gapsCount.textContent = t('gaps.count', { count: formatNumber(unserved), population: formatNumber(people),
      shown: formatNumber(shown.length) });
  }
  if (!report.communities.total) ui.gapsNote.textContent = t('coverage.no-communities');
  else if (!unserved) ui.gapsNote.textContent = t('gaps.none');
  else ui.gapsNote.textContent = '';
  renderGapsExport(unserved > 0);
  if (unserved > shown.length) {
    more.hidden = false;
    more.textContent = t('gaps.more.button', { count: formatNumber(Math.min(GAP_PAGE, unserved - shown.length)),
      rest: formatNumber(unserved - shown.length) });
  }
}

/** The whole unserved list as a file (the communities export kept to covered=false), for the question on the map. */
function renderGapsExport(any) {
  const box = byId('gaps-export');
  box.hidden = !any;
  if (!any) return;
  const params = coverageParams(currentQuery(), { covered: 'false' });
  params.set('distance', report.distance_m);
  params.set('mode', report.mode);
  box.innerHTML = escapeHtml(t('gaps.export')) + ' ' + ['xlsx', 'csv', 'geojson', 'shp.zip'].map(f =>
    `<a href="api/export/communities.${f}?${escapeHtml(params.toString())}" download data-format="${f}">${escapeHtml(f)}</a>`).join(' · ');
}

/** Zooms to a community, outlines it and opens its popup (from the gap list). */
async function focusCommunity(code) {
  ui.gaps.querySelectorAll('button.gap').forEach(b => b.classList.toggle('selected', b.dataset.code === code));
  const found = await communities.select(code);
  if (!found) return;
  state.highlighted = code;
  renderLegend();
  // No autoPan: the map was just centred on the community and should stay so.
  const popup = L.popup({ autoPan: false }).setLatLng(found.centre).setContent(communityPopup(found.properties)).openOn(map);
  await explainNearest(found.properties, popup);
}

/** A place chosen in the search box: a community selected as from the list, a facility opened, a division fitted. */
async function showPlace(place) {
  state.searched = place;
  if (place.kind === 'community') {
    await focusCommunity(place.id);
  } else if (place.kind === 'facility' && place.lat != null) {
    map.setView([place.lat, place.lon], Math.max(map.getZoom(), 16), { animate: false });
    await facilities.open(place.id).catch(err => setMapMessage(t('map.failed', { detail: err.message }), 'error'));
  } else if (place.bbox) {
    map.closePopup(); // a community's popup from before would name another place
    const [west, south, east, north] = place.bbox;
    map.fitBounds([[south, west], [north, east]], { padding: [10, 10], animate: false });
  }
}

/** Fits the map to a street of the breakdown: its box is what the search knows of it (an exact code comes first). */
async function showStreet(code) {
  try {
    const [first] = (await getJson('api/search?' + new URLSearchParams({ q: code, limit: '1' }))).places;
    if (first && first.kind === 'street' && first.id === code) await showPlace(first);
  } catch (e) {
    setMapMessage(t('map.failed', { detail: e.message }), 'error');
  }
}

/**
 * The facility nearest the community's office, named in its popup and joined to the office by a
 * dashed line (GET /api/coverage/communities/{code}: the straight-line nearest, whatever the mode).
 */
async function explainNearest(properties, popup) {
  nearestLayer.clearLayers();
  state.nearest = null;
  let answer;
  try {
    answer = await getJson(`api/coverage/communities/${encodeURIComponent(properties.code)}?` + coverageParams(currentQuery()));
  } catch (e) {
    return; // the popup already says what the coverage answer knows
  }
  if (!popup.isOpen() || communities.highlighted !== properties.code) return;
  state.nearest = answer;
  // Drawn from the plain tiles, a covered community's distance is not in the coverage answer: this is it.
  if (properties.nearest_m == null && answer.nearest && report && report.mode === 'straight') {
    properties = { ...properties, nearest_m: answer.nearest.distance_m };
  }
  const office = L.latLng(answer.anchor[1], answer.anchor[0]);
  if (answer.nearest) {
    const [lon, lat] = answer.nearest.coordinates;
    L.polyline([office, [lat, lon]], { pane: 'selection', interactive: false, color: COLOURS.highlight, weight: 2,
      dashArray: '6 5', className: 'nearest-line' }).addTo(nearestLayer);
  }
  popup.setContent(communityPopup({ ...properties, office: answer.office }, answer.nearest));
}

/** A click on the map: a facility under it opens; else a proposed site while placing; else the community. */
async function onMapClick(e) {
  const facility = ui.facilityScope.value === 'none' ? null : facilities.pick(e.latlng);
  if (facility) {
    await facilities.open(facility.id).catch(err => setMapMessage(t('map.failed', { detail: err.message }), 'error'));
    return;
  }
  if (whatIf.active) {
    whatIf.placeSite(e.latlng);
    return;
  }
  const community = communities.at(e.latlng);
  if (!community) return;
  const popup = L.popup().setLatLng(e.latlng).setContent(communityPopup(community)).openOn(map);
  // The selection: the community's own feature, outlined, and its street and district in the popup.
  const found = await communities.select(community.code, { zoom: false });
  if (!found || !popup.isOpen()) return;
  state.highlighted = community.code;
  renderLegend();
  popup.setContent(communityPopup(found.properties));
  await explainNearest(found.properties, popup);
}

function communityPopup(p, nearest) {
  const where = [p.district_name, p.street_name, p.code].filter(Boolean).join(' · ');
  return `<div class="community-popup"><h3>${escapeHtml(p.name)}</h3>
    <p class="muted">${escapeHtml(where)}</p>
    <p>${escapeHtml(t('community.population', { population: formatNumber(p.population) }))}<br>
    ${p.nearest_m != null ? escapeHtml(t('community.nearest', { nearest: formatMetres(p.nearest_m) })) + '<br>' : ''}
    <b class="${p.covered ? 'gain' : 'loss'}">${escapeHtml(t(p.covered ? 'community.covered' : 'community.uncovered'))}</b></p>
    ${report ? `<p class="why">${escapeHtml(whyText(p))}</p>` : ''}
    ${p.differs ? `<p class="differs">${escapeHtml(t('community.differs', {
      state: t(p.straight_covered ? 'community.covered' : 'community.uncovered').toLowerCase(),
      nearest: formatMetres(p.straight_nearest_m) }))}</p>` : ''}
    ${nearest ? `<p class="nearest">${escapeHtml(t('community.nearest.named', { category: categoryName(selectedCategory()) || '',
      name: nearest.name, nearest: formatMetres(nearest.distance_m) }))}</p>` : ''}
    <p class="muted small">${escapeHtml(t(p.office === false ? 'community.office.none' : 'community.office'))}</p></div>`;
}

/** Why a community is (not) covered, in words: the nearest distance and by how much it misses. */
function whyText(p) {
  const distance = report.distance_m;
  const words = { category: categoryName(selectedCategory()) || report.category, distance: formatNumber(distance),
    mode: t('mode.' + report.mode) };
  if (p.covered && p.nearest_m == null) return t(report.mode === 'network' ? 'community.why.network' : 'community.why.within', words);
  if (p.nearest_m == null) return t('community.why.none', words);
  if (p.covered) return t('community.why.covered', { ...words, nearest: formatMetres(p.nearest_m) });
  return t('community.why.uncovered', { ...words, nearest: formatMetres(p.nearest_m), missing: formatMetres(p.nearest_m - distance) });
}

/**
 * Hover: the community under the pointer, named with its coverage in a tooltip that follows it
 * (picked from the tiles in view, at most once per frame).
 */
function wireHover() {
  const tooltip = L.tooltip({ direction: 'top', offset: [0, -8], className: 'hover-tooltip' });
  let pending = null;
  map.on('mousemove', e => {
    if (pending) {
      pending = e;
      return;
    }
    pending = e;
    requestAnimationFrame(() => {
      const at = pending;
      pending = null;
      const p = communities.at(at.latlng);
      if (!p) {
        map.closeTooltip(tooltip);
        return;
      }
      tooltip.setLatLng(at.latlng).setContent(`${escapeHtml(p.name)} · ${escapeHtml(t(p.covered ? 'community.covered' : 'community.uncovered'))}`);
      if (!map.hasLayer(tooltip)) map.openTooltip(tooltip);
      state.hovered = p.code;
    });
  });
  map.on('mouseout', () => map.closeTooltip(tooltip));
}

function setMapMessage(text, kind) {
  ui.mapMessage.hidden = !text;
  ui.mapMessage.textContent = text || '';
  ui.mapMessage.className = kind || '';
}

// ---- facilities --------------------------------------------------------------------------------

/** Draws the facilities of the scope from tiles (false: none are shown): the map never downloads the facility layer. */
function showFacilityTiles(query) {
  const scope = ui.facilityScope.value;
  if (scope === 'none') {
    facilities.hide();
    return false;
  }
  facilities.show(scope === 'category' ? query.category : null);
  return true;
}

/** Counts the facilities of the scope (and the open ones) with two one-row pages of /api/facilities. */
async function loadFacilityCounts(query, signal) {
  const scope = ui.facilityScope.value;
  const filter = { limit: '1' };
  if (scope === 'category') filter.category = query.category;
  if (query.district) filter.district = query.district;
  const [all, open] = await Promise.all([getJson('api/facilities?' + new URLSearchParams(filter), { signal }),
    getJson('api/facilities?' + new URLSearchParams({ ...filter, status: 'open' }), { signal })]);
  return { count: all.numberMatched, open: open.numberMatched };
}

function showFacilities(loaded) {
  facilitySummary = loaded.error ? { error: loaded.error } : loaded;
}

/** The facility layer alone changed (scope): no need to recompute coverage. */
async function reloadFacilities() {
  const query = currentQuery();
  showFacilities(showFacilityTiles(query) ? await loadFacilityCounts(query).catch(error => ({ error })) : { hidden: true });
  await facilities.loaded();
  renderSummary();
  renderLegend();
  if (report) publishState();
}

// ---- legend, exports, URL ----------------------------------------------------------------------

/** The legend lives on the map (bottom right), where the eye is; it folds away on small screens. */
function addLegendControl() {
  const control = L.control({ position: 'bottomright' });
  control.onAdd = () => {
    const box = L.DomUtil.create('details', 'map-legend');
    box.open = !window.matchMedia('(max-width: 760px)').matches;
    box.innerHTML = '<summary data-i18n="legend"></summary><div id="legend"></div>';
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(map);
}

/** The legend lists what the map draws now, and nothing else (what-if colours only with a proposal, and so on). */
function renderLegend() {
  const items = [];
  // Colours here are the page's own constants, never data, so they go into style= as they are.
  const swatch = (colour, text, kind = '') => `<li data-legend="${kind}"><span class="swatch" style="background:${colour}"></span>${escapeHtml(text)}</li>`;
  if (overview() && report) {
    // The district overview: the share of residents covered, and the zoom from which each community shows.
    let from = 0;
    for (const c of SHARE_CLASSES) {
      const to = Math.min(1, c.upTo);
      items.push(swatch(c.colour, t('legend.share', { from: Math.round(from * 100), to: Math.round(to * 100) }), 'share'));
      from = to;
    }
    items.push(`<li data-legend="overview" class="wide muted">${escapeHtml(t('legend.overview'))}</li>`);
  } else if (communities.colourBy === 'unserved' && report) {
    items.push(swatch(SERVED_PALE, t('legend.covered'), 'covered'));
    const limits = communities.unservedLimits;
    let from = 0;
    limits.forEach((to, i) => {
      items.push(swatch(UNSERVED_CLASSES[i], t('legend.unserved', { from: formatNumber(from), to: formatNumber(to) }), 'unserved'));
      from = to;
    });
    items.push(swatch(UNSERVED_CLASSES[3], t('legend.unserved.top', { from: formatNumber(from) }), 'unserved'));
  } else if (communities.colourBy === 'distance' && report) {
    let from = 0;
    for (const c of DISTANCE_CLASSES) {
      const to = c.upTo * report.distance_m;
      const text = Number.isFinite(to) ? `${formatNumber(Math.round(from))}–${formatNumber(Math.round(to))} m` : `> ${formatNumber(Math.round(from))} m`;
      items.push(swatch(c.colour, text, 'distance'));
      from = to;
    }
    items.push(swatch(COLOURS.unreachable, t('legend.unreachable'), 'unreachable'));
  } else {
    items.push(swatch(COLOURS.covered, t('legend.covered'), 'covered'), swatch(COLOURS.uncovered, t('legend.uncovered'), 'uncovered'));
  }
  const proposal = whatIf.result;
  if (proposal && proposal.newly_covered.length) items.push(swatch(COLOURS.gained, t('legend.gained'), 'gained'));
  if (proposal && proposal.newly_uncovered.length) items.push(swatch(COLOURS.lost, t('legend.lost'), 'lost'));
  if (communities.highlighted) items.push(`<li data-legend="highlight"><span class="swatch outline"></span>${escapeHtml(t('legend.highlight'))}</li>`);
  if (report && report.mode === 'network' && communities.differing().length) {
    items.push(`<li data-legend="differs"><span class="swatch differs"></span>${escapeHtml(t('legend.differs'))}</li>`);
  }
  if (map.hasLayer(communities.layer) && map.getZoom() >= OFFICE_ZOOM) {
    items.push(`<li data-legend="offices"><span class="symbol office"></span>${escapeHtml(t('legend.offices'))}</li>`);
  }
  if (breakdown.ringsDrawn()) {
    items.push(`<li data-legend="overcrowded"><span class="symbol ring" style="border-color:${breakdown.overcrowdedColour}"></span>${escapeHtml(t('legend.overcrowded'))}</li>`);
  }
  if (roads.shown) items.push(`<li data-legend="roads"><span class="swatch line" style="background:${ROADS_COLOUR}"></span>${escapeHtml(t('legend.roads'))}</li>`);
  if (serviceAreas.drawn) items.push(`<li data-legend="servicearea"><span class="swatch service-area"></span>${escapeHtml(t('legend.servicearea'))}</li>`);
  if (map.hasLayer(outlines.labels)) {
    items.push(`<li data-legend="district"><span class="district-sample">${escapeHtml(t('district'))}</span>${escapeHtml(t('legend.district'))}</li>`);
  }
  if (map.hasLayer(outlines.layer)) {
    items.push(`<li data-legend="outlines"><span class="swatch outline-sample"></span>${escapeHtml(t('legend.outlines'))}</li>`);
  }
  const facilityItems = ui.facilityScope.value === 'none' || !map.hasLayer(facilities.layer) ? [] : facilityLegend();
  if (whatIf.sites.length) facilityItems.push(`<li data-legend="site"><span class="sample site"><span>+</span></span>${escapeHtml(t('legend.site'))}</li>`);
  if (suggest.result && suggest.result.sites && suggest.result.sites.length) {
    facilityItems.push(`<li data-legend="suggested"><span class="sample suggested"><span>1</span></span>${escapeHtml(t('legend.suggested'))}</li>`);
  }
  ui.legend.innerHTML = `<ul class="legend-list">${items.join('')}</ul>` +
    (facilityItems.length ? `<ul class="legend-list">${facilityItems.join('')}</ul>` : '');
}

function facilityLegend() {
  const colour = facilities.colourOf(ui.category.value);
  const items = [
    `<li data-legend="open"><span class="symbol open" style="background:${colour}"></span>${escapeHtml(t('legend.open'))}</li>`,
    `<li data-legend="planned"><span class="symbol planned" style="border-color:${colour}"></span>${escapeHtml(t('legend.planned'))}</li>`,
    `<li data-legend="closed"><span class="symbol closed" style="border-color:${colour}"></span>${escapeHtml(t('legend.closed'))}</li>`
  ];
  if (ui.facilityScope.value === 'all') {
    // All categories on the map: their colours matter, but 18 of them would bury the map; folded.
    const colours = categories.map(c =>
      `<li><span class="symbol open" style="background:${facilities.colourOf(c.code)}"></span>${escapeHtml(categoryName(c))}</li>`);
    items.push(`<li class="wide"><details><summary>${escapeHtml(t('legend.categories'))}</summary>` +
      `<ul class="legend-list">${colours.join('')}</ul></details></li>`);
  }
  return items;
}

/** Puts the query and the what-if proposal in the address bar, so a view can be bookmarked or sent to a colleague. */
function rememberQuery(query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...whatIf.urlParams })) {
    if (v) params.set(k, v);
  }
  history.replaceState(null, '', '?' + params);
}

// ---- categories, districts, language -----------------------------------------------------------

function fillCategorySelect() {
  const chosen = ui.category.value;
  ui.category.innerHTML = categories.map(c => `<option value="${escapeHtml(c.code)}">${escapeHtml(categoryName(c))}</option>`).join('');
  if (chosen) ui.category.value = chosen;
}

function fillDistrictSelect() {
  const chosen = ui.district.value;
  const all = registry && registry.city_name ? t('district.all.city', { city: registry.city_name }) : t('district.all');
  ui.district.innerHTML = `<option value="">${escapeHtml(all)}</option>` +
    districts.map(d => `<option value="${escapeHtml(d.code)}">${escapeHtml(d.name)}</option>`).join('');
  ui.district.value = chosen;
}

// ---- what the registry holds: the city's name, the demo note, the getting-started guide -------

/** Takes a /api/registry answer: names the city, shows the demo note, fits the first data, redraws the guide. */
function applyRegistry(answer) {
  const before = registry;
  registry = answer;
  state.registry = answer;
  detailZoom = detailZoomFor(answer);
  state.detailZoom = detailZoom;
  communities.setMinZoom(detailZoom);
  facilities.setMinZoom(detailZoom);
  byId('note').hidden = !answer.demo;
  const complete = c => c.communities > 0 && c.facilities > 0;
  // The data just became complete: the guide goes away even if the planner had opened it.
  if (before && !complete(before.counts) && complete(answer.counts)) guideWanted = null;
  // The first data in a registry that was empty: show it (later imports leave the view alone).
  if (answer.extent && !(before && before.extent)) {
    const [west, south, east, north] = answer.extent;
    // Not animated: during the animation the map stays at the zoom it leaves, and the layers added
    // meanwhile asked for that zoom's tiles (the Qingdao demo's first opening: six facility tiles of
    // half of China, 0.2–0.4 s each on a cold server, then the right ones).
    map.fitBounds([[south, west], [north, east]], { padding: [10, 10], maxZoom: 15, animate: false });
  }
  fillDistrictSelect();
  renderGuide();
}

/** After an import: counts, extent, districts and their outlines again. A failure leaves the rest working. */
async function reloadRegistry() {
  try {
    const [answer, list] = await Promise.all([getJson('api/registry'), getJson('api/districts')]);
    const districtsChanged = list.length !== districts.length;
    districts = list;
    applyRegistry(answer);
    if (districtsChanged) {
      outlinesLoaded = outlines.load(getJson);
      state.districtOutlines = await outlinesLoaded;
    }
  } catch (e) {
    setMapMessage(t('registry.failed', { detail: e.message }), 'error');
  }
}

function renderGuide() {
  if (!registry) return;
  const counts = registry.counts;
  const open = guideWanted ?? !(counts.communities > 0 && counts.facilities > 0);
  byId('guide').hidden = !open;
  byId('guide-open').hidden = open;
  byId('guide-steps').innerHTML = GUIDE_STEPS.map(step => {
    const done = step.done(counts);
    return `<li class="${done ? 'done' : 'todo'}" data-step="${step.key}">
      <button type="button" class="link guide-step" data-layer="${step.layer}">${escapeHtml(t('guide.' + step.key))}</button>
      <span class="guide-count">${escapeHtml(step.count(counts))}${done ? ' ✓' : ''}</span>
      <p class="muted small">${escapeHtml(t('guide.' + step.key + '.hint'))}</p></li>`;
  }).join('');
}

function setGuideWanted(wanted) {
  guideWanted = wanted;
  renderGuide();
}

// Basemaps, configured once on the server (GET api/map-config): a self-hosted XYZ basemap
// (LINLI_BASEMAP_URL), Tianditu (LINLI_TIANDITU_KEY; national CGCS2000 basemap, Web Mercator grid
// "_w") and OpenStreetMap. The page shows the server's default, which is none when nothing is
// configured, so the map works offline from our own outlines. ?tk=KEY (remembered) still offers
// Tianditu with the planner's own key, and picks it. GCJ-02 basemaps (Gaode, Tencent) are not
// offered: our data is CGCS2000. Tiles that fail to load are said so, naming the basemap.
const TIANDITU = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0' +
  '&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=';
const tiandituKey = new URLSearchParams(location.search).get('tk') || localStorage.getItem('linli.tk') || '';
if (tiandituKey) localStorage.setItem('linli.tk', tiandituKey);
const basemaps = { none: L.layerGroup() };
basemaps.none.addTo(map);
state.basemap = 'none';
state.basemapFailed = null; // the basemap whose tiles failed to load, while it is shown

function basemapName(id) {
  return id === 'osm' ? 'OpenStreetMap' : t('basemap.' + id);
}

async function loadBasemaps() {
  let config = { default_basemap: 'none', basemaps: [] };
  try {
    config = await getJson('api/map-config');
  } catch (e) {
    // No basemap then: our own outlines still draw the city.
  }
  let chosen = config.default_basemap;
  const offered = config.basemaps.filter(b => !(tiandituKey && b.id === 'tianditu'));
  if (tiandituKey) {
    offered.push({ id: 'tianditu', url: TIANDITU + encodeURIComponent(tiandituKey), attribution: '天地图',
      subdomains: '01234567', max_zoom: 18 });
    chosen = 'tianditu';
  }
  for (const b of offered) {
    const options = { maxZoom: b.max_zoom, attribution: escapeHtml(b.attribution || '') };
    if (b.subdomains) options.subdomains = b.subdomains;
    const layer = L.tileLayer(b.url, options);
    layer.on('tileerror', () => showBasemapFailure(b.id));
    basemaps[b.id] = layer;
  }
  map.on('baselayerchange', e => {
    state.basemap = Object.keys(basemaps).find(id => basemaps[id] === e.layer) || 'none';
    showBasemapFailure(null);
  });
  if (basemaps[chosen] && chosen !== 'none') {
    map.removeLayer(basemaps.none);
    basemaps[chosen].addTo(map);
    state.basemap = chosen;
  }
  buildLayersControl();
}

/** A non-blocking note over the map that the shown basemap could not load (null: hides it). */
function showBasemapFailure(id) {
  if (id !== null && id !== state.basemap) return; // a late error of a basemap no longer shown
  state.basemapFailed = id;
  const note = byId('basemap-message');
  note.hidden = id === null;
  note.textContent = id === null ? '' : t('basemap.failed', { name: basemapName(id) });
}

function buildLayersControl() {
  if (layersControl) layersControl.remove();
  const bases = {};
  for (const id of Object.keys(basemaps)) bases[escapeHtml(basemapName(id))] = basemaps[id];
  layersControl = L.control.layers(bases, {
    [escapeHtml(t('export.communities'))]: communities.layer,
    [escapeHtml(t('legend.district'))]: outlines.labels,
    [escapeHtml(t('legend.outlines'))]: outlines.layer,
    [escapeHtml(t('export.facilities'))]: facilities.layer,
    [escapeHtml(t('layer.roads'))]: roads.layer
  }).addTo(map);
}

function relabel() {
  ui.lang.value = currentLanguage();
  state.lang = currentLanguage();
  fillCategorySelect();
  fillDistrictSelect();
  renderGuide();
  buildLayersControl();
  if (state.basemapFailed) showBasemapFailure(state.basemapFailed);
  const updating = ui.summary.getAttribute('aria-busy') === 'true';
  renderSummary();
  if (updating) markUpdating(ui.summary, t('computing')); // still being recomputed
  renderGaps();
  renderLegend();
  exportsPanel.relabel();
  breakdown.relabel();
  whatIf.relabel();
  serviceAreas.relabel();
  suggest.relabel();
  indicators.relabel();
  importer.relabel();
  map.closePopup();
}

// ---- views (map, indicators, import) and the side panel ----------------------------------------

function showView(view) {
  document.querySelectorAll('#tabs [role=tab]').forEach(tab => tab.setAttribute('aria-selected', String(tab.dataset.view === view)));
  byId('indicators').hidden = view !== 'indicators';
  byId('import').hidden = view !== 'import';
  if (view === 'indicators') indicators.ensureLoaded();
}

function togglePanel() {
  const hidden = document.body.classList.toggle('panel-hidden');
  byId('panel-toggle').setAttribute('aria-expanded', String(!hidden));
  // The map's size changed with the layout; Leaflet has to be told.
  setTimeout(() => map.invalidateSize(), 250);
}

// ---- wiring ------------------------------------------------------------------------------------

function wire() {
  ui.form.addEventListener('submit', e => {
    e.preventDefault();
    refresh();
  });
  ui.category.addEventListener('change', () => {
    const c = selectedCategory();
    if (c) ui.distance.value = c.default_distance_m;
    refresh();
  });
  ui.mode.addEventListener('change', refresh);
  ui.district.addEventListener('change', refresh);
  ui.colourBy.addEventListener('change', async () => {
    const repainted = communities.setColourBy(ui.colourBy.value);
    renderLegend();
    await repainted;
    if (report) publishState();
  });
  ui.facilityScope.addEventListener('change', reloadFacilities);
  byId('gaps-more').addEventListener('click', async () => {
    gapsShown += GAP_PAGE;
    if (report && gapsShown > report.uncovered.length) await completeReport(); // an overview's answer holds the first page
    renderGaps();
  });
  ui.gaps.addEventListener('click', e => {
    const item = e.target.closest('button.gap');
    if (item) focusCommunity(item.dataset.code);
  });
  map.on('click', onMapClick);
  wireHover();
  // The legend follows what is drawn: proposals, suggestions and the layers switched on or off.
  map.on('linli:proposal overlayadd overlayremove zoomend', renderLegend);
  map.on('zoomend', () => {
    paintOverview();
    if (!overview()) completeReport(); // the communities are drawn now: every unserved one is needed
  });
  ui.lang.addEventListener('change', () => setLanguage(ui.lang.value));
  onLanguageChange(relabel);
  document.querySelectorAll('[data-view]').forEach(b => b.addEventListener('click', () => showView(b.dataset.view)));
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape') showView('map');
  });
  byId('panel-toggle').addEventListener('click', togglePanel);
  byId('import-form').addEventListener('submit', e => e.preventDefault());
  byId('guide-steps').addEventListener('click', e => {
    const step = e.target.closest('button.guide-step');
    if (!step) return;
    importer.chooseLayer(step.dataset.layer);
    showView('import');
  });
  byId('guide-close').addEventListener('click', () => setGuideWanted(false));
  byId('guide-open').addEventListener('click', () => setGuideWanted(true));
}

/** The query in the address bar (a shared link) wins over the defaults. */
function applyUrlQuery() {
  const url = new URLSearchParams(location.search);
  const wanted = url.get('category');
  ui.category.value = categories.some(c => c.code === wanted) ? wanted : categories[0].code;
  ui.distance.value = url.get('distance') || selectedCategory().default_distance_m;
  if (['straight', 'network'].includes(url.get('mode'))) ui.mode.value = url.get('mode');
  if (districts.some(d => d.code === url.get('district'))) ui.district.value = url.get('district');
}

async function start() {
  applyLabels(document);
  ui.lang.value = currentLanguage();
  state.lang = currentLanguage();
  wire();
  buildLayersControl();
  loadBasemaps(); // not awaited: the map works without one
  renderLegend();
  if (window.matchMedia('(max-width: 760px)').matches) togglePanel();
  askFirstAnswer();
  // Outlines are a backdrop: if they fail the coverage map still works, and the map says so. Asked
  // beside the first questions: they need none of them.
  outlinesLoaded = outlines.load(getJson)
    .then(n => { state.districtOutlines = n; })
    .catch(e => setMapMessage(t('outlines.failed', { detail: e.message }), 'error'));
  let answer;
  try {
    [categories, districts, answer] = await Promise.all([loadCategories(), getJson('api/districts'),
      getJson('api/registry')]);
  } catch (e) {
    state.error = e.message;
    showMessage(ui.summary, t('start.failed', { detail: e.message }), 'error');
    setMapMessage(t('start.failed', { detail: e.message }), 'error');
    return;
  }
  if (!categories.length) {
    showMessage(ui.summary, t('start.failed', { detail: 'no categories' }), 'error');
    return;
  }
  fillCategorySelect();
  applyRegistry(answer);
  applyUrlQuery();
  const url = new URLSearchParams(location.search);
  await whatIf.restore(url.get('sites'), url.get('closed')); // computed by the refresh below
  await refresh();
}

start();
