// The district report: one click opens the printable PDF of the chosen district (GET
// /api/reports/districts/{code}.pdf) for the form's coverage question and a "since" date. A module
// of its own, so the panel can change without touching the map around it.
import { coverageParams } from './api.js';
import { byId } from './util.js';

/** The report's relative URL for {@code query} (its district a code) and {@code since} (a date or ''). */
export function districtReportUrl(query, since) {
  const params = coverageParams({ ...query, district: '' }, since ? { since } : {});
  return `api/reports/districts/${encodeURIComponent(query.district)}.pdf?${params}`;
}

/**
 * Wires the panel; {@code currentQuery} gives the form's question. {@code state.reportUrl} is what a
 * click opens now (null until a district is chosen), read when asked, since the form is also filled
 * from the address bar without events.
 */
export function createDistrictReport(currentQuery, state) {
  const button = byId('report-button');
  const since = byId('report-since');
  const pick = byId('report-pick');
  pick.hidden = true;
  const url = () => {
    const query = currentQuery();
    return query.district && query.category ? districtReportUrl(query, since.value) : null;
  };
  Object.defineProperty(state, 'reportUrl', { get: url, enumerable: true });

  button.addEventListener('click', () => {
    const target = url();
    pick.hidden = Boolean(target);
    if (target) {
      window.open(target, '_blank', 'noopener');
    } else {
      byId('district').focus();
    }
  });
  byId('controls').addEventListener('change', () => { pick.hidden = true; });
}
