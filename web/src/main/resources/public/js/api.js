// The Linli HTTP API as the page uses it. Failures become ApiError carrying the RFC 9457 problem,
// so every caller can show the server's own explanation in words.
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(problem) || t('error.http', { status }));
    this.status = status;
    this.problem = problem || {};
  }

  /** The per-field errors of a validation problem: [{row, field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function problemText(problem) {
  if (!problem) return '';
  const detail = problem.detail || problem.title || '';
  const fields = Array.isArray(problem.errors) ? problem.errors.filter(e => e && e.field && e.message) : [];
  // A 400 usually names its field; say which one rather than only "invalid request".
  if (fields.length && !detail.includes(fields[0].field)) {
    return detail + ' (' + fields.map(e => e.field + ': ' + e.message).join('; ') + ')';
  }
  return detail;
}

/** fetch() that returns the JSON body or throws an ApiError (status 0: the network failed). */
export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new ApiError(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return { status: response.status, headers: response.headers, body };
}

export async function getJson(url) {
  return (await request(url)).body;
}

export async function postJson(url, payload) {
  const options = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
  return (await request(url, options)).body;
}

/** The coverage query string shared by /api/coverage, /api/coverage/communities and suggest. */
export function coverageParams(query, extra = {}) {
  const params = new URLSearchParams({ category: query.category });
  if (query.distance) params.set('distance', query.distance);
  if (query.mode) params.set('mode', query.mode);
  if (query.district) params.set('district', query.district);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}
