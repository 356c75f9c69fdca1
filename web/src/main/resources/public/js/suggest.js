// Suggested sites: GET /api/coverage/suggest picks k locations greedily by the population each would
// newly cover. Shown as numbered markers and a ranked list; they can be handed to the what-if.
import { coverageParams, getJson, isAbort, supersede } from './api.js';
import { t } from './i18n.js';
import { byId, escapeHtml, formatNumber, showMessage } from './util.js';

export function createSuggest(map, { query, whatIf }) {
  const kInput = byId('suggest-k');
  const button = byId('suggest-button');
  const result = byId('suggest-result');
  const layer = L.layerGroup().addTo(map);
  let last = null;
  let failure = null; // {key, detail}: re-rendered in the new language on a switch
  let sequence = 0;
  let pending = false; // a suggestion is on its way
  let wanted = false; // one was on its way when the question changed: asked again once the map has the new one
  const asking = supersede(); // the request on its way, aborted when a newer question replaces it

  async function suggest() {
    const mine = ++sequence;
    wanted = false;
    const k = Math.min(50, Math.max(1, Math.round(Number(kInput.value) || 1)));
    kInput.value = k;
    clearMarkers();
    showMessage(result, t('suggest.running'), 'notice');
    pending = true;
    try {
      const answer = await getJson('api/coverage/suggest?' + coverageParams(query(), { k }), { signal: asking.next() });
      if (mine !== sequence) return;
      pending = false;
      last = answer;
      failure = null;
      render();
      map.fire('linli:proposal');
      reveal();
    } catch (e) {
      if (mine !== sequence || isAbort(e)) return; // superseded: the newer question answers
      pending = false;
      last = null;
      failure = { key: 'suggest.failed', detail: e.message };
      renderFailure();
      reveal();
    }
  }

  /** The answer can start below the panel's fold, under the button that asked for it. */
  function reveal() {
    result.scrollIntoView({ block: 'nearest' });
  }

  function renderFailure() {
    showMessage(result, t(failure.key, { detail: failure.detail }), 'error');
  }

  function clearMarkers() {
    layer.clearLayers();
  }

  function render() {
    clearMarkers();
    const sites = last.sites;
    if (!sites.length) {
      showMessage(result, t('suggest.none'), 'notice');
      return;
    }
    sites.forEach((s, i) => {
      L.marker([s.lat, s.lon], {
        keyboard: false,
        zIndexOffset: 1000, // above facility groups, which are markers too
        title: t('suggest.item', { n: i + 1, gain: formatNumber(s.gain_population), count: s.newly_covered.length }),
        icon: L.divIcon({ className: 'suggest-marker', html: `<span>${i + 1}</span>`, iconSize: [24, 24] })
      }).addTo(layer);
    });
    result.className = 'suggest-answer';
    result.innerHTML = `<ol class="suggest-list">${sites.map((s, i) => `
        <li><button type="button" class="link" data-index="${i}">${escapeHtml(t('suggest.item',
          { n: i + 1, gain: formatNumber(s.gain_population), count: s.newly_covered.length }))}</button></li>`).join('')}
      </ol>
      <p>${escapeHtml(t('suggest.after', { people: formatNumber(last.population_covered_after) }))}</p>
      <button type="button" id="suggest-use" class="secondary">${escapeHtml(t('suggest.use'))}</button>`;
  }

  result.addEventListener('click', e => {
    const item = e.target.closest('button[data-index]');
    if (item) {
      const s = last.sites[Number(item.dataset.index)];
      map.setView([s.lat, s.lon], Math.max(map.getZoom(), 14));
    } else if (e.target.id === 'suggest-use' && last) {
      whatIf.addAll(last.sites.map(s => L.latLng(s.lat, s.lon)));
    }
  });
  button.addEventListener('click', suggest);
  kInput.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      suggest();
    }
  });

  return {
    /**
     * The query changed: old suggestions no longer answer it. One still on its way is aborted (its
     * answer would be for the old query), but the planner asked for it: resume() asks again for the
     * new query once the map has it.
     */
    reset() {
      sequence++;
      asking.abort();
      wanted = wanted || pending;
      pending = false;
      last = null;
      failure = null;
      clearMarkers();
      if (wanted) {
        showMessage(result, t('suggest.running'), 'notice');
      } else {
        result.textContent = '';
        result.className = '';
      }
      map.fire('linli:proposal');
    },
    /** The map answers the new query (or failed to): a suggestion wanted meanwhile is asked now. */
    resume() {
      if (wanted) suggest();
    },
    relabel() {
      if (last) render();
      else if (failure) renderFailure();
      else if (pending || wanted) showMessage(result, t('suggest.running'), 'notice');
    },
    get result() {
      return last;
    }
  };
}
