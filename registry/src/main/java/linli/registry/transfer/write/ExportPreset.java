package linli.registry.transfer.write;

import java.nio.charset.Charset;
import java.util.List;
import linli.registry.crs.CoordinateSystem;

/**
 * A named choice of layer, format, CRS and text encoding that a recipient takes, so a clerk picks
 * the recipient rather than four settings. Defined here once; the page reads them from
 * GET /api/export and fills its choices from them.
 */
public record ExportPreset(String id, String nameZh, String nameEn, ExportLayer layer, ExportFormat format,
    CoordinateSystem crs, Charset encoding, String description) {

  /**
   * The provincial system (省级系统): the shelter template (docs/EXPORT.md) as a Shapefile, in
   * CGCS2000 longitude/latitude, the national geodetic datum its platforms load, with the DBF in
   * GBK, which older ArcGIS and Chinese desktop GIS read without a .cpg.
   */
  public static final ExportPreset PROVINCE = new ExportPreset("province", "省级系统", "Provincial system",
      ExportLayer.SHELTERS_PROVINCE, ExportFormat.SHAPEFILE, CoordinateSystem.CGCS2000, Charset.forName("GBK"),
      "the provincial shelter template as a Shapefile in CGCS2000 (EPSG:4490) with GBK text");

  public static List<ExportPreset> all() {
    return List.of(PROVINCE);
  }

}
