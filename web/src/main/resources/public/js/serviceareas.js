// Service areas on the map: the area within walking distance of a facility (asked from its popup)
// and of each proposed site, as the API draws them (GET /api/facilities/{id}/service-area,
// /api/service-area): straight, a circle on the ellipsoid; along the roads, the area and the reached
// roads as lines. A small box on the map says what is drawn and downloads it as GeoJSON.
import { getJson, isAbort, supersede } from './api.js';
import { t } from './i18n.js';
import { escapeHtml, formatMetres } from './util.js';

const FACILITY_COLOUR = '#3b2e8c';
const SITE_COLOUR = '#00876c';

export function createServiceAreas(map, { query, onChange = () => {} }) {
  map.createPane('serviceareas');
  map.getPane('serviceareas').style.zIndex = 430; // over the communities, under the selection and facilities
  map.getPane('serviceareas').style.pointerEvents = 'none';
  // SVG, not the page's canvas: each area is a path of its own, which a planner's tools (and the
  // browser tests) can find.
  const renderer = L.svg({ pane: 'serviceareas' });
  const layer = L.layerGroup().addTo(map);
  let facility = null; // {id, category, feature, layers}
  let sites = []; // [{lonlat, feature, layers}] in the proposal's order
  let facilitySequence = 0;
  let siteSequence = 0;
  let failure = null;
  const askingFacility = supersede(); // a superseded area's request is aborted
  const askingSites = supersede();
  const box = addBox();

  /** The distance and mode asked on the page; the distance only for the category asked about. */
  function params(category) {
    const q = query();
    const p = { mode: q.mode || 'straight' };
    if (category === q.category && Number(q.distance) > 0) p.distance = q.distance;
    return p;
  }

  function draw(feature, colour, kind) {
    const drawn = [L.geoJSON(feature.geometry, {
      renderer, interactive: false,
      style: { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.12, className: `service-area ${kind}` }
    })];
    const roads = feature.properties.reached_roads;
    if (roads) {
      drawn.push(L.geoJSON(roads, { renderer, interactive: false,
        style: { color: colour, weight: 2.5, opacity: 0.9, className: `service-area-roads ${kind}` } }));
    }
    drawn.forEach(l => l.addTo(layer));
    return drawn;
  }

  function remove(entry) {
    if (entry) entry.layers.forEach(l => layer.removeLayer(l));
  }

  /** Draws a facility's area (replacing the facility drawn before); resolves with the Feature. */
  async function showFacility(id, category) {
    const mine = ++facilitySequence;
    try {
      const feature = await getJson(`api/facilities/${encodeURIComponent(id)}/service-area?`
        + new URLSearchParams(params(category)), { signal: askingFacility.next() });
      if (mine !== facilitySequence) return null;
      remove(facility);
      facility = { id, category, feature, layers: draw(feature, FACILITY_COLOUR, 'facility') };
      failure = null;
      return feature;
    } catch (e) {
      if (mine !== facilitySequence || isAbort(e)) return null;
      failure = e.message;
      return null;
    } finally {
      if (mine === facilitySequence) changed();
    }
  }

  /** Draws the area of every proposed site ([lon, lat] each) for the question asked now. */
  async function showSites(lonlats) {
    const mine = ++siteSequence;
    const signal = askingSites.next();
    const q = query();
    let answers = [];
    let error = null;
    // One site at a time, and none once a newer proposal supersedes this one: an area along the roads
    // takes the server up to a few seconds, and a proposal may hold a hundred sites.
    for (const [lon, lat] of lonlats) {
      if (mine !== siteSequence) return;
      try {
        answers.push(await getJson('api/service-area?' + new URLSearchParams({
          lon, lat, category: q.category, ...params(q.category) }), { signal }));
      } catch (e) {
        if (isAbort(e)) return; // a newer proposal is being drawn
        error = e.message;
        answers = [];
        break;
      }
    }
    if (mine !== siteSequence) return;
    failure = error;
    sites.forEach(remove);
    sites = answers.map((feature, i) => ({ lonlat: lonlats[i], feature, layers: draw(feature, SITE_COLOUR, 'site') }));
    changed();
  }

  /** Redraws what is drawn for a new question (mode, distance, category). */
  function refresh() {
    return facility ? showFacility(facility.id, facility.category) : null;
  }

  function clearFacility() {
    facilitySequence++;
    askingFacility.abort();
    remove(facility);
    facility = null;
    failure = null;
    changed();
  }

  function features() {
    const all = [];
    if (facility) all.push(facility.feature);
    sites.forEach((s, i) => all.push({ ...s.feature, properties: { ...s.feature.properties, site_number: i + 1 } }));
    return all;
  }

  function fileName() {
    const q = query();
    const what = facility && !sites.length ? 'facility_' + facility.id : 'sites';
    return `service_area_${what}_${q.mode || 'straight'}.geojson`;
  }

  function changed() {
    render();
    onChange();
  }

  function addBox() {
    const Control = L.Control.extend({
      onAdd() {
        const element = L.DomUtil.create('div', 'leaflet-bar service-area-box');
        element.id = 'service-area-box';
        element.hidden = true;
        L.DomEvent.disableClickPropagation(element);
        return element;
      }
    });
    const control = new Control({ position: 'topleft' });
    control.addTo(map);
    const element = control.getContainer();
    element.addEventListener('click', e => {
      if (e.target.closest('button.clear-service-area')) clear();
    });
    return element;
  }

  let url = null;

  function render() {
    const all = features();
    if (url) URL.revokeObjectURL(url);
    url = null;
    box.hidden = !all.length && !failure;
    if (box.hidden) {
      box.innerHTML = '';
      return;
    }
    const lines = [];
    if (facility) {
      const p = facility.feature.properties;
      lines.push(t('servicearea.facility', { name: p.name, distance: formatMetres(p.distance_m), mode: t('mode.' + p.mode) }));
    }
    if (sites.length) {
      const p = sites[0].feature.properties;
      lines.push(t('servicearea.sites', { count: sites.length, distance: formatMetres(p.distance_m), mode: t('mode.' + p.mode) }));
    }
    let links = '';
    if (all.length) {
      url = URL.createObjectURL(new Blob([JSON.stringify({ type: 'FeatureCollection', features: all })],
        { type: 'application/geo+json' }));
      links = `<a id="service-area-download" href="${url}" download="${escapeHtml(fileName())}">${escapeHtml(t('servicearea.download'))}</a>`
        + (facility ? ` <button type="button" class="link clear-service-area">${escapeHtml(t('servicearea.clear'))}</button>` : '');
    }
    box.innerHTML = `<b>${escapeHtml(t('servicearea'))}</b>`
      + lines.map(l => `<p>${escapeHtml(l)}</p>`).join('')
      + (failure ? `<p class="message error">${escapeHtml(t('servicearea.failed', { detail: failure }))}</p>` : '')
      + (links ? `<p>${links}</p>` : '');
  }

  function clear() {
    clearFacility();
  }

  return {
    showFacility,
    showSites,
    refresh,
    clearFacility,
    relabel: render,
    /** Whether any area is drawn (the legend lists it then). */
    get drawn() {
      return Boolean(facility || sites.length);
    },
    /** What is drawn, as the download holds it (for the browser tests and a curious console). */
    get features() {
      return features();
    }
  };
}
