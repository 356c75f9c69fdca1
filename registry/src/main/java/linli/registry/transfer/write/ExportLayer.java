package linli.registry.transfer.write;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;
import linli.registry.catalog.ValueType;

/**
 * The layers that can be exported, with their attributes in the order every format writes them:
 * the catalogue's layers ({@link Catalog}, whose export names are the Shapefile's, at most 10
 * characters) and the provincial shelter template, which is a report of its own.
 */
public enum ExportLayer {
  FACILITIES(Catalog.FACILITIES),
  COMMUNITIES(Catalog.COMMUNITIES),
  DISTRICTS(Catalog.DISTRICTS),
  STREETS(Catalog.STREETS),
  /** Road centre lines as stored (one LineString each); the id is the road's id. */
  ROADS(Catalog.ROADS),
  /**
   * Emergency shelters in the provincial reporting template: Chinese column names (the dBase names
   * in {@link ExportField#shortName()} are pinyin initials, see docs/EXPORT.md), 经度/纬度 in
   * CGCS2000 degrees whatever the CRS of the geometry, no extra location columns.
   */
  SHELTERS_PROVINCE("shelters-province", Geometry.POINT, List.of(
      new ExportField("名称", "MC", ValueType.TEXT),
      new ExportField("类型", "LX", ValueType.TEXT),
      new ExportField("地址", "DZ", ValueType.TEXT),
      new ExportField("经度", "JD", ValueType.REAL),
      new ExportField("纬度", "WD", ValueType.REAL),
      new ExportField("有效面积", "YXMJ", ValueType.REAL),
      new ExportField("容纳人数", "RNRS", ValueType.INTEGER),
      new ExportField("管理单位", "GLDW", ValueType.TEXT),
      new ExportField("联系电话", "LXDH", ValueType.TEXT),
      new ExportField("启用日期", "QYRQ", ValueType.DATE),
      new ExportField("行政区划代码", "XZQHDM", ValueType.TEXT)), true);

  /** The geometry type every feature of a layer has. */
  public enum Geometry { POINT, LINESTRING, MULTIPOLYGON }

  private final String id;
  private final Geometry geometry;
  private final List<ExportField> fields;
  private final boolean numericId;

  ExportLayer(Layer layer) {
    this(layer.id(), Geometry.valueOf(layer.geometryType().name()), layer.properties().stream()
        .map(p -> new ExportField(p.name(), p.exportName(), p.type())).toList(),
        layer.numericId());
  }

  ExportLayer(String id, Geometry geometry, List<ExportField> fields, boolean numericId) {
    this.id = id;
    this.geometry = geometry;
    this.fields = fields;
    this.numericId = numericId;
  }

  /**
   * "facilities", "communities", "districts", "streets", "roads", "shelters-province": the path
   * segment, the file name, the table or sheet name.
   */
  public String id() {
    return id;
  }

  public Geometry geometry() {
    return geometry;
  }

  public List<ExportField> fields() {
    return fields;
  }

  /**
   * True when a feature's id is a number (facility or road id, in column {@code id}), false when it
   * is a code (community, street, district, in column {@code code}).
   */
  public boolean hasNumericId() {
    return numericId;
  }

  /**
   * True when CSV and XLSX add the location columns (lon/lat, x/y or wkt) after the attributes;
   * the shelter template carries its own 经度/纬度 columns instead.
   */
  public boolean hasLocationColumns() {
    return this != SHELTERS_PROVINCE;
  }

  /** Every layer's id, in declaration order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(ExportLayer::id).toList();
  }

  public static Optional<ExportLayer> fromId(String id) {
    return Arrays.stream(values()).filter(l -> l.id.equals(id)).findFirst();
  }
}
