// The page's own words in Chinese (the default: planners in Qingdao) and English. Data such as
// community and district names comes from the API untranslated; only labels live here.

const DICT = {
  zh: {
    'app.title': '邻里 Linli · 社区服务覆盖',
    'subtitle': '哪些居民步行可达社区服务设施？',
    'tab.map': '覆盖地图',
    'tab.indicators': '规划指标',
    'tab.import': '数据导入',
    'language': '语言',
    'panel.toggle': '显示/隐藏侧栏',
    'category': '设施类别',
    'distance': '步行距离（米）',
    'mode': '距离算法',
    'mode.straight': '直线距离',
    'mode.network': '沿路网步行',
    'district': '区（市）',
    'district.all': '青岛市全市',
    'show': '计算覆盖',
    'loading': '正在加载…',
    'computing': '正在计算覆盖…',
    'summary.share': '{covered} / {total} 名居民在 {distance} 米（{mode}）内有开放的{category}。',
    'summary.communities': '个社区已覆盖',
    'summary.facilities': '设施 {count} 处（开放 {open} 处）',
    'summary.facilities.partial': '已显示 {shown} / {count} 处设施',
    'summary.facilities.failed': '设施未能加载：{detail}',
    'colour-by': '社区着色',
    'colour-by.coverage': '是否覆盖',
    'colour-by.distance': '按最近设施距离',
    'facility-scope': '设施图层',
    'facility-scope.category': '当前类别',
    'facility-scope.all': '全部类别',
    'facility-scope.none': '不显示',
    'legend': '图例',
    'basemap.none': '无底图（离线）',
    'basemap.tianditu': '天地图',
    'legend.covered': '已覆盖',
    'legend.uncovered': '未覆盖',
    'legend.unreachable': '无可达设施',
    'legend.gained': '方案新增覆盖',
    'legend.lost': '方案失去覆盖',
    'legend.highlight': '选中的社区',
    'legend.open': '开放',
    'legend.planned': '规划/在建',
    'legend.closed': '关闭',
    'legend.cluster': '设施聚合（点击放大）',
    'legend.site': '拟建点',
    'legend.suggested': '推荐点',
    'legend.district': '区名',
    'legend.outlines': '区界',
    'outlines.failed': '区界未能加载：{detail}',
    'legend.categories': '各类设施颜色',
    'gaps': '未覆盖社区（按人口排序）',
    'gaps.none': '所选范围内所有社区均已覆盖。',
    'gaps.more': '另有 {count} 个未覆盖社区未列出。',
    'gaps.item': '{population} 人，最近 {nearest}',
    'gaps.hint': '点击社区可在地图上定位。',
    'whatif': '假设分析：新增设施',
    'whatif.hint': '点“试放一处”，然后在地图上点击拟建位置；可拖动标记，可放多处。',
    'whatif.toggle': '试放一处',
    'whatif.toggle.active': '正在放置（再点结束）',
    'whatif.clear': '清除',
    'whatif.placing': '点击地图放置拟建设施',
    'whatif.running': '正在计算方案…',
    'whatif.people': '覆盖人口',
    'whatif.communities': '覆盖社区',
    'whatif.newly': '新增覆盖 {count} 个社区：',
    'whatif.lost': '失去覆盖 {count} 个社区：',
    'whatif.none': '该方案不改变任何社区的覆盖。',
    'whatif.sites': '拟建 {sites} 处，模拟关闭 {removed} 处',
    'whatif.failed': '方案计算失败：{detail}',
    'whatif.closed': '假设关闭：{names}',
    'whatif.site': '拟建点 {n}（可拖动）',
    'whatif.close': '假设关闭此设施',
    'suggest': '推荐选址',
    'suggest.k': '推荐个数',
    'suggest.button': '推荐选址',
    'suggest.running': '正在搜索最佳位置…',
    'suggest.item': '第 {n} 处：新增覆盖 {gain} 人（{count} 个社区）',
    'suggest.after': '全部建成后覆盖 {people} 人。',
    'suggest.use': '作为假设方案',
    'suggest.none': '没有能增加覆盖的位置：所有社区已覆盖，或未覆盖的社区附近无法到达（沿道路时：附近没有步行道路）。',
    'suggest.failed': '推荐失败：{detail}',
    'export': '导出数据',
    'export.hint': '导出当前类别、距离和区的数据：',
    'export.facilities': '设施',
    'export.communities': '社区（含覆盖情况）',
    'export.districts': '区县',
    'export.streets': '街道（镇）',
    'export.shelters-province': '省避难场所模板',
    'export.roads': '道路',
    'note': '演示数据：区划名称和代码真实；社区边界、人口和设施均为合成数据。',
    'community.population': '人口 {population}',
    'community.nearest': '最近设施：{nearest}',
    'community.covered': '已覆盖',
    'community.uncovered': '未覆盖',
    'none.reachable': '无可达设施',
    'facility.category': '类别',
    'facility.status': '状态',
    'facility.address': '地址',
    'facility.phone': '联系电话',
    'facility.capacity': '容纳人数',
    'facility.area': '面积',
    'facility.opened': '启用日期',
    'facility.community': '所属社区',
    'facility.source': '来源',
    'facility.version': '版本',
    'facility.history': '历史版本',
    'facility.history.loading': '正在加载历史…',
    'facility.history.failed': '历史未能加载：{detail}',
    'facility.history.changed': '变更：{fields}',
    'facility.history.location': '位置',
    'status.planned': '规划',
    'status.building': '在建',
    'status.open': '开放',
    'status.closed': '关闭',
    'action.create': '新建',
    'action.update': '修改',
    'action.delete': '删除',
    'cluster.title': '{count} 处设施，点击放大',
    'map.empty': '所选范围内没有社区数据。',
    'map.failed': '无法计算覆盖：{detail}',
    'start.failed': '无法连接邻里服务：{detail}',
    'error.network': '网络连接失败，服务可能未启动。',
    'error.http': '服务返回错误 {status}',
    'indicators': '规划指标完成情况',
    'indicators.hint': '《社区服务体系建设规划》可量化目标与登记数据的对比。',
    'indicators.title': '指标',
    'indicators.action': '行动',
    'indicators.target': '目标',
    'indicators.value': '现状',
    'indicators.progress': '进度',
    'indicators.met': '是否达标',
    'indicators.yes': '已达标',
    'indicators.no': '未达标',
    'indicators.unknown': '无数据',
    'indicators.loading': '正在加载指标…',
    'indicators.failed': '指标未能加载：{detail}',
    'indicators.empty': '暂无指标。',
    'indicators.summary': '{met} / {total} 项已达标',
    'import': '导入设施数据',
    'import.hint': '支持 CSV、XLSX、GeoJSON、Shapefile（zip）、GeoPackage。先试导入检查，再确认提交。',
    'import.token': '管理令牌',
    'import.token.hint': '令牌只保存在本浏览器。',
    'import.file': '文件',
    'import.source': '数据来源标识',
    'import.crs': '坐标系',
    'import.crs.auto': '自动（文件 .prj，否则 EPSG:4490）',
    'import.encoding': '字符编码',
    'import.encoding.auto': '自动识别',
    'import.on-error': '遇到错误行',
    'import.on-error.reject': '整批拒绝',
    'import.on-error.skip': '跳过错误行',
    'import.dry-run': '试导入（检查）',
    'import.commit': '确认提交',
    'import.running': '正在处理…（已读 {rows} 行）',
    'import.report.dry': '试导入结果（未写入）',
    'import.report.commit': '提交结果',
    'import.report.total': '总行数',
    'import.report.inserted': '新增',
    'import.report.updated': '更新',
    'import.report.unchanged': '未变',
    'import.report.rejected': '错误行',
    'import.dry.ok': '检查通过：可以提交。',
    'import.dry.errors': '有 {count} 行有错误。修正文件后重新检查，或选择“跳过错误行”只提交正确的行。',
    'import.dry.skip': '有 {count} 行有错误，提交时将跳过这些行。',
    'import.committed': '已提交，地图已刷新。',
    'import.not-committed': '未提交：有错误行且选择了整批拒绝。',
    'import.errors': '错误明细',
    'import.errors.row': '行',
    'import.errors.field': '字段',
    'import.errors.message': '说明',
    'import.errors.more': '仅显示前 {shown} 条错误。',
    'import.need.file': '请先选择文件。',
    'import.need.token': '请输入管理令牌。',
    'import.need.dry-run': '请先试导入检查。',
    'import.failed': '导入失败：{detail}',
    'import.unauthorized': '令牌无效或缺失：{detail}',
    'close': '关闭'
  },
  en: {
    'app.title': 'Linli 邻里 · community service coverage',
    'subtitle': 'Who is within walking distance of a facility?',
    'tab.map': 'Coverage map',
    'tab.indicators': 'Indicators',
    'tab.import': 'Import',
    'language': 'Language',
    'panel.toggle': 'Show or hide the side panel',
    'category': 'Category',
    'distance': 'Walking distance (m)',
    'mode': 'Distance',
    'mode.straight': 'straight line',
    'mode.network': 'along the road network',
    'district': 'District',
    'district.all': 'All of Qingdao',
    'show': 'Show coverage',
    'loading': 'Loading…',
    'computing': 'Computing coverage…',
    'summary.share': '{covered} of {total} residents live within {distance} m ({mode}) of an open {category}.',
    'summary.communities': 'communities covered',
    'summary.facilities': '{count} facilities ({open} open)',
    'summary.facilities.partial': 'showing {shown} of {count} facilities',
    'summary.facilities.failed': 'Facilities could not be loaded: {detail}',
    'colour-by': 'Colour communities by',
    'colour-by.coverage': 'covered or not',
    'colour-by.distance': 'distance to the nearest facility',
    'facility-scope': 'Facilities',
    'facility-scope.category': 'this category',
    'facility-scope.all': 'all categories',
    'facility-scope.none': 'hidden',
    'basemap.none': 'No basemap (offline)',
    'basemap.tianditu': 'Tianditu',
    'legend': 'Legend',
    'legend.covered': 'covered',
    'legend.uncovered': 'not covered',
    'legend.unreachable': 'nothing reachable',
    'legend.gained': 'covered by the proposal',
    'legend.lost': 'lost by the proposal',
    'legend.highlight': 'selected community',
    'legend.open': 'open',
    'legend.planned': 'planned / building',
    'legend.closed': 'closed',
    'legend.cluster': 'facility group (click to zoom)',
    'legend.site': 'proposed site',
    'legend.suggested': 'suggested site',
    'legend.district': 'district name',
    'legend.outlines': 'district boundaries',
    'outlines.failed': 'District boundaries could not be loaded: {detail}',
    'legend.categories': 'Colours of the categories',
    'gaps': 'Unserved communities, most people first',
    'gaps.none': 'Every community in the selection is covered.',
    'gaps.more': '{count} more unserved communities are not listed.',
    'gaps.item': '{population} people, nearest {nearest}',
    'gaps.hint': 'Click a community to find it on the map.',
    'whatif': 'What if we add a facility?',
    'whatif.hint': 'Press “Try a site”, then click the map where it would go; drag markers to move them; place as many as you like.',
    'whatif.toggle': 'Try a site',
    'whatif.toggle.active': 'Placing sites (click to stop)',
    'whatif.clear': 'Clear',
    'whatif.placing': 'Click the map to place a proposed facility',
    'whatif.running': 'Computing the proposal…',
    'whatif.people': 'People covered',
    'whatif.communities': 'Communities covered',
    'whatif.newly': '{count} newly covered:',
    'whatif.lost': '{count} no longer covered:',
    'whatif.none': 'This proposal changes no community’s coverage.',
    'whatif.sites': '{sites} proposed, {removed} closed',
    'whatif.failed': 'The proposal could not be computed: {detail}',
    'whatif.closed': 'Closed in this proposal: {names}',
    'whatif.site': 'Proposed site {n} (drag to move)',
    'whatif.close': 'What if this one closed?',
    'suggest': 'Suggest sites',
    'suggest.k': 'How many',
    'suggest.button': 'Suggest k sites',
    'suggest.running': 'Searching for the best sites…',
    'suggest.item': 'Site {n}: +{gain} people ({count} communities)',
    'suggest.after': '{people} people covered with all of them built.',
    'suggest.use': 'Try them as a proposal',
    'suggest.none': 'No site adds coverage: every community is covered, or the uncovered ones cannot be reached (along the roads: no walkable road near them).',
    'suggest.failed': 'Suggestions failed: {detail}',
    'export': 'Export',
    'export.hint': 'Data of the current category, distance and district:',
    'export.facilities': 'Facilities',
    'export.communities': 'Communities (with coverage)',
    'export.districts': 'Districts',
    'export.streets': 'Streets and towns',
    'export.shelters-province': 'Provincial shelter template',
    'export.roads': 'Roads',
    'note': 'Demo data: names and codes are real; geometry, populations and facilities are synthetic.',
    'community.population': 'Population {population}',
    'community.nearest': 'Nearest facility: {nearest}',
    'community.covered': 'Covered',
    'community.uncovered': 'Not covered',
    'none.reachable': 'none reachable',
    'facility.category': 'Category',
    'facility.status': 'Status',
    'facility.address': 'Address',
    'facility.phone': 'Contact phone',
    'facility.capacity': 'Capacity',
    'facility.area': 'Area',
    'facility.opened': 'Opened',
    'facility.community': 'Community',
    'facility.source': 'Source',
    'facility.version': 'Version',
    'facility.history': 'History',
    'facility.history.loading': 'Loading the history…',
    'facility.history.failed': 'The history could not be loaded: {detail}',
    'facility.history.changed': 'changed: {fields}',
    'facility.history.location': 'location',
    'status.planned': 'planned',
    'status.building': 'building',
    'status.open': 'open',
    'status.closed': 'closed',
    'action.create': 'created',
    'action.update': 'updated',
    'action.delete': 'deleted',
    'cluster.title': '{count} facilities, click to zoom in',
    'map.empty': 'There are no communities in this selection.',
    'map.failed': 'Could not compute coverage: {detail}',
    'start.failed': 'Could not reach the Linli service: {detail}',
    'error.network': 'The network request failed; is the service running?',
    'error.http': 'The service answered {status}',
    'indicators': 'Plan indicators',
    'indicators.hint': 'The community service plan’s measurable targets against what the registry holds.',
    'indicators.title': 'Indicator',
    'indicators.action': 'Action',
    'indicators.target': 'Target',
    'indicators.value': 'Now',
    'indicators.progress': 'Progress',
    'indicators.met': 'Met?',
    'indicators.yes': 'met',
    'indicators.no': 'not met',
    'indicators.unknown': 'no data',
    'indicators.loading': 'Loading indicators…',
    'indicators.failed': 'Indicators could not be loaded: {detail}',
    'indicators.empty': 'No indicators.',
    'indicators.summary': '{met} of {total} met',
    'import': 'Import facilities',
    'import.hint': 'CSV, XLSX, GeoJSON, Shapefile (zip) or GeoPackage. Check with a dry run first, then commit.',
    'import.token': 'Admin token',
    'import.token.hint': 'The token is kept in this browser only.',
    'import.file': 'File',
    'import.source': 'Source name',
    'import.crs': 'Coordinates',
    'import.crs.auto': 'automatic (.prj, else EPSG:4490)',
    'import.encoding': 'Encoding',
    'import.encoding.auto': 'detect',
    'import.on-error': 'Rows with errors',
    'import.on-error.reject': 'reject the whole file',
    'import.on-error.skip': 'skip those rows',
    'import.dry-run': 'Dry run (check)',
    'import.commit': 'Commit',
    'import.running': 'Working… ({rows} rows read)',
    'import.report.dry': 'Dry run (nothing written)',
    'import.report.commit': 'Committed',
    'import.report.total': 'rows',
    'import.report.inserted': 'inserted',
    'import.report.updated': 'updated',
    'import.report.unchanged': 'unchanged',
    'import.report.rejected': 'rejected',
    'import.dry.ok': 'The check passed: ready to commit.',
    'import.dry.errors': 'Rows with errors: {count}. Fix the file and check again, or choose “skip those rows” to commit the rest.',
    'import.dry.skip': 'Rows with errors: {count}. The commit will skip them.',
    'import.committed': 'Committed; the map has been refreshed.',
    'import.not-committed': 'Nothing committed: some rows have errors and the whole file was rejected.',
    'import.errors': 'Errors',
    'import.errors.row': 'Row',
    'import.errors.field': 'Field',
    'import.errors.message': 'Message',
    'import.errors.more': 'Only the first {shown} errors are shown.',
    'import.need.file': 'Choose a file first.',
    'import.need.token': 'Enter the admin token.',
    'import.need.dry-run': 'Run the check (dry run) first.',
    'import.failed': 'The import failed: {detail}',
    'import.unauthorized': 'The token is missing or wrong: {detail}',
    'close': 'Close'
  }
};

// Indicator titles come from the API in English; these are the plan's own wordings.
const INDICATOR_TITLES_ZH = {
  workers_per_10k: '每万城镇常住人口社区工作者数（全市）',
  rural_care_stations_new: '当年新建农村养老服务站',
  urban_care_stations_improved: '当年新建或提升城市养老服务站',
  community_hospital_per_district: '有开放社区医院的区（市）',
  health_institutions_new: '当年新建基层医疗卫生机构',
  fitness_new: '当年新建全民健身场地设施',
  science_sites_new: '当年新建科普设施的社区',
  police_colocation_rate: '警务室与“两委”办公地 50 米内同址率',
  shelter_database: '登记了容纳人数的应急避难场所',
  smart_communities: '智慧社区'
};

const INDICATOR_UNITS_ZH = {
  'workers per 10,000': '人/万人',
  stations: '个',
  districts: '个区（市）',
  institutions: '个',
  venues: '处',
  communities: '个社区'
};

const STORAGE_KEY = 'linli.lang';
const listeners = [];
let lang = initialLanguage();

function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl && DICT[fromUrl]) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && DICT[stored]) return stored;
  } catch (e) {
    // Storage can be disabled (privacy settings); Chinese is the default then.
  }
  return 'zh';
}

/** The label for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = DICT[lang][key] ?? DICT.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** The label for prefix + value (e.g. status.open), or the value itself when there is none. */
export function label(prefix, value) {
  const key = prefix + value;
  return DICT[lang][key] ?? DICT.zh[key] ?? String(value ?? '');
}

export function currentLanguage() {
  return lang;
}

/** The BCP 47 locale for number and date formatting. */
export function locale() {
  return lang === 'zh' ? 'zh-CN' : 'en-GB';
}

export function indicatorTitle(indicator) {
  return lang === 'zh' && INDICATOR_TITLES_ZH[indicator.id] ? INDICATOR_TITLES_ZH[indicator.id] : indicator.title;
}

export function indicatorUnit(indicator) {
  return lang === 'zh' && INDICATOR_UNITS_ZH[indicator.unit] ? INDICATOR_UNITS_ZH[indicator.unit] : indicator.unit;
}

/** The category's name in the current language. */
export function categoryName(category) {
  if (!category) return '';
  return lang === 'zh' ? category.name_zh : category.name_en;
}

export function setLanguage(next) {
  if (!DICT[next] || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch (e) {
    // Not remembered; the switch still works for this page.
  }
  applyLabels(document);
  listeners.forEach(fn => fn(lang));
}

/** Calls fn after every language switch, so dynamic text can be re-rendered. */
export function onLanguageChange(fn) {
  listeners.push(fn);
}

/** Fills elements marked data-i18n (text), data-i18n-title and data-i18n-placeholder. */
export function applyLabels(root) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-title]').forEach(el => {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute('aria-label', el.title);
  });
  root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}
