package linli.registry.transfer.read;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import linli.registry.transfer.ImportFileException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;

/**
 * Streams the records of a .shp file (ESRI Shapefile Technical Description, 1998): point,
 * multipoint, polyline and polygon, with their Z and M variants read as 2D (Z and M are dropped).
 * One record's bytes are held at a time. A file shorter than its records is reported as truncated
 * at the feature where the bytes run out.
 */
final class ShpFile implements Closeable {
  /** One .shp record: its geometry (null for a null or unreadable shape) and what was wrong. */
  record Shape(long feature, Geometry geometry, List<String> problems) {}

  private final DataInputStream in;
  private final long size;
  private final long declaredLength;
  private final int shapeType;
  private final GeometryFactory gf;
  private long position;
  private long feature;

  ShpFile(Path shp, GeometryFactory gf) throws IOException {
    this.gf = gf;
    this.size = Files.size(shp);
    InputStream raw = Files.newInputStream(shp);
    this.in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
    try {
      if (size < 100) {
        throw new ImportFileException("the .shp file is only " + size
            + " bytes: too short for a Shapefile (truncated?)");
      }
      byte[] header = new byte[100];
      in.readFully(header);
      position = 100;
      ByteBuffer h = ByteBuffer.wrap(header);
      if (h.getInt(0) != 9994) {
        throw new ImportFileException("the .shp file is not a Shapefile (its header is wrong)");
      }
      declaredLength = (h.getInt(24) & 0xFFFFFFFFL) * 2;
      shapeType = h.order(ByteOrder.LITTLE_ENDIAN).getInt(32);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  int shapeType() {
    return shapeType;
  }

  /** The next record, or null after the last. */
  Shape next() throws IOException {
    if (position + 8 > declaredLength) {
      return null; // the header's file length marks the end (bytes after it are ignored)
    }
    feature++;
    if (position + 8 > size) {
      throw truncated(); // the header promises more records than the file holds
    }
    int recordNumber = in.readInt();
    long length = (in.readInt() & 0xFFFFFFFFL) * 2;
    position += 8;
    if (position + length > size) {
      throw truncated();
    }
    if (length < 4) {
      throw new ImportFileException("the .shp file is damaged at feature " + feature
          + " (record " + recordNumber + " is too short)");
    }
    byte[] content = new byte[(int) length];
    try {
      in.readFully(content);
    } catch (EOFException e) {
      throw truncated();
    }
    position += length;
    List<String> problems = new ArrayList<>();
    Geometry g;
    try {
      g = parse(ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN), problems);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      problems.add("the shape's bytes are damaged (" + e.getMessage() + ")");
      g = null;
    }
    return new Shape(feature, g, problems);
  }

  private ImportFileException truncated() {
    return new ImportFileException("truncated .shp at feature " + feature);
  }

  private Geometry parse(ByteBuffer b, List<String> problems) {
    int type = b.getInt(0);
    switch (type) {
      case 0:
        problems.add("the feature has no geometry (null shape)");
        return null;
      case 1, 11, 21:
        return point(b.getDouble(4), b.getDouble(12), problems);
      case 8, 18, 28:
        return multiPoint(b, problems);
      case 3, 13, 23:
        return polyline(b, problems);
      case 5, 15, 25:
        return polygon(b, problems);
      case 31:
        problems.add("multipatch (3D surface) shapes are not supported");
        return null;
      default:
        problems.add("unknown shape type " + type);
        return null;
    }
  }

  private Point point(double x, double y, List<String> problems) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      problems.add("the point has no valid coordinates");
      return null;
    }
    return gf.createPoint(new Coordinate(x, y));
  }

  private Geometry multiPoint(ByteBuffer b, List<String> problems) {
    int n = count(b.getInt(36), 40, 16, b);
    if (n == 0) {
      problems.add("the feature has an empty geometry");
      return null;
    }
    Point[] points = new Point[n];
    for (int i = 0; i < n; i++) {
      points[i] = gf.createPoint(new Coordinate(b.getDouble(40 + 16 * i), b.getDouble(48 + 16 * i)));
    }
    return gf.createMultiPoint(points);
  }

  /** Each part of a polyline or polygon as its coordinate array. */
  private List<Coordinate[]> parts(ByteBuffer b) {
    int numParts = b.getInt(36);
    int numPoints = b.getInt(40);
    if (numParts < 0 || numPoints < 0 || 44L + 4L * numParts + 16L * numPoints > b.capacity()) {
      throw new IllegalArgumentException(numParts + " parts / " + numPoints + " points do not fit the record");
    }
    int pointsAt = 44 + 4 * numParts;
    List<Coordinate[]> parts = new ArrayList<>(numParts);
    for (int p = 0; p < numParts; p++) {
      int from = b.getInt(44 + 4 * p);
      int to = p + 1 < numParts ? b.getInt(48 + 4 * p) : numPoints;
      if (from < 0 || to > numPoints || from > to) {
        throw new IllegalArgumentException("part " + (p + 1) + " has bad point indexes");
      }
      Coordinate[] c = new Coordinate[to - from];
      for (int i = from; i < to; i++) {
        c[i - from] = new Coordinate(b.getDouble(pointsAt + 16 * i), b.getDouble(pointsAt + 16 * i + 8));
      }
      parts.add(c);
    }
    return parts;
  }

  private Geometry polyline(ByteBuffer b, List<String> problems) {
    List<LineString> lines = new ArrayList<>();
    for (Coordinate[] part : parts(b)) {
      if (part.length < 2) {
        problems.add("a line part with fewer than 2 points was skipped");
        continue;
      }
      lines.add(gf.createLineString(part));
    }
    if (lines.isEmpty()) {
      problems.add("the feature has an empty geometry");
      return null;
    }
    return lines.size() == 1 ? lines.get(0) : gf.createMultiLineString(lines.toArray(LineString[]::new));
  }

  private Geometry polygon(ByteBuffer b, List<String> problems) {
    Geometry g = ShapefileRings.polygon(parts(b), gf, problems);
    if (g == null) {
      problems.add("the feature has an empty geometry");
    }
    return g;
  }

  private static int count(int n, int at, int each, ByteBuffer b) {
    if (n < 0 || at + (long) each * n > b.capacity()) {
      throw new IllegalArgumentException(n + " points do not fit the record");
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
