package linli.registry.transfer.write;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import linli.registry.transfer.write.ExportField.Type;

/**
 * The layers that can be exported, with their attributes in the order every format writes them.
 * The names are the contract's property names; Shapefiles use the short names (the dBase limit is
 * 10 characters): community_code → comm_code, street_code → strt_code, street_name → strt_name,
 * district_code → dist_code, district_name → dist_name; every other name fits as it is.
 */
public enum ExportLayer {
  FACILITIES("facilities", Geometry.POINT, List.of(
      ExportField.of("category", Type.TEXT),
      ExportField.of("name", Type.TEXT),
      ExportField.of("address", Type.TEXT),
      ExportField.of("status", Type.TEXT),
      ExportField.of("capacity", Type.INTEGER),
      ExportField.of("area_m2", Type.REAL),
      new ExportField("community_code", "comm_code", Type.TEXT),
      ExportField.of("opened_on", Type.DATE),
      ExportField.of("source", Type.TEXT),
      ExportField.of("source_id", Type.TEXT),
      ExportField.of("extra", Type.JSON),
      ExportField.of("version", Type.INTEGER),
      ExportField.of("updated_at", Type.DATETIME),
      ExportField.of("updated_by", Type.TEXT))),
  COMMUNITIES("communities", Geometry.MULTIPOLYGON, List.of(
      ExportField.of("code", Type.TEXT),
      ExportField.of("name", Type.TEXT),
      ExportField.of("kind", Type.TEXT),
      new ExportField("street_code", "strt_code", Type.TEXT),
      new ExportField("street_name", "strt_name", Type.TEXT),
      new ExportField("district_code", "dist_code", Type.TEXT),
      new ExportField("district_name", "dist_name", Type.TEXT),
      ExportField.of("population", Type.INTEGER),
      ExportField.of("workers", Type.INTEGER),
      ExportField.of("smart", Type.BOOLEAN),
      ExportField.of("ref_lon", Type.REAL),
      ExportField.of("ref_lat", Type.REAL))),
  /** Road centre lines as stored (one LineString each); the id is the road's id. */
  ROADS("roads", Geometry.LINESTRING, List.of(
      ExportField.of("highway", Type.TEXT),
      ExportField.of("walkable", Type.BOOLEAN),
      ExportField.of("source", Type.TEXT))),
  /**
   * Emergency shelters in the provincial reporting template: Chinese column names (the dBase names
   * in {@link ExportField#shortName()} are pinyin initials, see docs/EXPORT.md), 经度/纬度 in
   * CGCS2000 degrees whatever the CRS of the geometry, no extra location columns.
   */
  SHELTERS_PROVINCE("shelters-province", Geometry.POINT, List.of(
      new ExportField("名称", "MC", Type.TEXT),
      new ExportField("类型", "LX", Type.TEXT),
      new ExportField("地址", "DZ", Type.TEXT),
      new ExportField("经度", "JD", Type.REAL),
      new ExportField("纬度", "WD", Type.REAL),
      new ExportField("有效面积", "YXMJ", Type.REAL),
      new ExportField("容纳人数", "RNRS", Type.INTEGER),
      new ExportField("管理单位", "GLDW", Type.TEXT),
      new ExportField("联系电话", "LXDH", Type.TEXT),
      new ExportField("启用日期", "QYRQ", Type.DATE),
      new ExportField("行政区划代码", "XZQHDM", Type.TEXT)));

  /** The geometry type every feature of a layer has. */
  public enum Geometry { POINT, LINESTRING, MULTIPOLYGON }

  private final String id;
  private final Geometry geometry;
  private final List<ExportField> fields;

  ExportLayer(String id, Geometry geometry, List<ExportField> fields) {
    this.id = id;
    this.geometry = geometry;
    this.fields = fields;
  }

  /** "facilities", "communities", "roads", "shelters-province": the path segment, the file name, the table or sheet name. */
  public String id() {
    return id;
  }

  public Geometry geometry() {
    return geometry;
  }

  public List<ExportField> fields() {
    return fields;
  }

  /** True when a feature's id is a number (facility or road id), false when it is text (the community code). */
  public boolean hasNumericId() {
    return this != COMMUNITIES;
  }

  /**
   * True when CSV and XLSX add the location columns (lon/lat, x/y or wkt) after the attributes;
   * the shelter template carries its own 经度/纬度 columns instead.
   */
  public boolean hasLocationColumns() {
    return this != SHELTERS_PROVINCE;
  }

  public static Optional<ExportLayer> fromId(String id) {
    return Arrays.stream(values()).filter(l -> l.id.equals(id)).findFirst();
  }
}
