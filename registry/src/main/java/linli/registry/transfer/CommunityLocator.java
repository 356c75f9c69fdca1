package linli.registry.transfer;

import java.lang.ref.SoftReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * The community a CGCS2000 point lies in, found in memory while the file is read: the same answer as
 * {@code ST_Intersects} (a point on a border counts; on a shared border the smallest code wins), for
 * a fraction of the cost of a million index probes in SQL (about 20 s per million points there).
 * Read-only once loaded, so imports running side by side share one (JTS's point-in-area locators
 * build their own index thread-safely).
 *
 * <p>The candidates of a point are the communities whose bounding box holds it, found in a uniform
 * grid of about two cells per community over their extent: a cell lists every community whose box
 * overlaps it. An STR-tree over 96,000 boxes had cost about 3 µs a point, a third of the import
 * thread's work at province scale.
 */
final class CommunityLocator {
  private record Area(String code, Envelope box, IndexedPointInAreaLocator locator) {}

  private static final Area[] NO_AREAS = new Area[0];

  private final Set<String> codes = new HashSet<>();
  private final double minX;
  private final double minY;
  private final double cellWidth;
  private final double cellHeight;
  private final int columns;
  private final int rows;
  /** The areas of cell (column, row) at index row * columns + column. */
  private final Area[][] cells;

  /** A locator of {@code communities} (code → polygon), in code order for the ties of {@link #locate}. */
  static CommunityLocator of(Map<String, Geometry> communities) {
    return new CommunityLocator(communities);
  }

  private CommunityLocator(Map<String, Geometry> communities) {
    List<Area> areas = new ArrayList<>(communities.size());
    Envelope extent = new Envelope();
    communities.forEach((code, g) -> {
      codes.add(code);
      if (!g.isEmpty()) {
        Area a = new Area(code, g.getEnvelopeInternal(), new IndexedPointInAreaLocator(g));
        areas.add(a);
        extent.expandToInclude(a.box());
      }
    });
    if (areas.isEmpty()) {
      minX = minY = cellWidth = cellHeight = 1;
      columns = rows = 0;
      cells = new Area[0][];
      return;
    }
    // About two cells per community, square in degrees (a box of zero width or height still gets one cell).
    double side = Math.sqrt(Math.max(extent.getArea(), 1e-18) / (2.0 * areas.size()));
    minX = extent.getMinX();
    minY = extent.getMinY();
    columns = (int) Math.min(1 << 14, Math.max(1, Math.ceil(extent.getWidth() / side)));
    rows = (int) Math.min(1 << 14, Math.max(1, Math.ceil(extent.getHeight() / side)));
    cellWidth = extent.getWidth() > 0 ? extent.getWidth() / columns : 1;
    cellHeight = extent.getHeight() > 0 ? extent.getHeight() / rows : 1;
    List<List<Area>> lists = new ArrayList<>(columns * rows);
    for (int i = 0; i < columns * rows; i++) {
      lists.add(null);
    }
    for (Area a : areas) {
      for (int r = row(a.box().getMinY()); r <= row(a.box().getMaxY()); r++) {
        for (int col = column(a.box().getMinX()); col <= column(a.box().getMaxX()); col++) {
          List<Area> list = lists.get(r * columns + col);
          if (list == null) {
            list = new ArrayList<>(2);
            lists.set(r * columns + col, list);
          }
          list.add(a);
        }
      }
    }
    cells = new Area[columns * rows][];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = lists.get(i) == null ? NO_AREAS : lists.get(i).toArray(NO_AREAS);
    }
  }

  /** The grid column of longitude {@code x} (clamped: the extent's far edge is in the last column). */
  private int column(double x) {
    return Math.max(0, Math.min(columns - 1, (int) Math.floor((x - minX) / cellWidth)));
  }

  private int row(double y) {
    return Math.max(0, Math.min(rows - 1, (int) Math.floor((y - minY) / cellHeight)));
  }

  /**
   * The locator of the communities as the import's transaction sees them, kept between imports while
   * the communities' revision stays the same: at province scale reading and indexing 96,000
   * polygons took 1.5–3 s of every import. Held softly: memory the heap needs more is given back.
   */
  static final class Cache {
    private record Kept(long revision, CommunityLocator locator) {}

    private volatile SoftReference<Kept> kept = new SoftReference<>(null);
    private final AtomicLong loads = new AtomicLong();

    CommunityLocator get(Connection c) throws SQLException {
      // The revision first, then the communities: a change committed between the two leaves newer
      // communities under an older revision (loaded once more by the next import), never the reverse.
      long revision = revision(c);
      Kept k = kept.get();
      if (k != null && k.revision() == revision) {
        return k.locator();
      }
      CommunityLocator fresh = load(c);
      loads.incrementAndGet();
      kept = new SoftReference<>(new Kept(revision, fresh));
      return fresh;
    }

    /** How many times the communities were read (not taken from the kept locator). */
    long loads() {
      return loads.get();
    }

    private static long revision(Connection c) throws SQLException {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT revision FROM registry_revision WHERE layer = 'community'")) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Loads every community of the registry (read in the import's own transaction). */
  static CommunityLocator load(Connection c) throws SQLException {
    Map<String, Geometry> communities = new LinkedHashMap<>();
    WKBReader wkb = new WKBReader();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT code, ST_AsBinary(geom) FROM community ORDER BY code")) {
      while (rs.next()) {
        communities.put(rs.getString(1), wkb.read(rs.getBytes(2)));
      }
    } catch (ParseException e) {
      throw new SQLException("unreadable community geometry: " + e.getMessage(), e);
    }
    return of(communities);
  }

  /** Whether a community with this code is registered. */
  boolean isRegistered(String code) {
    return codes.contains(code);
  }

  /** The smallest code of the communities that contain or touch (lon, lat), or null when none does. */
  String locate(double lon, double lat) {
    if (columns == 0 || !(lon >= minX && lat >= minY)) {
      return null; // (NaN included)
    }
    Coordinate p = null;
    String best = null;
    for (Area a : cells[row(lat) * columns + column(lon)]) {
      if (a.box().intersects(lon, lat) && (best == null || a.code().compareTo(best) < 0)) {
        p = p == null ? new Coordinate(lon, lat) : p;
        if (a.locator().locate(p) != Location.EXTERIOR) {
          best = a.code();
        }
      }
    }
    return best;
  }
}
