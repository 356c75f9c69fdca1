package linli.tiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;
import linli.registry.catalog.Property;

/**
 * The vector tile layers: the catalogue layer they draw (its tile attributes, {@link Catalog}),
 * the registry table whose changes invalidate them, and from which zoom they are drawn.
 */
public enum TileLayer {
  FACILITIES(Catalog.FACILITIES, "facility", 6, List.of(), "Community service facilities"),
  COMMUNITIES(Catalog.COMMUNITIES, "community", 6, List.of("covered", "nearest_m"),
      "Communities and village committees, with coverage when a category is given"),
  /**
   * The walking network: the walkable roads network coverage walks. From zoom 13 only: a tile of a
   * whole city's network (300,000 edges in the benchmark city) is megabytes and says nothing at that scale.
   */
  ROADS(Catalog.ROADS, "road", 13, List.of(), "The walking network: walkable road centre lines (from zoom 13)");

  private final Layer layer;
  private final String table;
  private final int minZoom;
  private final List<String> computedFields;
  private final String description;

  TileLayer(Layer layer, String table, int minZoom, List<String> computedFields, String description) {
    this.layer = layer;
    this.table = table;
    this.minZoom = minZoom;
    this.computedFields = computedFields;
    this.description = description;
  }

  public String id() {
    return layer.id();
  }

  public Layer layer() {
    return layer;
  }

  /** The registry layer whose revision invalidates this layer's tiles. */
  public String table() {
    return table;
  }

  public int minZoom() {
    return minZoom;
  }

  /**
   * Whether a tile at zoom {@code z} holds anything: the roads are empty below their min zoom; for
   * the other layers it is a hint to clients (the map asks for them from zoom 6).
   */
  public boolean drawnAt(int z) {
    return this != ROADS || z >= minZoom;
  }

  /** The attributes a feature carries: the id (facilities), the catalogue's tile attributes, then the computed ones. */
  public List<String> fields() {
    List<String> out = new ArrayList<>();
    if (layer.numericId()) {
      out.add("id");
    }
    layer.tileAttributes().stream().map(Property::name).forEach(out::add);
    out.addAll(computedFields);
    return out;
  }

  /** The catalogue's tile attributes as an SQL select list under their names. */
  String attributesSql() {
    return Layer.selectListSql(layer.tileAttributes());
  }

  /** The catalogue layer's FROM clause (communities join their street and district, so tiles can name them). */
  String fromSql() {
    return layer.from();
  }

  public String description() {
    return description;
  }

  /** Asked once per tile request: a loop over the layers, not a stream over a fresh copy of them. */
  public static Optional<TileLayer> byId(String id) {
    for (TileLayer layer : LAYERS) {
      if (layer.id().equals(id)) {
        return Optional.of(layer);
      }
    }
    return Optional.empty();
  }

  private static final TileLayer[] LAYERS = values();
}
