package linli.registry.ogc.cql;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import linli.registry.ogc.cql.CqlGeometry.Bbox;
import linli.registry.ogc.cql.CqlGeometry.GeometryCollection;
import linli.registry.ogc.cql.CqlGeometry.LineString;
import linli.registry.ogc.cql.CqlGeometry.MultiLineString;
import linli.registry.ogc.cql.CqlGeometry.MultiPoint;
import linli.registry.ogc.cql.CqlGeometry.MultiPolygon;
import linli.registry.ogc.cql.CqlGeometry.Point;
import linli.registry.ogc.cql.CqlGeometry.Polygon;
import linli.registry.ogc.cql.CqlGeometry.Position;

/** Walks {@link CqlGeometry} trees: WKT output and position visits (Java 17: no switch patterns). */
final class CqlWkt {
  private CqlWkt() {}

  static void forEachPosition(CqlGeometry geometry, Consumer<Position> action) {
    if (geometry instanceof Point p) {
      action.accept(p.position());
    } else if (geometry instanceof LineString l) {
      l.positions().forEach(action);
    } else if (geometry instanceof Polygon p) {
      p.rings().forEach(ring -> ring.forEach(action));
    } else if (geometry instanceof MultiPoint m) {
      m.positions().forEach(action);
    } else if (geometry instanceof MultiLineString m) {
      m.lines().forEach(l -> forEachPosition(l, action));
    } else if (geometry instanceof MultiPolygon m) {
      m.polygons().forEach(p -> forEachPosition(p, action));
    } else if (geometry instanceof GeometryCollection c) {
      c.members().forEach(g -> forEachPosition(g, action));
    } else if (geometry instanceof Bbox b) {
      forEachPosition(b.toPolygon(), action);
    } else {
      throw new IllegalStateException("unhandled geometry " + geometry);
    }
  }

  static void write(CqlGeometry geometry, boolean swap, StringBuilder out) {
    if (geometry instanceof Point p) {
      position(p.position(), swap, out.append("POINT("));
      out.append(')');
    } else if (geometry instanceof LineString l) {
      positions(l.positions(), swap, out.append("LINESTRING"));
    } else if (geometry instanceof Polygon p) {
      rings(p.rings(), swap, out.append("POLYGON"));
    } else if (geometry instanceof MultiPoint m) {
      out.append("MULTIPOINT(");
      for (int i = 0; i < m.positions().size(); i++) {
        position(m.positions().get(i), swap, out.append(i == 0 ? "(" : ", ("));
        out.append(')');
      }
      out.append(')');
    } else if (geometry instanceof MultiLineString m) {
      out.append("MULTILINESTRING(");
      for (int i = 0; i < m.lines().size(); i++) {
        positions(m.lines().get(i).positions(), swap, out.append(i == 0 ? "" : ", "));
      }
      out.append(')');
    } else if (geometry instanceof MultiPolygon m) {
      out.append("MULTIPOLYGON(");
      for (int i = 0; i < m.polygons().size(); i++) {
        rings(m.polygons().get(i).rings(), swap, out.append(i == 0 ? "" : ", "));
      }
      out.append(')');
    } else if (geometry instanceof GeometryCollection c) {
      out.append("GEOMETRYCOLLECTION(");
      for (int i = 0; i < c.members().size(); i++) {
        write(c.members().get(i), swap, out.append(i == 0 ? "" : ", "));
      }
      out.append(')');
    } else if (geometry instanceof Bbox b) {
      write(b.toPolygon(), swap, out);
    } else {
      throw new IllegalStateException("unhandled geometry " + geometry);
    }
  }

  private static void rings(List<List<Position>> rings, boolean swap, StringBuilder out) {
    out.append('(');
    for (int i = 0; i < rings.size(); i++) {
      positions(rings.get(i), swap, out.append(i == 0 ? "" : ", "));
    }
    out.append(')');
  }

  private static void positions(List<Position> positions, boolean swap, StringBuilder out) {
    out.append('(');
    for (int i = 0; i < positions.size(); i++) {
      position(positions.get(i), swap, out.append(i == 0 ? "" : ", "));
    }
    out.append(')');
  }

  private static void position(Position p, boolean swap, StringBuilder out) {
    out.append(number(swap ? p.y() : p.x())).append(' ').append(number(swap ? p.x() : p.y()));
  }

  /**
   * Shortest round-tripping decimal without an exponent (120.3 -> "120.3", 120.0 -> "120"), so
   * the WKT never depends on how a parser reads "1.2E7".
   */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
