package linli.registry.ogc;

import java.util.ArrayList;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import linli.registry.ogc.cql.CqlSqlWriter;
import linli.registry.ogc.cql.SqlFragment;

/**
 * Builds the SQL of an items request: a pure step, testable without a database. The request's
 * values only ever travel as parameters; collection SQL is fixed server text. It writes the item
 * SQL of every list: the OGC items and the REST lists ({@code /api/facilities},
 * {@code /api/communities}), which add their own filters as further conditions.
 */
public final class ItemsSql {
  private ItemsSql() {}

  /** One page of features with numberMatched and numberReturned. */
  public static SqlFragment page(ItemsQuery q) {
    return page(q, List.of());
  }

  /**
   * One page of the features that also meet {@code more}: conditions over the collection's table
   * aliases, fixed server SQL whose values are parameters (the REST lists' own filters).
   */
  public static SqlFragment page(ItemsQuery q, List<SqlFragment> more) {
    OgcCollection c = q.collection();
    List<Object> params = new ArrayList<>();
    String where = where(q, more, params);
    params.add(q.limit());
    params.add(q.offset());
    String sql = """
        WITH matched AS (SELECT %1$s AS fid FROM %2$s WHERE %3$s),
        page AS (SELECT fid FROM matched ORDER BY fid LIMIT ? OFFSET ?)
        SELECT (SELECT count(*) FROM matched), (SELECT count(*) FROM page), %4$s
        """.formatted(c.idColumn(), c.from(), where, features(q));
    return new SqlFragment(sql, params);
  }

  /**
   * One page of the features that also meet {@code more}, without numberMatched: numberReturned and
   * the features, for a caller that knows the number of matches from elsewhere. The page alone lets
   * PostgreSQL walk the id index until it has the page (a few ms for a category of 1.6 million
   * facilities) where counting every match costs a scan of them all.
   */
  public static SqlFragment uncountedPage(ItemsQuery q, List<SqlFragment> more) {
    OgcCollection c = q.collection();
    List<Object> params = new ArrayList<>();
    String where = where(q, more, params);
    params.add(q.limit());
    params.add(q.offset());
    String sql = """
        WITH page AS (SELECT %1$s AS fid FROM %2$s WHERE %3$s ORDER BY %1$s LIMIT ? OFFSET ?)
        SELECT (SELECT count(*) FROM page), %4$s
        """.formatted(c.idColumn(), c.from(), where, features(q));
    return new SqlFragment(sql, params);
  }

  /** The collection's conditions, the request's and {@code more}, their values appended to {@code params}. */
  private static String where(ItemsQuery q, List<SqlFragment> more, List<Object> params) {
    String where = conditions(q, params);
    for (SqlFragment condition : more) {
      where += " AND (" + condition.sql() + ")";
      params.addAll(condition.parameters());
    }
    return where;
  }

  /** The features of the CTE {@code page}'s ids as one JSON array, in id order. */
  private static String features(ItemsQuery q) {
    OgcCollection c = q.collection();
    return """
        coalesce((SELECT json_agg(%1$s ORDER BY %2$s) FROM page JOIN %3$s ON %2$s = page.fid),
                 '[]'::json)::text""".formatted(feature(c, q.crs()), c.idColumn(), c.from());
  }

  /** One feature by id, or no row. */
  public static SqlFragment one(OgcCollection c, Object id, CoordinateSystem crs) {
    String sql = "SELECT %s::text FROM %s WHERE %s AND %s = ?"
        .formatted(feature(c, crs), c.from(), c.where(), c.idColumn());
    return new SqlFragment(sql, List.of(id));
  }

  static String feature(OgcCollection c, CoordinateSystem crs) {
    // RFC 7946 3.1.6: exterior rings counter-clockwise, holes clockwise, whatever order they were stored in.
    String geometry = c.geometryType().equals("Point") ? c.geometryColumn()
        : "ST_ForcePolygonCCW(" + c.geometryColumn() + ")";
    return "json_build_object('type', 'Feature', 'id', %s, 'geometry', ST_AsGeoJSON(%s, %d, 0)::json, 'properties', %s)"
        .formatted(c.idColumn(), fromStorage(crs, geometry), crs.decimals(), c.propertiesJson());
  }

  /** A storage geometry expression in {@code crs}, axes as the CRS defines them (geographic ones need no transform). */
  private static String fromStorage(CoordinateSystem crs, String geometry) {
    String transformed = crs.isGeographic() ? geometry : "ST_Transform(" + geometry + ", " + crs.srid() + ")";
    return crs.swapAxes() ? "ST_FlipCoordinates(" + transformed + ")" : transformed;
  }

  private static String conditions(ItemsQuery q, List<Object> params) {
    OgcCollection c = q.collection();
    List<String> and = new ArrayList<>();
    and.add(c.where());
    if (q.bbox() != null) {
      and.add(bbox(c, q.bbox(), q.bboxCrs(), params));
    }
    // /req/core/fc-time-response C: datetime also matches every feature without a temporal value, so
    // a collection without a temporal property (communities) is not filtered at all.
    if (q.hasDatetime() && c.temporalColumn() != null && (q.from() != null || q.to() != null)) {
      List<String> within = new ArrayList<>();
      if (q.from() != null) {
        within.add(c.temporalColumn() + " >= ?");
        params.add(q.from());
      }
      if (q.to() != null) {
        within.add(c.temporalColumn() + " <= ?");
        params.add(q.to());
      }
      and.add("(" + c.temporalColumn() + " IS NULL OR (" + String.join(" AND ", within) + "))");
    }
    if (q.filter() != null) {
      CoordinateSystem fc = q.filterCrs();
      SqlFragment filter = new CqlSqlWriter(c.queryables(), fc.srid(), fc.swapAxes(), CoordinateSystem.STORAGE_SRID,
          fc.area())
          .write(q.filter());
      and.add("(" + filter.sql() + ")");
      params.addAll(filter.parameters());
    }
    return String.join(" AND ", and);
  }

  /**
   * The bbox as a condition on storage coordinates. A geographic box whose west edge lies east of
   * its east edge crosses the antimeridian (Part 1, 7.15.3) and becomes two boxes.
   */
  private static String bbox(OgcCollection c, double[] b, CoordinateSystem crs, List<Object> params) {
    double minX = crs.swapAxes() ? b[1] : b[0];
    double minY = crs.swapAxes() ? b[0] : b[1];
    double maxX = crs.swapAxes() ? b[3] : b[2];
    double maxY = crs.swapAxes() ? b[2] : b[3];
    if (crs.isGeographic() && minX > maxX) {
      return "(" + intersectsBox(c, minX, minY, 180, maxY, crs, params) + " OR "
          + intersectsBox(c, -180, minY, maxX, maxY, crs, params) + ")";
    }
    return intersectsBox(c, minX, minY, maxX, maxY, crs, params);
  }

  /**
   * The box is the envelope of its diagonal: a degenerate box (a point or a line) then stays a
   * point or a line that touches what it should, where a zero-area polygon would match nothing.
   * Projected boxes are densified before they are transformed, so that their edges follow the
   * CRS's grid lines instead of cutting across them (200 m off over 120 km in EPSG:4549).
   */
  private static String intersectsBox(OgcCollection c, double minX, double minY, double maxX, double maxY,
      CoordinateSystem crs, List<Object> params) {
    params.addAll(List.of(minX, minY, maxX, maxY));
    String envelope = "ST_Envelope(ST_MakeLine(ST_MakePoint(?, ?), ST_MakePoint(?, ?)))";
    if (crs.isGeographic()) {
      envelope = "ST_SetSRID(" + envelope + ", " + CoordinateSystem.STORAGE_SRID + ")";
    } else {
      params.add(Math.max(Math.max(maxX - minX, maxY - minY) / 64, 1.0));
      envelope = "ST_Transform(ST_Segmentize(ST_SetSRID(" + envelope + ", " + crs.srid() + "), ?), "
          + CoordinateSystem.STORAGE_SRID + ")";
    }
    return "ST_Intersects(" + c.geometryColumn() + ", " + envelope + ")";
  }
}
