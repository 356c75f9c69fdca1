package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * The grid's answer is the brute-force one: the smallest code of every community whose polygon the
 * point intersects (JTS {@code intersects}, as {@code ST_Intersects}: a border counts), at random
 * points and at the awkward ones (vertices, shared borders, the extent's edges, outside it).
 */
class CommunityLocatorTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  @Test
  void findsWhatEveryPolygonSaysAtRandomAndOnBorders() {
    Random random = new Random(42);
    Map<String, Geometry> communities = new LinkedHashMap<>();
    // A tiling of squares sharing borders (ties go to the smallest code), some of them missing.
    int code = 0;
    for (int i = 0; i < 30; i++) {
      for (int j = 0; j < 20; j++) {
        if (random.nextInt(10) > 0) {
          communities.put(code(code), square(120 + i * 0.01, 36 + j * 0.01, 0.01));
        }
        code++;
      }
    }
    // Overlapping and oddly shaped ones: large, thin, rotated, with a hole, in two parts, empty.
    for (int k = 0; k < 60; k++) {
      double size = random.nextDouble() < 0.1 ? 0.2 : 0.002 + random.nextDouble() * 0.03;
      Geometry g = square(120 + random.nextDouble() * 0.3, 36 + random.nextDouble() * 0.2, size);
      g = AffineTransformation.rotationInstance(random.nextDouble(), g.getCentroid().getX(), g.getCentroid().getY())
          .transform(g);
      if (k % 7 == 0) {
        g = g.difference(g.getCentroid().buffer(size / 4));
      }
      if (k % 11 == 0) {
        g = g.union(square(121 + random.nextDouble() * 0.1, 36 + random.nextDouble() * 0.1, 0.003));
      }
      communities.put(code(code++), g);
    }
    communities.put(code(code++), square(120.1, 36.05, 0.0001).getFactory().createMultiPolygon());
    communities.put(code(code), GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(119.9, 35.9),
        new Coordinate(119.95, 35.9), new Coordinate(119.9, 35.95), new Coordinate(119.9, 35.9)}));
    CommunityLocator locator = CommunityLocator.of(communities);

    List<Coordinate> points = new ArrayList<>();
    for (int n = 0; n < 20_000; n++) {
      points.add(new Coordinate(119.85 + random.nextDouble() * 1.3, 35.85 + random.nextDouble() * 0.45));
    }
    for (Geometry g : communities.values()) {
      for (Coordinate c : g.getCoordinates()) {
        points.add(c); // vertices, so shared corners of the tiling too
      }
    }
    for (int n = 0; n < 2_000; n++) { // on the tiling's shared edges
      points.add(new Coordinate(120 + random.nextInt(31) * 0.01, 36 + random.nextDouble() * 0.2));
      points.add(new Coordinate(120 + random.nextDouble() * 0.3, 36 + random.nextInt(21) * 0.01));
    }
    int found = 0;
    for (Coordinate c : points) {
      String expected = bruteForce(communities, c);
      assertThat(locator.locate(c.getX(), c.getY())).as("community of %s", c).isEqualTo(expected);
      found += expected == null ? 0 : 1;
    }
    assertThat(found).as("points inside some community").isGreaterThan(points.size() / 4);
    assertThat(locator.locate(Double.NaN, 36.05)).isNull();
    assertThat(locator.isRegistered(code(0)) || !communities.containsKey(code(0))).isTrue();
  }

  @Test
  void anEmptyRegistryLocatesNothing() {
    CommunityLocator locator = CommunityLocator.of(Map.of());
    assertThat(locator.locate(120.3, 36.1)).isNull();
    assertThat(locator.isRegistered(code(0))).isFalse();
  }

  @Test
  void oneCommunityAlone() {
    Map<String, Geometry> one = Map.of(code(1), square(120.5, 36.5, 0.01));
    CommunityLocator locator = CommunityLocator.of(one);
    for (double[] p : new double[][] {{120.505, 36.505}, {120.51, 36.51}, {120.5, 36.5}, {120.51, 36.5},
        {120.5, 36.51}, {120.5101, 36.505}, {120.3, 36.3}, {119, 35}, {121, 37}}) {
      Coordinate c = new Coordinate(p[0], p[1]);
      assertThat(locator.locate(p[0], p[1])).as("community of %s", c).isEqualTo(bruteForce(one, c));
    }
    assertThat(locator.locate(120.505, 36.505)).isEqualTo(code(1));
  }

  private static String bruteForce(Map<String, Geometry> communities, Coordinate c) {
    Geometry point = GEOMETRY.createPoint(c);
    String best = null;
    for (Map.Entry<String, Geometry> e : communities.entrySet()) {
      if (e.getValue().intersects(point) && (best == null || e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static String code(int i) {
    return String.format("370202%06d", i);
  }

  private static Polygon square(double x, double y, double side) {
    return GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + side, y),
        new Coordinate(x + side, y + side), new Coordinate(x, y + side), new Coordinate(x, y)});
  }
}
