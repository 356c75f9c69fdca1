package linli.registry.transfer.read;

import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON geometry objects (RFC 7946 §3.1) → JTS, from a parsed tree. jts-io-common's
 * GeoJsonReader is not on the registry's classpath, and the conversion is small. Positions keep
 * x and y; a third (altitude) or further value is dropped, as for Shapefiles. Unclosed polygon
 * rings are closed. Anything malformed is an IllegalArgumentException whose message says what.
 */
final class GeoJsonGeometry {
  private GeoJsonGeometry() {}

  static Geometry toJts(Object value, GeometryFactory gf) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("the geometry is not a JSON object");
    }
    Object type = m.get("type");
    if (!(type instanceof String t)) {
      throw new IllegalArgumentException("the geometry has no \"type\"");
    }
    if (t.equals("GeometryCollection")) {
      List<?> parts = list(m.get("geometries"), "\"geometries\"");
      Geometry[] g = new Geometry[parts.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = toJts(parts.get(i), gf);
      }
      return gf.createGeometryCollection(g);
    }
    Object c = m.get("coordinates");
    switch (t) {
      case "Point":
        return gf.createPoint(position(c));
      case "MultiPoint": {
        List<?> l = list(c, "MultiPoint coordinates");
        Point[] p = new Point[l.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = gf.createPoint(position(l.get(i)));
        }
        return gf.createMultiPoint(p);
      }
      case "LineString":
        return line(c, gf);
      case "MultiLineString": {
        List<?> l = list(c, "MultiLineString coordinates");
        LineString[] lines = new LineString[l.size()];
        for (int i = 0; i < lines.length; i++) {
          lines[i] = line(l.get(i), gf);
        }
        return gf.createMultiLineString(lines);
      }
      case "Polygon":
        return polygon(c, gf);
      case "MultiPolygon": {
        List<?> l = list(c, "MultiPolygon coordinates");
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

  static boolean isGeometryType(Object type) {
    return type instanceof String t && List.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
        "MultiPolygon", "GeometryCollection").contains(t);
  }

  private static LineString line(Object c, GeometryFactory gf) {
    Coordinate[] pts = positions(c, "LineString coordinates");
    if (pts.length == 1) {
      throw new IllegalArgumentException("a line needs at least 2 positions");
    }
    return gf.createLineString(pts);
  }

  private static Polygon polygon(Object c, GeometryFactory gf) {
    List<?> rings = list(c, "Polygon coordinates");
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

  private static LinearRing ring(Object c, GeometryFactory gf) {
    Coordinate[] pts = ShapefileRings.closed(positions(c, "a polygon ring"));
    if (pts.length < 4) {
      throw new IllegalArgumentException("a polygon ring needs at least 4 positions");
    }
    return gf.createLinearRing(pts);
  }

  private static Coordinate[] positions(Object c, String what) {
    List<?> l = list(c, what);
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
  private static Coordinate position(Object c) {
    List<?> l = list(c, "a position");
    if (l.isEmpty()) {
      return null;
    }
    if (l.size() < 2 || !(l.get(0) instanceof JsonScanner.Num x) || !(l.get(1) instanceof JsonScanner.Num y)) {
      throw new IllegalArgumentException("a position must be [x, y] numbers");
    }
    Coordinate p = new Coordinate(x.doubleValue(), y.doubleValue());
    if (!Double.isFinite(p.x) || !Double.isFinite(p.y)) {
      throw new IllegalArgumentException("a position is out of range");
    }
    return p;
  }

  private static List<?> list(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(what + " must be an array");
    }
    return l;
  }
}
