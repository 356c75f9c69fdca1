package linli.registry.ogc.cql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import linli.registry.ogc.cql.CqlGeometry.Bbox;
import linli.registry.ogc.cql.CqlGeometry.GeometryCollection;
import linli.registry.ogc.cql.CqlGeometry.LineString;
import linli.registry.ogc.cql.CqlGeometry.MultiLineString;
import linli.registry.ogc.cql.CqlGeometry.MultiPoint;
import linli.registry.ogc.cql.CqlGeometry.MultiPolygon;
import linli.registry.ogc.cql.CqlGeometry.Point;
import linli.registry.ogc.cql.CqlGeometry.Polygon;
import linli.registry.ogc.cql.CqlGeometry.Position;
import linli.registry.ogc.cql.CqlToken.Kind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Parses the geometry literals of CQL2 text (WKT as in OGC 21-065, plus BBOX) from the shared
 * token stream, and rejects what PostGIS would choke on or silently misread: non-finite numbers,
 * too few positions, unclosed rings, invalid polygons (checked with JTS), inverted BBOXes.
 * An optional Z tag and third coordinates are accepted and dropped: the registry is 2D.
 */
final class CqlGeometryParser {
  private static final Set<String> KEYWORDS = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
      "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "BBOX");
  private static final GeometryFactory JTS = new GeometryFactory();

  private final CqlTokenStream in;

  CqlGeometryParser(CqlTokenStream in) {
    this.in = in;
  }

  static boolean isGeometryKeyword(String upperWord) {
    return KEYWORDS.contains(upperWord);
  }

  CqlGeometry geometry() {
    in.enter();
    try {
      CqlToken tag = in.expect(Kind.WORD, "a geometry literal");
      String type = tag.upper();
      if (!KEYWORDS.contains(type)) {
        throw in.error("unknown geometry type " + tag.describe(), tag);
      }
      if (type.equals("BBOX")) {
        return bbox(tag);
      }
      in.acceptWord("Z");
      switch (type) {
        case "POINT":
          return point();
        case "LINESTRING":
          return new LineString(lineString());
        case "POLYGON":
          return polygon(tag);
        case "MULTIPOINT":
          return multiPoint();
        case "MULTILINESTRING":
          return new MultiLineString(list(() -> new LineString(lineString())));
        case "MULTIPOLYGON":
          return multiPolygon(tag);
        default:
          return new GeometryCollection(list(this::geometry));
      }
    } finally {
      in.leave();
    }
  }

  private Point point() {
    in.expect(Kind.LEFT_PAREN, "'('");
    Position position = position();
    in.expect(Kind.RIGHT_PAREN, "')'");
    return new Point(position);
  }

  /** Both MULTIPOINT((1 2), (3 4)) (the CQL2 form) and MULTIPOINT(1 2, 3 4) (common WKT). */
  private MultiPoint multiPoint() {
    return new MultiPoint(list(() -> {
      if (in.accept(Kind.LEFT_PAREN)) {
        Position position = position();
        in.expect(Kind.RIGHT_PAREN, "')'");
        return position;
      }
      return position();
    }));
  }

  private List<Position> lineString() {
    CqlToken start = in.peek();
    List<Position> positions = list(this::position);
    if (positions.size() < 2) {
      throw in.error("a linestring needs at least 2 positions", start);
    }
    return positions;
  }

  private Polygon polygon(CqlToken tag) {
    Polygon polygon = rawPolygon();
    validate(polygon, tag);
    return polygon;
  }

  private MultiPolygon multiPolygon(CqlToken tag) {
    MultiPolygon multi = new MultiPolygon(list(this::rawPolygon));
    validate(multi, tag);
    return multi;
  }

  private Polygon rawPolygon() {
    return new Polygon(list(() -> {
      CqlToken start = in.peek();
      List<Position> ring = list(this::position);
      if (ring.size() < 4) {
        throw in.error("a polygon ring needs at least 4 positions", start);
      }
      if (!ring.get(0).equals(ring.get(ring.size() - 1))) {
        throw in.error("polygon ring is not closed (first and last positions differ)", start);
      }
      return ring;
    }));
  }

  /**
   * BBOX(minx, miny, maxx, maxy) or the 3D BBOX(minx, miny, minz, maxx, maxy, maxz). A BBOX with
   * minx > maxx would cross the antimeridian, which never happens in our data: rejected.
   */
  private Bbox bbox(CqlToken tag) {
    in.expect(Kind.LEFT_PAREN, "'(' after BBOX");
    List<Double> numbers = new ArrayList<>(List.of(coordinate()));
    while (in.accept(Kind.COMMA)) {
      numbers.add(coordinate());
    }
    in.expect(Kind.RIGHT_PAREN, "',' or ')'");
    if (numbers.size() != 4 && numbers.size() != 6) {
      throw in.error("BBOX needs 4 or 6 numbers, got " + numbers.size(), tag);
    }
    int half = numbers.size() / 2;
    Bbox bbox = new Bbox(numbers.get(0), numbers.get(1), numbers.get(half), numbers.get(half + 1));
    if (bbox.minX() > bbox.maxX() || bbox.minY() > bbox.maxY()) {
      throw in.error("BBOX minimum is greater than its maximum", tag);
    }
    return bbox;
  }

  /** Two or three numbers separated by whitespace; a third (z) is dropped. */
  private Position position() {
    double x = coordinate();
    double y = coordinate();
    if (in.peek().kind() == Kind.NUMBER) {
      coordinate();
    }
    return new Position(x, y);
  }

  private double coordinate() {
    CqlToken token = in.expect(Kind.NUMBER, "a coordinate");
    double value = Double.parseDouble(token.text());
    if (!Double.isFinite(value)) {
      throw in.error("coordinate " + token.describe() + " is out of range", token);
    }
    return value;
  }

  /** "(" item {"," item} ")" */
  private <T> List<T> list(Item<T> item) {
    in.expect(Kind.LEFT_PAREN, "'('");
    List<T> items = new ArrayList<>(List.of(item.parse()));
    while (in.accept(Kind.COMMA)) {
      items.add(item.parse());
    }
    in.expect(Kind.RIGHT_PAREN, "',' or ')'");
    return items;
  }

  private interface Item<T> {
    T parse();
  }

  /** Self-intersections and the like make PostGIS predicates unreliable; say so up front. */
  private void validate(CqlGeometry geometry, CqlToken tag) {
    Geometry jts;
    if (geometry instanceof Polygon p) {
      jts = toJts(p);
    } else {
      jts = JTS.createMultiPolygon(((MultiPolygon) geometry).polygons().stream()
          .map(CqlGeometryParser::toJts).toArray(org.locationtech.jts.geom.Polygon[]::new));
    }
    TopologyValidationError error = new IsValidOp(jts).getValidationError();
    if (error != null) {
      throw in.error("invalid " + tag.upper().toLowerCase(Locale.ROOT) + ": "
          + error.getMessage().toLowerCase(Locale.ROOT), tag);
    }
  }

  private static org.locationtech.jts.geom.Polygon toJts(Polygon polygon) {
    List<LinearRing> rings = polygon.rings().stream()
        .map(ring -> JTS.createLinearRing(ring.stream()
            .map(p -> new Coordinate(p.x(), p.y())).toArray(Coordinate[]::new)))
        .toList();
    return JTS.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
  }
}
