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

/**
 * fetch() that returns the JSON body or throws an ApiError (status 0: the network failed). A request
 * aborted through options.signal (a newer question replaced it: see supersede()) rejects with the
 * browser's own AbortError instead, which callers drop without a word (isAbort).
 */
export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  // Aborted while the body comes in: an abort too, not an answer without a body.
  const body = type.includes('json') ? await response.json().catch(e => {
    if (isAbort(e)) throw e;
    return null;
  }) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return { status: response.status, headers: response.headers, body };
}

export async function getJson(url, { signal } = {}) {
  return (await request(url, { signal })).body;
}

export async function postJson(url, payload, { signal } = {}) {
  const options = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload), signal };
  return (await request(url, options)).body;
}

/** The request was aborted (a newer question replaced it): nothing to tell the planner. */
export function isAbort(error) {
  return Boolean(error) && error.name === 'AbortError';
}

/**
 * One panel's questions, one at a time: next() aborts the request still on its way for the question
 * before (the browser closes it; its answer would be dropped anyway) and gives the new one's signal;
 * abort() aborts it without a new one. A panel that changes its category or distance quickly
 * otherwise leaves its superseded requests running (a suggestion at province scale takes seconds)
 * and queued before the one it waits for (six connections per server).
 */
export function supersede() {
  let controller = null;
  return {
    next() {
      if (controller) controller.abort();
      controller = new AbortController();
      return controller.signal;
    },
    abort() {
      if (controller) controller.abort();
      controller = null;
    }
  };
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
