// District outlines from our own data (GET /api/districts/outlines), so the map is readable with
// no basemap and no internet. Drawn in a pane above the community fills and below the facilities,
// and never clickable: clicks go through to the community underneath.
export function createDistrictOutlines(map) {
  map.createPane('districtOutlines');
  map.getPane('districtOutlines').style.zIndex = 450;
  map.getPane('districtOutlines').style.pointerEvents = 'none';
  const layer = L.geoJSON(null, {
    pane: 'districtOutlines',
    interactive: false,
    style: () => ({ color: '#263238', weight: 2.2, opacity: 0.85, fill: false, className: 'district-outline' })
  }).addTo(map);
  return {
    layer,
    /** Loads the outlines; a failure leaves the map usable and is reported by the caller. */
    async load(getJson) {
      const outlines = await getJson('api/districts/outlines');
      layer.clearLayers();
      layer.addData(outlines);
      return outlines.features.length;
    }
  };
}
