package linli.tiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Serves vector tiles from PostGIS through an in-process cache. Each request reads the registry's
 * revisions (one tiny query) and reuses a cached tile only if it was made from the same ones, so
 * an edit or an import is visible in the very next tile, with no restart and no purge.
 */
public final class TileService {
  private static final int QUERY_TIMEOUT_SECONDS = 20;

  private final DataSource dataSource;
  private final TileCache cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /** Tiles served from the cache, tiles rendered (absent or stale), and what the cache holds now. */
  public record CacheStats(long hits, long misses, int tiles, long bytes) {}

  public TileService(DataSource dataSource, long cacheBytes) {
    this.dataSource = dataSource;
    this.cache = new TileCache(cacheBytes);
  }

  public Tile tile(TileRequest request) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String revisions = revisions(c, request);
      String key = request.key();
      TileCache.Entry cached = cache.get(key);
      if (cached != null && cached.revisions().equals(revisions)) {
        hits.incrementAndGet();
        return cached.tile();
      }
      misses.incrementAndGet();
      Tile tile = new Tile(render(c, request), etag(key, revisions));
      cache.put(key, new TileCache.Entry(revisions, tile));
      return tile;
    }
  }

  public CacheStats cacheStats() {
    return new CacheStats(hits.get(), misses.get(), cache.size(), cache.bytes());
  }

  int cachedTiles() {
    return cache.size();
  }

  private static byte[] render(Connection c, TileRequest request) throws SQLException {
    TileSql.Statement sql = TileSql.build(request);
    try (PreparedStatement ps = c.prepareStatement(sql.sql())) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      List<Object> params = sql.parameters();
      for (int i = 0; i < params.size(); i++) {
        Object v = params.get(i);
        if (v instanceof String[] array) {
          ps.setArray(i + 1, c.createArrayOf("text", array));
        } else {
          ps.setObject(i + 1, v);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        byte[] bytes = rs.next() ? rs.getBytes(1) : null;
        return bytes == null ? new byte[0] : bytes;
      }
    }
  }

  /** The revisions of the registry layers the tile is made from, as one string. */
  private static String revisions(Connection c, TileRequest request) throws SQLException {
    String layers = request.withCoverage() ? "'community', 'facility'" : "'" + request.layer().table() + "'";
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT string_agg(layer || ':' || revision, ',' ORDER BY layer) FROM registry_revision WHERE layer IN ("
            + layers + ")");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return String.valueOf(rs.getString(1));
    }
  }

  private static String etag(String key, String revisions) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((key + "|" + revisions).getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(h, 0, 10) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
