// The search box: a community, street, district or facility by part of its name or its code
// (GET /api/search), listed as the planner types; choosing one flies the map to it and selects it.
import { getJson } from './api.js';
import { t } from './i18n.js';
import { byId, escapeHtml } from './util.js';

/** Waits this long after the last key before asking, so typing a name sends one request, not ten. */
const TYPING_PAUSE_MS = 250;

/**
 * @param onPlace called with the chosen place ({kind, id, name, lon, lat, bbox, ...}) to show it
 */
export function createSearch({ onPlace }) {
  const input = byId('search');
  const list = byId('search-results');
  const status = byId('search-status');
  let places = [];
  let timer = null;
  let pending = Promise.resolve();
  let sequence = 0;
  let active = -1;

  async function run() {
    const q = input.value.trim();
    const mine = ++sequence;
    if (!q) {
      show([]);
      status.textContent = '';
      return;
    }
    let answer;
    try {
      answer = await getJson('api/search?' + new URLSearchParams({ q, limit: '10' }));
    } catch (e) {
      if (mine === sequence) status.textContent = t('search.failed', { detail: e.message });
      return;
    }
    if (mine !== sequence) return; // a newer search was typed meanwhile
    show(answer.places);
    status.textContent = answer.places.length ? '' : t('search.none', { q });
  }

  function show(found) {
    places = found;
    active = -1;
    list.hidden = !found.length;
    input.setAttribute('aria-expanded', String(found.length > 0));
    list.innerHTML = found.map((p, i) => {
      const where = [p.district_name, p.street_name].filter(Boolean).join(' · ');
      return `<li role="option" id="search-option-${i}" data-index="${i}" data-kind="${escapeHtml(p.kind)}">
        <span class="search-kind">${escapeHtml(t('search.kind.' + p.kind))}</span>
        <span class="search-name">${escapeHtml(p.name)}</span>
        <span class="search-where muted small">${escapeHtml(where || (p.kind === 'facility' ? '' : p.id))}</span></li>`;
    }).join('');
  }

  function highlight(index) {
    active = Math.max(-1, Math.min(places.length - 1, index));
    list.querySelectorAll('li').forEach((li, i) => li.classList.toggle('active', i === active));
    if (active >= 0) input.setAttribute('aria-activedescendant', 'search-option-' + active);
  }

  function choose(index) {
    const place = places[index];
    if (!place) return;
    input.value = place.name;
    show([]);
    onPlace(place);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      pending = run();
    }, TYPING_PAUSE_MS);
  });
  input.addEventListener('keydown', async e => {
    if (e.key === 'ArrowDown') highlight(active + 1);
    else if (e.key === 'ArrowUp') highlight(active - 1);
    else if (e.key === 'Escape') show([]);
    else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter before the pause ran: search now; either way take the answer to what is typed.
      if (timer) {
        clearTimeout(timer);
        timer = null;
        pending = run();
      }
      await pending;
      choose(active >= 0 ? active : 0);
    } else return;
    e.preventDefault();
  });
  list.addEventListener('mousedown', e => e.preventDefault()); // keep the focus in the box
  list.addEventListener('click', e => {
    const item = e.target.closest('li[data-index]');
    if (item) choose(Number(item.dataset.index));
  });
  input.addEventListener('blur', () => setTimeout(() => show([]), 150));
  return { get places() { return places; } };
}
