package linli.registry.coverage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import linli.registry.coverage.network.RoadGraph;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * The walkable road graph, built once and kept in memory until the roads change (their revision
 * in {@code registry_revision} moves), not rebuilt per query. One build at a time; a caller that
 * needs the graph while it is being built waits for that build. At province scale a build takes
 * tens of seconds, so a present-day caller ({@link #get(DataSource)}) holds no pooled connection
 * while it waits or builds: seven such callers holding theirs would have starved every other request
 * of the pool's eight.
 */
public final class RoadGraphCache {
  private record Built(long revision, RoadGraph graph) {}

  private volatile Built built;
  /** Held while a graph is built (package-private: a test holds it to stand in for a long build). */
  final Object building = new Object();

  /**
   * The graph for the roads as committed now. A connection is held only to read the revision and,
   * when the graph must be rebuilt, the roads (in one REPEATABLE READ snapshot); the build itself
   * and any wait for another caller's build hold none.
   */
  public RoadGraph get(DataSource dataSource) throws SQLException {
    long wanted;
    try (Connection c = dataSource.getConnection()) {
      wanted = revision(c);
    }
    Built b = built;
    if (b != null && b.revision() >= wanted) {
      return b.graph(); // revisions only grow: a graph built meanwhile is newer still
    }
    synchronized (building) {
      b = built;
      if (b != null && b.revision() >= wanted) {
        return b.graph();
      }
      long revision;
      List<LineString> roads;
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
          revision = revision(c);
          roads = walkableRoads(c);
        } finally {
          c.rollback(); // the pool resets isolation and autocommit when the connection returns
        }
      }
      Built fresh = new Built(revision, RoadGraph.build(roads));
      built = fresh;
      return fresh.graph();
    }
  }

  /**
   * Builds, or waits for, the graph of the roads as committed now, holding no connection: for a
   * caller about to open its own snapshot, whose {@link #get(Connection)} then finds this graph
   * (unless the roads change in between) instead of building or waiting while it holds a pooled
   * connection.
   */
  public void prepare(DataSource dataSource) throws SQLException {
    get(dataSource);
  }

  /**
   * The graph for the roads as the caller's transaction sees them (a past question, a capacity or a
   * service area read in one snapshot); rebuilt when they differ from the graph held. The caller's
   * connection stays with the caller, waits included: call {@link #prepare} before taking it.
   */
  public RoadGraph get(Connection c) throws SQLException {
    long wanted = revision(c);
    Built b = built;
    if (b != null && b.revision() == wanted) {
      return b.graph();
    }
    synchronized (building) {
      b = built;
      if (b != null && b.revision() == wanted) {
        return b.graph();
      }
      // The revision first, then the roads: under READ COMMITTED a road import between the two then
      // leaves new roads under an old revision (rebuilt once more), never old roads under a new one.
      long revision = revision(c);
      Built fresh = new Built(revision, RoadGraph.build(walkableRoads(c)));
      built = fresh;
      return fresh.graph();
    }
  }

  private static long revision(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT revision FROM registry_revision WHERE layer = 'road'")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static List<LineString> walkableRoads(Connection c) throws SQLException {
    List<LineString> roads = new ArrayList<>();
    WKBReader wkb = new WKBReader();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ST_AsBinary(geom) FROM road WHERE walkable ORDER BY id")) {
      while (rs.next()) {
        Geometry g = wkb.read(rs.getBytes(1));
        for (int i = 0; i < g.getNumGeometries(); i++) {
          if (g.getGeometryN(i) instanceof LineString line && line.getNumPoints() >= 2) {
            roads.add(line);
          }
        }
      }
    } catch (ParseException e) {
      throw new SQLException("unreadable road geometry", e);
    }
    return roads;
  }
}
