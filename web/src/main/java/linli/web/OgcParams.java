package linli.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import linli.registry.ogc.ItemsQuery;
import linli.registry.ogc.OgcCollection;
import linli.registry.crs.CoordinateSystem;
import linli.registry.ogc.cql.Cql2Parser;
import linli.registry.ogc.cql.CqlException;
import linli.registry.ogc.cql.CqlExpr;

/** The query parameters of OGC API - Features items requests, validated into an {@link ItemsQuery}. */
final class OgcParams {
  static final Set<String> ITEMS_PARAMS =
      Set.of("limit", "offset", "bbox", "bbox-crs", "datetime", "crs", "filter", "filter-lang", "filter-crs", "f");
  static final Set<String> ITEM_PARAMS = Set.of("crs", "f");
  /** The landing page, conformance, collections and queryables: the API definition gives them only f. */
  static final Set<String> META_PARAMS = Set.of("f");

  private OgcParams() {}

  /** /req/core/query-param-unknown: a parameter the API does not define is a 400. */
  static void rejectUnknown(Context ctx, Set<String> allowed) {
    rejectUnknown(ctx, allowed, Set.of("json", "geojson"));
  }

  /** As above, with the values {@code f} may take on this resource. */
  static void rejectUnknown(Context ctx, Set<String> allowed, Set<String> formats) {
    Set<String> unknown = new TreeSet<>(ctx.queryParamMap().keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      String name = unknown.iterator().next();
      throw Problem.invalid(name, "is not a parameter of this resource (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
    }
    String f = ctx.queryParam("f");
    if (f != null && !formats.contains(f)) {
      throw Problem.invalid("f", "must be one of " + String.join(", ", new TreeSet<>(formats)));
    }
  }

  static ItemsQuery items(Context ctx, OgcCollection collection) {
    rejectUnknown(ctx, ITEMS_PARAMS);
    QueryParams params = new QueryParams(ctx);
    // Larger limits are capped (Part 1 permits it); the next link continues from what was returned.
    int limit = Math.min(ItemsQuery.MAX_LIMIT, params.integer("limit", ItemsQuery.DEFAULT_LIMIT, 1, Integer.MAX_VALUE));
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    CoordinateSystem bboxCrs = crs(params, "bbox-crs");
    double[] bbox = bbox(params.text("bbox"), bboxCrs);
    CoordinateSystem filterCrs = crs(params, "filter-crs");
    String lang = params.text("filter-lang");
    if (lang != null && !lang.equals("cql2-text")) {
      throw Problem.invalid("filter-lang", "only cql2-text is supported");
    }
    CqlExpr filter = null;
    String text = params.text("filter");
    if (text != null) {
      try {
        filter = Cql2Parser.parse(text);
      } catch (CqlException e) {
        throw Problem.invalid("filter", e.getMessage());
      }
    }
    String datetime = params.text("datetime");
    LocalDate[] interval = datetime == null ? new LocalDate[2] : interval(datetime);
    return new ItemsQuery(collection, limit, offset, bbox, bboxCrs, interval[0], interval[1], datetime != null,
        filter, filterCrs, crs(params, "crs"));
  }

  static CoordinateSystem crs(QueryParams params, String name) {
    String uri = params.text(name);
    if (uri == null) {
      return CoordinateSystem.CRS84;
    }
    return CoordinateSystem.parse(uri, CoordinateSystem.Use.OGC).orElseThrow(() ->
        Problem.invalid(name, "'" + uri + "' is not offered; use one of "
            + CoordinateSystem.describe(CoordinateSystem.Use.OGC)));
  }

  private static double[] bbox(String value, CoordinateSystem crs) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split(",");
    if (parts.length != 4 && parts.length != 6) {
      throw Problem.invalid("bbox", "needs 4 numbers (or 6 with heights)");
    }
    double[] n = new double[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        n[i] = Double.parseDouble(parts[i].strip());
        if (!Double.isFinite(n[i])) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw Problem.invalid("bbox", "'" + value + "' is not a list of numbers");
    }
    double[] box = parts.length == 4 ? n : new double[] {n[0], n[1], n[3], n[4]};
    if (crs.isGeographic()) {
      int lat = crs.swapAxes() ? 0 : 1;
      if (box[lat] > box[lat + 2] || box[lat] < -90 || box[lat + 2] > 90) {
        throw Problem.invalid("bbox", "latitudes must lie in -90..90, lower first");
      }
      int lon = 1 - lat;
      if (box[lon] < -180 || box[lon + 2] > 180 || box[lon + 2] < -180 || box[lon] > 180) {
        throw Problem.invalid("bbox", "longitudes must lie in -180..180");
      }
    } else {
      if (box[0] > box[2] || box[1] > box[3]) {
        throw Problem.invalid("bbox", "the lower corner must come first");
      }
      // /req/core/fc-bbox-response: the values must lie within the CRS's extent.
      double[] area = crs.area();
      int x = crs.swapAxes() ? 1 : 0;
      int y = 1 - x;
      if (box[x] < area[0] || box[y] < area[1] || box[x + 2] > area[2] || box[y + 2] > area[3]) {
        throw Problem.invalid("bbox", "lies outside the area where " + crs.uri() + " is defined: easting "
            + plain(area[0]) + ".." + plain(area[2]) + ", northing " + plain(area[1]) + ".." + plain(area[3]));
      }
    }
    return box;
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A date, a timestamp, or an interval {@code start/end} with {@code ..} or nothing for an open end. */
  private static LocalDate[] interval(String value) {
    String[] ends = value.split("/", -1);
    if (ends.length > 2) {
      throw Problem.invalid("datetime", "must be an instant or start/end");
    }
    LocalDate start = instant(ends[0]);
    LocalDate end = ends.length == 1 ? start : instant(ends[1]);
    if (ends.length == 2 && start == null && end == null) {
      throw Problem.invalid("datetime", "an interval needs at least one end");
    }
    if (start != null && end != null && start.isAfter(end)) {
      throw Problem.invalid("datetime", "the start is after the end");
    }
    return new LocalDate[] {start, end};
  }

  private static LocalDate instant(String s) {
    if (s.isEmpty() || s.equals("..")) {
      return null;
    }
    try {
      return s.length() == 10 ? LocalDate.parse(s) : OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException e) {
      throw Problem.invalid("datetime", "'" + s + "' is not an RFC 3339 date or date-time");
    }
  }
}
