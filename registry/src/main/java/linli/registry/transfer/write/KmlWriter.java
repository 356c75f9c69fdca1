package linli.registry.transfer.write;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import linli.registry.catalog.ValueType;

/**
 * KML 2.2: one Document with a typed Schema, one Folder, a Placemark per feature. The Placemark's
 * {@code <name>} is the feature's name; every other attribute is a {@code SimpleData} of its
 * {@code ExtendedData/SchemaData} (int, double, bool as 1/0, everything else string; a null value
 * is left out). Geometry is WGS84 longitude/latitude as KML demands (the exporter asks for
 * EPSG:4326, or GCJ-02 when the user wants that shift), 7 decimals: a Point, a LineString, a
 * Polygon, or a MultiGeometry of LineStrings or Polygons; exterior rings turn counter-clockwise,
 * holes clockwise.
 */
public final class KmlWriter implements FeatureWriter {
  private final Writer out;
  private final StringBuilder sb = new StringBuilder(1024);
  private List<ExportField> fields;
  private String layer;
  private int nameField = -1;
  private int decimals;

  public KmlWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public void begin(ExportSchema schema) throws IOException {
    if (!schema.crs().isGeographic()) {
      throw new IllegalArgumentException("KML is longitude/latitude only, not " + schema.crs().code());
    }
    fields = schema.fields();
    layer = schema.layer().id();
    decimals = schema.crs().decimals();
    sb.setLength(0);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document id=\"root_doc\">\n<name>").append(layer)
        .append("</name>\n<Schema name=\"").append(layer).append("\" id=\"").append(layer).append("\">\n");
    for (int i = 0; i < fields.size(); i++) {
      ExportField f = fields.get(i);
      if (f.name().equals("name")) {
        nameField = i;
        continue;
      }
      sb.append("  <SimpleField name=\"").append(f.name()).append("\" type=\"").append(kmlType(f.type()))
          .append("\"></SimpleField>\n");
    }
    sb.append("</Schema>\n<Folder><name>").append(layer).append("</name>\n");
    out.append(sb);
  }

  private static String kmlType(ValueType type) {
    return switch (type) {
      case INTEGER -> "int";
      case REAL -> "double";
      case BOOLEAN -> "bool";
      default -> "string";
    };
  }

  @Override
  public void write(ExportRow row) throws IOException {
    sb.setLength(0);
    sb.append("<Placemark id=\"").append(layer).append('.');
    escape(sb, String.valueOf(row.id()));
    sb.append("\">");
    if (nameField >= 0 && row.value(nameField) != null) {
      sb.append("<name>");
      escape(sb, Values.text(row.value(nameField)));
      sb.append("</name>");
    }
    sb.append("\n<ExtendedData><SchemaData schemaUrl=\"#").append(layer).append("\">");
    for (int i = 0; i < fields.size(); i++) {
      Object v = row.value(i);
      if (i == nameField || v == null) {
        continue;
      }
      sb.append("<SimpleData name=\"").append(fields.get(i).name()).append("\">");
      escape(sb, v instanceof Boolean b ? (b ? "1" : "0") : Values.text(v));
      sb.append("</SimpleData>");
    }
    sb.append("</SchemaData></ExtendedData>\n");
    geometry(row.geometry());
    sb.append("</Placemark>\n");
    out.append(sb);
  }

  private void geometry(Geometry g) {
    if (g == null || g.isEmpty()) {
      return;
    }
    if (g instanceof Point p) {
      sb.append("<Point><coordinates>");
      coordinate(p.getCoordinate());
      sb.append("</coordinates></Point>");
    } else if (g instanceof LineString line) {
      lineString(line);
    } else if (g instanceof MultiLineString ml) {
      sb.append("<MultiGeometry>");
      for (int i = 0; i < ml.getNumGeometries(); i++) {
        lineString((LineString) ml.getGeometryN(i));
      }
      sb.append("</MultiGeometry>");
    } else if (g instanceof Polygon p) {
      polygon(p);
    } else if (g instanceof MultiPolygon mp) {
      if (mp.getNumGeometries() == 1) {
        polygon((Polygon) mp.getGeometryN(0));
      } else {
        sb.append("<MultiGeometry>");
        for (int i = 0; i < mp.getNumGeometries(); i++) {
          polygon((Polygon) mp.getGeometryN(i));
        }
        sb.append("</MultiGeometry>");
      }
    } else {
      throw new IllegalArgumentException("cannot export a " + g.getGeometryType() + " to KML");
    }
    sb.append('\n');
  }

  private void lineString(LineString line) {
    sb.append("<LineString><coordinates>");
    ring(line.getCoordinates());
    sb.append("</coordinates></LineString>");
  }

  private void polygon(Polygon p) {
    sb.append("<Polygon><outerBoundaryIs><LinearRing><coordinates>");
    ring(GeometryText.oriented(p.getExteriorRing().getCoordinateSequence(), true));
    sb.append("</coordinates></LinearRing></outerBoundaryIs>");
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append("<innerBoundaryIs><LinearRing><coordinates>");
      ring(GeometryText.oriented(p.getInteriorRingN(i).getCoordinateSequence(), false));
      sb.append("</coordinates></LinearRing></innerBoundaryIs>");
    }
    sb.append("</Polygon>");
  }

  private void ring(Coordinate[] ring) {
    for (int i = 0; i < ring.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      coordinate(ring[i]);
    }
  }

  private void coordinate(Coordinate c) {
    Numbers.appendFixed(sb, c.getX(), decimals).append(',');
    Numbers.appendFixed(sb, c.getY(), decimals);
  }

  @Override
  public void finish() throws IOException {
    out.write("</Folder>\n</Document>\n</kml>\n");
    out.flush();
  }

  /** XML text: markup characters escaped, characters XML 1.0 cannot carry dropped. */
  static StringBuilder escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if ((c >= 0x20 && c <= 0xD7FF) || c == '\t' || c == '\n' || c == '\r' || (c >= 0xE000 && c <= 0xFFFD)) {
            sb.append(c);
          }
        }
      }
    }
    return sb;
  }
}
