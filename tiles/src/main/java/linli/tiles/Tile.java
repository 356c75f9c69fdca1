package linli.tiles;

/** An encoded Mapbox Vector Tile and its ETag (empty bytes: nothing in the tile). */
public record Tile(byte[] bytes, String etag) {
  public boolean isEmpty() {
    return bytes.length == 0;
  }
}
