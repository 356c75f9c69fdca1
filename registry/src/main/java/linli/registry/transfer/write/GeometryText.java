package linli.registry.transfer.write;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Geometries as GeoJSON and WKT text, x (longitude/easting) first, with a fixed number of decimals.
 * Polygon rings follow the right-hand rule of RFC 7946: exteriors counter-clockwise, holes
 * clockwise (the stored orientation may be either).
 */
final class GeometryText {
  private GeometryText() {}

  /** A GeoJSON geometry object; "null" for no geometry. */
  static StringBuilder geoJson(StringBuilder sb, Geometry g, int decimals) {
    if (g == null) {
      return sb.append("null");
    }
    if (g instanceof Point p) {
      sb.append("{\"type\":\"Point\",\"coordinates\":");
      if (p.isEmpty()) {
        sb.append("[]");
      } else {
        position(sb, p.getCoordinate(), decimals);
      }
    } else if (g instanceof MultiPoint mp) {
      sb.append("{\"type\":\"MultiPoint\",\"coordinates\":[");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        sb.append(i == 0 ? "" : ",");
        position(sb, mp.getGeometryN(i).getCoordinate(), decimals);
      }
      sb.append(']');
    } else if (g instanceof Polygon p) {
      sb.append("{\"type\":\"Polygon\",\"coordinates\":");
      polygonJson(sb, p, decimals);
    } else if (g instanceof MultiPolygon mp) {
      sb.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        sb.append(i == 0 ? "" : ",");
        polygonJson(sb, (Polygon) mp.getGeometryN(i), decimals);
      }
      sb.append(']');
    } else if (g instanceof LineString line) {
      sb.append("{\"type\":\"LineString\",\"coordinates\":");
      ringJson(sb, line.getCoordinates(), decimals);
    } else if (g instanceof MultiLineString ml) {
      sb.append("{\"type\":\"MultiLineString\",\"coordinates\":[");
      for (int i = 0; i < ml.getNumGeometries(); i++) {
        sb.append(i == 0 ? "" : ",");
        ringJson(sb, ml.getGeometryN(i).getCoordinates(), decimals);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("cannot export a " + g.getGeometryType());
    }
    return sb.append('}');
  }

  private static void polygonJson(StringBuilder sb, Polygon p, int decimals) {
    sb.append('[');
    if (!p.isEmpty()) {
      ringJson(sb, oriented(p.getExteriorRing().getCoordinateSequence(), true), decimals);
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        sb.append(',');
        ringJson(sb, oriented(p.getInteriorRingN(i).getCoordinateSequence(), false), decimals);
      }
    }
    sb.append(']');
  }

  private static void ringJson(StringBuilder sb, Coordinate[] ring, int decimals) {
    sb.append('[');
    for (int i = 0; i < ring.length; i++) {
      sb.append(i == 0 ? "" : ",");
      position(sb, ring[i], decimals);
    }
    sb.append(']');
  }

  private static void position(StringBuilder sb, Coordinate c, int decimals) {
    sb.append('[');
    Numbers.appendFixed(sb, c.getX(), decimals).append(',');
    Numbers.appendFixed(sb, c.getY(), decimals).append(']');
  }

  /** OGC WKT, e.g. "POINT (120.3 36.1)" or "MULTIPOLYGON (((...)))"; null for no geometry. */
  static String wkt(Geometry g, int decimals) {
    if (g == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64);
    if (g instanceof Point p) {
      if (p.isEmpty()) {
        return "POINT EMPTY";
      }
      sb.append("POINT (");
      xy(sb, p.getCoordinate(), decimals);
      return sb.append(')').toString();
    }
    if (g instanceof Polygon p) {
      if (p.isEmpty()) {
        return "POLYGON EMPTY";
      }
      sb.append("POLYGON ");
      polygonWkt(sb, p, decimals);
      return sb.toString();
    }
    if (g instanceof LineString line) {
      if (line.isEmpty()) {
        return "LINESTRING EMPTY";
      }
      sb.append("LINESTRING ");
      ringWkt(sb, line.getCoordinates(), decimals);
      return sb.toString();
    }
    if (g instanceof MultiLineString ml) {
      if (ml.isEmpty()) {
        return "MULTILINESTRING EMPTY";
      }
      sb.append("MULTILINESTRING (");
      for (int i = 0; i < ml.getNumGeometries(); i++) {
        sb.append(i == 0 ? "" : ", ");
        ringWkt(sb, ml.getGeometryN(i).getCoordinates(), decimals);
      }
      return sb.append(')').toString();
    }
    if (g instanceof MultiPolygon mp) {
      if (mp.isEmpty()) {
        return "MULTIPOLYGON EMPTY";
      }
      sb.append("MULTIPOLYGON (");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        sb.append(i == 0 ? "" : ", ");
        polygonWkt(sb, (Polygon) mp.getGeometryN(i), decimals);
      }
      return sb.append(')').toString();
    }
    throw new IllegalArgumentException("cannot export a " + g.getGeometryType());
  }

  private static void polygonWkt(StringBuilder sb, Polygon p, int decimals) {
    sb.append('(');
    ringWkt(sb, oriented(p.getExteriorRing().getCoordinateSequence(), true), decimals);
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append(", ");
      ringWkt(sb, oriented(p.getInteriorRingN(i).getCoordinateSequence(), false), decimals);
    }
    sb.append(')');
  }

  private static void ringWkt(StringBuilder sb, Coordinate[] ring, int decimals) {
    sb.append('(');
    for (int i = 0; i < ring.length; i++) {
      sb.append(i == 0 ? "" : ", ");
      xy(sb, ring[i], decimals);
    }
    sb.append(')');
  }

  private static void xy(StringBuilder sb, Coordinate c, int decimals) {
    Numbers.appendFixed(sb, c.getX(), decimals).append(' ');
    Numbers.appendFixed(sb, c.getY(), decimals);
  }

  /** The ring's coordinates, reversed when needed so that it turns counter-clockwise ({@code ccw}) or clockwise. */
  static Coordinate[] oriented(CoordinateSequence ring, boolean ccw) {
    Coordinate[] c = ring.toCoordinateArray();
    if (c.length >= 4 && Orientation.isCCW(c) != ccw) {
      Coordinate[] r = new Coordinate[c.length];
      for (int i = 0; i < c.length; i++) {
        r[i] = c[c.length - 1 - i];
      }
      return r;
    }
    return c;
  }
}
