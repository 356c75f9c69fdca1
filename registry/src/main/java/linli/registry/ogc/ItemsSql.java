package linli.registry.ogc;

import java.util.ArrayList;
import java.util.List;
import linli.registry.ogc.cql.CqlSqlWriter;
import linli.registry.ogc.cql.SqlFragment;

/**
 * Builds the SQL of an items request: a pure step, testable without a database. The request's
 * values only ever travel as parameters; collection SQL is fixed server text.
 */
public final class ItemsSql {
  private ItemsSql() {}

  /** One page of features with numberMatched and numberReturned. */
  public static SqlFragment page(ItemsQuery q) {
    OgcCollection c = q.collection();
    List<Object> params = new ArrayList<>();
    String where = conditions(q, params);
    params.add(q.limit());
    params.add(q.offset());
    String sql = """
        WITH matched AS (SELECT %1$s AS fid FROM %2$s WHERE %3$s),
        page AS (SELECT fid FROM matched ORDER BY fid LIMIT ? OFFSET ?)
        SELECT (SELECT count(*) FROM matched), (SELECT count(*) FROM page),
               coalesce((SELECT json_agg(%4$s ORDER BY %1$s) FROM page JOIN %2$s ON %1$s = page.fid),
                        '[]'::json)::text
        """.formatted(c.idColumn(), c.from(), where, feature(c, q.crs()));
    return new SqlFragment(sql, params);
  }

  /** One feature by id, or no row. */
  public static SqlFragment one(OgcCollection c, Object id, OgcCrs crs) {
    String sql = "SELECT %s::text FROM %s WHERE %s AND %s = ?"
        .formatted(feature(c, crs), c.from(), c.where(), c.idColumn());
    return new SqlFragment(sql, List.of(id));
  }

  static String feature(OgcCollection c, OgcCrs crs) {
    return "json_build_object('type', 'Feature', 'id', %s, 'geometry', ST_AsGeoJSON(%s, %d, 0)::json, 'properties', %s)"
        .formatted(c.idColumn(), crs.fromStorage(c.geometryColumn()), crs.decimals(), c.propertiesJson());
  }

  private static String conditions(ItemsQuery q, List<Object> params) {
    OgcCollection c = q.collection();
    List<String> and = new ArrayList<>();
    and.add(c.where());
    if (q.bbox() != null) {
      and.add(bbox(c, q.bbox(), q.bboxCrs(), params));
    }
    if (q.hasDatetime()) {
      if (c.temporalColumn() == null) {
        and.add("false"); // no temporal property: no feature's time intersects the request's
      } else {
        and.add(c.temporalColumn() + " IS NOT NULL");
        if (q.from() != null) {
          and.add(c.temporalColumn() + " >= ?");
          params.add(q.from());
        }
        if (q.to() != null) {
          and.add(c.temporalColumn() + " <= ?");
          params.add(q.to());
        }
      }
    }
    if (q.filter() != null) {
      OgcCrs fc = q.filterCrs();
      SqlFragment filter = new CqlSqlWriter(c.queryables(), fc.srid(), fc.swapAxes(), OgcCrs.STORAGE_SRID)
          .write(q.filter());
      and.add("(" + filter.sql() + ")");
      params.addAll(filter.parameters());
    }
    return String.join(" AND ", and);
  }

  /** The bbox as an envelope in its CRS, brought to storage coordinates. */
  private static String bbox(OgcCollection c, double[] b, OgcCrs crs, List<Object> params) {
    double minX = crs.swapAxes() ? b[1] : b[0];
    double minY = crs.swapAxes() ? b[0] : b[1];
    double maxX = crs.swapAxes() ? b[3] : b[2];
    double maxY = crs.swapAxes() ? b[2] : b[3];
    params.addAll(List.of(minX, minY, maxX, maxY));
    String envelope = crs.isGeographic()
        ? "ST_MakeEnvelope(?, ?, ?, ?, " + OgcCrs.STORAGE_SRID + ")"
        : "ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, " + crs.srid() + "), " + OgcCrs.STORAGE_SRID + ")";
    return "ST_Intersects(" + c.geometryColumn() + ", " + envelope + ")";
  }
}
