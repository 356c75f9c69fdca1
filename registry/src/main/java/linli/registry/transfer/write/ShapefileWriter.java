package linli.registry.transfer.write;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import linli.registry.catalog.ValueType;

/**
 * An ESRI Shapefile, written by hand (ESRI Shapefile Technical Description, 1998) and zipped:
 * {@code <layer>.shp}, {@code .shx}, {@code .dbf}, {@code .prj}, {@code .cpg}.
 *
 * <ul>
 *   <li>Geometry: shape type 1 (Point) for facilities and shelters, 3 (PolyLine) for roads, every
 *       line of a MultiLineString a part, 5 (Polygon) for communities, every ring of a MultiPolygon a
 *       part; outer rings clockwise, holes counter-clockwise, as the specification demands. A
 *       feature without geometry is a Null shape.</li>
 *   <li>Attributes (dBase III): field names of at most 10 characters ({@link ExportField#shortName()}:
 *       community_code → comm_code, street_code → strt_code, street_name → strt_name, district_code →
 *       dist_code, district_name → dist_name; the shelter template's pinyin initials). Text is
 *       UTF-8 or GBK ({@link ExportSchema#textEncoding()}), named by the .cpg, in C fields whose widths are in bytes, as wide as the longest value (at most 254 bytes: longer values
 *       are cut at a character boundary). Integers and reals are N fields (reals with up to 9
 *       decimals), booleans N(1) with 1/0 (GDAL and ArcGIS read dBase L fields as text), dates D; timestamps are ISO-8601 UTC text; extra is JSON text.
 *       dBase has no null text: a missing text is blank (read back as empty); missing numbers,
 *       booleans and dates are blank too (read back as null).</li>
 *   <li>GBK: a character GBK lacks (rare CJK extensions, emoji) is an {@link UnwritableValueException}
 *       naming the feature and the field, thrown while spooling, before anything is sent: replacing
 *       it with '?' would silently change a name.</li>
 *   <li>.prj: the ESRI WKT of the CRS ({@link CoordinateSystem#esriWkt()}), which GDAL and ArcGIS identify.</li>
 * </ul>
 *
 * <p>The headers of .shp, .shx and .dbf need the file sizes, the extent and the field widths, so
 * the records are spooled to temporary files while rows stream in, and the zip is written in
 * {@link #finish()}.
 */
public final class ShapefileWriter implements FeatureWriter {
  private static final Logger log = LoggerFactory.getLogger(ShapefileWriter.class);
  static final int MAX_CHARACTER_BYTES = 254;
  static final int REAL_DECIMALS = 9; // 1e-9° is 0.1 mm: longitude/latitude attributes stay exact
  private static final int NULL_SHAPE = 0;
  private static final int POINT = 1;
  private static final int POLYLINE = 3;
  private static final int POLYGON = 5;
  /** dBase language driver id of code page 936 (GBK), for readers that ignore the .cpg. */
  private static final byte LDID_GBK = 0x4D;

  private final OutputStream out;
  private ExportSchema schema;
  private Path dir;
  private DataOutputStream shp;
  private DataOutputStream shx;
  private DataOutputStream dbf;
  private int shapeType;
  private long records;
  private long shpWords = 50; // the 100-byte header, in 16-bit words
  private double xmin = Double.POSITIVE_INFINITY;
  private double ymin = Double.POSITIVE_INFINITY;
  private double xmax = Double.NEGATIVE_INFINITY;
  private double ymax = Double.NEGATIVE_INFINITY;
  private int[] widths;
  private int[] fractionDigits;
  private DbfText text;

  public ShapefileWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public void begin(ExportSchema schema) throws IOException {
    this.schema = schema;
    shapeType = switch (schema.geometry()) {
      case POINT -> POINT;
      case LINESTRING -> POLYLINE;
      case MULTIPOLYGON -> POLYGON;
    };
    text = new DbfText(schema.textEncoding());
    dir = Files.createTempDirectory("linli-shp-");
    shp = spool("body.shp");
    shx = spool("body.shx");
    dbf = spool("rows.bin");
    int n = schema.fields().size();
    widths = new int[n];
    fractionDigits = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = schema.fields().get(i).type() == ValueType.DATE ? 8 : 1; // N(1) for booleans
    }
  }

  private DataOutputStream spool(String name) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16));
  }

  @Override
  public void write(ExportRow row) throws IOException {
    records++;
    byte[] content = shape(row.geometry());
    if (shpWords + 4 + content.length / 2 > Integer.MAX_VALUE) {
      throw new IOException("the Shapefile would exceed the format's size limit; export fewer features");
    }
    shx.writeInt((int) shpWords); // big-endian, as the specification has it
    shx.writeInt(content.length / 2);
    shp.writeInt((int) records);
    shp.writeInt(content.length / 2);
    shp.write(content);
    shpWords += 4 + content.length / 2;
    spoolAttributes(row);
  }

  /** The record content (little-endian): shape type and geometry. */
  private byte[] shape(Geometry g) {
    if (g == null || g.isEmpty()) {
      return le(4).putInt(NULL_SHAPE).array();
    }
    if (shapeType == POINT) {
      Point p = (Point) g;
      extend(p.getX(), p.getY());
      return le(20).putInt(POINT).putDouble(p.getX()).putDouble(p.getY()).array();
    }
    List<Coordinate[]> rings = new ArrayList<>();
    if (shapeType == POLYLINE) {
      if (g instanceof LineString line) {
        rings.add(line.getCoordinates());
      } else if (g instanceof MultiLineString ml) {
        for (int i = 0; i < ml.getNumGeometries(); i++) {
          if (!ml.getGeometryN(i).isEmpty()) {
            rings.add(ml.getGeometryN(i).getCoordinates());
          }
        }
      } else {
        throw new IllegalArgumentException("cannot write a " + g.getGeometryType() + " to a line Shapefile");
      }
    } else if (g instanceof Polygon p) {
      rings(p, rings);
    } else if (g instanceof MultiPolygon mp) {
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        rings((Polygon) mp.getGeometryN(i), rings);
      }
    } else {
      throw new IllegalArgumentException("cannot write a " + g.getGeometryType() + " to a polygon Shapefile");
    }
    int points = rings.stream().mapToInt(r -> r.length).sum();
    ByteBuffer b = le(44 + 4 * rings.size() + 16 * points);
    double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (Coordinate[] ring : rings) {
      for (Coordinate c : ring) {
        box[0] = Math.min(box[0], c.x);
        box[1] = Math.min(box[1], c.y);
        box[2] = Math.max(box[2], c.x);
        box[3] = Math.max(box[3], c.y);
      }
    }
    extend(box[0], box[1]);
    extend(box[2], box[3]);
    b.putInt(shapeType).putDouble(box[0]).putDouble(box[1]).putDouble(box[2]).putDouble(box[3]);
    b.putInt(rings.size()).putInt(points);
    int start = 0;
    for (Coordinate[] ring : rings) {
      b.putInt(start);
      start += ring.length;
    }
    for (Coordinate[] ring : rings) {
      for (Coordinate c : ring) {
        b.putDouble(c.x).putDouble(c.y);
      }
    }
    return b.array();
  }

  /** The shell clockwise, then its holes counter-clockwise. */
  private static void rings(Polygon p, List<Coordinate[]> into) {
    if (p.isEmpty()) {
      return;
    }
    into.add(GeometryText.oriented(p.getExteriorRing().getCoordinateSequence(), false));
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      into.add(GeometryText.oriented(p.getInteriorRingN(i).getCoordinateSequence(), true));
    }
  }

  private void extend(double x, double y) {
    xmin = Math.min(xmin, x);
    ymin = Math.min(ymin, y);
    xmax = Math.max(xmax, x);
    ymax = Math.max(ymax, y);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Values in a compact form, tracking each field's width: the .dbf header comes first. */
  private void spoolAttributes(ExportRow row) throws IOException {
    List<ExportField> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      Object v = row.value(i);
      dbf.writeBoolean(v != null);
      if (v == null) {
        continue;
      }
      switch (fields.get(i).type()) {
        case INTEGER -> {
          long n = (Long) v;
          dbf.writeLong(n);
          widths[i] = Math.max(widths[i], Long.toString(n).length());
        }
        case REAL -> {
          double d = (Double) v;
          dbf.writeDouble(d);
          String s = Numbers.fixed(d, REAL_DECIMALS);
          int dot = s.indexOf('.');
          int whole = dot < 0 ? s.length() : dot;
          fractionDigits[i] = Math.max(fractionDigits[i], dot < 0 ? 0 : s.length() - dot - 1);
          widths[i] = Math.max(widths[i], whole); // the whole part; decimals are added in finish()
        }
        case BOOLEAN -> dbf.writeBoolean((Boolean) v);
        case DATE -> dbf.writeLong(((LocalDate) v).toEpochDay());
        default -> {
          byte[] bytes = text.bytes(row.id(), fields.get(i), Values.text(v), MAX_CHARACTER_BYTES);
          dbf.writeShort(bytes.length);
          dbf.write(bytes);
          widths[i] = Math.max(widths[i], bytes.length);
        }
      }
    }
  }

  @Override
  public void finish() throws IOException {
    shp.close();
    shx.close();
    dbf.close();
    if (text.cutValues() > 0) {
      log.warn("Shapefile export of {}: {} text values were longer than {} bytes and were cut",
          schema.layer().id(), text.cutValues(), MAX_CHARACTER_BYTES);
    }
    String base = schema.layer().id();
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    zip.putNextEntry(new ZipEntry(base + ".shp"));
    zip.write(mainHeader(shpWords));
    Files.copy(dir.resolve("body.shp"), zip);
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(base + ".shx"));
    zip.write(mainHeader(50 + 4 * records));
    Files.copy(dir.resolve("body.shx"), zip);
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(base + ".dbf"));
    writeDbf(zip);
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(base + ".prj"));
    zip.write(schema.crs().esriWkt().getBytes(StandardCharsets.US_ASCII));
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(base + ".cpg"));
    zip.write(text.charset().name().getBytes(StandardCharsets.US_ASCII)); // "UTF-8" or "GBK"
    zip.closeEntry();
    zip.finish(); // not close(): the stream is the caller's
    out.flush();
  }

  /** The 100-byte header shared by .shp and .shx. */
  private byte[] mainHeader(long fileWords) {
    ByteBuffer b = ByteBuffer.allocate(100);
    b.order(ByteOrder.BIG_ENDIAN).putInt(9994).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt((int) fileWords);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(shapeType);
    boolean empty = xmin > xmax;
    b.putDouble(empty ? 0 : xmin).putDouble(empty ? 0 : ymin).putDouble(empty ? 0 : xmax).putDouble(empty ? 0 : ymax);
    b.putDouble(0).putDouble(0).putDouble(0).putDouble(0);
    return b.array();
  }

  private void writeDbf(OutputStream zip) throws IOException {
    List<ExportField> fields = schema.fields();
    int n = fields.size();
    int[] decimals = new int[n];
    int[] size = new int[n];
    char[] kind = new char[n];
    int recordLength = 1;
    for (int i = 0; i < n; i++) {
      ValueType type = fields.get(i).type();
      kind[i] = switch (type) {
        case INTEGER, REAL, BOOLEAN -> 'N';
        case DATE -> 'D';
        default -> 'C';
      };
      if (type == ValueType.REAL) {
        decimals[i] = Math.max(1, fractionDigits[i]); // at least one, so readers see a real number
        size[i] = widths[i] + 1 + decimals[i];
      } else {
        size[i] = widths[i];
      }
      recordLength += size[i];
    }
    if (recordLength > 65_535 || records > Integer.MAX_VALUE) {
      throw new IOException("the attributes do not fit a dBase file");
    }
    int headerLength = 32 + 32 * n + 1;
    ByteBuffer h = le(headerLength);
    LocalDate today = LocalDate.now(XlsxWriter.LOCAL_TIME);
    h.put((byte) 0x03).put((byte) (today.getYear() - 1900)).put((byte) today.getMonthValue())
        .put((byte) today.getDayOfMonth());
    h.putInt((int) records).putShort((short) headerLength).putShort((short) recordLength);
    if (text.charset().name().equals("GBK")) {
      h.put(29, LDID_GBK); // readers that ignore the .cpg; UTF-8 has no id: 0, the .cpg names it
    }
    h.position(32); // reserved bytes stay zero
    for (int i = 0; i < n; i++) {
      byte[] name = fields.get(i).shortName().getBytes(StandardCharsets.US_ASCII);
      int at = h.position();
      h.put(name);
      h.position(at + 11);
      h.put((byte) kind[i]);
      h.putInt(0);
      h.put((byte) size[i]).put((byte) decimals[i]);
      h.position(at + 32);
    }
    h.put((byte) 0x0D);
    zip.write(h.array());

    byte[] record = new byte[recordLength];
    try (InputStream file = new BufferedInputStream(Files.newInputStream(dir.resolve("rows.bin")), 1 << 16);
        DataInputStream in = new DataInputStream(file)) {
      for (long r = 0; r < records; r++) {
        java.util.Arrays.fill(record, (byte) ' ');
        int at = 1;
        for (int i = 0; i < n; i++) {
          boolean present = in.readBoolean();
          if (present) {
            switch (fields.get(i).type()) {
              case INTEGER -> right(record, at, size[i], Long.toString(in.readLong()));
              case REAL -> right(record, at, size[i], Numbers.appendFixed(new StringBuilder(), in.readDouble(),
                  decimals[i], false).toString());
              case BOOLEAN -> record[at] = (byte) (in.readBoolean() ? '1' : '0');
              case DATE -> {
                LocalDate d = LocalDate.ofEpochDay(in.readLong());
                byte[] text = String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth())
                    .getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, record, at, 8);
              }
              default -> {
                int length = in.readShort();
                in.readFully(record, at, length);
              }
            }
          }
          at += size[i];
        }
        zip.write(record);
      }
      if (in.read() != -1) {
        throw new IOException("the attribute spool has more rows than the Shapefile");
      }
    } catch (EOFException e) {
      throw new IOException("the attribute spool ended early", e);
    }
    zip.write(0x1A);
  }

  private static void right(byte[] record, int at, int width, String text) throws IOException {
    if (text.length() > width) {
      throw new IOException("number " + text + " wider than its dBase field (" + width + ")");
    }
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, record, at + width - b.length, b.length);
  }

  @Override
  public void close() throws IOException {
    for (DataOutputStream s : new DataOutputStream[] {shp, shx, dbf}) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed, or failing: the files go anyway
        }
      }
    }
    TempFiles.deleteTree(dir);
    dir = null;
  }
}
