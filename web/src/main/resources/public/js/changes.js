// Change over time: what moved the current coverage question between two dates (GET
// /api/coverage/changes), with the communities gained and lost drawn apart on the map. A module and
// a panel of its own, with its own words, so the map around it can change without touching it.
import { coverageParams, getJson } from './api.js';
import { currentLanguage, onLanguageChange } from './i18n.js';
import { byId, escapeHtml, formatNumber, showMessage } from './util.js';

const GAINED = '#00838f'; // apart from the coverage colours (green, red) and the what-if ones (blue, purple)
const LOST = '#ef6c00';
const WORDS = {
  zh: {
    title: '覆盖变化',
    compare: '比较',
    clear: '清除',
    hint: '两个日期（当天结束时）之间，当前类别和距离的覆盖变化；留空为登记历史开始和现在。',
    computing: '正在比较…',
    result: '覆盖社区 +{gained} / −{lost}，人口 +{pg} / −{pl}；设施 新增 {added}、减少 {removed}、迁移 {moved}',
    since: '自登记历史开始',
    none: '两个日期之间覆盖没有变化',
    failed: '比较失败：{detail}'
  },
  en: {
    title: 'Change over time',
    compare: 'Compare',
    clear: 'Clear',
    hint: 'What changed in coverage of the current category and distance between two dates (at the end of each day); empty: since the history began, until now.',
    computing: 'Comparing…',
    result: 'Communities covered +{gained} / −{lost}, people +{pg} / −{pl}; facilities added {added}, removed {removed}, moved {moved}',
    since: 'since the history began',
    none: 'No change in coverage between the two dates',
    failed: 'Comparison failed: {detail}'
  }
};

function say(key, vars = {}) {
  const words = WORDS[currentLanguage()] || WORDS.zh;
  return words[key].replace(/\{(\w+)\}/g, (_, k) => vars[k]);
}

/** The panel over {@code map}; {@code currentQuery} gives the form's coverage question. */
export function createChanges(map, currentQuery, state) {
  const from = byId('changes-from');
  const to = byId('changes-to');
  const result = byId('changes-result');
  const layer = L.geoJSON(null, {
    style: f => f.properties.change === 'gained'
      ? { color: GAINED, weight: 3, fillColor: GAINED, fillOpacity: 0.35 }
      : { color: LOST, weight: 3, dashArray: '6 4', fillColor: LOST, fillOpacity: 0.2 },
    onEachFeature: (f, l) => l.bindTooltip(`${escapeHtml(f.properties.name)} (${f.properties.change === 'gained' ? '+' : '−'})`)
  }).addTo(map);

  async function compare() {
    const query = currentQuery();
    const extra = {};
    if (from.value) extra.from = from.value;
    if (to.value) extra.to = to.value;
    showMessage(result, say('computing'), 'notice');
    layer.clearLayers();
    try {
      const answer = await getJson('api/coverage/changes?' + coverageParams(query, extra));
      // Each side drawn as it was: gained communities at "to", lost ones at "from".
      const [after, before] = await Promise.all([
        answer.gained.length ? getJson('api/coverage/communities?' + coverageParams(query, { as_of: answer.to })) : null,
        answer.lost.length ? getJson('api/coverage/communities?' + coverageParams(query, { as_of: answer.from })) : null
      ]);
      draw(after, answer.gained, 'gained');
      draw(before, answer.lost, 'lost');
      state.changes = answer;
      if (!answer.gained.length && !answer.lost.length) {
        showMessage(result, say('none'), 'notice');
        return;
      }
      showMessage(result, say('result', {
        gained: formatNumber(answer.gained.length), lost: formatNumber(answer.lost.length),
        pg: formatNumber(answer.population_gained), pl: formatNumber(answer.population_lost),
        added: formatNumber(answer.facilities_added.length), removed: formatNumber(answer.facilities_removed.length),
        moved: formatNumber(answer.facilities_moved.length)
      }), 'ok');
    } catch (e) {
      state.changes = null;
      showMessage(result, say('failed', { detail: e.message }), 'error');
    }
  }

  function draw(collection, codes, change) {
    if (!collection) return;
    const wanted = new Set(codes);
    for (const f of collection.features) {
      if (wanted.has(f.properties.code)) layer.addData({ ...f, properties: { ...f.properties, change } });
    }
  }

  function clear() {
    layer.clearLayers();
    result.textContent = '';
    result.className = '';
    state.changes = null;
  }

  function relabel() {
    byId('changes-title').textContent = say('title');
    byId('changes-hint').textContent = say('hint');
    byId('changes-button').textContent = say('compare');
    byId('changes-clear').textContent = say('clear');
  }

  byId('changes-button').addEventListener('click', compare);
  byId('changes-clear').addEventListener('click', clear);
  relabel();
  onLanguageChange(relabel);
  return { compare, clear, layer };
}
