package linli.registry.transfer.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.ImportRequest;
import linli.registry.transfer.RecordReader;

/**
 * Opens the right {@link RecordReader} for an uploaded file, by the format the user chose or, when
 * none, by the file's first bytes (not its name, which uploads often lose):
 * a zip holding a .shp is a Shapefile, a zip holding xl/workbook.xml an Excel workbook,
 * "SQLite format 3" a GeoPackage, a first block named OSMHeader an OpenStreetMap .osm.pbf (roads
 * only), a leading '{' GeoJSON, anything else CSV.
 */
public final class RecordReaders {
  public static final List<String> FORMATS = List.of("csv", "xlsx", "geojson", "shp", "gpkg", "osm.pbf");

  private RecordReaders() {}

  /**
   * @param format csv, xlsx, geojson, shp, gpkg or osm.pbf (a few aliases too), or null to detect
   * @param encoding for csv, geojson and shp text; null to use the file's own hint or detect
   */
  public static RecordReader open(Path file, String format, String encoding) throws IOException {
    String f = format == null || format.isBlank() ? detect(file) : canonical(format);
    return switch (f) {
      case "csv" -> new CsvRecordReader(file, encoding);
      case "xlsx" -> new XlsxRecordReader(file);
      case "geojson" -> new GeoJsonRecordReader(file, encoding);
      case "shp" -> ShapefileRecordReader.open(file, encoding);
      case "gpkg" -> new GeoPackageRecordReader(file, null);
      case "osm.pbf" -> new OsmRoadReader(file);
      default -> throw new IllegalStateException(f);
    };
  }

  /** As {@link #open(Path, String, String)}, for an import into {@code layer}: an OpenStreetMap file holds roads only. */
  public static RecordReader open(Path file, String format, String encoding, ImportRequest.Layer layer)
      throws IOException {
    RecordReader reader = open(file, format, encoding);
    if (reader instanceof OsmRoadReader && layer != ImportRequest.Layer.ROADS) {
      reader.close();
      throw new ImportFileException("an OpenStreetMap .osm.pbf file is imported as roads: use layer=roads"
          + " (--layer roads)");
    }
    return reader;
  }

  static String canonical(String format) {
    String f = format.strip().toLowerCase(Locale.ROOT);
    if (f.startsWith(".")) {
      f = f.substring(1);
    }
    return switch (f) {
      case "csv", "txt", "tsv" -> "csv";
      case "xlsx", "excel" -> "xlsx";
      case "geojson", "json" -> "geojson";
      case "shp", "shapefile", "zip" -> "shp";
      case "gpkg", "geopackage" -> "gpkg";
      case "osm.pbf", "pbf" -> "osm.pbf";
      default -> throw new ImportFileException("unknown file format '" + format.strip()
          + "': use csv, xlsx, geojson, shp (a zipped Shapefile), gpkg or osm.pbf (OpenStreetMap roads)");
    };
  }

  /** The format of a file from its content. */
  public static String detect(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(1024);
    }
    if (head.length == 0) {
      throw new ImportFileException("the file is empty");
    }
    if (startsWith(head, new byte[] {'P', 'K', 3, 4}) || startsWith(head, new byte[] {'P', 'K', 5, 6})) {
      return zipFormat(file);
    }
    if (startsWith(head, "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII))) {
      return "gpkg";
    }
    if (isOsmPbf(head)) {
      return "osm.pbf";
    }
    if (startsWith(head, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0})) {
      throw new ImportFileException("this is an old Excel .xls file; save it as .xlsx and upload again");
    }
    int i = EncodingDetector.bomLength(head, head.length, StandardCharsets.UTF_8);
    while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
      i++;
    }
    if (i < head.length && head[i] == '{') {
      return "geojson";
    }
    return "csv";
  }

  private static String zipFormat(Path file) throws IOException {
    List<String> names = SafeUnzip.entryNames(file);
    boolean shp = names.stream().anyMatch(n -> SafeUnzip.checkedNameOrNull(n) != null
        && n.toLowerCase(Locale.ROOT).endsWith(".shp"));
    if (shp) {
      return "shp";
    }
    if (names.contains("xl/workbook.xml")) {
      return "xlsx";
    }
    throw new ImportFileException("the zip holds no Shapefile (.shp) and is not an Excel workbook");
  }

  /** A PBF file starts with its header block: a 4-byte length, then the BlobHeader's type field "OSMHeader". */
  private static boolean isOsmPbf(byte[] head) {
    byte[] type = "\n\tOSMHeader".getBytes(StandardCharsets.US_ASCII); // field 1, length 9, the name
    return head.length >= 4 + type.length && head[0] == 0 && head[1] == 0
        && startsWith(Arrays.copyOfRange(head, 4, 4 + type.length), type);
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
