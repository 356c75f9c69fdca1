package linli.registry.transfer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linli.registry.Violation;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Streams a GeoJSON FeatureCollection feature by feature: the outer object is walked token by
 * token and only the current feature is parsed into memory, so a file of any size reads in bounded
 * memory. A bare Feature or a bare geometry is one record. Properties become text (numbers
 * plain, nested objects and arrays as their JSON); the geometry goes straight to JTS.
 *
 * <p>RFC 7946 GeoJSON is always WGS 84 lon/lat and declares no CRS ({@link #declaredCrs()} null).
 * A 2008-style {@code "crs"} member naming an EPSG code is honoured; it must come before
 * {@code "features"} (GDAL writes it there), since records are handed out as they are read.
 */
public final class GeoJsonRecordReader implements RecordReader {
  private static final Pattern EPSG_URN = Pattern.compile("(?i)^(?:urn:ogc:def:crs:)?EPSG:(?:[\\d.]*:)?(\\d+)$");
  private static final Pattern EPSG_URL =
      Pattern.compile("(?i)^https?://www\\.opengis\\.net/def/crs/EPSG/[^/]+/(\\d+)$");
  private static final Pattern CRS84 = Pattern.compile("(?i)^(urn:ogc:def:crs:OGC:[\\d.]*:CRS84|OGC:CRS84|CRS84"
      + "|https?://www\\.opengis\\.net/def/crs/OGC/[^/]+/CRS84)$");

  private enum State { FEATURES, SINGLE, DONE }

  private final InputStreamReader reader;
  private final JsonScanner json;
  private final Charset charset;
  private State state;
  private Map<String, Object> single;
  private String crs;
  private GeometryFactory gf;
  private long row;

  public GeoJsonRecordReader(Path file, String encoding) throws IOException {
    this(Files.newInputStream(file), encoding);
  }

  /** Takes ownership of {@code in}: {@link #close()} closes it. */
  public GeoJsonRecordReader(InputStream in, String encoding) throws IOException {
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, EncodingDetector.PREFIX_BYTES + 1);
      // RFC 8259 says UTF-8, but older Chinese GIS exports write GBK: detect as for CSV.
      charset = EncodingDetector.detect(buffered, encoding);
      buffered.mark(4);
      byte[] start = buffered.readNBytes(3);
      buffered.reset();
      buffered.skipNBytes(EncodingDetector.bomLength(start, start.length, charset));
      reader = new InputStreamReader(buffered, charset);
      json = new JsonScanner(reader);
      readHead();
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    switch (state) {
      case SINGLE:
        state = State.DONE;
        return Optional.of(feature(++row, single));
      case FEATURES:
        if (json.consume(']')) {
          readTail();
          state = State.DONE;
          return Optional.empty();
        }
        if (row > 0) {
          json.expect(',');
        }
        Object f = json.readValue();
        return Optional.of(feature(++row, f));
      default:
        return Optional.empty();
    }
  }

  @Override
  public String declaredCrs() {
    return crs;
  }

  @Override
  public String encoding() {
    return charset.name();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** Reads the outer object up to the start of the "features" array (or whole, if it has none). */
  private void readHead() throws IOException {
    int first = json.peek();
    if (first == -1) {
      throw new ImportFileException("the file is empty");
    }
    if (first != '{') {
      throw new ImportFileException("not GeoJSON: the file does not start with a JSON object");
    }
    json.expect('{');
    Map<String, Object> members = new LinkedHashMap<>();
    if (!json.consume('}')) {
      do {
        String name = json.readString();
        json.expect(':');
        if (name.equals("features") && json.peek() == '[') {
          json.expect('[');
          setCrs(members.get("crs"));
          state = State.FEATURES;
          return;
        }
        members.put(name, json.readValue());
      } while (json.consume(','));
      json.expect('}');
    }
    expectEnd();
    setCrs(members.get("crs"));
    Object type = members.get("type");
    if ("Feature".equals(type)) {
      single = members;
      state = State.SINGLE;
    } else if (GeoJsonGeometry.isGeometryType(type)) {
      single = new LinkedHashMap<>();
      single.put("type", "Feature");
      single.put("geometry", members);
      state = State.SINGLE;
    } else if ("FeatureCollection".equals(type)) {
      state = State.DONE; // no "features": nothing to import
    } else if ("Topology".equals(type)) {
      throw new ImportFileException("this is TopoJSON, not GeoJSON; convert it to GeoJSON first");
    } else {
      throw new ImportFileException("not GeoJSON: the top-level object has " + (type == null ? "no \"type\""
          : "the type \"" + type + "\""));
    }
  }

  /** The members after the features array; a "crs" there is only accepted while nothing was read. */
  private void readTail() throws IOException {
    while (json.consume(',')) {
      String name = json.readString();
      json.expect(':');
      Object value = json.readValue();
      if (name.equals("crs")) {
        String late = crsOf(value);
        if (!Objects.equals(late, crs)) {
          if (row > 0) {
            throw new ImportFileException("the GeoJSON names its CRS (" + late + ") after its features;"
                + " move the \"crs\" member before \"features\"");
          }
          setCrs(value);
        }
      }
    }
    json.expect('}');
    expectEnd();
  }

  private void expectEnd() throws IOException {
    if (json.peek() != -1) {
      throw json.error("unexpected text after the end of the GeoJSON object");
    }
  }

  private void setCrs(Object member) {
    crs = crsOf(member);
    int srid = crs == null ? 0 : Integer.parseInt(crs.substring(5));
    gf = new GeometryFactory(new PrecisionModel(), srid);
  }

  private SourceRecord feature(long row, Object value) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Violation> problems = new ArrayList<>();
    Long r = row;
    if (!(value instanceof Map<?, ?> f)) {
      problems.add(new Violation(r, null, "the feature is not a JSON object"));
      return new SourceRecord(row, Map.of(), null, problems);
    }
    Object type = f.get("type");
    if (type != null && !"Feature".equals(type)) {
      problems.add(new Violation(r, null, "expected a Feature but found the type \"" + type + "\""));
    }
    Object props = f.get("properties");
    if (props instanceof Map<?, ?> p) {
      for (Map.Entry<?, ?> e : p.entrySet()) {
        String v = text(e.getValue());
        if (v != null && !v.isEmpty()) {
          values.put((String) e.getKey(), v);
        }
      }
    } else if (props != null) {
      problems.add(new Violation(r, null, "the feature's \"properties\" is not an object"));
    }
    Geometry geometry = null;
    Object g = f.get("geometry");
    if (g == null) {
      problems.add(new Violation(r, "geometry", "the feature has no geometry"));
    } else {
      try {
        geometry = GeoJsonGeometry.toJts(g, gf);
        if (geometry.isEmpty()) {
          geometry = null;
          problems.add(new Violation(r, "geometry", "the feature's geometry is empty"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new Violation(r, "geometry", "the geometry cannot be read: " + e.getMessage()));
      }
    }
    return new SourceRecord(row, ValueText.freeze(values), geometry, problems);
  }

  private static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof JsonScanner.Num n) {
      return ValueText.numberText(n.text());
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    StringBuilder out = new StringBuilder();
    JsonScanner.write(v, out);
    return out.toString();
  }

  /**
   * {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}} (or "EPSG:4490", or an
   * opengis.net URL) → "EPSG:4490"; CRS84 → null, it is the GeoJSON default.
   */
  static String crsOf(Object member) {
    if (member == null) {
      return null;
    }
    if (member instanceof Map<?, ?> m && m.get("properties") instanceof Map<?, ?> p) {
      if ("name".equals(m.get("type")) && p.get("name") instanceof String name) {
        String n = name.strip();
        if (CRS84.matcher(n).matches()) {
          return null;
        }
        Matcher urn = EPSG_URN.matcher(n);
        if (urn.matches()) {
          return "EPSG:" + Integer.parseInt(urn.group(1));
        }
        Matcher url = EPSG_URL.matcher(n);
        if (url.matches()) {
          return "EPSG:" + Integer.parseInt(url.group(1));
        }
      }
      if ("EPSG".equals(m.get("type")) && p.get("code") instanceof JsonScanner.Num code
          && code.text().matches("\\d+")) {
        return "EPSG:" + Integer.parseInt(code.text());
      }
    }
    StringBuilder shown = new StringBuilder();
    JsonScanner.write(member, shown);
    throw new ImportFileException("unknown CRS in the GeoJSON \"crs\" member: "
        + shown.substring(0, Math.min(80, shown.length())));
  }
}
