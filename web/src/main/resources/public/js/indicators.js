// The plan's indicators: a table of target against current value, with a horizontal bar per row
// drawn in plain HTML (the bar is the value, the tick is the target).
import { getJson } from './api.js';
import { indicatorTitle, indicatorUnit, t } from './i18n.js';
import { byId, escapeHtml, formatNumber, showMessage } from './util.js';

export function createIndicators() {
  const status = byId('indicators-status');
  const body = byId('indicators-body');
  const summary = byId('indicators-summary');
  let rows = null;
  let loading = null;

  async function load() {
    showMessage(status, t('indicators.loading'), 'notice');
    try {
      rows = await getJson('api/indicators');
      render();
    } catch (e) {
      rows = null;
      body.innerHTML = '';
      summary.textContent = '';
      showMessage(status, t('indicators.failed', { detail: e.message }), 'error');
    }
  }

  function render() {
    if (!rows) return;
    status.textContent = '';
    status.className = '';
    if (!rows.length) {
      body.innerHTML = '';
      showMessage(status, t('indicators.empty'), 'notice');
      return;
    }
    const met = rows.filter(r => r.met === true).length;
    summary.textContent = t('indicators.summary', { met, total: rows.length });
    body.innerHTML = rows.map(rowHtml).join('');
  }

  function rowHtml(r) {
    const state = r.met == null ? 'unknown' : r.met ? 'yes' : 'no';
    return `<tr class="indicator ${state}" data-id="${escapeHtml(r.id)}">
      <td>${escapeHtml(indicatorTitle(r))}</td>
      <td class="num">${escapeHtml(r.action)}</td>
      <td class="num">${escapeHtml(formatNumber(r.target))} <span class="unit">${escapeHtml(indicatorUnit(r))}</span></td>
      <td class="num">${r.value == null ? '–' : escapeHtml(formatNumber(r.value))}</td>
      <td class="progress">${barHtml(r, state)}</td>
      <td class="met"><span class="badge ${state}">${escapeHtml(t('indicators.' + state))}</span></td>
    </tr>`;
  }

  /** Value and target on one scale: the longer of the two fills 95% of the track. */
  function barHtml(r, state) {
    if (r.value == null) return '<div class="bar empty"></div>';
    const max = Math.max(r.target, r.value, 1e-9) / 0.95;
    const fill = (100 * Math.max(0, r.value)) / max;
    const tick = (100 * r.target) / max;
    const label = `${formatNumber(r.value)} / ${formatNumber(r.target)} ${indicatorUnit(r)}`;
    return `<div class="bar" role="img" aria-label="${escapeHtml(label)}" title="${escapeHtml(label)}">
      <div class="bar-fill ${state}" style="width:${fill.toFixed(1)}%"></div>
      <div class="bar-target" style="left:${tick.toFixed(1)}%"></div>
    </div>`;
  }

  return {
    /** Loads once; later calls reuse the answer unless refresh() asked for a new one. */
    ensureLoaded() {
      if (!loading) loading = load();
      return loading;
    },
    refresh() {
      loading = load();
      return loading;
    },
    relabel: render,
    get rows() {
      return rows;
    }
  };
}
