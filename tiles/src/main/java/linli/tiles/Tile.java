package linli.tiles;

/**
 * An encoded Mapbox Vector Tile and its ETag (empty bytes: nothing in the tile). {@code gzipped}:
 * the bytes are the tile's gzip encoding (HTTP {@code Content-Encoding: gzip}), with an ETag of their
 * own, as HTTP wants of a strong validator for another content coding.
 */
public record Tile(byte[] bytes, String etag, boolean gzipped) {
  public Tile(byte[] bytes, String etag) {
    this(bytes, etag, false);
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }
}
