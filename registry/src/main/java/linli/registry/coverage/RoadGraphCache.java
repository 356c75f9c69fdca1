package linli.registry.coverage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import linli.registry.coverage.network.RoadGraph;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * The walkable road graph, built once and kept in memory until the roads change (their revision
 * in {@code registry_revision} moves), not rebuilt per query.
 */
public final class RoadGraphCache {
  private long revision = -1;
  private RoadGraph graph;

  /** The graph for the roads as committed now; rebuilt only when they changed. */
  public synchronized RoadGraph get(Connection c) throws SQLException {
    long current = revision(c);
    if (graph == null || current != revision) {
      rebuild(c);
    }
    return graph;
  }

  /**
   * Reads the roads and their revision in one snapshot (the caller's transaction, or a REPEATABLE
   * READ one of its own), so a road import committing in between cannot label the new roads with the
   * old revision and cost a second build.
   */
  private void rebuild(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      List<LineString> roads = walkableRoads(c);
      long current = revision(c);
      graph = RoadGraph.build(roads);
      revision = current;
      return;
    }
    int isolation = c.getTransactionIsolation();
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      List<LineString> roads = walkableRoads(c);
      long current = revision(c);
      graph = RoadGraph.build(roads);
      revision = current;
    } finally {
      c.rollback();
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(true);
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
