// What-if: place proposed sites on the map (and mark open facilities as closed), ask
// POST /api/coverage/what-if, show before → after and paint the communities that would change.
// Nothing is stored; the proposal lives only in this page.
import { postJson } from './api.js';
import { t } from './i18n.js';
import { byId, escapeHtml, formatChange, formatNumber, showMessage } from './util.js';

export function createWhatIf(map, { query, communities, reach = () => 0, onClosed = () => {} }) {
  const button = byId('whatif-toggle');
  const clearButton = byId('whatif-clear');
  const result = byId('whatif-result');
  const sitesLayer = L.layerGroup().addTo(map);
  const markers = [];
  const removed = new Map(); // facility id → name
  let active = false;
  let last = null; // the last answer, kept to re-render on a language switch
  let sequence = 0; // answers to superseded requests are dropped

  function setActive(on) {
    active = on;
    button.setAttribute('aria-pressed', String(on));
    button.textContent = t(on ? 'whatif.toggle.active' : 'whatif.toggle');
    map.getContainer().classList.toggle('placing', on);
    if (on && !markers.length && !removed.size) showMessage(result, t('whatif.placing'), 'notice');
  }

  function addMarker(latlng) {
    const marker = L.marker(latlng, {
      draggable: true,
      keyboard: false,
      zIndexOffset: 1000, // above facility groups, which are markers too
      icon: L.divIcon({ className: 'site-marker', html: '<span>+</span>', iconSize: [22, 22] })
    });
    // The walking distance around the site (a circle: the straight-line bound of what it can reach).
    const circle = L.circle(latlng, { radius: reach(), interactive: false, className: 'reach', color: '#00876c',
      weight: 1.5, dashArray: '4 4', fillOpacity: 0.06 }).addTo(sitesLayer);
    marker.reach = circle;
    marker.on('drag', () => circle.setLatLng(marker.getLatLng()));
    // Dragging a site is the quickest way to compare nearby locations.
    marker.on('dragend', run);
    markers.push(marker);
    marker.bindTooltip(t('whatif.site', { n: markers.length }), { direction: 'top', offset: [0, -10] });
    marker.addTo(sitesLayer);
  }

  /** Adds a proposed site where the planner clicked and recomputes. */
  function placeSite(latlng) {
    addMarker(latlng);
    return run();
  }

  /** Several sites at once (the suggested ones), replacing the proposal's sites. */
  function placeAll(latlngs) {
    sitesLayer.clearLayers();
    markers.length = 0;
    latlngs.forEach(addMarker);
    return run();
  }

  function tryClosing(id, name) {
    removed.set(id, name);
    onClosed([...removed.keys()]);
    map.closePopup();
    return run();
  }

  function clear() {
    sequence++;
    sitesLayer.clearLayers();
    markers.length = 0;
    removed.clear();
    onClosed([]);
    last = null;
    communities.setWhatIf([], []);
    map.fire('linli:proposal');
    result.textContent = '';
    result.className = '';
    if (active) setActive(false);
  }

  /** Asks the API about the whole proposal; runs again whenever the query or the proposal changes. */
  async function run() {
    if (!markers.length && !removed.size) {
      last = null;
      communities.setWhatIf([], []);
      return null;
    }
    const mine = ++sequence;
    const q = query();
    markers.forEach(m => m.reach.setRadius(reach()));
    const body = {
      category: q.category,
      distance_m: Number(q.distance) || undefined,
      mode: q.mode,
      add: markers.map(m => [round(m.getLatLng().lng), round(m.getLatLng().lat)]),
      remove: [...removed.keys()].map(Number)
    };
    if (q.district) body.district = q.district;
    showMessage(result, t('whatif.running'), 'notice');
    try {
      const answer = await postJson('api/coverage/what-if', body);
      if (mine !== sequence) return null;
      last = answer;
      communities.setWhatIf(answer.newly_covered, answer.newly_uncovered);
      render();
      map.fire('linli:proposal');
      reveal();
      return answer;
    } catch (e) {
      if (mine !== sequence) return null;
      last = null;
      communities.setWhatIf([], []);
      showMessage(result, t('whatif.failed', { detail: e.message }), 'error');
      return null;
    }
  }

  function round(x) {
    return Math.round(x * 1e7) / 1e7;
  }

  function render() {
    if (!last) return;
    const { before, after } = last;
    const people = after.population.covered - before.population.covered;
    const count = after.communities.covered - before.communities.covered;
    result.className = 'whatif-answer';
    result.innerHTML = `
      <p class="muted">${escapeHtml(t('whatif.sites', { sites: markers.length, removed: removed.size }))}</p>
      ${removed.size ? `<p class="muted">${escapeHtml(t('whatif.closed', { names: [...removed.values()].join('、') }))}</p>` : ''}
      <dl class="before-after">
        <dt>${escapeHtml(t('whatif.people'))}</dt>
        <dd><span id="whatif-people">${escapeHtml(formatNumber(before.population.covered))} → ` +
          `${escapeHtml(formatNumber(after.population.covered))}</span>
          <b class="${people >= 0 ? 'gain' : 'loss'}" id="whatif-gain">${escapeHtml(formatChange(people))}</b></dd>
        <dt>${escapeHtml(t('whatif.communities'))}</dt>
        <dd>${escapeHtml(formatNumber(before.communities.covered))} → ${escapeHtml(formatNumber(after.communities.covered))}
          / ${escapeHtml(formatNumber(after.communities.total))}
          <b class="${count >= 0 ? 'gain' : 'loss'}">${escapeHtml(formatChange(count))}</b></dd>
      </dl>
      ${codeList('whatif.newly', last.newly_covered, 'gained')}
      ${codeList('whatif.lost', last.newly_uncovered, 'lost')}
      ${last.newly_covered.length || last.newly_uncovered.length ? '' : `<p>${escapeHtml(t('whatif.none'))}</p>`}`;
  }

  /** The answer to a click on the map may be below the panel's fold: bring it into view. */
  function reveal() {
    result.scrollIntoView({ block: 'nearest' });
  }

  function codeList(key, codes, kind) {
    if (!codes.length) return '';
    const names = codes.map(code => {
      const p = communities.properties(code);
      return `<li data-code="${escapeHtml(code)}">${escapeHtml(p ? p.name : code)} <span class="muted">${escapeHtml(code)}</span></li>`;
    });
    return `<p class="${kind}-title"><span class="swatch ${kind}"></span>${escapeHtml(t(key, { count: codes.length }))}</p>` +
      `<ul class="code-list ${kind}">${names.join('')}</ul>`;
  }

  button.addEventListener('click', () => setActive(!active));
  clearButton.addEventListener('click', clear);
  // Clicks on the map come through the page's one click handler (app.js), which knows whether a
  // facility lies under the click (it opens) or not (a site is placed while active).

  return {
    get active() {
      return active;
    },
    get result() {
      return last;
    },
    get sites() {
      return markers.map(m => [m.getLatLng().lng, m.getLatLng().lat]);
    },
    placeSite,
    placeAll,
    tryClosing,
    run,
    clear,
    relabel() {
      button.textContent = t(active ? 'whatif.toggle.active' : 'whatif.toggle');
      markers.forEach((m, i) => m.setTooltipContent(t('whatif.site', { n: i + 1 })));
      render();
    }
  };
}
