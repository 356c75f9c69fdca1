package linli.tiles;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the ST_AsMVT query of a tile: pure, testable without a database. Geometry is clipped
 * and quantised by ST_AsMVTGeom in Web Mercator (EPSG:3857); the tile envelope is computed in
 * Java from the tile address, so the database does the minimum.
 */
public final class TileSql {
  /** Tile extent in MVT units and the buffer around it, as most renderers expect. */
  static final int EXTENT = 4096;
  static final int BUFFER = 64;

  private TileSql() {}

  public record Statement(String sql, List<Object> parameters) {}

  public static Statement build(TileRequest r) {
    double[] b = r.coord().mercatorBounds();
    List<Object> params = new ArrayList<>(List.of(b[0], b[1], b[2], b[3]));
    String envelope = "ST_MakeEnvelope(?, ?, ?, ?, 3857)";
    String rows;
    if (r.layer() == TileLayer.FACILITIES) {
      String category = "";
      if (r.category() != null) {
        category = " AND f.category = ?";
        params.add(r.category());
      }
      rows = """
          SELECT f.id, %s,
                 ST_AsMVTGeom(f.geom_m, e.env, %d, %d, true) AS geom
          FROM facility f, e
          WHERE NOT f.deleted AND f.geom && ST_Transform(e.env, 4490)%s"""
          .formatted(TileLayer.FACILITIES.attributesSql(), EXTENT, BUFFER, category);
    } else if (r.withCoverage()) {
      String[] statuses = r.statuses().toArray(String[]::new);
      // Covered is decided on the exact nearest distance: one KNN search per community.
      params.addAll(List.of(r.distanceM(), r.category(), statuses));
      rows = """
          SELECT %s,
                 round(n.m::numeric, 1)::float8 AS nearest_m,
                 COALESCE(n.m <= ?, false) AS covered,
                 ST_AsMVTGeom(ST_Transform(c.geom, 3857), e.env, %d, %d, true) AS geom
          FROM %s CROSS JOIN e
          CROSS JOIN LATERAL (SELECT facility_nearest_m(c.anchor, ?, ?) AS m) n
          WHERE c.geom && ST_Transform(e.env, 4490)""".formatted(TileLayer.COMMUNITIES.attributesSql(), EXTENT, BUFFER,
              TileLayer.COMMUNITIES.fromSql());
    } else {
      rows = """
          SELECT %s,
                 ST_AsMVTGeom(ST_Transform(c.geom, 3857), e.env, %d, %d, true) AS geom
          FROM %s CROSS JOIN e
          WHERE c.geom && ST_Transform(e.env, 4490)""".formatted(TileLayer.COMMUNITIES.attributesSql(), EXTENT, BUFFER,
              TileLayer.COMMUNITIES.fromSql());
    }
    String sql = "WITH e AS (SELECT " + envelope + " AS env), rows AS (" + rows + ")\n"
        + "SELECT ST_AsMVT(rows, '" + r.layer().id() + "', " + EXTENT + ", 'geom') FROM rows WHERE geom IS NOT NULL";
    return new Statement(sql, params);
  }
}
