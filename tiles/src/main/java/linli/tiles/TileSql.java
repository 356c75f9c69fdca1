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
  /**
   * The buffer of the point layers (facilities, offices), filtered on ({@link #pointBounds}) and
   * clipped alike: the map (protomaps-leaflet, levelDiff 1) draws a tile of zoom z-1 over 512 CSS px
   * at zoom z, 8 units a pixel, each display tile's canvas only the points of its one data tile, and
   * a point as a circle of up to 5 px with a 1.5-2 px stroke (6.5 px at most: 52 units). A point up to
   * 64 units (8 px) beyond a tile is in it, or the neighbouring tile's canvas would cut its icon in
   * half. Equal to {@link #BUFFER} today, so a point tile is clipped as before; a map drawing tiles
   * at 256 px, or larger icons, would need 128.
   */
  static final int POINT_BUFFER = 64;
  /** The MVT layer of a communities tile with the points coverage is measured from. */
  public static final String OFFICES = "offices";

  private TileSql() {}

  public record Statement(String sql, List<Object> parameters) {}

  /*
   * The query text depends only on the tile's shape (layer, category or not, coverage or not), so each
   * is built once: formatting it per tile cost more JVM time than the rest of a cold tile's Java side,
   * and the same text lets the driver reuse its server-side prepared statement.
   */
  private static final String FACILITIES_SQL = sql(TileLayer.FACILITIES, facilityRows(false));
  private static final String FACILITIES_OF_CATEGORY_SQL = sql(TileLayer.FACILITIES, facilityRows(true));
  private static final String COMMUNITIES_SQL = sql(TileLayer.COMMUNITIES, communityRows(false));
  private static final String COMMUNITIES_COVERAGE_SQL = sql(TileLayer.COMMUNITIES, communityRows(true));
  private static final String ROADS_SQL = sql(TileLayer.ROADS, roadRows());

  /**
   * Every live facility as {@link FacilityTileStore} holds it: id, category, {@code geom_m}'s X/Y
   * (the Web Mercator ST_AsMVTGeom quantises), {@code geom}'s X/Y (what the envelope test compares),
   * deleted, then the catalogue's tile attributes as {@link #facilityRows} selects them.
   */
  static final String FACILITY_POINTS_SQL = facilityPoints("NOT f.deleted");
  /** The same for the facilities of the ids in the array parameter, deleted ones included. */
  static final String FACILITY_POINTS_BY_ID_SQL = facilityPoints("f.id = ANY(?)");
  /** The live facilities of the categories in the array parameter. */
  static final String FACILITY_POINTS_BY_CATEGORY_SQL = facilityPoints("NOT f.deleted AND f.category = ANY(?)");

  private static String facilityPoints(String where) {
    return """
        SELECT f.id, f.category, ST_X(f.geom_m), ST_Y(f.geom_m), ST_X(f.geom), ST_Y(f.geom), f.deleted, %s
        FROM facility f
        WHERE %s""".formatted(TileLayer.FACILITIES.attributesSql(), where);
  }

  /**
   * The box a point layer's rows are filtered on (EPSG:3857 minX, minY, maxX, maxY): the tile widened
   * by {@link #POINT_BUFFER} units each way (x kept within the world, where longitudes do not wrap).
   * {@link FacilityTileStore} tests the same box.
   */
  static double[] pointBounds(TileCoord coord) {
    double[] b = coord.mercatorBounds();
    double dx = (b[2] - b[0]) * POINT_BUFFER / EXTENT;
    double dy = (b[3] - b[1]) * POINT_BUFFER / EXTENT;
    return new double[] {Math.max(b[0] - dx, -TileCoord.WORLD_HALF_M), b[1] - dy,
        Math.min(b[2] + dx, TileCoord.WORLD_HALF_M), b[3] + dy};
  }

  public static Statement build(TileRequest r) {
    double[] b = r.coord().mercatorBounds();
    List<Object> params = new ArrayList<>(11);
    params.add(b[0]);
    params.add(b[1]);
    params.add(b[2]);
    params.add(b[3]);
    if (r.layer() != TileLayer.ROADS) { // the point layers' box: facilities, and a communities tile's offices
      for (double v : pointBounds(r.coord())) {
        params.add(v);
      }
    }
    if (r.layer() == TileLayer.FACILITIES) {
      if (r.category() == null) {
        return new Statement(FACILITIES_SQL, params);
      }
      params.add(r.category());
      return new Statement(FACILITIES_OF_CATEGORY_SQL, params);
    }
    if (r.layer() == TileLayer.ROADS) {
      return new Statement(ROADS_SQL, params);
    }
    if (r.withCoverage()) {
      params.add(r.distanceM());
      params.add(r.category());
      params.add(r.statuses().toArray(String[]::new));
      return new Statement(COMMUNITIES_COVERAGE_SQL, params);
    }
    return new Statement(COMMUNITIES_SQL, params);
  }

  private static String facilityRows(boolean ofCategory) {
    return """
        SELECT f.id, %s,
               ST_AsMVTGeom(f.geom_m, e.env, %d, %d, true) AS geom
        FROM facility f, e
        WHERE NOT f.deleted AND f.geom && ST_Transform(e.near, 4490)%s"""
        .formatted(TileLayer.FACILITIES.attributesSql(), EXTENT, POINT_BUFFER, ofCategory ? " AND f.category = ?" : "");
  }

  /** The network coverage walks: walkable roads only (RoadGraph reads the same). */
  private static String roadRows() {
    return """
        SELECT r.id, %s,
               ST_AsMVTGeom(ST_Transform(r.geom, 3857), e.env, %d, %d, true) AS geom
        FROM %s CROSS JOIN e
        WHERE r.walkable AND r.geom && ST_Transform(e.env, 4490)""".formatted(TileLayer.ROADS.attributesSql(), EXTENT,
            BUFFER, TileLayer.ROADS.fromSql());
  }

  private static String communityRows(boolean withCoverage) {
    if (withCoverage) {
      // Covered is decided on the exact nearest distance: one KNN search per community.
      return """
          SELECT %s,
                 round(n.m::numeric, 1)::float8 AS nearest_m,
                 COALESCE(n.m <= ?, false) AS covered,
                 ST_AsMVTGeom(ST_Transform(c.geom, 3857), e.env, %d, %d, true) AS geom
          FROM %s CROSS JOIN e
          CROSS JOIN LATERAL (SELECT facility_nearest_m(c.anchor, ?, ?) AS m) n
          WHERE c.geom && ST_Transform(e.env, 4490)""".formatted(TileLayer.COMMUNITIES.attributesSql(), EXTENT, BUFFER,
              TileLayer.COMMUNITIES.fromSql());
    }
    return """
        SELECT %s,
               ST_AsMVTGeom(ST_Transform(c.geom, 3857), e.env, %d, %d, true) AS geom
        FROM %s CROSS JOIN e
        WHERE c.geom && ST_Transform(e.env, 4490)""".formatted(TileLayer.COMMUNITIES.attributesSql(), EXTENT, BUFFER,
            TileLayer.COMMUNITIES.fromSql());
  }

  private static String sql(TileLayer layer, String rows) {
    // env: the tile; near: the tile and the point buffer (pointBounds), for the point layers' rows.
    String envelope = "ST_MakeEnvelope(?, ?, ?, ?, 3857)";
    if (layer != TileLayer.ROADS) {
      envelope += " AS env, ST_MakeEnvelope(?, ?, ?, ?, 3857) AS near";
    } else {
      envelope += " AS env";
    }
    if (layer == TileLayer.COMMUNITIES) {
      return withOffices(envelope, rows);
    }
    return "WITH e AS (SELECT " + envelope + "), rows AS (" + rows + ")\n"
        + "SELECT ST_AsMVT(rows, '" + layer.id() + "', " + EXTENT + ", 'geom') FROM rows WHERE geom IS NOT NULL";
  }

  /**
   * A communities tile carries a second layer, {@value #OFFICES}: the point coverage is measured from
   * (the committee office, or a point on the surface where none is recorded; {@code office} says
   * which), so the map can show why a facility inside a polygon may still not cover it. Two MVT
   * layers concatenated are one valid tile.
   */
  private static String withOffices(String envelope, String rows) {
    return "WITH e AS (SELECT " + envelope + "), rows AS (" + rows + "),\n"
        + """
        offices AS (
          SELECT c.code::text AS code, c.ref_point IS NOT NULL AS office,
                 ST_AsMVTGeom(ST_Transform(c.anchor, 3857), e.env, %d, %d, true) AS geom
          FROM community c CROSS JOIN e
          WHERE c.anchor && ST_Transform(e.near, 4490))
        SELECT COALESCE((SELECT ST_AsMVT(rows, 'communities', %d, 'geom') FROM rows WHERE geom IS NOT NULL), ''::bytea)
            || COALESCE((SELECT ST_AsMVT(offices, '%s', %d, 'geom') FROM offices WHERE geom IS NOT NULL), ''::bytea)"""
        .formatted(EXTENT, POINT_BUFFER, EXTENT, OFFICES, EXTENT);
  }
}
