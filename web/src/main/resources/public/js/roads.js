// The walking network as a layer: the walkable roads network coverage walks, drawn from Linli's own
// vector tiles (/tiles/roads/...), off until switched on in the layer control. The tiles hold roads
// from zoom 13; protomaps-leaflet asks one zoom lower than it shows (512 px tiles), so the layer is
// drawn from zoom 14.
export const ROADS_ZOOM = 14;
export const ROADS_COLOUR = '#5d4037';

export function createRoadLayer(map) {
  map.createPane('roads');
  map.getPane('roads').style.zIndex = 420; // over the communities, under service areas and facilities
  map.getPane('roads').style.pointerEvents = 'none';
  let drawnRoads = 0; // road features painted since the layer was added (for the browser tests)
  const layer = protomapsL.leafletLayer({
    url: 'tiles/roads/{z}/{x}/{y}.mvt',
    pane: 'roads',
    attribution: '',
    maxDataZoom: 14,
    minZoom: ROADS_ZOOM,
    paintRules: [{
      dataLayer: 'roads',
      symbolizer: new protomapsL.LineSymbolizer({
        color: () => {
          drawnRoads++;
          return ROADS_COLOUR;
        },
        width: z => (z < 15 ? 1.5 : 2.5),
        opacity: 0.85
      })
    }],
    labelRules: []
  });
  layer.on('add', () => {
    drawnRoads = 0;
  });
  return {
    layer,
    /** Whether the network is switched on and drawn at this zoom (the legend lists it then). */
    get shown() {
      return map.hasLayer(layer) && map.getZoom() >= ROADS_ZOOM;
    },
    get drawnRoads() {
      return drawnRoads;
    }
  };
}
