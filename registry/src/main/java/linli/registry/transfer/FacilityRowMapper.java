package linli.registry.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Property;
import linli.registry.catalog.PropertyValues;
import linli.registry.crs.CoordinateSystem;
import linli.registry.facility.FacilityRules;
import linli.registry.transfer.read.ImportJson;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Turns one {@link SourceRecord} into a {@link StagedFacility}, or into the violations that keep it
 * out, each naming the row and the field. Pure: everything it needs is given to it.
 */
final class FacilityRowMapper {
  private static final Map<String, String> STATUS_WORDS = Map.ofEntries(
      Map.entry("规划", "planned"), Map.entry("拟建", "planned"), Map.entry("在建", "building"),
      Map.entry("建设中", "building"), Map.entry("开放", "open"), Map.entry("启用", "open"),
      Map.entry("正常", "open"), Map.entry("使用中", "open"), Map.entry("在用", "open"),
      Map.entry("关闭", "closed"), Map.entry("停用", "closed"), Map.entry("废弃", "closed"));

  /** What the mapper knows about the registry and the request. */
  record Settings(Map<String, String> categoryByCodeOrName, String defaultCategory, CoordinateSystem crs) {}

  /** Either a staged row or why it is rejected. */
  record Result(StagedFacility staged, List<Violation> violations) {}

  private static final double MAX_MERCATOR_LATITUDE = 85.05112878;
  private static final List<Property> WRITTEN = Catalog.FACILITIES.written();

  private final Settings settings;
  private final WKTReader wkt = new WKTReader();
  /** Header → field (empty: not a field), worked out once per header rather than once per cell. */
  private final Map<String, Optional<String>> fieldOf = new HashMap<>();
  private final ImportSample.Collector sample = new ImportSample.Collector();

  FacilityRowMapper(Settings settings) {
    this.settings = settings;
  }

  /**
   * The file as mapped so far: headers read as fields, the first rows, the first point. Read it on the
   * thread that mapped, or after that thread ended.
   */
  ImportSample sample() {
    return sample.sample();
  }

  Result map(SourceRecord record) {
    long row = record.row();
    sample.row(record);
    List<Violation> errors = new ArrayList<>(record.problems());
    Map<String, String> fields = new LinkedHashMap<>();
    ObjectNode extra = ImportJson.newObject();
    for (Map.Entry<String, String> e : record.attributes().entrySet()) {
      String field = fieldOf.computeIfAbsent(e.getKey(), h -> Optional.ofNullable(FacilityColumns.fieldOf(h)))
          .orElse(null);
      if (field != null) {
        sample.column(e.getKey(), field);
      }
      String value = e.getValue() == null ? null : e.getValue().strip();
      if (field == null) {
        if (value != null && !value.isEmpty()) {
          extra.put(e.getKey().strip(), value);
        }
      } else if (value != null && !value.isEmpty()) {
        fields.put(field, value);
      }
    }
    if (fields.containsKey("extra")) {
      // An export's extra column is the JSON object itself; other text in a column so named is kept as text.
      ObjectNode members = ImportJson.object(fields.get("extra"));
      if (members == null) {
        extra.putIfAbsent("extra", TextNode.valueOf(fields.get("extra")));
      } else {
        members.forEachEntry(extra::putIfAbsent);
      }
    }
    String category = category(fields.get("category"), row, errors);
    String status = status(fields.get("status"), row, errors);
    PropertyValues values = written(fields, row, errors);
    String community = fields.get("community_code");
    if (community != null && !community.matches("[0-9]{12}")) {
      errors.add(new Violation(row, "community_code", "'" + community + "' is not a 12-digit code"));
    }
    double[] xy = location(record.geometry(), fields, row, errors);
    String sourceId = fields.get("source_id");
    if (sourceId != null && sourceId.length() > FacilityRules.MAX_SOURCE_ID) {
      errors.add(new Violation(row, "source_id", "is longer than " + FacilityRules.MAX_SOURCE_ID + " characters"));
    }
    if (!errors.isEmpty()) {
      return new Result(null, errors);
    }
    if (sourceId == null) {
      // No id column: an id derived from what the row says, so re-importing the same list matches.
      sourceId = "h:" + digest(values.get("name") + "|" + Math.round(xy[0] * 1e6) + "|" + Math.round(xy[1] * 1e6));
    }
    return new Result(new StagedFacility(row, category, status, values, community, sourceId, ImportJson.write(extra),
        xy[0], xy[1]), List.of());
  }

  /**
   * The catalogue's properties written as given, each read by its type and checked against its
   * declared limits, with the same words as the API's rules.
   */
  private static PropertyValues written(Map<String, String> fields, long row, List<Violation> errors) {
    PropertyValues.Builder values = PropertyValues.of(Catalog.FACILITIES);
    for (Property p : WRITTEN) {
      String text = fields.get(p.name());
      Object value;
      try {
        value = text == null ? null : switch (p.type()) {
          case INTEGER -> TextValues.wholeNumber(text);
          case REAL -> TextValues.number(text);
          case DATE -> TextValues.date(text);
          case TEXT -> text;
          default -> throw new IllegalStateException(p.name() + ": an import does not read " + p.type() + " yet");
        };
      } catch (java.time.DateTimeException | IllegalArgumentException e) {
        errors.add(new Violation(row, p.name(), "'" + text + "' is not " + switch (p.type()) {
          case INTEGER -> "a whole number";
          case REAL -> "a number";
          default -> "a date";
        }));
        continue;
      }
      String problem = p.problem(value);
      if (problem != null) {
        errors.add(new Violation(row, p.name(), problem));
      } else {
        values.put(p, value);
      }
    }
    return values.build();
  }

  private String category(String value, long row, List<Violation> errors) {
    String given = value == null ? settings.defaultCategory() : value;
    if (given == null) {
      errors.add(new Violation(row, "category", "is required (or give a default category for the import)"));
      return null;
    }
    String code = settings.categoryByCodeOrName().get(given.strip().toLowerCase(Locale.ROOT));
    if (code == null) {
      errors.add(new Violation(row, "category", "unknown category '" + given + "' (a code or Chinese name, see /api/categories)"));
    }
    return code;
  }

  private static String status(String value, long row, List<Violation> errors) {
    if (value == null) {
      return "open";
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (FacilityRules.STATUSES.contains(v)) {
      return v;
    }
    String mapped = STATUS_WORDS.get(v);
    if (mapped == null) {
      errors.add(new Violation(row, "status", "'" + value + "' is not one of " + String.join(", ", FacilityRules.STATUSES)
          + " (or 规划, 在建, 开放, 关闭)"));
    }
    return mapped;
  }

  /** x/y in the staging CRS: from the record's geometry, a WKT column, or lon/lat columns. */
  private double[] location(Geometry geometry, Map<String, String> fields, long row, List<Violation> errors) {
    Geometry g = geometry;
    if (g == null && fields.containsKey("wkt")) {
      try {
        g = wkt.read(fields.get("wkt"));
      } catch (ParseException e) {
        errors.add(new Violation(row, "wkt", "is not WKT: " + e.getMessage()));
        return null;
      }
    }
    double x;
    double y;
    if (g != null) {
      if (g instanceof MultiPoint mp && mp.getNumGeometries() == 1) {
        g = mp.getGeometryN(0);
      }
      if (!(g instanceof Point p) || p.isEmpty()) {
        errors.add(new Violation(row, "geometry", "a facility must be a Point, was " + g.getGeometryType()));
        return null;
      }
      x = p.getX();
      y = p.getY();
    } else {
      String lon = fields.get("lon");
      String lat = fields.get("lat");
      if (lon == null || lat == null) {
        errors.add(new Violation(row, lon == null ? "lon" : "lat", "is missing: give lon and lat (经度, 纬度) or wkt"));
        return null;
      }
      try {
        x = TextValues.degreesOrNumber(lon, settings.crs().isGeographic());
      } catch (NumberFormatException e) {
        errors.add(new Violation(row, "lon", e.getMessage()));
        return null;
      }
      try {
        y = TextValues.degreesOrNumber(lat, settings.crs().isGeographic());
      } catch (NumberFormatException e) {
        errors.add(new Violation(row, "lat", e.getMessage()));
        return null;
      }
    }
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      errors.add(new Violation(row, "geometry", "coordinates must be finite numbers"));
      return null;
    }
    if (settings.crs().isGeographic() && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
      String hint = Math.abs(y) <= 180 && Math.abs(x) <= 90 ? " (longitude and latitude look swapped)" : "";
      // Numbers from the lon/lat columns: name the column the clerk has to correct.
      String field = geometry != null ? "geometry" : g != null ? "wkt" : Math.abs(x) > 180 ? "lon" : "lat";
      errors.add(new Violation(row, field, "[" + x + ", " + y + "] is not a longitude/latitude" + hint));
      return null;
    }
    if (settings.crs().isGeographic()) {
      sample.point(row, x, y);
    }
    if (settings.crs().isGeographic() && Math.abs(y) > MAX_MERCATOR_LATITUDE) {
      // Every facility also gets a Web Mercator copy (geom_m), which does not exist at the poles.
      errors.add(new Violation(row, "geometry", "latitude " + y + " is beyond ±85.0511°, which no map can show"));
      return null;
    }
    // GCJ-02 and BD-09 are converted here: PostGIS does not know them.
    return settings.crs().offsetToWgs84(x, y);
  }

  private static String digest(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
