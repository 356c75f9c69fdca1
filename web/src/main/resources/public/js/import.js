// Import: the planner chooses a layer (facilities, communities, districts, streets, roads) and a
// file, checks it with a dry run (counts, the districts and streets it would register, the first rows
// as Linli reads them, and row/field/message tables of errors and warnings), then commits the very
// same file. Long imports answer 202 and are polled. Rows are numbered as the clerk's spreadsheet
// shows them; a message names the clerk's own column (the report's sample says which header was read
// as which field) and, in Chinese, is worded from the server's English by the patterns below.
import { ApiError, request } from './api.js';
import { loadCategories } from './categories.js';
import { categoryName, currentLanguage, t } from './i18n.js';
import { byId, escapeHtml, formatNumber, showMessage } from './util.js';

const TOKEN_KEY = 'linli.token';
const MAX_ERROR_ROWS = 200;
const POLL_MS = 1000;
const FORMATS = { csv: 'csv', txt: 'csv', xlsx: 'xlsx', geojson: 'geojson', json: 'geojson', zip: 'shp', gpkg: 'gpkg', pbf: 'osm.pbf' };
const REPORT_FIELDS = ['total', 'inserted', 'updated', 'unchanged', 'rejected'];
// Counts shown only when they say something (a roads file's ways left out, a community boundary's facilities).
const OPTIONAL_FIELDS = ['skipped', 'facilities_moved'];
const DIVISION_KINDS = ['districts', 'streets'];
// Where the coordinates came from → the coordinate system that says so.
const ORIGIN_CRS = { gps: 'EPSG:4490', amap: 'GCJ02', baidu: 'BD09' };
// The server's messages (registry: FacilityRowMapper, TextValues, the import's SQL checks) → the page's
// words; each capture group is {1}, {2}...; {column} is the clerk's column.
const MESSAGES = [
  [/^is required \(or give a default category/, 'import.msg.category-required'],
  [/^is required$/, 'import.msg.required'],
  [/^unknown category '(.*)' \(/, 'import.msg.category-unknown'],
  [/^'(.*)' is not one of .*\(or 规划/, 'import.msg.status'],
  [/^'(.*)' is not a whole number$/, 'import.msg.whole-number'],
  [/^'(.*)' is not a number$/, 'import.msg.number'],
  [/^(?:must not be negative|must be a non-negative number)$/, 'import.msg.negative'],
  [/^'(.*)' is not a date$/, 'import.msg.date'],
  [/^'(.*)' is not a 12-digit code$/, 'import.msg.community-code'],
  [/^is longer than (\d+) characters$/, 'import.msg.too-long'],
  [/^is missing: give lon and lat/, 'import.msg.location-missing'],
  [/^'(.*)' is not a coordinate in degrees$/, 'import.msg.degrees'],
  [/^\[(.*), (.*)\] is not a longitude\/latitude \(longitude and latitude look swapped\)$/, 'import.msg.swapped'],
  [/^\[(.*), (.*)\] is not a longitude\/latitude$/, 'import.msg.not-lonlat'],
  [/^\[(.*), (.*)\] lies outside the area this registry covers$/, 'import.msg.outside'],
  [/^no community (\S+) is registered$/, 'import.msg.no-community'],
  [/^duplicate source_id '(.*)' in the file \(first at row (\d+)\)$/, 'import.msg.duplicate'],
  [/^'(.*)' is already registered within (\d+) m under the source '(.*)': /, 'import.msg.copy']
];

export function createImport({ onCommitted }) {
  const token = byId('token');
  const layer = byId('import-layer');
  const category = byId('import-category');
  const categoryField = byId('import-category-field');
  const file = byId('import-file');
  const source = byId('import-source');
  const crs = byId('import-crs');
  const origin = byId('import-origin');
  const originField = byId('import-origin-field');
  const offsetNote = byId('import-offset');
  const previewBox = byId('import-preview');
  const encoding = byId('import-encoding');
  const onError = byId('import-on-error');
  const dryRunButton = byId('import-dry-run');
  const commitButton = byId('import-commit');
  const status = byId('import-status');
  const reportBox = byId('import-report');
  const errorsBox = byId('import-errors');
  let checked = null; // {key, report}: the dry run that the commit button refers to
  let shown = null; // {mode, report, errors}: what is on screen, kept for a language switch
  let message = null; // {key, vars, kind}
  let autoSource = '';
  let categories = []; // from /api/categories, for the default category

  function readToken() {
    try {
      return localStorage.getItem(TOKEN_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  function rememberToken() {
    try {
      localStorage.setItem(TOKEN_KEY, token.value.trim());
    } catch (e) {
      // Not remembered (storage disabled); the token still works for this page.
    }
  }

  /** What a dry run checked: a commit is only offered for the same file and options. */
  function selectionKey() {
    const f = file.files[0];
    return f ? [layer.value, f.name, f.size, f.lastModified, source.value.trim(), crs.value, encoding.value, onError.value,
      defaultCategory()].join('|') : null;
  }

  /** The default category asked for: facilities only (the other layers have none). */
  function defaultCategory() {
    return layer.value === 'facilities' ? category.value : '';
  }

  function say(key, vars = {}, kind = '') {
    message = { key, vars, kind };
    showMessage(status, t(key, vars), kind);
  }

  function uploadUrl(mode) {
    const f = file.files[0];
    const params = new URLSearchParams({ layer: layer.value, mode, 'on-error': onError.value });
    if (source.value.trim()) params.set('source', source.value.trim());
    if (crs.value) params.set('crs', crs.value);
    if (encoding.value) params.set('encoding', encoding.value);
    if (defaultCategory()) params.set('category', defaultCategory());
    const format = FORMATS[(f.name.split('.').pop() || '').toLowerCase()];
    if (format) params.set('format', format);
    return 'api/imports?' + params;
  }

  function authHeaders(extra = {}) {
    return { Authorization: 'Bearer ' + token.value.trim(), ...extra };
  }

  /** Posts the file; waits for the job when the server answers 202. Returns the job's report. */
  async function upload(mode) {
    const sent = await request(uploadUrl(mode), {
      method: 'POST',
      headers: authHeaders({ 'Content-Type': 'application/octet-stream' }),
      body: file.files[0]
    });
    let job = sent.body;
    const location = sent.headers.get('Location');
    while (job.state === 'queued' || job.state === 'running') {
      say('import.running', { rows: formatNumber(job.progress ? job.progress.rows_read : 0) }, 'notice');
      await new Promise(resolve => setTimeout(resolve, POLL_MS));
      job = (await request(location, { headers: authHeaders() })).body;
    }
    if (job.state === 'failed') throw new ApiError(400, { detail: job.error });
    return job.report;
  }

  function ready() {
    if (!token.value.trim()) {
      say('import.need.token', {}, 'error');
      token.focus();
      return false;
    }
    if (!file.files[0]) {
      say('import.need.file', {}, 'error');
      return false;
    }
    return true;
  }

  async function dryRun() {
    if (!ready()) return;
    const key = selectionKey();
    setBusy(true);
    checked = null;
    try {
      const report = await upload('dry-run');
      checked = { key, report };
      show('dry-run', report, report.errors);
      judgeDryRun();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  /** After a dry run, say whether a commit would write anything. */
  function judgeDryRun() {
    if (!checked) return;
    const rejected = checked.report.rejected;
    const copies = (checked.report.warnings || []).filter(w => w.field === 'source').length;
    if (!rejected && copies) say('import.dry.copies', { count: formatNumber(copies) }, 'notice');
    else if (!rejected) say('import.dry.ok', {}, 'ok');
    else if (onError.value === 'skip') say('import.dry.skip', { count: formatNumber(rejected) }, 'notice');
    else say('import.dry.errors', { count: formatNumber(rejected) }, 'error');
    updateCommitButton();
  }

  function updateCommitButton() {
    const valid = checked && checked.key === selectionKey();
    const wouldWrite = valid && (checked.report.rejected === 0 || onError.value === 'skip');
    commitButton.disabled = !wouldWrite;
  }

  async function commit() {
    if (!ready()) return;
    if (!checked || checked.key !== selectionKey()) {
      say('import.need.dry-run', {}, 'error');
      return;
    }
    setBusy(true);
    try {
      const report = await upload('commit');
      show('commit', report, report.errors);
      checked = null;
      say(report.committed === false ? 'import.not-committed' : 'import.committed', {},
        report.committed === false ? 'error' : 'ok');
      if (report.committed !== false) await onCommitted(report);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  function fail(e) {
    const auth = e instanceof ApiError && (e.status === 401 || e.status === 403);
    say(auth ? 'import.unauthorized' : 'import.failed', { detail: e.message }, 'error');
    show(null, null, e instanceof ApiError ? e.fieldErrors : []);
  }

  function setBusy(busy) {
    dryRunButton.disabled = busy;
    commitButton.disabled = busy;
    if (!busy) updateCommitButton();
  }

  function show(mode, report, errors) {
    shown = { mode, report, errors: errors || [] };
    renderReport();
  }

  function renderReport() {
    renderOffset();
    if (!shown) return;
    const { mode, report, errors } = shown;
    const fields = report ? REPORT_FIELDS.concat(OPTIONAL_FIELDS.filter(k => report[k] > 0)) : [];
    reportBox.innerHTML = report ? `
      <h3>${escapeHtml(t(mode === 'commit' ? 'import.report.commit' : 'import.report.dry'))}</h3>
      <dl class="counts">${fields.map(k => `
        <div class="count ${k}" data-field="${k}"><dt>${escapeHtml(t('import.report.' + k))}</dt>
        <dd>${escapeHtml(formatNumber(report[k]))}</dd></div>`).join('')}
      </dl>${createdTable(mode, report.created_divisions)}` : '';
    const warnings = report && report.warnings ? report.warnings : [];
    errorsBox.innerHTML = (errors.length ? violationsTable('errors', errors) : '')
      + (warnings.length ? violationsTable('warnings', warnings) : '');
    previewBox.innerHTML = report ? previewTable(sampleOf(report)) : '';
  }

  function sampleOf(report) {
    return (report && report.sample) || { columns: {}, preview: [], first_point: null };
  }

  /** The clerk's column(s) holding a field, from the report's sample; else the field's own label. */
  function columnOf(field, sample) {
    const columns = Object.entries(sample.columns || {});
    const headersOf = f => columns.filter(([, v]) => v === f).map(([h]) => h);
    let headers = headersOf(field);
    if (!headers.length && field === 'geometry') headers = headersOf('lon').concat(headersOf('lat'));
    if (headers.length) return headers.join(t('import.column.and'));
    return field ? label('import.field.', field) : '';
  }

  function label(prefix, field) {
    const text = t(prefix + field);
    return text === prefix + field ? field : text;
  }

  /** The message in the page's language, naming the clerk's column (Chinese: from the server's English). */
  function wordMessage(v, sample) {
    const column = columnOf(v.field, sample);
    if (currentLanguage() !== 'zh') return v.message;
    for (const [pattern, key] of MESSAGES) {
      const m = pattern.exec(v.message || '');
      if (m) return t(key, { column, ...Object.fromEntries(m.slice(1).map((g, i) => [String(i + 1), g])) });
    }
    return v.message;
  }

  /** The first rows as read, each header with the field Linli reads it as. */
  function previewTable(sample) {
    const rows = sample.preview || [];
    if (!rows.length) return '';
    const headers = [];
    rows.forEach(r => Object.keys(r.values).forEach(h => { if (!headers.includes(h)) headers.push(h); }));
    const fieldOf = h => (sample.columns || {})[h];
    const head = headers.map(h => `<th>${escapeHtml(h)}<br><span class="muted small" data-field="${escapeHtml(fieldOf(h) || '')}">${
      escapeHtml(fieldOf(h) ? '→ ' + label('import.field.', fieldOf(h)) : t('import.preview.extra'))}</span></th>`).join('');
    const body = rows.map(r => `<tr><td class="num">${escapeHtml(r.row)}</td>${
      headers.map(h => `<td>${escapeHtml(r.values[h] ?? '')}</td>`).join('')}</tr>`).join('');
    return `<h3>${escapeHtml(t('import.preview', { count: rows.length }))}</h3>
      <table class="errors preview"><thead><tr><th>${escapeHtml(t('import.errors.row'))}</th>${head}</tr></thead>
      <tbody>${body}</tbody></table>`;
  }

  /** How far the chosen origin moves the file's first point (known after a dry run). */
  function renderOffset() {
    const isFacilities = layer.value === 'facilities';
    const point = shown && shown.report ? sampleOf(shown.report).first_point : null;
    if (!isFacilities || !point) {
      offsetNote.textContent = isFacilities ? t('import.offset.later') : '';
      return;
    }
    const metres = code => formatNumber(Math.round(point.offsets_m[code] ?? 0));
    const vars = { row: point.row, x: point.x, y: point.y, gcj: metres('GCJ02'), bd: metres('BD09') };
    const key = crs.value === 'GCJ02' ? 'import.offset.amap' : crs.value === 'BD09' ? 'import.offset.baidu'
      : 'import.offset.gps';
    offsetNote.textContent = t(key, vars);
  }

  /** The origin question and the coordinate-system list say the same thing. */
  function originChanged() {
    if (ORIGIN_CRS[origin.value]) crs.value = ORIGIN_CRS[origin.value];
    selectionChanged();
  }

  function crsChanged() {
    const match = Object.entries(ORIGIN_CRS).find(([, code]) => code === crs.value)
      || (crs.value === 'EPSG:4326' ? ['gps'] : null);
    origin.value = match ? match[0] : '';
    selectionChanged();
  }

  /** The districts and streets the rows registered (a dry run: would register), code and name. */
  function createdTable(mode, created) {
    const rows = DIVISION_KINDS.flatMap(kind => ((created && created[kind]) || []).map(d => `<tr data-kind="${kind}">
        <td>${escapeHtml(t('import.created.' + kind))}</td><td><code>${escapeHtml(d.code)}</code></td>
        <td>${escapeHtml(d.name ?? '')}</td></tr>`));
    if (!rows.length) return '';
    return `<div class="table-wrap"><h3>${escapeHtml(t(mode === 'commit' ? 'import.created' : 'import.created.dry'))}</h3>
      <table class="errors created"><thead><tr><th>${escapeHtml(t('import.created.kind'))}</th>
        <th>${escapeHtml(t('import.created.code'))}</th><th>${escapeHtml(t('import.created.name'))}</th></tr></thead>
      <tbody>${rows.join('')}</tbody></table></div>`;
  }

  /** Errors or warnings: row, field, message. */
  function violationsTable(kind, list) {
    const sample = sampleOf(shown && shown.report);
    const rows = list.slice(0, MAX_ERROR_ROWS).map(e => `<tr>
        <td class="num">${e.row == null ? '' : escapeHtml(e.row)}</td>
        <td title="${escapeHtml(e.field ?? '')}">${escapeHtml(columnOf(e.field, sample))}</td>
        <td>${escapeHtml(wordMessage(e, sample))}</td></tr>`).join('');
    const more = list.length > MAX_ERROR_ROWS
      ? `<p class="muted">${escapeHtml(t('import.' + kind + '.more', { shown: MAX_ERROR_ROWS }))}</p>` : '';
    return `<h3>${escapeHtml(t('import.' + kind))}</h3>
      <table class="errors ${kind}"><thead><tr><th>${escapeHtml(t('import.errors.row'))}</th>
        <th>${escapeHtml(t('import.errors.field'))}</th><th>${escapeHtml(t('import.errors.message'))}</th></tr></thead>
      <tbody>${rows}</tbody></table>${more}`;
  }

  /** The default-category choices, in the page's language; the choice made is kept. */
  function fillCategories() {
    const chosen = category.value;
    category.innerHTML = `<option value="">${escapeHtml(t('import.category.none'))}</option>`
      + categories.map(c => `<option value="${escapeHtml(c.code)}">${escapeHtml(categoryName(c))}</option>`).join('');
    category.value = categories.some(c => c.code === chosen) ? chosen : '';
  }

  async function fetchCategories() {
    try {
      categories = (await loadCategories()) || [];
    } catch (e) {
      categories = []; // the field then offers "none"; rows still name their category
    }
    fillCategories();
  }

  function showLayerFields() {
    categoryField.hidden = layer.value !== 'facilities';
    originField.hidden = layer.value !== 'facilities';
    renderOffset();
  }

  function selectionChanged() {
    showLayerFields();
    if (checked && checked.key !== selectionKey()) {
      checked = null;
      say('import.need.dry-run', {}, 'notice');
    }
    updateCommitButton();
  }

  /** Names the source after the file unless the planner typed one: re-importing then updates, not duplicates. */
  function suggestSource() {
    const f = file.files[0];
    if (!f || (source.value.trim() && source.value.trim() !== autoSource)) return;
    autoSource = f.name.replace(/\.[^.]+$/, '').slice(0, 100);
    source.value = autoSource;
  }

  token.value = readToken();
  token.addEventListener('input', rememberToken);
  file.addEventListener('change', () => {
    // An OpenStreetMap extract (.osm.pbf) is only ever roads.
    if (file.files[0] && /\.pbf$/i.test(file.files[0].name)) layer.value = 'roads';
    suggestSource();
    selectionChanged();
  });
  origin.addEventListener('change', originChanged);
  crs.addEventListener('change', crsChanged);
  [layer, source, encoding, category].forEach(el => el.addEventListener('change', selectionChanged));
  source.addEventListener('input', selectionChanged);
  // "Rows with errors" changes what a commit would write: check again so the counts tell the truth.
  onError.addEventListener('change', () => {
    if (checked) dryRun();
    else updateCommitButton();
  });
  dryRunButton.addEventListener('click', dryRun);
  commitButton.addEventListener('click', commit);
  commitButton.disabled = true;
  showLayerFields();
  fetchCategories();

  return {
    /** Preselects the layer to import (the getting-started guide's steps). */
    chooseLayer(value) {
      layer.value = value;
      selectionChanged();
    },
    relabel() {
      fillCategories();
      renderReport();
      if (message) showMessage(status, t(message.key, message.vars), message.kind);
    }
  };
}
