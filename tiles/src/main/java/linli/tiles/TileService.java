package linli.tiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import linli.registry.RegistryChanges;

/**
 * Serves vector tiles from PostGIS through an in-process cache that reads nothing per request.
 * The registry's change feed tells it what each committed statement touched ({@link #changed}):
 * a table, an area and, for facilities, the categories; exactly the cached tiles that could show
 * the change are dropped. Until the feed is {@link #resume() connected} (and whenever it is
 * {@link #suspend() lost}) nothing is cached and every tile is rendered fresh, so an edit is never
 * hidden.
 */
public final class TileService implements AutoCloseable {
  private static final int QUERY_TIMEOUT_SECONDS = 20;
  /** Tiles smaller than this are sent as they are, as Javalin does for any answer under 1,500 bytes. */
  static final int GZIP_MIN_BYTES = 1500;
  /** Appended to a tile's cache key for its gzip encoding ('|' is in no request's key). */
  private static final String GZIP_KEY = "|gzip";
  /**
   * Features up to this share of a tile beyond its edge are drawn in it: the widest buffer
   * (ST_AsMVTGeom's clip box; for points also the rows' filter box), with room for the clip's half unit.
   */
  private static final double EDGE = 2.0 * Math.max(TileSql.BUFFER, TileSql.POINT_BUFFER) / TileSql.EXTENT;
  /**
   * Degrees more each way: the filter's && compares float boxes rounded outwards, so a point up to a
   * float's step beyond the box (7.6e-6 degrees at 120 E, more than the buffer's share of a z22 tile)
   * passes it.
   */
  private static final double FLOAT_SLACK_DEG = 1e-4;

  private final DataSource dataSource;
  private final TileCache cache;
  private final OffHeapBudget offHeap;
  private volatile boolean caching;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong fromMemory = new AtomicLong();
  private final AtomicLong fromSql = new AtomicLong();
  private final FacilityTileStore facilities;

  /**
   * Tiles served from the cache, tiles rendered (absent or stale), what the cache holds now, and
   * {@code offHeapBytes}: of tiles copied off the heap and not yet freed by the collector (the
   * cached ones and those dropped since the last collection), at most twice the cache's budget.
   */
  public record CacheStats(long hits, long misses, int tiles, long bytes, long offHeapBytes) {}

  public TileService(DataSource dataSource, long cacheBytes) {
    this(dataSource, cacheBytes, null);
  }

  /**
   * With {@code facilities} (null: none), facilities tiles are encoded from memory whenever it is
   * up to date with the change feed, and rendered in SQL otherwise.
   */
  public TileService(DataSource dataSource, long cacheBytes, FacilityTileStore facilities) {
    this.dataSource = dataSource;
    this.cache = new TileCache(cacheBytes);
    // Twice the cache: room for the tiles it holds and as many dropped ones not yet collected.
    this.offHeap = new OffHeapBudget(2 * cacheBytes);
    this.facilities = facilities;
  }

  /** The tile as it is encoded (for a client that takes no gzip). */
  public Tile tile(TileRequest request) throws SQLException {
    return tile(request, false);
  }

  /**
   * The tile or, when the client takes gzip and the tile is large enough to gain from it, its gzip
   * encoding. Each encoding is cached as it is asked for (and dropped with the tile's other), so a
   * map in a browser, which always takes gzip, is compressed once per tile, not per request, and
   * the cache does not also keep the plain tile for it.
   */
  public Tile tile(TileRequest request, boolean gzipAccepted) throws SQLException {
    if (!request.layer().drawnAt(request.coord().z())) {
      return new Tile(new byte[0], etag(new byte[0]));
    }
    String key = request.key();
    String gzipKey = key + GZIP_KEY;
    boolean cacheable = caching;
    long generation = cache.generation();
    if (cacheable) {
      Tile cached = gzipAccepted ? cache.get(gzipKey) : null;
      cached = cached == null ? cache.get(key) : cached;
      if (cached != null && (cached.gzipped() || !gzipAccepted || cached.length() < GZIP_MIN_BYTES)) {
        hits.incrementAndGet();
        return cached;
      }
      if (cached != null) {
        // Plain in the cache, gzip asked for: compress that one, no need to render it again.
        hits.incrementAndGet();
        Tile gzipped = gzipped(cached).offHeap(offHeap);
        cache.put(gzipKey, new TileCache.Entry(request, gzipped), generation);
        return gzipped;
      }
    }
    misses.incrementAndGet();
    Tile tile = fromMemory(request);
    if (tile == null) {
      fromSql.incrementAndGet();
      tile = render(request);
    }
    tile = gzipAccepted ? gzipped(tile) : tile;
    if (cacheable) {
      tile = tile.offHeap(offHeap);
      cache.put(tile.gzipped() ? gzipKey : key, new TileCache.Entry(request, tile), generation);
    }
    return tile;
  }

  /** The tile gzipped, or itself if small (then compression saves less than its header costs). */
  static Tile gzipped(Tile tile) {
    if (tile.length() < GZIP_MIN_BYTES) {
      return tile;
    }
    // Level 1: 3-5 % larger than level 6 on facility tiles, in a quarter of the time (0.6 against
    // 2.8 ms for a 107 KB tile), and a cold tile is what a map waits for.
    ByteArrayOutputStream out = new ByteArrayOutputStream(tile.length() / 2);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gzip.write(tile.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    String etag = tile.etag();
    return new Tile(out.toByteArray(), etag.substring(0, etag.length() - 1) + "-gzip\"", true);
  }

  /** A facilities tile from memory, or null (no store, or it may be behind the registry). */
  private Tile fromMemory(TileRequest request) {
    if (facilities == null || request.layer() != TileLayer.FACILITIES) {
      return null;
    }
    byte[] bytes = facilities.tile(request.coord(), request.category());
    if (bytes == null) {
      return null;
    }
    fromMemory.incrementAndGet();
    return new Tile(bytes, etag(bytes));
  }

  /** The change feed is listening: start caching, from nothing (changes may have been missed). */
  public void resume() {
    if (facilities != null) {
      facilities.connected();
    }
    cache.invalidate(r -> true);
    caching = true;
  }

  /** The change feed is lost: stop caching and forget every tile. */
  public void suspend() {
    if (facilities != null) {
      facilities.lost();
    }
    caching = false;
    cache.invalidate(r -> true);
  }

  /**
   * A committed change as the feed delivers it: the facilities in memory learn of it first (tiles
   * from SQL until it is applied), then the cache drops the tiles it touched.
   */
  public int changed(RegistryChanges.Change change) {
    if (facilities != null && (change.table().equals("facility") || change.table().isEmpty())) {
      facilities.changed(change.table().isEmpty() ? null : change.categories(), change.ids());
    }
    return changed(change.table(), change.bbox(), change.categories());
  }

  /** Tiles encoded from memory and tiles rendered in SQL (cache misses both). */
  public record RenderStats(long fromMemory, long fromSql, long facilitiesInMemory, long memoryBytes) {}

  public RenderStats renderStats() {
    return new RenderStats(fromMemory.get(), fromSql.get(), facilities == null ? 0 : facilities.facilities(),
        facilities == null ? 0 : facilities.bytes());
  }

  /**
   * A committed change to registry table {@code table} ("facility", "community", "street",
   * "district", "road"; anything else
   * counts as a change to everything) within {@code bbox} (lon/lat degrees; null: anywhere) of
   * facilities in {@code categories} (null: any). Returns the number of tiles dropped. Facilities
   * held in memory are not told: use {@link #changed(RegistryChanges.Change)}.
   */
  public int changed(String table, double[] bbox, Set<String> categories) {
    return cache.invalidate(stale(table, bbox, categories));
  }

  public CacheStats cacheStats() {
    return new CacheStats(hits.get(), misses.get(), cache.size(), cache.bytes(), offHeap.held());
  }

  int cachedTiles() {
    return cache.size();
  }

  static Predicate<TileRequest> stale(String table, double[] bbox, Set<String> categories) {
    Predicate<TileRequest> inArea = r -> bbox == null || overlaps(r.coord(), bbox);
    Predicate<String> ofCategories = c -> categories == null || c == null || categories.contains(c);
    return switch (table) {
      case "facility" -> r -> r.layer() == TileLayer.FACILITIES
          ? ofCategories.test(r.category()) && inArea.test(r)
          // A facility anywhere may become some community's nearest: every coverage tile of its category.
          : r.withCoverage() && ofCategories.test(r.category());
      case "community" -> r -> r.layer() == TileLayer.COMMUNITIES && inArea.test(r);
      // Community tiles name their street and district (V25 announces those tables without a box).
      case "street", "district" -> r -> r.layer() == TileLayer.COMMUNITIES;
      // Roads are announced without a box (V32): every road tile.
      case "road" -> r -> r.layer() == TileLayer.ROADS;
      default -> r -> true;
    };
  }

  /**
   * Whether {@code bbox} (lon/lat) reaches the tile widened by {@link #EDGE}: widened in Web Mercator,
   * where the buffer is a share of the tile, then in degrees (latitude is not linear in y: below a
   * tile's south edge a unit spans more degrees than the tile's mean).
   */
  static boolean overlaps(TileCoord coord, double[] bbox) {
    double[] m = coord.mercatorBounds();
    double d = (m[2] - m[0]) * EDGE;
    double west = lon(m[0] - d) - FLOAT_SLACK_DEG;
    double east = lon(m[2] + d) + FLOAT_SLACK_DEG;
    double south = lat(m[1] - d) - FLOAT_SLACK_DEG;
    double north = lat(m[3] + d) + FLOAT_SLACK_DEG;
    return bbox[0] <= east && bbox[2] >= west && bbox[1] <= north && bbox[3] >= south;
  }

  private static double lon(double x) {
    return Math.toDegrees(x / TileCoord.WORLD_HALF_M * Math.PI);
  }

  private static double lat(double y) {
    return Math.toDegrees(Math.atan(Math.sinh(y / TileCoord.WORLD_HALF_M * Math.PI)));
  }

  private Tile render(TileRequest request) throws SQLException {
    TileSql.Statement sql = TileSql.build(request);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.sql())) {
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
        bytes = bytes == null ? new byte[0] : bytes;
        return new Tile(bytes, etag(bytes));
      }
    }
  }

  /** A strong validator from the bytes themselves: the same tile has the same tag across restarts. */
  private static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 10) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the facilities' worker (if any). */
  @Override
  public void close() {
    if (facilities != null) {
      facilities.close();
    }
  }
}
