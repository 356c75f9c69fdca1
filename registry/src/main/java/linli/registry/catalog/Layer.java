package linli.registry.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A layer of the registry as every protocol sees it: where its rows come from (fixed server SQL),
 * how a row is identified and located, and its properties in the order every format writes them.
 *
 * @param from the FROM clause, with the table aliases the properties' SQL uses
 * @param where the condition every served row meets ({@code true} when none)
 * @param temporalSql the date the OGC {@code datetime} parameter filters on, or null
 * @param inOgc whether OGC API - Features serves the layer as a collection
 */
public record Layer(
    String id,
    String titleZh,
    String titleEn,
    String description,
    String from,
    String where,
    String idSql,
    boolean numericId,
    String geometrySql,
    GeometryType geometryType,
    String temporalSql,
    boolean inOgc,
    List<Property> properties) {

  /** The one geometry type every feature of a layer has. */
  public enum GeometryType {
    POINT("Point"), LINESTRING("LineString"), MULTIPOLYGON("MultiPolygon");

    private final String geoJson;

    GeometryType(String geoJson) {
      this.geoJson = geoJson;
    }

    /** The GeoJSON (and OGC, Simple Features) name: Point, LineString, MultiPolygon. */
    public String geoJson() {
      return geoJson;
    }
  }

  public Layer {
    properties = List.copyOf(properties);
    Map<String, Property> seen = new LinkedHashMap<>();
    for (Property p : properties) {
      if (p.exportName() == null) {
        throw new IllegalArgumentException(id + "." + p.name() + " is longer than a dBase field name: give it exportedAs");
      }
      if (seen.put(p.name(), p) != null) {
        throw new IllegalArgumentException("layer " + id + " declares " + p.name() + " twice");
      }
    }
  }

  public Optional<Property> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The properties API writes and imports take as given ({@link Property#writtenAsGiven()}), in declaration order. */
  public List<Property> written() {
    return properties.stream().filter(p -> p.written() != null).toList();
  }

  public List<Property> tileAttributes() {
    return properties.stream().filter(Property::tileAttribute).toList();
  }

  /**
   * The properties as one SQL JSON object ({@code json_build_object('name', expr, ...)}); JSON
   * properties stay objects. {@code json_build_object} takes at most 100 arguments, so larger
   * layers are built from several objects merged.
   */
  public String propertiesJsonSql(String function) {
    List<String> parts = new java.util.ArrayList<>();
    for (int i = 0; i < properties.size(); i += 40) {
      parts.add(properties.subList(i, Math.min(properties.size(), i + 40)).stream()
          .map(p -> "'" + p.name() + "', " + p.sql())
          .collect(Collectors.joining(", ", function + "(", ")")));
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    String merged = parts.stream().map(p -> p.startsWith("jsonb") ? p : p + "::jsonb").collect(Collectors.joining(" || "));
    return function.startsWith("jsonb") ? "(" + merged + ")" : "(" + merged + ")::json";
  }

  /**
   * The properties as an SQL select list, each under its contract name: {@code f.name, ...}. Kept
   * short: pg_stat_activity shows only the first 1 KB of a statement, and operators read it there.
   */
  public String selectListSql() {
    return selectListSql(properties);
  }

  /** Some of the layer's properties (its tile attributes, say) as a select list, as {@link #selectListSql()}. */
  public static String selectListSql(List<Property> some) {
    return some.stream().map(Layer::selected).collect(Collectors.joining(", "));
  }

  /** {@code f.name} as it is (the column is already so named), anything else under its name. */
  static String selected(Property p) {
    return p.sql().matches("[a-z]\\." + p.name()) ? p.sql() : p.sql() + " AS \"" + p.name() + "\"";
  }
}
