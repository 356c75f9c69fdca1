// Coverage per street (the by_street part of the /api/coverage answer the map already has) and,
// for emergency shelters, their capacity: people per shelter place, the covered communities with
// fewer places than residents, and the shelters that are overcrowded, ringed on the map
// (GET /api/coverage?capacity=true: it costs about as much again as coverage, 3 s and more at
// province scale, so it is asked only while the panel is open). The panel is filled when opened: a
// province has 1,600 streets, and their table cost the map about 100 ms per question.
import { coverageParams, getJson, isAbort, supersede } from './api.js';
import { t } from './i18n.js';
import { byId, escapeHtml, formatNumber, formatPercent } from './util.js';

/** The category whose places are counted here (CapacityRule.SHELTER on the server). */
const SHELTER = 'emergency_shelter';
/** Shelters listed by crowding; the rest are counted. */
const CROWDED_LIMIT = 10;
const OVERCROWDED_COLOUR = '#b2182b';

export function createBreakdown(map, { onFacility, onStreet }) {
  const ui = {
    streets: byId('breakdown-streets'), status: byId('breakdown-status'),
    capacity: byId('capacity'), capacitySummary: byId('capacity-summary'), capacityList: byId('capacity-list')
  };
  const ringLayer = L.layerGroup().addTo(map); // overcrowded shelters
  // SVG, not the map's canvas: a handful of rings, each an element a test (or a stylesheet) can find.
  const ringRenderer = L.svg({ pane: 'selection' });
  const panel = byId('breakdown');
  let report = null;
  let query = null;
  let stale = false; // the panel (closed) does not show the last answer yet
  let capacity = null;
  let sequence = 0;
  const asking = supersede(); // the capacity of an answer no longer shown is aborted

  /** Takes a new coverage answer (and the query it answered); fills the panel now if it is open, else when opened. */
  function show(answer, asked) {
    report = answer;
    query = asked;
    capacity = null;
    ringLayer.clearLayers();
    ++sequence;
    asking.abort();
    stale = !panel.open;
    if (!stale) fill();
  }

  /** Fills the open panel with the last answer, and asks for the shelters' capacity. */
  async function fill() {
    stale = false;
    const mine = sequence;
    renderStreets();
    renderCapacity();
    if (report.category !== SHELTER) return;
    ui.capacitySummary.textContent = t('capacity.loading');
    try {
      const withCapacity = await getJson('api/coverage?' + coverageParams(query, { capacity: 'true' }),
        { signal: asking.next() });
      if (mine !== sequence) return;
      capacity = withCapacity.capacity;
    } catch (e) {
      if (mine === sequence && !isAbort(e)) ui.capacitySummary.textContent = t('capacity.failed', { detail: e.message });
      return;
    }
    renderCapacity();
    drawRings();
  }

  function renderStreets() {
    if (!report) return;
    const districtNames = Object.fromEntries((report.by_district || []).map(d => [d.code, d.name]));
    // Most unserved residents first: where a new site helps most people.
    const streets = [...(report.by_street || [])].sort((a, b) =>
      (b.population.total - b.population.covered) - (a.population.total - a.population.covered) || a.code.localeCompare(b.code));
    ui.status.textContent = streets.length ? t('breakdown.hint') : t('breakdown.none');
    ui.streets.innerHTML = streets.map(s => `<tr data-code="${escapeHtml(s.code)}">
      <td>${escapeHtml(s.name)}<div class="muted small">${escapeHtml(districtNames[s.district_code] || '')}</div></td>
      <td class="num">${s.communities.covered} / ${s.communities.total}</td>
      <td class="num">${escapeHtml(formatPercent(s.population.share))}</td>
      <td class="num">${escapeHtml(formatNumber(s.population.total - s.population.covered))}</td></tr>`).join('');
  }

  function renderCapacity() {
    ui.capacity.hidden = !report || report.category !== SHELTER;
    ui.capacityList.innerHTML = '';
    if (!capacity) return;
    const c = capacity;
    const perPlace = c.places > 0 ? c.population.covered / c.places : null;
    ui.capacitySummary.innerHTML = `<p id="capacity-per-place">${escapeHtml(t('capacity.summary', {
      shelters: formatNumber(c.facilities.total), places: formatNumber(Math.round(c.places)),
      covered: formatNumber(c.population.covered), perPlace: perPlace == null ? '–' : perPlace.toFixed(2) }))}</p>
      <p id="capacity-overcrowded">${escapeHtml(t('capacity.overcrowded', { communities: formatNumber(c.communities_overcrowded),
        population: formatNumber(c.population.overcrowded), share: formatPercent(c.population.overcrowded_share) }))}</p>
      ${c.facilities.without_supply ? `<p class="muted small">${escapeHtml(t('capacity.without', { count: formatNumber(c.facilities.without_supply) }))}</p>` : ''}
      <p class="muted small">${escapeHtml(t('capacity.rule'))}</p>`;
    ui.capacityList.innerHTML = c.facility_ratios.slice(0, CROWDED_LIMIT).map(f => `<li>
      <button type="button" class="link shelter${f.ratio != null && f.ratio < 1 ? ' overcrowded' : ''}" data-id="${f.id}">
        ${escapeHtml(f.name)}</button>
      <span class="small">${escapeHtml(crowdingText(f))}</span></li>`).join('');
  }

  /** People per place at one shelter, in words. */
  function crowdingText(f) {
    if (f.supply == null) return t('capacity.no-supply');
    if (!f.demand) return t('capacity.no-demand', { places: formatNumber(Math.round(f.supply)) });
    return t('capacity.per-place', { people: (f.demand / f.supply).toFixed(2), demand: formatNumber(f.demand),
      places: formatNumber(Math.round(f.supply)) });
  }

  /** A ring around each shelter with fewer places than the residents within its reach. */
  function drawRings() {
    for (const f of capacity.facility_ratios) {
      if (f.ratio == null || f.ratio >= 1) continue;
      L.circleMarker([f.lat, f.lon], { pane: 'selection', renderer: ringRenderer, interactive: false, radius: 11, color: OVERCROWDED_COLOUR,
        weight: 3, fill: false, className: 'overcrowded-ring' }).addTo(ringLayer);
    }
    map.fire('linli:proposal'); // the legend follows what is drawn
  }

  panel.addEventListener('toggle', () => {
    if (panel.open && stale && report) fill();
  });
  ui.streets.addEventListener('click', e => {
    const row = e.target.closest('tr[data-code]');
    if (row) onStreet(row.dataset.code);
  });
  ui.capacityList.addEventListener('click', e => {
    const button = e.target.closest('button.shelter');
    if (!button) return;
    const f = capacity.facility_ratios.find(r => String(r.id) === button.dataset.id);
    if (f) onFacility(f);
  });

  return {
    show,
    relabel() {
      if (stale) return; // filled in the new language when opened
      renderStreets();
      renderCapacity();
    },
    /** How many overcrowded shelters are ringed on the map (for the legend). */
    ringsDrawn: () => ringLayer.getLayers().length,
    overcrowdedColour: OVERCROWDED_COLOUR,
    get capacity() { return capacity; }
  };
}
