package linli.tiles;

import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live facility's tile data in memory (id, Web Mercator x/y as {@code geom_m} holds them,
 * lon/lat as {@code geom} does, and the catalogue's tile attributes), so a facilities tile is
 * encoded in the JVM ({@link MvtLayerWriter}) with the same features, coordinates and attributes
 * as {@code ST_AsMVT} gives for {@link TileSql}'s query.
 *
 * <p>Kept in step with the registry's change feed: each facility change is queued and a
 * background worker applies it (the facilities it names read again, V41; a change too large to
 * name them: its categories read again; a change naming no category, a TRUNCATE, an unreadable one
 * or a new connection of the feed: everything read again). While a
 * change is queued or being applied, or the feed is not listening, {@link #tile} answers null and
 * the caller renders the tile in SQL: a tile from memory is never older than the changes the feed
 * delivered before it was asked.
 *
 * <p>Compact: per category, primitive arrays sorted by x (a tile touches only the points of its
 * column of the map) and each attribute as the number of its value in a dictionary of encoded MVT
 * values (each distinct name, status or capacity encoded once).
 */
public final class FacilityTileStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FacilityTileStore.class);
  /** Beyond this many facilities named by the changes queued, everything is read again instead. */
  private static final int MAX_PATCH_IDS = 20_000;
  private static final long RETRY_MILLIS = 1_000;
  /** Web Mercator's sphere radius (EPSG:3857), for the tile envelope in degrees as PROJ computes it. */
  private static final double RADIUS = 6378137.0;
  /** Points this far beyond a tile's column and its buffer (metres) may still pass the envelope test on float boxes. */
  private static final double X_MARGIN_M = 10.0;
  private static final int XQ_SCALE = 100; // centimetres
  private static final double XQ_OFFSET = 2.1e7;

  /** One category's points, sorted by x (its centimetre, {@link #xq}). Immutable once built. */
  static final class Points {
    final long[] ids;
    final double[] x;
    final double[] y;
    final double[] lon;
    final double[] lat;
    /** {@code attributes} per point: value numbers in the dictionary, -1 for null. */
    final int[] values;
    final int size;

    Points(long[] ids, double[] x, double[] y, double[] lon, double[] lat, int[] values, int size) {
      this.ids = ids;
      this.x = x;
      this.y = y;
      this.lon = lon;
      this.lat = lat;
      this.values = values;
      this.size = size;
    }

    /** The first point whose x centimetre is at least {@code q}. */
    int lowerBound(long q) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (xq(x[mid]) < q) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    long bytes(int attributes) {
      return (long) size * (5 * 8 + 4L * attributes) + 7 * 16;
    }
  }

  /** What tiles are drawn from: the categories' points and the dictionary their value numbers index. */
  private record State(Map<String, Points> categories, Points[] inOrder, byte[][] dictionary, long facilities,
      long bytes) {}

  /** A change to apply: the facilities it named (null: not named) and its categories (null: any). */
  private record Job(Set<Long> ids, Set<String> categories) {}

  private final DataSource dataSource;
  private final String[] keys;
  private final int attributes;
  private final Object lock = new Object();
  private final ArrayDeque<Job> queue = new ArrayDeque<>(); // under lock
  /** Changes queued or being applied: tiles come from SQL while there are any. */
  private final AtomicLong pending = new AtomicLong();
  private volatile boolean listening;
  private volatile boolean closed;
  /** For tests: the worker leaves the queue alone (changes stay pending, tiles come from SQL). */
  private boolean held; // under lock
  private volatile State state;
  private final AtomicLong wholeReads = new AtomicLong();
  private final AtomicLong patches = new AtomicLong();
  private final AtomicLong categoryReads = new AtomicLong();
  /** The worker's own: the values' numbers (reset by a whole read). */
  private Dictionary dictionary = new Dictionary();
  private final Thread worker;

  public FacilityTileStore(DataSource dataSource) {
    this.dataSource = dataSource;
    List<String> fields = TileLayer.FACILITIES.fields();
    this.keys = fields.toArray(String[]::new);
    this.attributes = keys.length - 1; // all but the id
    this.worker = new Thread(this::work, "linli-facility-tiles");
    worker.setDaemon(true);
    worker.start();
  }

  /** The change feed is listening (again): read everything afresh, changes may have been missed. */
  public void connected() {
    enqueue(new Job(null, null));
    listening = true;
  }

  /** The change feed is lost: tiles from SQL until it is back and everything was read again. */
  public void lost() {
    listening = false;
  }

  /**
   * A committed facility change (called on the feed's thread, before the tile cache drops what it
   * touched): tiles come from SQL until it is applied.
   */
  public void changed(Set<String> categories, Set<Long> ids) {
    enqueue(new Job(ids, categories));
  }

  private void enqueue(Job job) {
    pending.incrementAndGet();
    synchronized (lock) {
      queue.addLast(job);
      lock.notifyAll();
    }
  }

  /** For tests: {@code true} stops applying changes (they stay pending), {@code false} goes on. */
  void hold(boolean hold) {
    synchronized (lock) {
      held = hold;
      lock.notifyAll();
    }
  }

  /** Whether tiles come from memory now: loaded, listening and nothing queued. */
  public boolean current() {
    return listening && pending.get() == 0 && state != null;
  }

  /** Live facilities held (0 before the first read). */
  public long facilities() {
    State s = state;
    return s == null ? 0 : s.facilities();
  }

  /** An estimate of the heap the points and the dictionary take. */
  public long bytes() {
    State s = state;
    return s == null ? 0 : s.bytes();
  }

  /** How many times everything was read, and how many times named facilities were (for tests and metrics). */
  public long wholeReads() {
    return wholeReads.get();
  }

  /** How many times whole categories were read again (a change too large to name its facilities). */
  public long categoryReads() {
    return categoryReads.get();
  }

  public long patches() {
    return patches.get();
  }

  /**
   * The facilities tile at {@code coord} ({@code category}: of that category only), encoded as
   * {@code ST_AsMVT} would, or null when memory may be behind the registry (the caller renders it
   * in SQL).
   */
  public byte[] tile(TileCoord coord, String category) {
    // pending is read before state: a state published before the last change was marked done is seen.
    if (!listening || pending.get() != 0) {
      return null;
    }
    State s = state;
    if (s == null) {
      return null;
    }
    return render(s, coord, category);
  }

  private byte[] render(State s, TileCoord coord, String category) {
    double[] b = coord.mercatorBounds();
    // ST_AsMVTGeom's transform (PostGIS mvt.c): an affine of scale extent/size, y down, then rint.
    double width = b[2] - b[0];
    double height = b[3] - b[1];
    double fx = TileSql.EXTENT / width;
    double fy = -(TileSql.EXTENT / height);
    double xoff = -b[0] * fx;
    double yoff = -b[3] * fy;
    // The query's `f.geom && ST_Transform(e.near, 4490)` (the tile widened by the point buffer): both
    // boxes as PostGIS compares them, in floats rounded outwards.
    double[] n = TileSql.pointBounds(coord);
    float west = floatDown(Math.toDegrees(n[0] * (1 / RADIUS)));
    float east = floatUp(Math.toDegrees(n[2] * (1 / RADIUS)));
    float south = floatDown(Math.toDegrees(Math.atan(Math.sinh(n[1] * (1 / RADIUS)))));
    float north = floatUp(Math.toDegrees(Math.atan(Math.sinh(n[3] * (1 / RADIUS)))));
    long fromQ = xq(n[0] - X_MARGIN_M);
    long toQ = xq(n[2] + X_MARGIN_M);
    // The tile's column of points spans the whole map: a point whose y is beyond the tile and its
    // buffer (with a unit to spare) would be clipped below anyway, so it is passed over before the
    // envelope test's float conversions (an empty z12 tile at the edge of a city scanned 20,000).
    double yMargin = height * (TileSql.POINT_BUFFER + 2) / TileSql.EXTENT;
    double yMin = b[1] - yMargin;
    double yMax = b[3] + yMargin;
    MvtLayerWriter writer = new MvtLayerWriter(TileLayer.FACILITIES.id(), keys);
    if (category != null) {
      Points p = s.categories().get(category);
      if (p != null) {
        draw(s, p, writer, fromQ, toQ, yMin, yMax, west, east, south, north, fx, fy, xoff, yoff);
      }
    } else {
      for (Points p : s.inOrder()) { // by category name: the same bytes across restarts
        draw(s, p, writer, fromQ, toQ, yMin, yMax, west, east, south, north, fx, fy, xoff, yoff);
      }
    }
    return writer.tile();
  }

  private void draw(State s, Points p, MvtLayerWriter writer, long fromQ, long toQ, double yMin, double yMax,
      float west, float east, float south, float north, double fx, double fy, double xoff, double yoff) {
    int buffer = TileSql.POINT_BUFFER;
    int lo = TileSql.EXTENT + buffer;
    for (int i = p.lowerBound(fromQ); i < p.size && xq(p.x[i]) <= toQ; i++) {
      if (p.y[i] < yMin || p.y[i] > yMax) {
        continue;
      }
      double lon = p.lon[i];
      double lat = p.lat[i];
      if (floatDown(lon) > east || floatUp(lon) < west || floatDown(lat) > north || floatUp(lat) < south) {
        continue;
      }
      // lwgeom_affine: a*x + b*y + xoff with b = 0, then the grid of 1 (rint: halves to even).
      double tx = Math.rint(fx * p.x[i] + 0.0 * p.y[i] + xoff);
      double ty = Math.rint(0.0 * p.x[i] + fy * p.y[i] + yoff);
      // Clipped to the extent and its buffer (points on the edge kept).
      if (tx < -buffer || tx > lo || ty < -buffer || ty > lo) {
        continue;
      }
      writer.point((int) tx, (int) ty, p.ids[i], p.values, i * attributes, s.dictionary());
    }
  }

  static long xq(double x) {
    return (long) Math.floor((x + XQ_OFFSET) * XQ_SCALE);
  }

  /** PostGIS's next_float_down: the largest float not above {@code d}. */
  static float floatDown(double d) {
    float f = (float) d;
    return f > d ? Math.nextDown(f) : f;
  }

  /** PostGIS's next_float_up: the smallest float not below {@code d}. */
  static float floatUp(double d) {
    float f = (float) d;
    return f < d ? Math.nextUp(f) : f;
  }

  // ---------------------------------------------------------------- the worker

  private void work() {
    while (!closed) {
      List<Job> jobs = new ArrayList<>();
      synchronized (lock) {
        while ((queue.isEmpty() || held) && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        jobs.addAll(queue);
        queue.clear();
      }
      if (closed) {
        return;
      }
      try {
        apply(jobs);
        pending.addAndGet(-jobs.size());
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("facility tiles in memory could not be brought up to date ({}); tiles from SQL, retrying", e.toString());
        synchronized (lock) {
          // Everything again, once: counted as one of the jobs taken.
          queue.addFirst(new Job(null, null));
        }
        pending.addAndGet(-(jobs.size() - 1));
        try {
          Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void apply(List<Job> jobs) throws SQLException {
    State s = state;
    Set<Long> ids = new HashSet<>();
    Set<String> categories = new HashSet<>();
    boolean whole = s == null;
    boolean unnamed = false;
    for (Job job : jobs) {
      if (job.categories() == null) {
        whole = true;
        break;
      }
      categories.addAll(job.categories());
      if (job.ids() == null) {
        unnamed = true; // more rows than V41 names (an import): their categories are read again
      } else {
        ids.addAll(job.ids());
      }
    }
    if (whole || dictionary.grownSinceWholeRead()) {
      long start = System.nanoTime();
      readWhole();
      log.info("facility tiles in memory: {} facilities read in {} ms", state.facilities(),
          (System.nanoTime() - start) / 1_000_000);
    } else if (unnamed || ids.size() > MAX_PATCH_IDS) {
      long start = System.nanoTime();
      readCategories(s, categories);
      log.info("facility tiles in memory: {} read again in {} ms ({} facilities in all)", categories,
          (System.nanoTime() - start) / 1_000_000, state.facilities());
    } else if (!ids.isEmpty()) {
      patch(s, ids, categories);
    }
  }

  /** Growable columns of points, grouped by category as they are read. */
  private final class Builder {
    long[] ids = new long[16];
    double[] x = new double[16];
    double[] y = new double[16];
    double[] lon = new double[16];
    double[] lat = new double[16];
    int[] values = new int[16 * Math.max(1, attributes)];
    int size;

    void add(long id, double px, double py, double plon, double plat, int[] v, int vFrom) {
      if (size == ids.length) {
        int n = size * 2;
        ids = Arrays.copyOf(ids, n);
        x = Arrays.copyOf(x, n);
        y = Arrays.copyOf(y, n);
        lon = Arrays.copyOf(lon, n);
        lat = Arrays.copyOf(lat, n);
        values = Arrays.copyOf(values, n * Math.max(1, attributes));
      }
      ids[size] = id;
      x[size] = px;
      y[size] = py;
      lon[size] = plon;
      lat[size] = plat;
      System.arraycopy(v, vFrom, values, size * attributes, attributes);
      size++;
    }

    /** Sorted by x centimetre, trimmed. */
    Points build() {
      long[] order = new long[size];
      for (int i = 0; i < size; i++) {
        order[i] = (xq(x[i]) << 24) | i;
      }
      Arrays.sort(order);
      // Points in the same centimetre by id: the order (and so a tile's bytes and ETag) does not
      // depend on the order rows were read in, nor on a patch or a whole read having built them.
      for (int j = 1; j < size; j++) {
        long key = order[j];
        int k = j - 1;
        while (k >= 0 && (order[k] >>> 24) == (key >>> 24) && ids[(int) (order[k] & 0xFFFFFF)] > ids[(int) (key & 0xFFFFFF)]) {
          order[k + 1] = order[k];
          k--;
        }
        order[k + 1] = key;
      }
      long[] sIds = new long[size];
      double[] sx = new double[size];
      double[] sy = new double[size];
      double[] sLon = new double[size];
      double[] sLat = new double[size];
      int[] sValues = new int[size * attributes];
      for (int j = 0; j < size; j++) {
        int i = (int) (order[j] & 0xFFFFFF);
        sIds[j] = ids[i];
        sx[j] = x[i];
        sy[j] = y[i];
        sLon[j] = lon[i];
        sLat[j] = lat[i];
        System.arraycopy(values, i * attributes, sValues, j * attributes, attributes);
      }
      return new Points(sIds, sx, sy, sLon, sLat, sValues, size);
    }
  }

  /** Rows of {@link TileSql#FACILITY_POINTS_SQL}: id, category, x, y, lon, lat, deleted, then the attributes. */
  private interface RowSink {
    void row(long id, String category, double x, double y, double lon, double lat, boolean deleted, int[] values);
  }

  private void read(PreparedStatement ps, Dictionary dict, RowSink sink) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      int[] types = new int[attributes];
      for (int k = 0; k < attributes; k++) {
        types[k] = md.getColumnType(8 + k);
      }
      int[] values = new int[attributes];
      while (rs.next()) {
        for (int k = 0; k < attributes; k++) {
          values[k] = dict.number(encode(rs, 8 + k, types[k]));
        }
        sink.row(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
            rs.getBoolean(7), values);
      }
    }
  }

  /** A column's value as ST_AsMVT encodes it (by its PostgreSQL type); null when null. */
  private static byte[] encode(ResultSet rs, int column, int type) throws SQLException {
    switch (type) {
      case Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : MvtLayerWriter.intValue(v);
      }
      case Types.DOUBLE -> {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : MvtLayerWriter.doubleValue(v);
      }
      case Types.REAL -> {
        float v = rs.getFloat(column);
        return rs.wasNull() ? null : MvtLayerWriter.floatValue(v);
      }
      case Types.BOOLEAN, Types.BIT -> {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : MvtLayerWriter.boolValue(v);
      }
      default -> {
        // text, and anything else PostGIS writes as its text output
        String v = rs.getString(column);
        return v == null ? null : MvtLayerWriter.stringValue(v);
      }
    }
  }

  /** The live facilities of {@code categories} (null: all), by category, through a cursor. */
  private Map<String, Builder> readLive(Dictionary dict, String[] categories) throws SQLException {
    Map<String, Builder> builders = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false); // a cursor: the rows stream in batches
      try (PreparedStatement ps = c.prepareStatement(categories == null ? TileSql.FACILITY_POINTS_SQL
          : TileSql.FACILITY_POINTS_BY_CATEGORY_SQL)) {
        if (categories != null) {
          ps.setArray(1, c.createArrayOf("text", categories));
        }
        ps.setFetchSize(10_000);
        read(ps, dict, (id, category, x, y, lon, lat, deleted, values) ->
            builders.computeIfAbsent(category, k -> new Builder()).add(id, x, y, lon, lat, values, 0));
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    }
    return builders;
  }

  private void readWhole() throws SQLException {
    Dictionary dict = new Dictionary();
    Map<String, Builder> builders = readLive(dict, null);
    Map<String, Points> categories = new HashMap<>();
    builders.forEach((category, b) -> categories.put(category, b.build()));
    dict.seal();
    dictionary = dict;
    publish(categories, dict);
    wholeReads.incrementAndGet();
  }

  /**
   * Every live facility of {@code categories} read again, the other categories kept as they are: a
   * statement too large to name its rows (an import) names its categories, old rows' and new rows'
   * (V41), so a facility moved out of or into one is among them. An import of one category at the
   * 16x city reads a tenth of the rows a whole read does.
   */
  private void readCategories(State s, Set<String> categories) throws SQLException {
    Dictionary dict = dictionary;
    Map<String, Builder> fresh = readLive(dict, categories.toArray(String[]::new));
    Map<String, Points> next = new HashMap<>(s.categories());
    for (String category : categories) {
      Builder b = fresh.get(category);
      if (b == null) {
        next.remove(category);
      } else {
        next.put(category, b.build());
      }
    }
    publish(next, dict);
    categoryReads.incrementAndGet();
  }

  /** The facilities {@code ids} read again, in the categories {@code announced} and those they now have. */
  private void patch(State s, Set<Long> ids, Set<String> announced) throws SQLException {
    Dictionary dict = dictionary;
    Map<String, Builder> fresh = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(TileSql.FACILITY_POINTS_BY_ID_SQL)) {
      Array array = c.createArrayOf("bigint", ids.toArray(Long[]::new));
      ps.setArray(1, array);
      read(ps, dict, (id, category, x, y, lon, lat, deleted, values) -> {
        if (!deleted) {
          fresh.computeIfAbsent(category, k -> new Builder()).add(id, x, y, lon, lat, values, 0);
        }
      });
    }
    Set<String> touched = new HashSet<>(announced);
    touched.addAll(fresh.keySet());
    Map<String, Points> categories = new HashMap<>(s.categories());
    for (String category : touched) {
      Builder b = new Builder();
      Points old = categories.get(category);
      if (old != null) {
        for (int i = 0; i < old.size; i++) {
          if (!ids.contains(old.ids[i])) {
            b.add(old.ids[i], old.x[i], old.y[i], old.lon[i], old.lat[i], old.values, i * attributes);
          }
        }
      }
      Builder added = fresh.get(category);
      if (added != null) {
        for (int i = 0; i < added.size; i++) {
          b.add(added.ids[i], added.x[i], added.y[i], added.lon[i], added.lat[i], added.values, i * attributes);
        }
      }
      if (b.size == 0) {
        categories.remove(category);
      } else {
        categories.put(category, b.build());
      }
    }
    publish(categories, dict);
    patches.incrementAndGet();
  }

  private void publish(Map<String, Points> categories, Dictionary dict) {
    long facilities = 0;
    long bytes = dict.bytes;
    for (Points p : categories.values()) {
      facilities += p.size;
      bytes += p.bytes(attributes);
    }
    Points[] inOrder = new java.util.TreeMap<>(categories).values().toArray(Points[]::new);
    state = new State(Map.copyOf(categories), inOrder, dict.values, facilities, bytes);
  }

  /**
   * Encoded values, numbered; append-only, written by the worker only. A state holds the array as it
   * was published: numbers below its size are never rewritten. Equal values share one number (a
   * category, a status, a capacity: stored once for all facilities). Once everything is read, the
   * map that finds them keeps only the values used more than once (at a province the map of every
   * name would weigh more than the names), so a value a patch reads is found when it is a common
   * one and appended otherwise; equal values under two numbers would encode a tile with a
   * duplicate value (decoded the same, other bytes).
   */
  private static final class Dictionary {
    private Map<ByteBuffer, Integer> numbers = new HashMap<>();
    private byte[][] values = new byte[1024][];
    private int[] uses = new int[1024];
    private int size;
    private int sealedSize;
    private long bytes;

    int number(byte[] v) {
      if (v == null) {
        return -1;
      }
      Integer n = numbers.get(ByteBuffer.wrap(v));
      if (n != null) {
        if (uses != null) {
          uses[n]++;
        }
        return n;
      }
      numbers.put(ByteBuffer.wrap(v), size);
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        if (uses != null) {
          uses = Arrays.copyOf(uses, size * 2);
        }
      }
      values[size] = v;
      if (uses != null) {
        uses[size] = 1;
      }
      bytes += v.length + 16 + 8; // the array and its slot
      return size++;
    }

    /**
     * Whether patches and category reads have appended as many values as the whole read held (the
     * values of facilities gone since are never dropped but by a whole read).
     */
    boolean grownSinceWholeRead() {
      return sealedSize > 0 && size > 2 * sealedSize;
    }

    /** Read whole: only the values used more than once are looked up from now on. */
    void seal() {
      sealedSize = size;
      Map<ByteBuffer, Integer> common = new HashMap<>();
      for (int i = 0; i < size; i++) {
        if (uses[i] > 1) {
          common.put(ByteBuffer.wrap(values[i]), i);
        }
      }
      numbers = common;
      uses = null;
      values = Arrays.copyOf(values, size + size / 8 + 16);
      bytes += common.size() * 100L;
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    worker.interrupt();
  }
}
