// What-if: place proposed sites on the map (and mark open facilities as closed), ask
// POST /api/coverage/what-if, show before → after and paint the communities that would change.
// Nothing is stored on the server; the proposal lives in this page and in its address (onChange:
// app.js writes the sites and closed facilities into the URL), so it survives a reload or a link.
import { getJson, isAbort, postJson, supersede } from './api.js';
import { t } from './i18n.js';
import { byId, escapeHtml, formatChange, formatNumber, showMessage } from './util.js';

/** Sites read from an address: at most this many (a hand-made proposal has a few). */
const MAX_SITES = 100;

export function createWhatIf(map, { query, communities, onSites = () => {}, onClosed = () => {}, onChange = () => {} }) {
  // onSites([[lon, lat], …]): the sites to draw service areas around, whenever they change or the question does.
  const button = byId('whatif-toggle');
  const clearButton = byId('whatif-clear');
  const result = byId('whatif-result');
  const sitesLayer = L.layerGroup().addTo(map);
  const markers = [];
  const removed = new Map(); // facility id → name
  let active = false;
  let last = null; // the last answer, kept to re-render on a language switch
  let sequence = 0; // answers to superseded requests are dropped
  const asking = supersede(); // and the superseded request itself aborted
  let restoredIgnored = 0; // entries of the address that were neither coordinates nor ids

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
    // Dragging a site is the quickest way to compare nearby locations.
    marker.on('dragend', () => {
      onChange();
      run();
    });
    markers.push(marker);
    marker.bindTooltip(t('whatif.site', { n: markers.length }), { direction: 'top', offset: [0, -10] });
    marker.addTo(sitesLayer);
  }

  /** Adds a proposed site where the planner clicked and recomputes. */
  function placeSite(latlng) {
    addMarker(latlng);
    onChange();
    return run();
  }

  /** Takes site {@code index} (0-based) out of the proposal; the others keep their order. */
  function removeSite(index) {
    const [marker] = markers.splice(index, 1);
    if (!marker) return null;
    sitesLayer.removeLayer(marker);
    markers.forEach((m, i) => m.setTooltipContent(t('whatif.site', { n: i + 1 })));
    onChange();
    map.fire('linli:proposal');
    return changed();
  }

  /** Takes a facility closed in the proposal back. */
  function reopen(id) {
    removed.delete(id);
    onClosed([...removed.keys()]);
    onChange();
    return changed();
  }

  /** After a removal: recompute, or with nothing left, say so instead of a stale answer. */
  async function changed() {
    if (markers.length || removed.size) return run();
    onSites([]);
    sequence++;
    asking.abort();
    last = null;
    communities.setWhatIf([], []);
    map.fire('linli:proposal');
    result.textContent = '';
    result.className = '';
    return null;
  }

  /**
   * The proposal an address carried: sites as "lon,lat;lon,lat" and closed facility ids as
   * "id,id". Entries that are not coordinates or ids are left out (and counted in the answer).
   * Drawn at once; run() (the page's next refresh) computes it.
   */
  async function restore(sitesText, closedText) {
    const sites = [];
    let ignored = 0;
    for (const item of (sitesText || '').split(';').filter(Boolean)) {
      const [lon, lat] = item.split(',').map(Number);
      if (item.split(',').length === 2 && Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180
          && Math.abs(lat) <= 90 && sites.length < MAX_SITES) sites.push(L.latLng(lat, lon));
      else ignored++;
    }
    const ids = [];
    for (const id of (closedText || '').split(',').filter(Boolean)) {
      if (/^\d{1,15}$/.test(id)) ids.push(id);
      else ignored++;
    }
    sites.forEach(addMarker);
    // The names come from the registry; a facility gone since keeps its id as its name.
    const names = await Promise.all(ids.map(id => getJson('api/facilities/' + id)
      .then(f => f.properties.name, () => '#' + id)));
    ids.forEach((id, i) => removed.set(id, names[i]));
    if (ids.length) onClosed([...removed.keys()]);
    restoredIgnored = ignored;
    if (ignored) onChange(); // the address drops what it could not read
  }

  /**
   * Several sites at once (the suggested ones), added to the sites already proposed: a site where
   * one already stands (the same coordinates, as the address keeps them) is not added twice.
   */
  function addAll(latlngs) {
    const key = ll => `${round(ll.lng)},${round(ll.lat)}`;
    const standing = new Set(markers.map(m => key(m.getLatLng())));
    for (const latlng of latlngs) {
      if (standing.has(key(latlng)) || markers.length >= MAX_SITES) continue;
      standing.add(key(latlng));
      addMarker(latlng);
    }
    onChange();
    return run();
  }

  function tryClosing(id, name) {
    removed.set(String(id), name);
    onClosed([...removed.keys()]);
    map.closePopup();
    onChange();
    return run();
  }

  function clear() {
    sequence++;
    asking.abort();
    restoredIgnored = 0;
    sitesLayer.clearLayers();
    markers.length = 0;
    removed.clear();
    onClosed([]);
    onSites([]);
    last = null;
    communities.setWhatIf([], []);
    map.fire('linli:proposal');
    result.textContent = '';
    result.className = '';
    if (active) setActive(false);
    onChange();
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
    onSites(markers.map(m => [round(m.getLatLng().lng), round(m.getLatLng().lat)])); // drawn alongside, not awaited
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
      const answer = await postJson('api/coverage/what-if', body, { signal: asking.next() });
      if (mine !== sequence) return null;
      last = answer;
      communities.setWhatIf(answer.newly_covered, answer.newly_uncovered);
      render();
      map.fire('linli:proposal');
      reveal();
      return answer;
    } catch (e) {
      if (mine !== sequence || isAbort(e)) return null; // superseded: the newer proposal answers
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
      ${restoredIgnored ? `<p class="muted small">${escapeHtml(t('whatif.url.ignored', { count: restoredIgnored }))}</p>` : ''}
      <ol class="proposal-items">${markers.map((m, i) => `<li data-site="${i}">${escapeHtml(t('whatif.site.item', { n: i + 1,
        lon: m.getLatLng().lng.toFixed(5), lat: m.getLatLng().lat.toFixed(5) }))}
        <button type="button" class="link remove-site" data-index="${i}">${escapeHtml(t('whatif.remove'))}</button></li>`).join('')}
      ${[...removed].map(([id, name]) => `<li data-closed="${escapeHtml(id)}">${escapeHtml(t('whatif.closed.item', { name }))}
        <button type="button" class="link reopen" data-id="${escapeHtml(id)}">${escapeHtml(t('whatif.reopen'))}</button></li>`).join('')}</ol>
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
  result.addEventListener('click', e => {
    const site = e.target.closest('button.remove-site');
    if (site) removeSite(Number(site.dataset.index));
    const closed = e.target.closest('button.reopen');
    if (closed) reopen(closed.dataset.id);
  });
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
    /** The proposal as an address keeps it: {sites: "lon,lat;…", closed: "id,…"} (empty strings when none). */
    get urlParams() {
      return {
        sites: markers.map(m => `${round(m.getLatLng().lng)},${round(m.getLatLng().lat)}`).join(';'),
        closed: [...removed.keys()].join(',')
      };
    },
    restore,
    removeSite,
    reopen,
    placeSite,
    addAll,
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
