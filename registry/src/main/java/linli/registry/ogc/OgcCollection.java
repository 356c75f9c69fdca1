package linli.registry.ogc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.ogc.cql.Queryable;
import linli.registry.ogc.cql.QueryableType;

/**
 * A feature collection served through OGC API - Features: where its rows come from, how a row
 * becomes GeoJSON, and which properties a filter may use. All SQL here is fixed server text.
 */
public enum OgcCollection {
  FACILITIES(
      "facilities",
      "Community service facilities",
      "Facilities of Qingdao's community service plan: shelters, police offices, care stations and more.",
      "facility f",
      "NOT f.deleted",
      "f.id",
      "f.geom",
      "f.opened_on",
      """
      json_build_object('category', f.category, 'name', f.name, 'address', f.address, 'status', f.status,
        'capacity', f.capacity, 'area_m2', f.area_m2, 'community_code', f.community_code,
        'opened_on', f.opened_on, 'source', f.source, 'source_id', f.source_id, 'extra', f.extra::text,
        'version', f.version, 'updated_at', f.updated_at, 'updated_by', f.updated_by)""",
      List.of(
          new Queryable("category", "f.category", QueryableType.STRING),
          new Queryable("name", "f.name", QueryableType.STRING),
          new Queryable("address", "f.address", QueryableType.STRING),
          new Queryable("status", "f.status", QueryableType.STRING),
          new Queryable("capacity", "f.capacity", QueryableType.INTEGER),
          new Queryable("area_m2", "f.area_m2", QueryableType.NUMBER),
          new Queryable("community_code", "f.community_code::text", QueryableType.STRING),
          new Queryable("opened_on", "f.opened_on", QueryableType.DATE),
          new Queryable("source", "f.source", QueryableType.STRING),
          new Queryable("source_id", "f.source_id", QueryableType.STRING),
          new Queryable("version", "f.version", QueryableType.INTEGER),
          new Queryable("updated_at", "f.updated_at", QueryableType.TIMESTAMP),
          new Queryable("updated_by", "f.updated_by", QueryableType.STRING),
          new Queryable("geometry", "f.geom", QueryableType.GEOMETRY)),
      "Point"),
  COMMUNITIES(
      "communities",
      "Communities and village committees",
      "Qingdao's community (社区) and village (村) committees with their population.",
      "community c JOIN street s ON s.code = c.street_code JOIN district d ON d.code = s.district_code",
      "true",
      "c.code",
      "c.geom",
      null,
      """
      json_build_object('code', c.code, 'name', c.name, 'kind', c.kind, 'street_code', s.code,
        'street_name', s.name, 'district_code', d.code, 'district_name', d.name, 'population', c.population,
        'workers', c.workers, 'smart', c.smart, 'ref_lon', ST_X(c.ref_point), 'ref_lat', ST_Y(c.ref_point))""",
      List.of(
          new Queryable("code", "c.code::text", QueryableType.STRING),
          new Queryable("name", "c.name", QueryableType.STRING),
          new Queryable("kind", "c.kind", QueryableType.STRING),
          new Queryable("street_code", "s.code::text", QueryableType.STRING),
          new Queryable("street_name", "s.name", QueryableType.STRING),
          new Queryable("district_code", "d.code::text", QueryableType.STRING),
          new Queryable("district_name", "d.name", QueryableType.STRING),
          new Queryable("population", "c.population", QueryableType.INTEGER),
          new Queryable("workers", "c.workers", QueryableType.INTEGER),
          new Queryable("smart", "c.smart", QueryableType.BOOLEAN),
          new Queryable("geometry", "c.geom", QueryableType.GEOMETRY)),
      "MultiPolygon");

  private final String id;
  private final String title;
  private final String description;
  private final String from;
  private final String where;
  private final String idColumn;
  private final String geometryColumn;
  private final String temporalColumn;
  private final String propertiesJson;
  private final Map<String, Queryable> queryables;
  private final String geometryType;

  OgcCollection(String id, String title, String description, String from, String where, String idColumn,
      String geometryColumn, String temporalColumn, String propertiesJson, List<Queryable> queryables,
      String geometryType) {
    this.id = id;
    this.title = title;
    this.description = description;
    this.from = from;
    this.where = where;
    this.idColumn = idColumn;
    this.geometryColumn = geometryColumn;
    this.temporalColumn = temporalColumn;
    this.propertiesJson = propertiesJson;
    Map<String, Queryable> byName = new LinkedHashMap<>();
    queryables.forEach(q -> byName.put(q.name(), q));
    this.queryables = java.util.Collections.unmodifiableMap(byName);
    this.geometryType = geometryType;
  }

  public static Optional<OgcCollection> byId(String id) {
    for (OgcCollection c : values()) {
      if (c.id.equals(id)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  String from() {
    return from;
  }

  String where() {
    return where;
  }

  String idColumn() {
    return idColumn;
  }

  String geometryColumn() {
    return geometryColumn;
  }

  /** The date column that {@code datetime} filters on, or null when the collection has none. */
  String temporalColumn() {
    return temporalColumn;
  }

  String propertiesJson() {
    return propertiesJson;
  }

  /** Properties a filter may use, by name, in declaration order. */
  public Map<String, Queryable> queryables() {
    return queryables;
  }


  public String geometryType() {
    return geometryType;
  }

  /** Whether features are identified by a number (facilities) or a code (communities). */
  public boolean numericIds() {
    return this == FACILITIES;
  }
}
