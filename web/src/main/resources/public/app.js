// Linli coverage map: communities coloured by whether a facility of the chosen category is within
// walking distance, facilities on top. Everything comes from the Linli HTTP API (no CDN, no keys).
(function () {
  'use strict';
  const state = { categories: [], ready: false, communities: 0, covered: 0 };
  window.linli = state; // read by the browser tests

  const map = L.map('map', { preferCanvas: true, zoomControl: true }).setView([36.3, 120.2], 9);
  L.control.scale({ imperial: false }).addTo(map);
  const communityLayer = L.geoJSON(null, {
    style: f => ({
      color: '#555', weight: 0.5, fillOpacity: 0.55,
      fillColor: f.properties.covered ? '#4caf50' : '#e53935'
    }),
    onEachFeature: (f, layer) => layer.bindPopup(communityPopup(f.properties))
  }).addTo(map);
  const facilityLayer = L.layerGroup().addTo(map);
  L.control.layers(null, { '社区 Communities': communityLayer, '设施 Facilities': facilityLayer }).addTo(map);

  const form = document.getElementById('controls');
  const categorySelect = document.getElementById('category');
  const distanceInput = document.getElementById('distance');
  const districtSelect = document.getElementById('district');
  const summary = document.getElementById('summary');
  const uncoveredList = document.getElementById('uncovered');
  let fitted = false;

  function escapeHtml(s) {
    return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  function metres(m) {
    return m == null ? 'none reachable' : (m >= 1000 ? (m / 1000).toFixed(2) + ' km' : Math.round(m) + ' m');
  }

  function communityPopup(p) {
    return `<b>${escapeHtml(p.name)}</b><br>${escapeHtml(p.district_name)} · ${escapeHtml(p.code)}<br>` +
      `Population ${p.population.toLocaleString()}<br>` +
      `Nearest facility: ${metres(p.nearest_m)}<br>${p.covered ? 'Covered 已覆盖' : 'Not covered 未覆盖'}`;
  }

  async function getJson(url) {
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.detail || body.title || response.statusText);
    }
    return body;
  }

  function query() {
    const params = new URLSearchParams({ category: categorySelect.value });
    if (distanceInput.value) params.set('distance', distanceInput.value);
    if (districtSelect.value) params.set('district', districtSelect.value);
    return params;
  }

  async function refresh() {
    state.ready = false;
    summary.classList.remove('error');
    summary.textContent = 'Computing coverage…';
    const params = query();
    try {
      const facilityParams = new URLSearchParams({ category: params.get('category'), status: 'open', limit: '10000' });
      if (params.has('district')) facilityParams.set('district', params.get('district'));
      const [report, communities, facilities] = await Promise.all([
        getJson('/api/coverage?' + params),
        getJson('/api/coverage/communities?' + params),
        getJson('/api/facilities?' + facilityParams)
      ]);
      communityLayer.clearLayers().addData(communities);
      facilityLayer.clearLayers();
      for (const f of facilities.features) {
        const [lon, lat] = f.geometry.coordinates;
        L.circleMarker([lat, lon], { radius: 3, color: '#fff', weight: 1, fillColor: '#1f3b73', fillOpacity: 1 })
          .bindPopup(`<b>${escapeHtml(f.properties.name)}</b><br>${escapeHtml(f.properties.address)}` +
            (f.properties.capacity != null ? `<br>Capacity ${f.properties.capacity}` : ''))
          .addTo(facilityLayer);
      }
      if (!fitted && communityLayer.getLayers().length) {
        map.fitBounds(communityLayer.getBounds());
        fitted = true;
      }
      showSummary(report, facilities.numberMatched);
      state.communities = report.communities.total;
      state.covered = report.communities.covered;
      state.ready = true;
    } catch (e) {
      summary.classList.add('error');
      summary.textContent = 'Could not compute coverage: ' + e.message;
      state.error = e.message;
    }
  }

  function showSummary(report, facilityCount) {
    const pct = (report.population.share * 100).toFixed(1);
    summary.innerHTML =
      `<div class="big" id="share">${pct}%</div>` +
      `of ${report.population.total.toLocaleString()} residents live within ${report.distance_m} m ` +
      `(straight line) of an open facility.<br>` +
      `<span id="community-count">${report.communities.covered} / ${report.communities.total}</span> communities covered; ` +
      `${facilityCount} facilities.`;
    uncoveredList.innerHTML = report.uncovered.slice(0, 10).map(u =>
      `<li>${escapeHtml(u.name)} (${escapeHtml(u.district)}): ${u.population.toLocaleString()} people, ` +
      `nearest ${metres(u.nearest_m)}</li>`).join('');
  }

  categorySelect.addEventListener('change', () => {
    const c = state.categories.find(c => c.code === categorySelect.value);
    if (c) distanceInput.value = c.default_distance_m;
    refresh();
  });
  form.addEventListener('submit', e => { e.preventDefault(); refresh(); });

  async function start() {
    try {
      const [categories, districts] = await Promise.all([getJson('/api/categories'), getJson('/api/districts')]);
      state.categories = categories;
      categorySelect.innerHTML = categories.map(c =>
        `<option value="${escapeHtml(c.code)}">${escapeHtml(c.name_zh)} · ${escapeHtml(c.name_en)}</option>`).join('');
      districtSelect.innerHTML += districts.map(d =>
        `<option value="${escapeHtml(d.code)}">${escapeHtml(d.name)}</option>`).join('');
      const wanted = new URLSearchParams(location.search).get('category');
      categorySelect.value = categories.some(c => c.code === wanted) ? wanted : categories[0].code;
      distanceInput.value = categories.find(c => c.code === categorySelect.value).default_distance_m;
      await refresh();
    } catch (e) {
      summary.classList.add('error');
      summary.textContent = 'Could not reach the Linli service: ' + e.message;
      state.error = e.message;
    }
  }
  start();
})();
