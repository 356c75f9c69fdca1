// Small helpers shared by the page's modules: escaping, number formats, DOM look-ups.
import { locale, t } from './i18n.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for innerHTML and attribute values: every string from the API goes through this. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c]);
}

export function byId(id) {
  return document.getElementById(id);
}

const numberFormats = new Map(); // locale → Intl.NumberFormat (toLocaleString builds one per call)

export function formatNumber(n) {
  if (n == null) return '–';
  const lang = locale();
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, format = new Intl.NumberFormat(lang));
  return format.format(Number(n));
}

/** A signed difference: +3,000, −200 or 0. */
export function formatChange(n) {
  if (n > 0) return '+' + formatNumber(n);
  if (n < 0) return '−' + formatNumber(-n);
  return '0';
}

export function formatPercent(share, digits = 1) {
  return (share * 100).toFixed(digits) + '%';
}

/** Metres as "650 m" or "1.25 km"; null means no facility could be reached at all. */
export function formatMetres(m) {
  if (m == null) return t('none.reachable');
  return m >= 1000 ? (m / 1000).toFixed(2) + ' km' : Math.round(m) + ' m';
}

export function formatDateTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : d.toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' });
}

/** Shows a message in an element, styled as an error, a notice or plain text. */
export function showMessage(el, text, kind = '') {
  settled(el);
  el.className = 'message' + (kind ? ' ' + kind : '');
  el.textContent = text;
}

/**
 * Marks what an element shows as being recomputed: it stays in place, greyed, with aria-busy (screen
 * readers wait for the new content) and {@code text} in a corner that takes no room, so nothing
 * below it moves; showMessage, or settled() before new content, ends it.
 */
export function markUpdating(el, text) {
  el.classList.add('updating');
  el.setAttribute('aria-busy', 'true');
  el.dataset.updating = text;
}

/** Ends markUpdating: the element shows an answer again (or a message). */
export function settled(el) {
  el.classList.remove('updating');
  el.removeAttribute('aria-busy');
  delete el.dataset.updating;
}
