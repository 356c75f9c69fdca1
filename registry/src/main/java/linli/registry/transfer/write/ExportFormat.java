package linli.registry.transfer.write;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import linli.registry.crs.CoordinateSystem;

/** The file formats of an export, by file extension, with their media types and writers. */
public enum ExportFormat {
  /** RFC 7946: longitude/latitude (CRS84) unless a CRS is asked for; never a "crs" member. */
  GEOJSON("geojson", "application/geo+json", GeoJsonWriter::new),
  /** UTF-8 with a byte order mark (or GBK, without); lon/lat (x/y when projected) columns for points, wkt for polygons. */
  CSV("csv", "text/csv; charset=utf-8", CsvWriter::new),
  SHAPEFILE("shp.zip", "application/zip", ShapefileWriter::new),
  GEOPACKAGE("gpkg", "application/geopackage+sqlite3", GeoPackageWriter::new),
  /** KML 2.2: always WGS84 longitude/latitude, as the standard demands (or GCJ-02 when asked for: shifted, still claiming WGS84). */
  KML("kml", "application/vnd.google-earth.kml+xml", KmlWriter::new),
  XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XlsxWriter::new);

  private final String extension;
  private final String mediaType;
  private final Function<OutputStream, FeatureWriter> writer;

  ExportFormat(String extension, String mediaType, Function<OutputStream, FeatureWriter> writer) {
    this.extension = extension;
    this.mediaType = mediaType;
    this.writer = writer;
  }

  /** "geojson", "csv", "shp.zip", "gpkg", "kml", "xlsx". */
  public String extension() {
    return extension;
  }

  /** The Content-Type of the response. */
  public String mediaType() {
    return mediaType;
  }

  /** True when the text encoding can be chosen (UTF-8 or GBK): a Shapefile's DBF and a CSV. */
  public boolean choosesEncoding() {
    return this == SHAPEFILE || this == CSV;
  }

  /** The Content-Type of a file whose text is in {@code encoding} (CSV names it; the others are binary or UTF-8). */
  public String mediaType(java.nio.charset.Charset encoding) {
    return this == CSV && encoding != null ? "text/csv; charset=" + encoding.name() : mediaType;
  }

  /** A new writer for one export into {@code out} (which it flushes but never closes). */
  public FeatureWriter writer(OutputStream out) {
    return writer.apply(out);
  }

  /**
   * The CRS the file is written in when {@code requested} was asked for (null: none was). The
   * default is CGCS2000 (EPSG:4490), the registry's own; GeoJSON's is WGS84 (RFC 7946's CRS84);
   * KML is always WGS84 (or GCJ-02 when asked for) and refuses a projected CRS.
   *
   * @throws IllegalArgumentException when the format cannot carry {@code requested}
   */
  public CoordinateSystem resolveCrs(CoordinateSystem requested) {
    if (this == KML) {
      if (requested != null && requested.isOffset()) {
        return requested;
      }
      if (requested != null && !requested.isGeographic()) {
        throw new IllegalArgumentException("KML is always WGS84 longitude/latitude (EPSG:4326); "
            + requested.code() + " cannot be written in KML");
      }
      return CoordinateSystem.WGS84;
    }
    if (requested != null) {
      return requested;
    }
    return this == GEOJSON ? CoordinateSystem.WGS84 : CoordinateSystem.CGCS2000;
  }

  /** True when {@link #resolveCrs} accepts {@code requested}. */
  public boolean accepts(CoordinateSystem requested) {
    return this != KML || requested == null || requested.isGeographic();
  }

  public static Optional<ExportFormat> fromExtension(String extension) {
    String e = extension == null ? "" : extension.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.extension.equals(e)).findFirst();
  }

  public static List<String> extensions() {
    return Arrays.stream(values()).map(ExportFormat::extension).toList();
  }
}
