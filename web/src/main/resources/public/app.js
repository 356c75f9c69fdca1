// Linli planner's map: communities coloured by whether a facility of the chosen category is within
// walking distance, the facilities on top, the unserved communities ranked by population, what-if
// and suggested sites, the plan's indicators and the import of new data, with a getting-started
// guide while the registry lacks communities or facilities. Everything comes from the Linli HTTP API
// of this server (no CDN, no keys, no build step).
import { allFacilities, coverageParams, getJson } from './js/api.js';
import { COLOURS, DISTANCE_CLASSES, createCommunityLayer } from './js/communities.js';
import { createFacilityLayer } from './js/facilities.js';
import { applyLabels, categoryName, currentLanguage, onLanguageChange, setLanguage, t } from './js/i18n.js';
import { createImport } from './js/import.js';
import { createLifeCircles } from './js/lifecircles.js';
import { createDistrictOutlines } from './js/outlines.js';
import { createIndicators } from './js/indicators.js';
import { createSuggest } from './js/suggest.js';
import { byId, escapeHtml, formatMetres, formatNumber, formatPercent, showMessage } from './js/util.js';
import { createWhatIf } from './js/whatif.js';
import { createChanges } from './js/changes.js';

/** Unserved communities listed in the panel; the rest are counted. */
const GAP_LIMIT = 30;
// What the export panel offers, and which of the current query's values each layer takes.
const EXPORTS = {
  facilities: { formats: ['geojson', 'csv', 'xlsx', 'shp.zip', 'gpkg', 'kml'], params: ['category', 'district'] },
  communities: { formats: ['geojson', 'csv', 'xlsx', 'shp.zip', 'gpkg'], params: ['category', 'distance', 'mode', 'district'] },
  districts: { formats: ['geojson', 'csv', 'xlsx', 'shp.zip', 'gpkg'], params: ['district'] },
  streets: { formats: ['geojson', 'csv', 'xlsx', 'shp.zip', 'gpkg'], params: ['district'] },
  'shelters-province': { formats: ['xlsx', 'shp.zip'], params: ['district'] },
  roads: { formats: ['geojson', 'shp.zip', 'gpkg'], params: [] }
};

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
const state = { ready: false, communities: 0, covered: 0, uncoveredCodes: [], coveredCodes: [], highlighted: null, facilityCount: 0, registry: null };
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
  mapMessage: byId('map-message'),
  lang: byId('lang')
};

let categories = [];
let districts = [];
let registry = null; // the last /api/registry answer: the city's name, counts, extent, demo
let guideWanted = null; // the planner opened (true) or hid (false) the guide; null: shown while data is missing
let report = null; // the last /api/coverage answer
let facilitySummary = null; // {count, open, shown} or {error}
let refreshSequence = 0;
let fittedDistrict; // the district the map was last zoomed to (undefined: never)

const communities = createCommunityLayer(map);
const outlines = createDistrictOutlines(map);
const whatIf = createWhatIf(map, { query: currentQuery, communities });
const facilities = createFacilityLayer(map, {
  categories: () => categories,
  onTryClosing: (id, name) => whatIf.tryClosing(id, name)
});
const suggest = createSuggest(map, { query: currentQuery, whatIf });
const lifeCircles = createLifeCircles(map, { query: currentQuery });
const indicators = createIndicators();
createChanges(map, () => currentQuery(), state);
const importer = createImport({
  onCommitted: async () => {
    // The guide's counts, the city's divisions and the coverage all follow what was just imported.
    await reloadRegistry();
    await refresh();
    indicators.refresh();
  }
});
let layersControl = null;
state.map = map;
Object.defineProperties(state, {
  whatIf: { get: () => whatIf.result, enumerable: true },
  suggestion: { get: () => suggest.result, enumerable: true },
  facilitiesDrawn: { get: () => facilities.drawn(), enumerable: true },
  lifeCircles: { get: () => lifeCircles.state, enumerable: true }
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
  const query = currentQuery();
  state.ready = false;
  suggest.reset();
  showMessage(ui.summary, t('computing'), 'notice');
  rememberQuery(query);
  renderExportLinks(query);
  const params = coverageParams(query);
  // Facilities load alongside coverage; their failure is reported but does not hide the coverage.
  const facilityLoad = loadFacilities(query).catch(error => ({ error }));
  try {
    const [answer, geojson] = await Promise.all([
      getJson('api/coverage?' + params),
      getJson('api/coverage/communities?' + params)
    ]);
    if (mine !== refreshSequence) return;
    report = answer;
    communities.setData(geojson, answer.distance_m);
    fitOnce(query.district);
    showFacilities(await facilityLoad);
    if (mine !== refreshSequence) return;
    renderCoverage();
    publishState();
    await whatIf.run(); // a proposal stays on the map across queries, recomputed for the new one
    if (mine !== refreshSequence) return;
    state.error = null;
    state.ready = true;
  } catch (e) {
    if (mine !== refreshSequence) return;
    // The previous drawing stays, but it no longer answers the form: say so over the map too.
    report = null;
    state.error = e.message;
    showMessage(ui.summary, t('map.failed', { detail: e.message }), 'error');
    setMapMessage(t('map.failed', { detail: e.message }), 'error');
  }
}

/** Zooms to the data the first time and whenever another district is chosen, not on every refresh. */
function fitOnce(district) {
  if (fittedDistrict === district || !communities.count()) return;
  map.fitBounds(communities.bounds(), { padding: [10, 10] });
  fittedDistrict = district;
}

function publishState() {
  state.communities = report.communities.total;
  state.covered = report.communities.covered;
  state.uncoveredCodes = communities.uncoveredCodes();
  state.coveredCodes = communities.coveredCodes();
  state.highlighted = communities.highlighted;
  state.facilityCount = facilitySummary && !facilitySummary.error ? facilitySummary.count : 0;
}

function renderCoverage() {
  renderSummary();
  renderGaps();
  renderLegend();
  setMapMessage(communities.count() ? null : t('coverage.no-communities'), 'notice');
}

function renderSummary() {
  if (!report) return;
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

function facilityText() {
  const f = facilitySummary;
  if (!f || f.hidden) return '';
  if (f.error) return t('summary.facilities.failed', { detail: f.error.message });
  const text = t('summary.facilities', { count: formatNumber(f.count), open: formatNumber(f.open) });
  return f.shown < f.count ? text + ' · ' + t('summary.facilities.partial', { shown: formatNumber(f.shown), count: formatNumber(f.count) }) : text;
}

function renderGaps() {
  if (!report) return;
  const ranked = [...report.uncovered].sort((a, b) => b.population - a.population);
  ui.gaps.innerHTML = ranked.slice(0, GAP_LIMIT).map(u => `
    <li><button type="button" class="gap${u.code === communities.highlighted ? ' selected' : ''}" data-code="${escapeHtml(u.code)}">
      <span class="gap-name">${escapeHtml(u.name)}</span>
      <span class="gap-district">${escapeHtml(u.district)}</span>
      <span class="gap-meta">${escapeHtml(t('gaps.item', { population: formatNumber(u.population), nearest: formatMetres(u.nearest_m) }))}</span>
    </button></li>`).join('');
  if (!report.communities.total) ui.gapsNote.textContent = t('coverage.no-communities');
  else if (!ranked.length) ui.gapsNote.textContent = t('gaps.none');
  else if (ranked.length > GAP_LIMIT) ui.gapsNote.textContent = t('gaps.more', { count: formatNumber(ranked.length - GAP_LIMIT) });
  else ui.gapsNote.textContent = '';
}

/** Zooms to a community, outlines it and opens its popup (from the gap list). */
function focusCommunity(code) {
  const found = communities.highlight(code);
  if (!found) return;
  facilities.raise();
  state.highlighted = code;
  ui.gaps.querySelectorAll('button.gap').forEach(b => b.classList.toggle('selected', b.dataset.code === code));
  // No autoPan: the map was just centred on the community and should stay so.
  L.popup({ autoPan: false }).setLatLng(found.centre).setContent(communityPopup(found.properties)).openOn(map);
}

function communityPopup(p) {
  return `<div class="community-popup"><h3>${escapeHtml(p.name)}</h3>
    <p class="muted">${escapeHtml(p.district_name)} · ${escapeHtml(p.code)}</p>
    <p>${escapeHtml(t('community.population', { population: formatNumber(p.population) }))}<br>
    ${escapeHtml(t('community.nearest', { nearest: formatMetres(p.nearest_m) }))}<br>
    <b class="${p.covered ? 'gain' : 'loss'}">${escapeHtml(t(p.covered ? 'community.covered' : 'community.uncovered'))}</b></p></div>`;
}

function setMapMessage(text, kind) {
  ui.mapMessage.hidden = !text;
  ui.mapMessage.textContent = text || '';
  ui.mapMessage.className = kind || '';
}

// ---- facilities --------------------------------------------------------------------------------

async function loadFacilities(query) {
  const scope = ui.facilityScope.value;
  if (scope === 'none') return { features: [], numberMatched: 0, hidden: true };
  const filter = {};
  if (scope === 'category') filter.category = query.category;
  if (query.district) filter.district = query.district;
  return allFacilities(filter);
}

function showFacilities(loaded) {
  if (loaded.error) {
    facilities.setData([]);
    facilitySummary = { error: loaded.error };
    return;
  }
  facilities.setData(loaded.features);
  facilitySummary = {
    hidden: Boolean(loaded.hidden),
    count: loaded.numberMatched,
    shown: loaded.features.length,
    open: loaded.features.filter(f => f.properties.status === 'open').length
  };
}

/** The facility layer alone changed (scope): no need to recompute coverage. */
async function reloadFacilities() {
  showFacilities(await loadFacilities(currentQuery()).catch(error => ({ error })));
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

function renderLegend() {
  const items = [];
  // Colours here are the page's own constants, never data, so they go into style= as they are.
  const swatch = (colour, text) => `<li><span class="swatch" style="background:${colour}"></span>${escapeHtml(text)}</li>`;
  if (communities.colourBy === 'distance' && report) {
    let from = 0;
    for (const c of DISTANCE_CLASSES) {
      const to = c.upTo * report.distance_m;
      const text = Number.isFinite(to) ? `${formatNumber(Math.round(from))}–${formatNumber(Math.round(to))} m` : `> ${formatNumber(Math.round(from))} m`;
      items.push(swatch(c.colour, text));
      from = to;
    }
    items.push(swatch(COLOURS.unreachable, t('legend.unreachable')));
  } else {
    items.push(swatch(COLOURS.covered, t('legend.covered')), swatch(COLOURS.uncovered, t('legend.uncovered')));
  }
  items.push(swatch(COLOURS.gained, t('legend.gained')), swatch(COLOURS.lost, t('legend.lost')));
  items.push(`<li><span class="swatch outline"></span>${escapeHtml(t('legend.highlight'))}</li>`);
  items.push(`<li><span class="district-sample">${escapeHtml(t('district'))}</span>${escapeHtml(t('legend.district'))}</li>`);
  items.push(`<li><span class="swatch outline-sample"></span>${escapeHtml(t('legend.outlines'))}</li>`);
  const facilityItems = facilityLegend();
  ui.legend.innerHTML = `<ul class="legend-list">${items.join('')}</ul><ul class="legend-list">${facilityItems.join('')}</ul>`;
}

function facilityLegend() {
  const colour = facilities.colourOf(ui.category.value);
  const items = [
    `<li><span class="symbol open" style="background:${colour}"></span>${escapeHtml(t('legend.open'))}</li>`,
    `<li><span class="symbol planned" style="border-color:${colour}"></span>${escapeHtml(t('legend.planned'))}</li>`,
    `<li><span class="symbol closed" style="border-color:${colour}"></span>${escapeHtml(t('legend.closed'))}</li>`,
    `<li><span class="symbol cluster">9</span>${escapeHtml(t('legend.cluster'))}</li>`,
    `<li><span class="sample site"><span>+</span></span>${escapeHtml(t('legend.site'))}</li>`,
    `<li><span class="sample suggested"><span>1</span></span>${escapeHtml(t('legend.suggested'))}</li>`
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

function renderExportLinks(query) {
  const links = Object.entries(EXPORTS).map(([layer, { formats, params: names }]) => {
    const params = new URLSearchParams();
    names.filter(n => query[n]).forEach(n => params.set(n, query[n]));
    const search = params.toString() ? '?' + params : '';
    return `<p><b>${escapeHtml(t('export.' + layer))}</b> ` + formats.map(f =>
      `<a href="api/export/${layer}.${f}${escapeHtml(search)}" download>${escapeHtml(f)}</a>`).join(' · ') + '</p>';
  });
  byId('export-links').innerHTML = links.join('');
}

/** Puts the query in the address bar, so a view can be bookmarked or sent to a colleague. */
function rememberQuery(query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
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
  byId('note').hidden = !answer.demo;
  const complete = c => c.communities > 0 && c.facilities > 0;
  // The data just became complete: the guide goes away even if the planner had opened it.
  if (before && !complete(before.counts) && complete(answer.counts)) guideWanted = null;
  // The first data in a registry that was empty: show it (later imports leave the view alone).
  if (answer.extent && !(before && before.extent)) {
    const [west, south, east, north] = answer.extent;
    map.fitBounds([[south, west], [north, east]], { padding: [10, 10], maxZoom: 15 });
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
    if (districtsChanged) state.districtOutlines = await outlines.load(getJson);
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

// Basemaps: none by default, so the map works offline from our own outlines. OpenStreetMap and
// Tianditu (national CGCS2000 basemap, Web Mercator grid "_w"; needs a key: ?tk=KEY, remembered)
// are offered when online. GCJ-02 basemaps (Gaode, Tencent) are not: our data is CGCS2000.
const tiandituKey = new URLSearchParams(location.search).get('tk') || localStorage.getItem('linli.tk') || '';
if (tiandituKey) localStorage.setItem('linli.tk', tiandituKey);
const basemaps = {
  none: L.layerGroup(),
  osm: L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    { maxZoom: 19, attribution: '© OpenStreetMap contributors' }),
  tianditu: L.tileLayer('https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0' +
    '&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=' +
    encodeURIComponent(tiandituKey), { subdomains: '01234567', maxZoom: 18, attribution: '天地图' })
};
basemaps.none.addTo(map);

function buildLayersControl() {
  if (layersControl) layersControl.remove();
  const bases = { [escapeHtml(t('basemap.none'))]: basemaps.none, 'OpenStreetMap': basemaps.osm };
  if (tiandituKey) bases[escapeHtml(t('basemap.tianditu'))] = basemaps.tianditu;
  layersControl = L.control.layers(bases, {
    [escapeHtml(t('export.communities'))]: communities.layer,
    [escapeHtml(t('legend.district'))]: communities.labels,
    [escapeHtml(t('legend.outlines'))]: outlines.layer,
    [escapeHtml(t('export.facilities'))]: facilities.layer
  }).addTo(map);
}

function relabel() {
  ui.lang.value = currentLanguage();
  state.lang = currentLanguage();
  fillCategorySelect();
  fillDistrictSelect();
  renderGuide();
  buildLayersControl();
  renderSummary();
  renderGaps();
  renderLegend();
  renderExportLinks(currentQuery());
  whatIf.relabel();
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
  ui.colourBy.addEventListener('change', () => {
    communities.setColourBy(ui.colourBy.value);
    renderLegend();
  });
  ui.facilityScope.addEventListener('change', reloadFacilities);
  ui.gaps.addEventListener('click', e => {
    const item = e.target.closest('button.gap');
    if (item) focusCommunity(item.dataset.code);
  });
  communities.layer.on('click', e => {
    // While placing what-if sites a click belongs to the proposal (it bubbles to the map).
    if (!whatIf.active) L.popup().setLatLng(e.latlng).setContent(communityPopup(e.layer.feature.properties)).openOn(map);
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
  renderLegend();
  if (window.matchMedia('(max-width: 760px)').matches) togglePanel();
  let answer;
  try {
    [categories, districts, answer] = await Promise.all([getJson('api/categories'), getJson('api/districts'),
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
  // Outlines are a backdrop: if they fail the coverage map still works, and the summary says so.
  outlines.load(getJson)
    .then(n => { state.districtOutlines = n; })
    .catch(e => setMapMessage(t('outlines.failed', { detail: e.message }), 'error'));
  await refresh();
}

start();
