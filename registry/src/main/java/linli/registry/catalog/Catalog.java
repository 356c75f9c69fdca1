package linli.registry.catalog;

import static linli.registry.catalog.ValueType.BOOLEAN;
import static linli.registry.catalog.ValueType.DATE;
import static linli.registry.catalog.ValueType.DATETIME;
import static linli.registry.catalog.ValueType.INTEGER;
import static linli.registry.catalog.ValueType.JSON;
import static linli.registry.catalog.ValueType.REAL;
import static linli.registry.catalog.ValueType.TEXT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import linli.registry.catalog.Layer.GeometryType;

/**
 * The registry's vocabulary, declared once: each layer with its properties. OGC API - Features,
 * the exports, the vector tiles, the GeoJSON of {@code /api/facilities} (the SQL function
 * {@code facility_as_feature}, made from this declaration by {@link FacilityFeatureFunction}) and
 * the import's column mapping all read it; the properties written as given ({@link Property#writtenAsGiven()})
 * also make the facility write path (draft, rules, insert/update/restore and import statements).
 * docs/ARCHITECTURE.md says how to add a property.
 */
public final class Catalog {
  private Catalog() {}

  public static final Layer FACILITIES = new Layer(
      "facilities", "社区服务设施", "Community service facilities",
      "Facilities of the community service plan: shelters, police offices, care stations and more.",
      "facility f", "NOT f.deleted", "f.id", true, "f.geom", GeometryType.POINT, "f.opened_on", true,
      List.of(
          Property.of("category", TEXT, "f.category", "类别", "Category").importedFrom("类型").inTiles(),
          Property.of("name", TEXT, "f.name", "名称", "Name").importedFrom("场所名称").inTiles().required()
              .maxLength(200),
          Property.of("address", TEXT, "f.address", "地址", "Address").maxLength(500),
          Property.of("phone", TEXT, "f.phone", "联系电话", "Contact phone")
              .importedFrom("电话", "联系方式", "contact_phone", "telephone", "tel").maxLength(50),
          Property.of("management_unit", TEXT, "f.management_unit", "管理单位", "Management unit")
              .exportedAs("mgmt_unit").importedFrom("管理部门", "主管单位").maxLength(200),
          Property.of("status", TEXT, "f.status", "状态", "Status").inTiles(),
          Property.of("capacity", INTEGER, "f.capacity", "容纳人数", "Capacity (people)").importedFrom("可容纳人数")
              .inTiles().nonNegative(),
          Property.of("area_m2", REAL, "f.area_m2", "面积", "Area (m²)").importedFrom("有效面积").nonNegative(),
          Property.of("community_code", TEXT, "f.community_code::text", "社区代码", "Community code")
              .exportedAs("comm_code"),
          Property.of("opened_on", DATE, "f.opened_on", "启用日期", "Opened on").writtenAsGiven(),
          // An import takes the source from its request (one file, one source), never from a column.
          Property.of("source", TEXT, "f.source", "来源", "Source").setByRegistry(),
          Property.of("source_id", TEXT, "f.source_id", "编号", "Source id"),
          Property.of("extra", JSON, "f.extra", "其他属性", "Other attributes"),
          Property.of("version", INTEGER, "f.version", "版本", "Version").setByRegistry(),
          Property.of("updated_at", DATETIME, "f.updated_at", "更新时间", "Updated at").setByRegistry(),
          Property.of("updated_by", TEXT, "f.updated_by", "更新者", "Updated by").setByRegistry()));

  public static final Layer COMMUNITIES = new Layer(
      "communities", "社区（村）", "Communities and village committees",
      "Community (社区) and village (村) committees with their population.",
      "community c JOIN street s ON s.code = c.street_code JOIN district d ON d.code = s.district_code", "true",
      "c.code", false, "c.geom", GeometryType.MULTIPOLYGON, null, true,
      List.of(
          Property.of("code", TEXT, "c.code::text", "社区代码", "Code").importedFrom("统计代码", "编号").inTiles(),
          Property.of("name", TEXT, "c.name", "名称", "Name").importedFrom("社区名称").inTiles(),
          Property.of("kind", TEXT, "c.kind", "类型", "Kind"),
          Property.of("street_code", TEXT, "s.code::text", "街道代码", "Street code").exportedAs("strt_code"),
          // The street's and district's codes and names are read to register a street or district
          // that is missing (CommunityImporter); a registered one keeps its name.
          Property.of("street_name", TEXT, "s.name", "街道名称", "Street").exportedAs("strt_name").inTiles(),
          Property.of("district_code", TEXT, "d.code::text", "区县代码", "District code").exportedAs("dist_code")
              .inTiles(),
          Property.of("district_name", TEXT, "d.name", "区县名称", "District").exportedAs("dist_name").inTiles(),
          Property.of("population", INTEGER, "c.population", "常住人口", "Population").importedFrom("人口").inTiles(),
          Property.of("workers", INTEGER, "c.workers", "社区工作者", "Community workers"),
          Property.of("smart", BOOLEAN, "c.smart", "智慧社区", "Smart community"),
          Property.of("ref_lon", REAL, "ST_X(c.ref_point)", "办公地点经度", "Office longitude"),
          Property.of("ref_lat", REAL, "ST_Y(c.ref_point)", "办公地点纬度", "Office latitude")));

  /**
   * Districts (区, 县级市) with their boundary: the one given, or else the union of their communities
   * (geom_derived; V17 keeps it in step as communities change).
   */
  public static final Layer DISTRICTS = new Layer(
      "districts", "区县", "Districts",
      "Districts (区, 县级市); one registered without a boundary has the union of its communities.",
      "district d", "true", "d.code", false, "d.geom", GeometryType.MULTIPOLYGON, null, true,
      List.of(
          Property.of("code", TEXT, "d.code::text", "区县代码", "Code")
              .importedFrom("代码", "行政区划代码", "统计代码"),
          Property.of("name", TEXT, "d.name", "区县名称", "Name").importedFrom("名称"),
          boundaryDerived("d")));

  /** Streets and towns (街道, 镇) with their district; the boundary as for {@link #DISTRICTS}. */
  public static final Layer STREETS = new Layer(
      "streets", "街道（镇）", "Streets and towns",
      "Streets (街道) and towns (镇) with their district; one registered without a boundary has the union of its"
          + " communities.",
      "street s JOIN district d ON d.code = s.district_code", "true", "s.code", false, "s.geom",
      GeometryType.MULTIPOLYGON, null, true,
      List.of(
          Property.of("code", TEXT, "s.code::text", "街道代码", "Code")
              .importedFrom("代码", "行政区划代码", "统计代码"),
          Property.of("name", TEXT, "s.name", "街道名称", "Name").importedFrom("名称"),
          Property.of("kind", TEXT, "s.kind", "类型", "Kind (街道, 镇, 其他)"),
          Property.of("district_code", TEXT, "s.district_code::text", "区县代码", "District code")
              .exportedAs("dist_code"),
          Property.of("district_name", TEXT, "d.name", "区县名称", "District").exportedAs("dist_name").inTiles(),
          boundaryDerived("s")));

  /**
   * Whether the boundary is the union of the communities rather than one given. An import reads it:
   * true asks for the derived boundary again (an exported derived boundary is not frozen on re-import).
   */
  private static Property boundaryDerived(String alias) {
    return Property.of("boundary_derived", BOOLEAN, alias + ".geom_derived", "边界由社区合成",
        "Boundary is its communities' union").exportedAs("derived");
  }

  /** Road centre lines as stored; exported and drawn as tiles (the walkable ones), not (yet) served through OGC. */
  public static final Layer ROADS = new Layer(
      "roads", "道路", "Roads", "Road centre lines; the walkable ones make the walking network.",
      "road r", "true", "r.id", true, "r.geom", GeometryType.LINESTRING, null, false,
      List.of(
          Property.of("highway", TEXT, "r.highway", "道路等级", "Highway class").inTiles(),
          Property.of("walkable", BOOLEAN, "r.walkable", "可步行", "Walkable"),
          Property.of("source", TEXT, "r.source", "来源", "Source")));

  /**
   * Header (lower case) → property name, for every property an import recognises (the ones it
   * skips, set by the registry or derived, included). A header two properties claim is a mistake
   * in the declaration.
   */
  public static Map<String, String> importHeaders(Layer layer) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Property p : layer.properties()) {
      for (String h : p.importHeaders()) {
        String before = out.put(h.toLowerCase(Locale.ROOT), p.name());
        if (before != null && !before.equals(p.name())) {
          throw new IllegalStateException(layer.id() + ": header " + h + " names both " + before + " and " + p.name());
        }
      }
    }
    return out;
  }

  public static List<Layer> layers() {
    return List.of(FACILITIES, COMMUNITIES, DISTRICTS, STREETS, ROADS);
  }

  public static Optional<Layer> layer(String id) {
    return layers().stream().filter(l -> l.id().equals(id)).findFirst();
  }
}
