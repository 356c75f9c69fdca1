package linli.registry.ogc.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import linli.registry.ogc.cql.CqlExpr.SpatialOp;
import linli.registry.ogc.cql.CqlExpr.SpatialPredicate;
import linli.registry.ogc.cql.CqlGeometry.Bbox;
import linli.registry.ogc.cql.CqlGeometry.Point;
import linli.registry.ogc.cql.CqlGeometry.Polygon;
import linli.registry.ogc.cql.CqlGeometry.Position;
import linli.registry.ogc.cql.CqlOperand.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spatial predicates, geometry literals and the WKT we re-serialise them to. */
class CqlGeometryParserTest {

  private static CqlGeometry literal(String wkt) {
    SpatialPredicate predicate = (SpatialPredicate) Cql2Parser.parse("S_INTERSECTS(g, " + wkt + ")");
    return (CqlGeometry) predicate.right();
  }

  @Test
  void spatialPredicateWithEitherArgumentOrder() {
    Point point = new Point(new Position(120.3, 36.07));
    assertThat(Cql2Parser.parse("S_INTERSECTS(geometry, POINT(120.3 36.07))"))
        .isEqualTo(new SpatialPredicate(SpatialOp.S_INTERSECTS, new Property("geometry"), point));
    assertThat(Cql2Parser.parse("s_within(point (120.3 36.07), \"geometry\")"))
        .isEqualTo(new SpatialPredicate(SpatialOp.S_WITHIN, point, new Property("geometry")));
  }

  @Test
  void everySpatialOperator() {
    for (SpatialOp op : SpatialOp.values()) {
      assertThat(Cql2Parser.parse(op.name() + "(a, b)"))
          .isEqualTo(new SpatialPredicate(op, new Property("a"), new Property("b")));
    }
  }

  @Test
  void bboxInTwoAndThreeDimensions() {
    assertThat(literal("BBOX(120.3, 36.0, 120.5, 36.2)")).isEqualTo(new Bbox(120.3, 36.0, 120.5, 36.2));
    assertThat(literal("bbox(120.3, 36.0, -5, 120.5, 36.2, 100)"))
        .isEqualTo(new Bbox(120.3, 36.0, 120.5, 36.2));
    assertThat(literal("BBOX(120.3, 36.0, 120.5, 36.2)").toWkt(false)).isEqualTo(
        "POLYGON((120.3 36, 120.5 36, 120.5 36.2, 120.3 36.2, 120.3 36))");
  }

  @Test
  void polygonParsesIntoRings() {
    assertThat(literal("POLYGON((120 36, 121 36, 121 37, 120 37, 120 36))")).isEqualTo(
        new Polygon(List.of(List.of(new Position(120, 36), new Position(121, 36),
            new Position(121, 37), new Position(120, 37), new Position(120, 36)))));
  }

  /** Input WKT, then the WKT we send (normalised numbers and spacing, Z dropped). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "POINT(120.30 36.070)              | POINT(120.3 36.07)",
      "POINT Z(1 2 3)                    | POINT(1 2)",
      "point(-1.5e2 .5)                  | POINT(-150 0.5)",
      "LINESTRING(0 0, 1 1, 2 0)         | LINESTRING(0 0, 1 1, 2 0)",
      "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1)) | POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))",
      "MULTIPOINT((1 2), (3 4))          | MULTIPOINT((1 2), (3 4))",
      "MULTIPOINT(1 2, 3 4)              | MULTIPOINT((1 2), (3 4))",
      "MULTILINESTRING((0 0, 1 1), (2 2, 3 3)) | MULTILINESTRING((0 0, 1 1), (2 2, 3 3))",
      "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))) | MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
      "GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)) | GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))",
      "POINT(20037508.34 -1e-7)          | POINT(20037508.34 -0.0000001)",
  })
  void reserialisesWkt(String input, String wkt) {
    assertThat(literal(input).toWkt(false)).isEqualTo(wkt);
  }

  @Test
  void swappedAxesSwapEveryPosition() {
    assertThat(literal("POLYGON((36 120, 36 121, 37 121, 36 120))").toWkt(true))
        .isEqualTo("POLYGON((120 36, 121 36, 121 37, 120 36))");
    assertThat(literal("BBOX(36.0, 120.3, 36.2, 120.5)").toWkt(true))
        .isEqualTo("POLYGON((120.3 36, 120.3 36.2, 120.5 36.2, 120.5 36, 120.3 36))");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "S_INTERSECTS(g, POLYGON((0 0, 1 0, 1 1, 0 1)))  | polygon ring is not closed (first and last positions differ) at position 25",
      "S_INTERSECTS(g, POLYGON((0 0, 1 0, 0 0)))      | a polygon ring needs at least 4 positions at position 25",
      "S_INTERSECTS(g, POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))) | invalid polygon: self-intersection at position 17",
      "S_INTERSECTS(g, LINESTRING(1 2))               | a linestring needs at least 2 positions at position 27",
      "S_INTERSECTS(g, POINT(1))                      | expected a coordinate but found ')' at position 24",
      "S_INTERSECTS(g, POINT(1 1e400))                | coordinate '1e400' is out of range at position 25",
      "S_INTERSECTS(g, POINT(1, 2))                   | expected a coordinate but found ',' at position 24",
      "S_INTERSECTS(g, BBOX(1, 2, 3))                 | BBOX needs 4 or 6 numbers, got 3 at position 17",
      "S_INTERSECTS(g, BBOX(3, 2, 1, 4))              | BBOX minimum is greater than its maximum at position 17",
      "S_INTERSECTS(g, CIRCLE(1 2))                   | expected a geometry property or a geometry literal but found 'CIRCLE' at position 17",
      "S_INTERSECTS(g)                                | expected ',' but found ')' at position 15",
      "S_INTERSECTS(g, 'POINT(1 2)')                  | expected a geometry property or a geometry literal but found 'POINT(1 2)' at position 17",
      "S_INTERSECTS(g, POINT(1 2)) extra              | unexpected 'extra' at position 29",
  })
  void rejectsBadGeometry(String filter, String message) {
    assertThatThrownBy(() -> Cql2Parser.parse(filter))
        .isInstanceOf(CqlException.class)
        .hasMessage(message);
  }
}
