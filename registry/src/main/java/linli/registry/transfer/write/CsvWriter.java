package linli.registry.transfer.write;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.locationtech.jts.geom.Point;

/**
 * CSV (RFC 4180: commas, CRLF, quotes where needed) in UTF-8 with a byte order mark, so that Excel
 * opens the Chinese text correctly. Columns are the property names, then the location: for points
 * {@code lon}, {@code lat} (or {@code x}, {@code y} when the CRS is projected, metres), for lines and
 * polygons {@code wkt}; 7 decimals for degrees, 3 for metres. These are the columns the import reads back.
 * Empty cell: no value. Dates and timestamps are ISO-8601 (timestamps in UTC).
 *
 * <p>In GBK (older Excel and Chinese desktop software read it without asking) there is no byte order
 * mark, and the file is spooled to a temporary file first: a character GBK lacks is then an
 * {@link UnwritableValueException} naming the feature and the field before anything is sent,
 * never a silent {@code ?} in an official name.
 */
public final class CsvWriter implements FeatureWriter {
  private final OutputStream target;
  private Writer out;
  private CharsetEncoder encoder; // null: UTF-8, which writes every character
  private Path spool;
  private CSVPrinter printer;
  private ExportSchema schema;
  private final List<String> record = new ArrayList<>();

  public CsvWriter(OutputStream out) {
    this.target = out;
  }

  @Override
  public void begin(ExportSchema schema) throws IOException {
    this.schema = schema;
    List<String> header = new ArrayList<>();
    schema.fields().forEach(f -> header.add(f.name()));
    header.addAll(locationColumns(schema));
    Charset charset = schema.textEncoding();
    if (charset.equals(StandardCharsets.UTF_8)) {
      out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
      out.write('\uFEFF');
    } else {
      encoder = charset.newEncoder();
      spool = Files.createTempFile("linli-csv-", ".csv");
      out = Files.newBufferedWriter(spool, charset);
    }
    printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
  }

  /** lon, lat / x, y for points; wkt for lines and polygons; none for the shelter template (it has 经度/纬度). */
  static List<String> locationColumns(ExportSchema schema) {
    if (!schema.locationColumns()) {
      return List.of();
    }
    if (schema.geometry() == ExportLayer.Geometry.POINT) {
      return schema.crs().isGeographic() ? List.of("lon", "lat") : List.of("x", "y");
    }
    return List.of("wkt");
  }

  @Override
  public void write(ExportRow row) throws IOException {
    record.clear();
    for (int i = 0; i < schema.fields().size(); i++) {
      String text = Values.text(row.value(i));
      if (encoder != null && text != null && !encoder.canEncode(text)) {
        throw UnwritableValueException.notEncodable(row.id(), schema.fields().get(i).name(), text, encoder.charset());
      }
      record.add(text);
    }
    int decimals = schema.crs().decimals();
    if (!schema.locationColumns()) {
      // the template's own columns carry the location
    } else if (schema.geometry() == ExportLayer.Geometry.POINT) {
      Point p = (Point) row.geometry();
      boolean none = p == null || p.isEmpty();
      record.add(none ? null : Numbers.fixed(p.getX(), decimals));
      record.add(none ? null : Numbers.fixed(p.getY(), decimals));
    } else {
      record.add(GeometryText.wkt(row.geometry(), decimals));
    }
    printer.printRecord(record);
  }

  @Override
  public void finish() throws IOException {
    printer.flush();
    out.flush();
    if (spool != null) {
      out.close();
      Files.copy(spool, target);
      target.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (spool != null) {
      if (out != null) {
        out.close();
      }
      Files.deleteIfExists(spool);
    }
  }
}
