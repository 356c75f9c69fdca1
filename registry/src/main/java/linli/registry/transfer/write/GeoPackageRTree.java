package linli.registry.transfer.write;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;

/**
 * Fills a GeoPackage's R-tree while its rows are written. Inserting into an SQLite R-tree costs
 * several times a row INSERT, so a background thread builds the same R-tree in a scratch SQLite file
 * (same page size, hence same node size) from the envelopes handed to {@link #add}, and
 * {@link #copyInto} then replaces the empty R-tree's three shadow tables (_node, _rowid, _parent)
 * with the scratch ones, a plain table copy. The result is the R-tree SQLite itself built.
 */
final class GeoPackageRTree implements AutoCloseable {
  private static final int CHUNK = 4_096;
  private static final int CHUNKS_IN_FLIGHT = 8;

  private final String name;
  private final Path scratch;
  private final Connection connection;
  private final PreparedStatement insert;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "gpkg-rtree");
    t.setDaemon(true);
    return t;
  });
  private final Semaphore inFlight = new Semaphore(CHUNKS_IN_FLIGHT);
  private final List<Future<?>> submitted = new ArrayList<>();
  private long[] ids = new long[CHUNK];
  private double[] boxes = new double[4 * CHUNK];
  private int size;

  /** An R-tree named {@code name} (as in the GeoPackage) in the scratch file {@code scratch}. */
  GeoPackageRTree(String name, Path scratch, int pageSize) throws SQLException {
    this.name = name;
    this.scratch = scratch;
    connection = DriverManager.getConnection("jdbc:sqlite:" + scratch);
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA page_size = " + pageSize);
      st.execute("PRAGMA journal_mode = OFF");
      st.execute("PRAGMA synchronous = OFF");
      // Envelopes arrive in fid order, scattered in space: a larger cache keeps more of the tree in memory.
      st.execute("PRAGMA cache_size = -65536");
      st.execute("CREATE VIRTUAL TABLE " + quote(name) + " USING rtree(id, minx, maxx, miny, maxy)");
    }
    connection.setAutoCommit(false);
    insert = connection.prepareStatement("INSERT INTO " + quote(name) + " VALUES (?, ?, ?, ?, ?)");
  }

  void add(long id, Envelope e) throws InterruptedException {
    ids[size] = id;
    boxes[4 * size] = e.getMinX();
    boxes[4 * size + 1] = e.getMaxX();
    boxes[4 * size + 2] = e.getMinY();
    boxes[4 * size + 3] = e.getMaxY();
    if (++size == CHUNK) {
      submit();
    }
  }

  private void submit() throws InterruptedException {
    long[] i = ids;
    double[] b = boxes;
    int n = size;
    ids = new long[CHUNK];
    boxes = new double[4 * CHUNK];
    size = 0;
    inFlight.acquire();
    submitted.add(worker.submit(() -> {
      try {
        for (int k = 0; k < n; k++) {
          insert.setLong(1, i[k]);
          for (int c = 0; c < 4; c++) {
            insert.setDouble(2 + c, b[4 * k + c]);
          }
          insert.addBatch();
        }
        insert.executeBatch();
        return null;
      } finally {
        inFlight.release();
      }
    }));
  }

  /**
   * Waits for the background inserts, then puts the R-tree into {@code gpkg} (in auto-commit mode,
   * as ATTACH needs), whose R-tree {@code name} is empty.
   */
  void copyInto(Connection gpkg) throws SQLException, InterruptedException {
    submit();
    for (Future<?> f : submitted) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof SQLException s ? s : new SQLException("R-tree: " + e.getCause(), e.getCause());
      }
    }
    insert.close();
    connection.commit();
    connection.close();
    try (Statement st = gpkg.createStatement()) {
      st.execute("ATTACH DATABASE '" + scratch.toString().replace("'", "''") + "' AS rtree_scratch");
      for (String shadow : List.of("_node", "_rowid", "_parent")) {
        st.execute("DELETE FROM main." + quote(name + shadow));
        st.execute("INSERT INTO main." + quote(name + shadow) + " SELECT * FROM rtree_scratch." + quote(name + shadow));
      }
      st.execute("DETACH DATABASE rtree_scratch");
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws SQLException {
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
