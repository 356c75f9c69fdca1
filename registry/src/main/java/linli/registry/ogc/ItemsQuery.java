package linli.registry.ogc;

import java.time.LocalDate;
import linli.registry.crs.CoordinateSystem;
import linli.registry.ogc.cql.CqlExpr;

/**
 * One items request, validated: paging, an optional bbox (in {@code bboxCrs} axis order), an
 * optional date interval (either end open), an optional parsed CQL2 filter whose geometry
 * literals are in {@code filterCrs}, and the CRS to answer in.
 */
public record ItemsQuery(
    OgcCollection collection,
    int limit,
    long offset,
    double[] bbox,
    CoordinateSystem bboxCrs,
    LocalDate from,
    LocalDate to,
    boolean hasDatetime,
    CqlExpr filter,
    CoordinateSystem filterCrs,
    CoordinateSystem crs) {
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 10_000;

  /**
   * A REST list's page: longitude/latitude in (the bbox, CGCS2000 degrees, longitude first) and out,
   * as CRS84 is (the registry does not tell CGCS2000 and WGS84 apart); no datetime, no CQL2 filter.
   */
  public static ItemsQuery lonLat(OgcCollection collection, double[] bbox, int limit, long offset) {
    return new ItemsQuery(collection, limit, offset, bbox, CoordinateSystem.CRS84, null, null, false, null,
        CoordinateSystem.CRS84, CoordinateSystem.CRS84);
  }

  public ItemsQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
    if (bbox != null && bbox.length != 4) {
      throw new IllegalArgumentException("bbox needs 4 numbers");
    }
  }
}
