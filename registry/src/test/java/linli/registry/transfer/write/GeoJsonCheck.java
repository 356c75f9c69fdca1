package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** An independent check of RFC 7946 structure on a parsed ({@link MiniJson}) document. */
final class GeoJsonCheck {
  private GeoJsonCheck() {}

  /** Asserts a FeatureCollection without any "crs" member; returns its features. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> featureCollection(Object root) {
    assertThat(root).isInstanceOf(Map.class);
    Map<String, Object> fc = (Map<String, Object>) root;
    assertThat(fc).containsEntry("type", "FeatureCollection").doesNotContainKey("crs").containsKey("features");
    List<Object> features = (List<Object>) fc.get("features");
    for (Object f : features) {
      Map<String, Object> feature = (Map<String, Object>) f;
      assertThat(feature).containsEntry("type", "Feature").doesNotContainKey("crs")
          .containsKeys("geometry", "properties");
      assertThat(feature.get("properties")).isInstanceOf(Map.class);
      if (feature.get("geometry") != MiniJson.NULL) {
        geometry((Map<String, Object>) feature.get("geometry"));
      }
    }
    return (List<Map<String, Object>>) (List<?>) features;
  }

  @SuppressWarnings("unchecked")
  static void geometry(Map<String, Object> g) {
    assertThat(g).doesNotContainKey("crs").containsKeys("type", "coordinates");
    Object c = g.get("coordinates");
    switch ((String) g.get("type")) {
      case "Point" -> position(c);
      case "Polygon" -> polygon((List<Object>) c);
      case "MultiPolygon" -> ((List<Object>) c).forEach(p -> polygon((List<Object>) p));
      default -> throw new AssertionError("unexpected geometry type " + g.get("type"));
    }
  }

  @SuppressWarnings("unchecked")
  private static void polygon(List<Object> rings) {
    assertThat(rings).isNotEmpty();
    for (int r = 0; r < rings.size(); r++) {
      List<Object> ring = (List<Object>) rings.get(r);
      assertThat(ring).as("a linear ring has at least four positions").hasSizeGreaterThanOrEqualTo(4);
      ring.forEach(GeoJsonCheck::position);
      assertThat(ring.get(0)).as("a linear ring is closed").isEqualTo(ring.get(ring.size() - 1));
      double area = signedArea(ring);
      if (r == 0) {
        assertThat(area).as("RFC 7946 right-hand rule: exterior counter-clockwise").isPositive();
      } else {
        assertThat(area).as("RFC 7946 right-hand rule: holes clockwise").isNegative();
      }
    }
  }

  @SuppressWarnings("unchecked")
  static double signedArea(List<Object> ring) {
    double sum = 0;
    for (int i = 0; i + 1 < ring.size(); i++) {
      List<BigDecimal> a = (List<BigDecimal>) ring.get(i);
      List<BigDecimal> b = (List<BigDecimal>) ring.get(i + 1);
      sum += a.get(0).doubleValue() * b.get(1).doubleValue() - b.get(0).doubleValue() * a.get(1).doubleValue();
    }
    return sum / 2;
  }

  @SuppressWarnings("unchecked")
  static void position(Object p) {
    assertThat(p).isInstanceOf(List.class);
    List<Object> pos = (List<Object>) p;
    assertThat(pos).hasSize(2).allSatisfy(n -> assertThat(n).isInstanceOf(BigDecimal.class));
  }
}
