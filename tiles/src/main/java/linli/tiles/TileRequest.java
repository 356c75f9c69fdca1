package linli.tiles;

import java.util.List;
import java.util.Objects;

/**
 * One tile: the layer, the address, and for communities optionally the coverage question
 * (category, distance in metres, statuses) whose answer the tile carries.
 */
public record TileRequest(TileLayer layer, TileCoord coord, String category, Double distanceM, List<String> statuses) {
  public TileRequest {
    Objects.requireNonNull(layer);
    Objects.requireNonNull(coord);
    statuses = statuses == null ? List.of("open") : List.copyOf(statuses);
  }

  public boolean withCoverage() {
    return layer == TileLayer.COMMUNITIES && category != null && distanceM != null;
  }

  /**
   * The cache key: everything that changes the tile's bytes, and nothing else (a facilities tile
   * asked with another status list, or a plain communities tile asked with a category, is the same
   * tile and is cached once).
   */
  public String key() {
    if (withCoverage()) {
      return layer.id() + "/" + coord + "?" + category + "&" + distanceM + "&" + statuses;
    }
    return layer == TileLayer.FACILITIES ? layer.id() + "/" + coord + "?" + category : layer.id() + "/" + coord;
  }
}
