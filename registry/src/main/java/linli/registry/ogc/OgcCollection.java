package linli.registry.ogc;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;
import linli.registry.catalog.Property;
import linli.registry.ogc.cql.Queryable;
import linli.registry.ogc.cql.QueryableType;

/**
 * A feature collection served through OGC API - Features: a catalogue layer ({@link Catalog}) with
 * {@code inOgc}. Its rows, ids, geometry, dates and properties are the layer's; its queryables are
 * the layer's queryable properties plus the geometry. All SQL here is fixed server text.
 */
public enum OgcCollection {
  FACILITIES(Catalog.FACILITIES),
  COMMUNITIES(Catalog.COMMUNITIES),
  DISTRICTS(Catalog.DISTRICTS),
  STREETS(Catalog.STREETS);

  private final Layer layer;
  private final Map<String, Queryable> queryables;
  private final String propertiesJson;

  OgcCollection(Layer layer) {
    if (!layer.inOgc()) {
      throw new IllegalArgumentException(layer.id() + " is not declared for OGC API - Features");
    }
    this.layer = layer;
    Map<String, Queryable> byName = new LinkedHashMap<>();
    for (Property p : layer.properties()) {
      if (p.queryable()) {
        byName.put(p.name(), new Queryable(p.name(), p.sql(), queryableType(p)));
      }
    }
    byName.put("geometry", new Queryable("geometry", layer.geometrySql(), QueryableType.GEOMETRY));
    this.queryables = Collections.unmodifiableMap(byName);
    this.propertiesJson = layer.propertiesJsonSql("json_build_object");
  }

  private static QueryableType queryableType(Property p) {
    return switch (p.type()) {
      case TEXT -> QueryableType.STRING;
      case INTEGER -> QueryableType.INTEGER;
      case REAL -> QueryableType.NUMBER;
      case BOOLEAN -> QueryableType.BOOLEAN;
      case DATE -> QueryableType.DATE;
      case DATETIME -> QueryableType.TIMESTAMP;
      case JSON -> throw new IllegalArgumentException("JSON properties are not queryable: " + p.name());
    };
  }

  public static Optional<OgcCollection> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
  }

  public Layer layer() {
    return layer;
  }

  public String id() {
    return layer.id();
  }

  public String title() {
    return layer.titleEn();
  }

  public String description() {
    return layer.description();
  }

  String from() {
    return layer.from();
  }

  String where() {
    return layer.where();
  }

  String idColumn() {
    return layer.idSql();
  }

  String geometryColumn() {
    return layer.geometrySql();
  }

  /** The date column that {@code datetime} filters on, or null when the collection has none. */
  String temporalColumn() {
    return layer.temporalSql();
  }

  String propertiesJson() {
    return propertiesJson;
  }

  /** Properties a filter may use, by name, in declaration order. */
  public Map<String, Queryable> queryables() {
    return queryables;
  }

  public String geometryType() {
    return layer.geometryType().geoJson();
  }

  /** Whether features are identified by a number (facilities) or a code (communities, streets, districts). */
  public boolean numericIds() {
    return layer.numericId();
  }
}
