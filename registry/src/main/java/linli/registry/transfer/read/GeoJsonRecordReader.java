package linli.registry.transfer.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Streams a GeoJSON FeatureCollection feature by feature: Jackson's streaming parser walks the
 * outer object token by token and only the current feature is read into a tree, so a file of any
 * size reads in bounded memory. A bare Feature or a bare geometry is one record. Properties become
 * text (numbers plain, nested objects and arrays as their JSON); the geometry goes straight to JTS.
 *
 * <p>RFC 7946 GeoJSON is always WGS 84 lon/lat and declares no CRS ({@link #declaredCrs()} null).
 * A 2008-style {@code "crs"} member naming an EPSG code is honoured; it must come before
 * {@code "features"} (GDAL writes it there), since records are handed out as they are read.
 */
public final class GeoJsonRecordReader implements RecordReader {
  private static final Pattern EPSG_URN = Pattern.compile("(?i)^(?:urn:ogc:def:crs:)?EPSG:(?:[\\d.]*:)?(\\d{1,9})$");
  private static final Pattern EPSG_URL =
      Pattern.compile("(?i)^https?://www\\.opengis\\.net/def/crs/EPSG/[^/]+/(\\d{1,9})$");
  private static final Pattern CRS84 = Pattern.compile("(?i)^(urn:ogc:def:crs:OGC:[\\d.]*:CRS84|OGC:CRS84|CRS84"
      + "|https?://www\\.opengis\\.net/def/crs/OGC/[^/]+/CRS84)$");

  private enum State { FEATURES, SINGLE, DONE }

  private final InputStreamReader reader;
  private final JsonParser json;
  private final Charset charset;
  private State state;
  private ObjectNode single;
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
      json = ImportJson.parser(reader);
      try {
        readHead();
      } catch (JsonProcessingException e) {
        throw malformed(e);
      }
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    try {
      return readNext();
    } catch (JsonProcessingException e) {
      throw malformed(e);
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
    json.close();
    reader.close();
  }

  private Optional<SourceRecord> readNext() throws IOException {
    switch (state) {
      case SINGLE:
        state = State.DONE;
        return Optional.of(feature(++row, single));
      case FEATURES:
        if (json.nextToken() == JsonToken.END_ARRAY) {
          readTail();
          state = State.DONE;
          return Optional.empty();
        }
        return Optional.of(feature(++row, ImportJson.readValue(json)));
      default:
        return Optional.empty();
    }
  }

  /** Reads the outer object up to the start of the "features" array (or whole, if it has none). */
  private void readHead() throws IOException {
    String notAnObject = "not GeoJSON: the file does not start with a JSON object";
    JsonToken first;
    try {
      first = json.nextToken();
    } catch (JsonProcessingException e) {
      throw new ImportFileException(notAnObject); // not JSON at all: say what it is not rather than where
    }
    if (first == null) {
      throw new ImportFileException("the file is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new ImportFileException(notAnObject);
    }
    ObjectNode members = ImportJson.newObject();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      if (json.nextToken() == JsonToken.START_ARRAY && name.equals("features")) {
        setCrs(members.get("crs"));
        state = State.FEATURES;
        return;
      }
      members.set(name, ImportJson.readValue(json));
    }
    expectEnd();
    setCrs(members.get("crs"));
    JsonNode type = present(members.get("type"));
    String typeName = type == null ? null : type.textValue();
    if ("Feature".equals(typeName)) {
      single = members;
      state = State.SINGLE;
    } else if (GeoJsonGeometry.isGeometryType(typeName)) {
      single = ImportJson.newObject();
      single.put("type", "Feature");
      single.set("geometry", members);
      state = State.SINGLE;
    } else if ("FeatureCollection".equals(typeName)) {
      state = State.DONE; // no "features": nothing to import
    } else if ("Topology".equals(typeName)) {
      throw new ImportFileException("this is TopoJSON, not GeoJSON; convert it to GeoJSON first");
    } else {
      throw new ImportFileException("not GeoJSON: the top-level object has " + (type == null ? "no \"type\""
          : "the type \"" + shown(type) + "\""));
    }
  }

  /** The members after the features array; a "crs" there is only accepted while nothing was read. */
  private void readTail() throws IOException {
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      json.nextToken();
      JsonNode value = ImportJson.readValue(json);
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
    expectEnd();
  }

  /** Called on the outer object's closing brace: only whitespace may follow. */
  private void expectEnd() throws IOException {
    JsonLocation at;
    try {
      if (json.nextToken() == null) {
        return;
      }
      at = json.currentTokenLocation();
    } catch (JsonProcessingException e) {
      at = e.getLocation();
    }
    throw malformed(at, "unexpected text after the end of the GeoJSON object");
  }

  private void setCrs(JsonNode member) {
    crs = crsOf(member);
    int srid = crs == null ? 0 : Integer.parseInt(crs.substring(5));
    gf = new GeometryFactory(new PrecisionModel(), srid);
  }

  private SourceRecord feature(long row, JsonNode value) {
    Map<String, String> values = new LinkedHashMap<>();
    List<Violation> problems = new ArrayList<>();
    Long r = row;
    if (!(value instanceof ObjectNode f)) {
      problems.add(new Violation(r, null, "the feature is not a JSON object"));
      return new SourceRecord(row, Map.of(), null, problems);
    }
    JsonNode type = present(f.get("type"));
    if (type != null && !"Feature".equals(type.textValue())) {
      problems.add(new Violation(r, null, "expected a Feature but found the type \"" + shown(type) + "\""));
    }
    JsonNode props = present(f.get("properties"));
    if (props instanceof ObjectNode p) {
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        String v = text(e.getValue());
        if (v != null && !v.isEmpty()) {
          values.put(e.getKey(), v);
        }
      }
    } else if (props != null) {
      problems.add(new Violation(r, null, "the feature's \"properties\" is not an object"));
    }
    Geometry geometry = null;
    JsonNode g = present(f.get("geometry"));
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

  /** A property as text: strings as they are, numbers plain, objects and arrays as compact JSON. */
  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return ValueText.numberText(v.numberValue().toString());
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.booleanValue());
    }
    return ImportJson.write(v);
  }

  /** A member that is absent or JSON null: the same thing to GeoJSON. */
  private static JsonNode present(JsonNode member) {
    return member == null || member.isNull() ? null : member;
  }

  private static String shown(JsonNode v) {
    return v.isTextual() ? v.textValue() : ImportJson.write(v);
  }

  /**
   * {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}} (or "EPSG:4490", or an
   * opengis.net URL) → "EPSG:4490"; CRS84 → null, it is the GeoJSON default.
   */
  static String crsOf(JsonNode member) {
    if (present(member) == null) {
      return null;
    }
    JsonNode p = member.path("properties");
    if (p.isObject()) {
      String type = member.path("type").textValue();
      if ("name".equals(type) && p.path("name").isTextual()) {
        String n = p.path("name").textValue().strip();
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
      JsonNode code = p.path("code");
      if ("EPSG".equals(type) && code.isIntegralNumber() && code.canConvertToInt() && code.intValue() >= 0) {
        return "EPSG:" + code.intValue();
      }
    }
    String shown = ImportJson.write(member);
    throw new ImportFileException("unknown CRS in the GeoJSON \"crs\" member: "
        + shown.substring(0, Math.min(80, shown.length())));
  }

  /** Jackson's complaint, placed: "at line 2, column 40: Unexpected character ...". */
  private ImportFileException malformed(JsonProcessingException e) {
    // Constraint messages end "(256, from `StreamReadConstraints.getMaxNestingDepth()`)": Jackson's knob, not the user's.
    return malformed(e.getLocation(), e.getOriginalMessage().replaceAll(", from `[^`]*`\\)", ")"));
  }

  private ImportFileException malformed(JsonLocation at, String what) {
    JsonLocation where = at != null ? at : json.currentLocation();
    return new ImportFileException("the GeoJSON is malformed at line " + where.getLineNr() + ", column "
        + where.getColumnNr() + ": " + what);
  }
}
