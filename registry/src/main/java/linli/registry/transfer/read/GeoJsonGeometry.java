package linli.registry.transfer.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON geometry objects (RFC 7946 §3.1) → JTS, from a Jackson tree: the one GeoJSON geometry
 * reader of Linli (jts-io-common's would bring json-simple, abandoned since 2012), also used by the
 * data module for its bundled outlines. Positions keep
 * x and y; a third (altitude) or further value is dropped, as for Shapefiles. Unclosed polygon
 * rings are closed. Anything malformed is an IllegalArgumentException whose message says what.
 */
public final class GeoJsonGeometry {
  private GeoJsonGeometry() {}

  public static Geometry toJts(JsonNode value, GeometryFactory gf) {
    if (!value.isObject()) {
      throw new IllegalArgumentException("the geometry is not a JSON object");
    }
    String t = value.path("type").textValue();
    if (t == null) {
      throw new IllegalArgumentException("the geometry has no \"type\"");
    }
    if (t.equals("GeometryCollection")) {
      JsonNode parts = array(value.get("geometries"), "\"geometries\"");
      Geometry[] g = new Geometry[parts.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = toJts(parts.get(i), gf);
      }
      return gf.createGeometryCollection(g);
    }
    JsonNode c = value.get("coordinates");
    switch (t) {
      case "Point":
        return gf.createPoint(position(c));
      case "MultiPoint": {
        JsonNode l = array(c, "MultiPoint coordinates");
        Point[] p = new Point[l.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = gf.createPoint(position(l.get(i)));
        }
        return gf.createMultiPoint(p);
      }
      case "LineString":
        return line(c, gf);
      case "MultiLineString": {
        JsonNode l = array(c, "MultiLineString coordinates");
        LineString[] lines = new LineString[l.size()];
        for (int i = 0; i < lines.length; i++) {
          lines[i] = line(l.get(i), gf);
        }
        return gf.createMultiLineString(lines);
      }
      case "Polygon":
        return polygon(c, gf);
      case "MultiPolygon": {
        JsonNode l = array(c, "MultiPolygon coordinates");
        Polygon[] p = new Polygon[l.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = polygon(l.get(i), gf);
        }
        return gf.createMultiPolygon(p);
      }
      default:
        throw new IllegalArgumentException("unknown geometry type \"" + t + "\"");
    }
  }

  static boolean isGeometryType(String type) {
    return type != null && List.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
        "MultiPolygon", "GeometryCollection").contains(type);
  }

  private static LineString line(JsonNode c, GeometryFactory gf) {
    Coordinate[] pts = positions(c, "LineString coordinates");
    if (pts.length == 1) {
      throw new IllegalArgumentException("a line needs at least 2 positions");
    }
    return gf.createLineString(pts);
  }

  private static Polygon polygon(JsonNode c, GeometryFactory gf) {
    JsonNode rings = array(c, "Polygon coordinates");
    if (rings.isEmpty()) {
      return gf.createPolygon();
    }
    LinearRing shell = ring(rings.get(0), gf);
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(rings.get(i), gf);
    }
    return gf.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode c, GeometryFactory gf) {
    Coordinate[] pts = ShapefileRings.closed(positions(c, "a polygon ring"));
    if (pts.length < 4) {
      throw new IllegalArgumentException("a polygon ring needs at least 4 positions");
    }
    return gf.createLinearRing(pts);
  }

  private static Coordinate[] positions(JsonNode c, String what) {
    JsonNode l = array(c, what);
    Coordinate[] out = new Coordinate[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = position(l.get(i));
      if (out[i] == null) {
        throw new IllegalArgumentException("an empty position inside " + what);
      }
    }
    return out;
  }

  /** [x, y, ...]; an empty array is an empty point. */
  private static Coordinate position(JsonNode c) {
    JsonNode l = array(c, "a position");
    if (l.isEmpty()) {
      return null;
    }
    if (l.size() < 2 || !l.get(0).isNumber() || !l.get(1).isNumber()) {
      throw new IllegalArgumentException("a position must be [x, y] numbers");
    }
    // Decimals arrive as BigDecimal (ImportJson keeps digits); its doubleValue rounds as Double.parseDouble does.
    Coordinate p = new Coordinate(l.get(0).doubleValue(), l.get(1).doubleValue());
    if (!Double.isFinite(p.x) || !Double.isFinite(p.y)) {
      throw new IllegalArgumentException("a position is out of range");
    }
    return p;
  }

  private static JsonNode array(JsonNode o, String what) {
    if (o == null || !o.isArray()) {
      throw new IllegalArgumentException(what + " must be an array");
    }
    return o;
  }
}
