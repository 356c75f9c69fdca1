package linli.registry.ogc.cql;

import java.util.List;
import java.util.function.Consumer;

/**
 * A geometry literal from a filter, kept as parsed coordinates so that the WKT sent to PostGIS is
 * always written by us (never the request's own text). Positions are in the order written; the
 * writer decides whether to swap axes. Z values are dropped while parsing.
 */
public sealed interface CqlGeometry extends CqlOperand.Spatial {

  /** One position: first and second axis as written (x/y for CRS84, lat/lon for EPSG:4326). */
  record Position(double x, double y) {}

  record Point(Position position) implements CqlGeometry {}

  record LineString(List<Position> positions) implements CqlGeometry {
    public LineString {
      positions = List.copyOf(positions);
    }
  }

  /** The first ring is the shell, the others holes; every ring is closed. */
  record Polygon(List<List<Position>> rings) implements CqlGeometry {
    public Polygon {
      rings = rings.stream().map(List::copyOf).toList();
    }
  }

  record MultiPoint(List<Position> positions) implements CqlGeometry {
    public MultiPoint {
      positions = List.copyOf(positions);
    }
  }

  record MultiLineString(List<LineString> lines) implements CqlGeometry {
    public MultiLineString {
      lines = List.copyOf(lines);
    }
  }

  record MultiPolygon(List<Polygon> polygons) implements CqlGeometry {
    public MultiPolygon {
      polygons = List.copyOf(polygons);
    }
  }

  record GeometryCollection(List<CqlGeometry> members) implements CqlGeometry {
    public GeometryCollection {
      members = List.copyOf(members);
    }
  }

  /** {@code BBOX(minx, miny, maxx, maxy)}; sent to PostGIS as the rectangle polygon. */
  record Bbox(double minX, double minY, double maxX, double maxY) implements CqlGeometry {
    Polygon toPolygon() {
      return new Polygon(List.of(List.of(
          new Position(minX, minY), new Position(maxX, minY), new Position(maxX, maxY),
          new Position(minX, maxY), new Position(minX, minY))));
    }
  }

  @Override
  default String toCql() {
    return CqlToken.shorten(toWkt(false));
  }

  /** Visits every position (BBOX: its four corners), e.g. for range checks. */
  default void forEachPosition(Consumer<Position> action) {
    CqlWkt.forEachPosition(this, action);
  }

  /** 2D WKT with plain decimal numbers; {@code swapAxes} writes every position as "y x". */
  default String toWkt(boolean swapAxes) {
    StringBuilder out = new StringBuilder();
    CqlWkt.write(this, swapAxes, out);
    return out.toString();
  }
}
