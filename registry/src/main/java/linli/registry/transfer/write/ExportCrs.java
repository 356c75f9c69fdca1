package linli.registry.transfer.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The coordinate reference systems an export can be written in. Files always carry x = easting
 * (longitude) first, y = northing (latitude) second, as GIS files do, whatever the EPSG axis order.
 * The definitions a file needs are resources next to this class: {@code esri-<srid>.prj} (the ESRI
 * WKT ArcGIS writes in a Shapefile's .prj, which GDAL identifies as the EPSG code) and
 * {@code ogc-<srid>.wkt} (OGC WKT 1 with authorities, for a GeoPackage's SRS table).
 */
public enum ExportCrs {
  /** CGCS2000 longitude/latitude: how the registry stores its geometry (no transformation). */
  CGCS2000(4490, "China Geodetic Coordinate System 2000", true),
  WGS84(4326, "WGS 84", true),
  /** CGCS2000 3-degree Gauss-Krüger zone with central meridian 120°E, metres; covers Qingdao. */
  CGCS2000_GK_CM_120E(4549, "CGCS2000 / 3-degree Gauss-Kruger CM 120E", false),
  WEB_MERCATOR(3857, "WGS 84 / Pseudo-Mercator", false),
  /**
   * GCJ-02, the shifted longitude/latitude of Gaode (AMap) and Tencent maps, for overlaying on them.
   * It has no EPSG code, so files claim WGS84 (EPSG:4326, .prj and SRS) and their coordinates are
   * WGS84 moved by the forward GCJ-02 transform ({@link linli.registry.transfer.Gcj02}); points
   * outside China's box are not moved, as GCJ-02 defines.
   */
  GCJ02(4326, "GCJ-02 (WGS 84 shifted for Chinese web maps)", true);

  private final int srid;
  private final String title;
  private final boolean geographic;

  ExportCrs(int srid, String title, boolean geographic) {
    this.srid = srid;
    this.title = title;
    this.geographic = geographic;
  }

  /** The EPSG code the file claims (4326 for GCJ-02) and the database transforms to. */
  public int srid() {
    return srid;
  }

  /** "EPSG:4490", or "GCJ02". */
  public String code() {
    return this == GCJ02 ? "GCJ02" : "EPSG:" + srid;
  }

  /** True when the coordinates are shifted from WGS84 to GCJ-02 after the database transform. */
  public boolean isGcj02() {
    return this == GCJ02;
  }

  /** The EPSG name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 120E". */
  public String title() {
    return title;
  }

  /** True for longitude/latitude in degrees, false for metres. */
  public boolean isGeographic() {
    return geographic;
  }

  /** Decimals written in text formats: 7 for degrees (about 1 cm), 3 for metres (1 mm). */
  public int decimals() {
    return geographic ? 7 : 3;
  }

  /** The ESRI WKT of a Shapefile's .prj, on one line. */
  public String esriWkt() {
    return resource("esri-" + srid + ".prj");
  }

  /** OGC WKT 1 with EPSG authorities, for GeoPackage's gpkg_spatial_ref_sys.definition. */
  public String ogcWkt() {
    return resource("ogc-" + srid + ".wkt");
  }

  /**
   * The CRS named {@code text}: "EPSG:4549" (any case), a bare "4549", or an OGC URI such as
   * "http://www.opengis.net/def/crs/EPSG/0/4549", or "GCJ02" / "GCJ-02". Empty when it is none of these.
   */
  public static Optional<ExportCrs> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.equals("GCJ02") || t.equals("GCJ-02")) {
      return Optional.of(GCJ02);
    }
    String digits;
    if (t.startsWith("EPSG:")) {
      digits = t.substring(5);
    } else if (t.startsWith("HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/")) {
      digits = t.substring("HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/".length());
    } else {
      digits = t;
    }
    return Arrays.stream(values()).filter(c -> c != GCJ02 && Integer.toString(c.srid).equals(digits)).findFirst();
  }

  /** "EPSG:4490", "EPSG:4326", "EPSG:4549", "EPSG:3857", "GCJ02". */
  public static List<String> codes() {
    return Arrays.stream(values()).map(ExportCrs::code).toList();
  }

  private static String resource(String name) {
    try (InputStream in = ExportCrs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + ExportCrs.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
