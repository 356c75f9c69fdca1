package linli.registry.ogc;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
  // 1.6 million facilities at province scale: counting a category's matches scans them all.
  FACILITIES(Catalog.FACILITIES, "facility", "category", "status"),
  COMMUNITIES(Catalog.COMMUNITIES, null),
  DISTRICTS(Catalog.DISTRICTS, null),
  STREETS(Catalog.STREETS, null);

  private final Layer layer;
  private final Map<String, Queryable> queryables;
  private final String propertiesJson;
  private final String revisionLayer;
  private final List<String> countedBy;

  /**
   * @param revisionLayer the table whose revision (registry_revision, V5) moves with every change of
   *     the collection's features, when its features are counted ahead ({@link PropertyCounts}); else null
   * @param countedBy the properties by whose values its features are counted ahead
   */
  OgcCollection(Layer layer, String revisionLayer, String... countedBy) {
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
    this.revisionLayer = revisionLayer;
    this.countedBy = List.of(countedBy);
    for (String name : countedBy) {
      if (!queryables.containsKey(name)) {
        throw new IllegalArgumentException(name + " is not a queryable property of " + layer.id());
      }
    }
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

  /** See the constructor; null when the collection's features are not counted ahead. */
  String revisionLayer() {
    return revisionLayer;
  }

  /** The properties by whose values the features are counted ahead (none when they are not). */
  List<String> countedBy() {
    return countedBy;
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
