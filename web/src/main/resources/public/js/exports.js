// The export panel: a layer, a format, a coordinate system and (Shapefile, CSV) a text encoding,
// chosen from what the server offers (GET /api/export), and its presets (省级系统: what the province
// takes) that set all four at once. The link asks for the file; the server names it by what it holds.
import { getJson } from './api.js';
import { currentLanguage, t } from './i18n.js';
import { byId, escapeHtml } from './util.js';

// Which of the map's current query values each layer takes (the rest do not apply to it).
const LAYER_PARAMS = {
  facilities: ['category', 'district'],
  communities: ['category', 'distance', 'mode', 'district'],
  districts: ['district'],
  streets: ['district'],
  'shelters-province': ['district'],
  roads: []
};
// The CRSs shown by name; the other Gauss-Krüger zones are folded into their own group.
const NAMED_CRS = ['EPSG:4490', 'EPSG:4326', 'EPSG:4549', 'EPSG:4528', 'EPSG:3857', 'GCJ02', 'BD09'];

export function createExports({ query }) {
  const ui = {
    layer: byId('export-layer'), format: byId('export-format'), crs: byId('export-crs'),
    encoding: byId('export-encoding'), presets: byId('export-presets'), link: byId('export-download'),
    status: byId('export-status')
  };
  let options = null;

  async function load() {
    try {
      options = await getJson('api/export');
    } catch (e) {
      ui.status.textContent = t('export.failed', { detail: e.message });
      return;
    }
    relabel();
    ui.format.value = 'gpkg';
    update();
  }

  function format() {
    return options.formats.find(f => f.extension === ui.format.value);
  }

  /** Fills the choices in the page's language, keeping what was chosen. */
  function relabel() {
    if (!options) return;
    const chosen = { layer: ui.layer.value, format: ui.format.value, crs: ui.crs.value, encoding: ui.encoding.value };
    ui.layer.innerHTML = options.layers.filter(l => l in LAYER_PARAMS)
      .map(l => `<option value="${escapeHtml(l)}">${escapeHtml(t('export.' + l))}</option>`).join('');
    ui.format.innerHTML = options.formats.map(f => `<option value="${escapeHtml(f.extension)}">${escapeHtml(f.extension)}</option>`).join('');
    const named = options.crs.filter(c => NAMED_CRS.includes(c.code)).sort((a, b) => NAMED_CRS.indexOf(a.code) - NAMED_CRS.indexOf(b.code));
    const zones = options.crs.filter(c => !NAMED_CRS.includes(c.code));
    const crsOption = c => `<option value="${escapeHtml(c.code)}" data-geographic="${c.geographic}">${escapeHtml(c.code + ' · ' + c.title)}</option>`;
    ui.crs.innerHTML = `<option value="">${escapeHtml(t('export.crs.default'))}</option>` + named.map(crsOption).join('') +
      (zones.length ? `<optgroup label="${escapeHtml(t('export.crs.zones'))}">${zones.map(crsOption).join('')}</optgroup>` : '');
    ui.encoding.innerHTML = options.encodings.map(e => `<option value="${escapeHtml(e)}">${escapeHtml(e)}</option>`).join('');
    ui.presets.innerHTML = options.presets.map(p => `<button type="button" class="secondary export-preset" data-preset="${escapeHtml(p.id)}"
      title="${escapeHtml(p.description || '')}">${escapeHtml(currentLanguage() === 'zh' ? p.name_zh : p.name_en)}</button>`).join('');
    for (const [key, value] of Object.entries(chosen)) {
      if (value && [...ui[key].options].some(o => o.value === value)) ui[key].value = value;
    }
    update();
  }

  /** The link for the choices and the map's query; choices a format cannot take are disabled. */
  function update() {
    if (!options) return;
    const f = format();
    if (!f) return;
    // KML is longitude/latitude only; an encoding is chosen for Shapefile and CSV only.
    for (const o of ui.crs.querySelectorAll('option')) o.disabled = f.geographic_only && o.dataset.geographic === 'false';
    if (ui.crs.selectedOptions[0] && ui.crs.selectedOptions[0].disabled) ui.crs.value = '';
    ui.encoding.disabled = f.encodings.length < 2;
    if (ui.encoding.disabled) ui.encoding.value = 'UTF-8';
    const q = query();
    const params = new URLSearchParams();
    (LAYER_PARAMS[ui.layer.value] || []).filter(n => q[n]).forEach(n => params.set(n, q[n]));
    if (ui.crs.value) params.set('crs', ui.crs.value);
    if (!ui.encoding.disabled && ui.encoding.value !== 'UTF-8') params.set('encoding', ui.encoding.value);
    const search = params.toString() ? '?' + params : '';
    ui.link.setAttribute('href', `api/export/${ui.layer.value}.${f.extension}${search}`);
    ui.link.textContent = t('export.download', { layer: t('export.' + ui.layer.value), format: f.extension });
  }

  function applyPreset(id) {
    const preset = options && options.presets.find(p => p.id === id);
    if (!preset) return;
    ui.layer.value = preset.layer;
    ui.format.value = preset.format;
    ui.crs.value = preset.crs;
    update();
    ui.encoding.value = preset.encoding;
    update();
    ui.status.textContent = t('export.preset.applied', { name: currentLanguage() === 'zh' ? preset.name_zh : preset.name_en,
      layer: t('export.' + preset.layer), format: preset.format, crs: preset.crs, encoding: preset.encoding });
  }

  [ui.layer, ui.format, ui.crs, ui.encoding].forEach(el => el.addEventListener('change', () => {
    ui.status.textContent = '';
    update();
  }));
  ui.presets.addEventListener('click', e => {
    const button = e.target.closest('button.export-preset');
    if (button) applyPreset(button.dataset.preset);
  });
  load();
  return { update, relabel, get options() { return options; } };
}
