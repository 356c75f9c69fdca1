package linli.registry.transfer;

import java.lang.ref.SoftReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * The community a CGCS2000 point lies in, found in memory while the file is read: the same answer as
 * {@code ST_Intersects} (a point on a border counts; on a shared border the smallest code wins), for
 * a fraction of the cost of a million index probes in SQL (about 20 s per million points there).
 * Read-only once loaded, so imports running side by side share one (JTS's point-in-area locators
 * build their own index thread-safely).
 */
final class CommunityLocator {
  private record Area(String code, IndexedPointInAreaLocator locator) {}

  private final STRtree index = new STRtree();
  private final Set<String> codes = new HashSet<>();

  private CommunityLocator() {}

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
    CommunityLocator out = new CommunityLocator();
    WKBReader wkb = new WKBReader();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT code, ST_AsBinary(geom) FROM community ORDER BY code")) {
      while (rs.next()) {
        Geometry g = wkb.read(rs.getBytes(2));
        out.codes.add(rs.getString(1));
        out.index.insert(g.getEnvelopeInternal(), new Area(rs.getString(1), new IndexedPointInAreaLocator(g)));
      }
    } catch (ParseException e) {
      throw new SQLException("unreadable community geometry: " + e.getMessage(), e);
    }
    out.index.build();
    return out;
  }

  /** Whether a community with this code is registered. */
  boolean isRegistered(String code) {
    return codes.contains(code);
  }

  /** The smallest code of the communities that contain or touch (lon, lat), or null when none does. */
  String locate(double lon, double lat) {
    Coordinate p = new Coordinate(lon, lat);
    List<Area> candidates = new ArrayList<>(2);
    index.query(new Envelope(p), item -> candidates.add((Area) item));
    String best = null;
    for (Area a : candidates) {
      if ((best == null || a.code().compareTo(best) < 0) && a.locator().locate(p) != Location.EXTERIOR) {
        best = a.code();
      }
    }
    return best;
  }
}
