// Life-circle completeness (GET /api/life-circles/...): which communities reach every category their
// 5-, 10- or 15-minute circle requires, the missing ones on hover, and the categories most residents
// miss. Its own panel section and its own map layer, apart from the coverage layer, so either can
// change without the other. Nothing is asked until the section is opened: a cold whole-city answer
// asks the coverage engine one question per required category (docs/BENCHMARKS.md).
import { getJson } from './api.js';
import { loadCategories } from './categories.js';
import { categoryName, currentLanguage, onLanguageChange } from './i18n.js';
import { byId, escapeHtml, formatNumber, formatPercent, showMessage } from './util.js';

const WORDS = {
  zh: {
    title: '生活圈完整度',
    hint: '每级生活圈要求的设施是否都在步行距离内（GB 50180-2018）。',
    level: '生活圈',
    'level.5': '5 分钟（{distance} 米）',
    'level.10': '10 分钟（{distance} 米）',
    'level.15': '15 分钟（{distance} 米）',
    show: '在地图上显示',
    running: '正在计算生活圈…',
    share: '{share} 的居民（{people} 人）{level}分钟生活圈完整。',
    missing: '缺得最多的设施',
    'missing.item': '{category}：{people} 人（{count} 个社区）缺少',
    'missing.none': '所有社区都已完整。',
    complete: '完整',
    score: '完整度 {score}',
    lacks: '缺少：{categories}',
    failed: '生活圈未能计算：{detail}',
    'legend.complete': '完整',
    'legend.half': '缺少不到一半',
    'legend.low': '缺少一半以上'
  },
  en: {
    title: 'Life-circle completeness',
    hint: 'Whether every facility a life circle requires is within its walking distance (GB 50180-2018).',
    level: 'Life circle',
    'level.5': '5 minutes ({distance} m)',
    'level.10': '10 minutes ({distance} m)',
    'level.15': '15 minutes ({distance} m)',
    show: 'Show on the map',
    running: 'Computing life circles…',
    share: '{share} of residents ({people}) have a complete {level}-minute circle.',
    missing: 'Most missed facilities',
    'missing.item': '{category}: {people} residents ({count} communities) lack it',
    'missing.none': 'Every community is complete.',
    complete: 'complete',
    score: 'completeness {score}',
    lacks: 'lacks: {categories}',
    failed: 'Life circles could not be computed: {detail}',
    'legend.complete': 'complete',
    'legend.half': 'less than half missing',
    'legend.low': 'half or more missing'
  }
};

const COLOURS = { complete: '#1a9850', half: '#fdae61', low: '#d73027' };

function w(key, vars = {}) {
  const text = (WORDS[currentLanguage()] || WORDS.zh)[key] ?? WORDS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

function colour(circle) {
  if (circle.complete) return COLOURS.complete;
  return circle.score >= 0.5 ? COLOURS.half : COLOURS.low;
}

/** query(): the coverage form's {mode, district}; the life circles follow them. */
export function createLifeCircles(map, { query }) {
  const section = byId('life-circles');
  const levelSelect = byId('life-circle-level');
  const show = byId('life-circle-show');
  const status = byId('life-circle-status');
  const missingList = byId('life-circle-missing');
  const state = { level: Number(levelSelect.value), summary: null, drawn: 0, error: null };
  let definitions = [];
  let categories = [];
  let sequence = 0;
  const layer = L.geoJSON(null, {
    style: f => ({ color: '#555', weight: 0.5, fillColor: colour(f.properties), fillOpacity: 0.55 }),
    onEachFeature: (f, l) => l.bindTooltip(() => tooltip(f.properties), { sticky: true })
  });

  function categoryLabel(code) {
    return categoryName(categories.find(c => c.code === code)) || code;
  }

  function tooltip(p) {
    const head = '<strong>' + escapeHtml(p.name) + '</strong> · ' + escapeHtml(formatNumber(p.population));
    if (p.complete) return head + '<br>' + escapeHtml(w('complete'));
    return head + '<br>' + escapeHtml(w('score', { score: formatPercent(p.score, 0) })) + '<br>'
      + escapeHtml(w('lacks', { categories: p.missing.map(categoryLabel).join('、') }));
  }

  function scopeParams() {
    const q = query();
    const params = new URLSearchParams();
    if (q.mode) params.set('mode', q.mode);
    if (q.district) params.set('district', q.district);
    return params.toString();
  }

  async function refresh() {
    if (!section.open) return;
    const mine = ++sequence;
    // state says what is drawn: its level changes with the drawing, not when the next one is asked for.
    const level = Number(levelSelect.value);
    showMessage(status, w('running'), 'notice');
    missingList.innerHTML = '';
    try {
      if (!categories.length) {
        [categories, definitions] = await Promise.all([loadCategories(), getJson('api/life-circles')]);
        labelLevels();
      }
      const scope = scopeParams();
      const [summary, communities] = await Promise.all([
        getJson('api/life-circles/summary?' + scope),
        show.checked ? getJson('api/life-circles/' + level + '/communities?' + scope) : null
      ]);
      if (mine !== sequence) return;
      state.level = level;
      state.summary = summary;
      state.error = null;
      layer.clearLayers();
      state.drawn = 0;
      if (communities) {
        layer.addData(communities);
        state.drawn = communities.features.length;
        if (!map.hasLayer(layer)) layer.addTo(map);
      } else if (map.hasLayer(layer)) {
        map.removeLayer(layer);
      }
      render();
    } catch (e) {
      if (mine !== sequence) return;
      state.error = e.message;
      showMessage(status, w('failed', { detail: e.message }), 'error');
    }
  }

  function labelLevels() {
    for (const option of levelSelect.options) {
      const d = definitions.find(l => String(l.level) === option.value);
      option.textContent = w('level.' + option.value, { distance: d ? formatNumber(d.distance_m) : '?' });
    }
  }

  function render() {
    byId('life-circles-title').textContent = w('title');
    byId('life-circles-hint').textContent = w('hint');
    byId('life-circle-level-label').textContent = w('level');
    byId('life-circle-show-label').textContent = w('show');
    byId('life-circle-missing-title').textContent = w('missing');
    byId('life-circle-legend').innerHTML = ['complete', 'half', 'low'].map(k => '<span class="swatch" style="background:'
      + COLOURS[k] + '"></span>' + escapeHtml(w('legend.' + k))).join(' ');
    if (definitions.length) labelLevels();
    const summary = state.summary;
    if (!summary) return;
    const share = summary.city.circles.find(c => c.level === state.level);
    showMessage(status, w('share', { share: formatPercent(share ? share.share : 0), level: state.level,
      people: formatNumber(share ? share.population_complete : 0) }));
    const missing = summary.most_missing.filter(m => m.level === state.level && m.population > 0).slice(0, 5);
    missingList.innerHTML = missing.length
      ? missing.map(m => '<li>' + escapeHtml(w('missing.item', { category: categoryLabel(m.category),
        people: formatNumber(m.population), count: formatNumber(m.communities) })) + '</li>').join('')
      : '<li>' + escapeHtml(w('missing.none')) + '</li>';
    layer.eachLayer(l => l.setTooltipContent(tooltip(l.feature.properties)));
  }

  section.addEventListener('toggle', () => {
    if (section.open) {
      refresh();
    } else if (map.hasLayer(layer)) {
      map.removeLayer(layer);
    }
  });
  levelSelect.addEventListener('change', refresh);
  show.addEventListener('change', refresh);
  byId('mode').addEventListener('change', refresh);
  byId('district').addEventListener('change', refresh);
  onLanguageChange(render);
  render();
  return { state, refresh, colours: COLOURS };
}
