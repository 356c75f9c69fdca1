package linli.tiles;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The vector tile layers: which registry table they read, which attributes they carry, and from
 * which zoom they are drawn. The SQL is fixed server text; requests only bind values.
 */
public enum TileLayer {
  FACILITIES("facilities", "facility", 6, List.of("id", "category", "name", "status", "capacity"),
      "Community service facilities"),
  COMMUNITIES("communities", "community", 6, List.of("code", "name", "population", "covered", "nearest_m"),
      "Communities and village committees, with coverage when a category is given");

  private final String id;
  private final String table;
  private final int minZoom;
  private final List<String> fields;
  private final String description;

  TileLayer(String id, String table, int minZoom, List<String> fields, String description) {
    this.id = id;
    this.table = table;
    this.minZoom = minZoom;
    this.fields = fields;
    this.description = description;
  }

  public String id() {
    return id;
  }

  /** The registry layer whose revision invalidates this layer's tiles. */
  public String table() {
    return table;
  }

  public int minZoom() {
    return minZoom;
  }

  public List<String> fields() {
    return fields;
  }

  public String description() {
    return description;
  }

  public static Optional<TileLayer> byId(String id) {
    return Arrays.stream(values()).filter(l -> l.id.equals(id)).findFirst();
  }
}
