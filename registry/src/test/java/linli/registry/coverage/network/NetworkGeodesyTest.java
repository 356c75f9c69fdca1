package linli.registry.coverage.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Edge and leg lengths (Vincenty on GRS80) against GeographicLib's Karney solution on GRS80. */
class NetworkGeodesyTest {
  @Test
  void vincentyMatchesKarneyOnShortSegmentsNearQingdao() {
    Random random = new Random(7);
    double worst = 0;
    for (int i = 0; i < 20_000; i++) {
      double lat = 35.5 + random.nextDouble();
      double lon = 119.5 + random.nextDouble() * 2;
      // Lengths from millimetres to 2 km, all azimuths.
      double s = Math.pow(10, -3 + random.nextDouble() * 6.302);
      GeodesicData end = BruteForceNetwork.GRS80.Direct(lat, lon, random.nextDouble() * 360 - 180, s);
      double expected = BruteForceNetwork.ground(lon, lat, end.lon2, end.lat2);
      double actual = Geodesy.distance(lon, lat, end.lon2, end.lat2);
      worst = Math.max(worst, Math.abs(actual - expected));
    }
    System.out.printf("Vincenty vs GeographicLib, 20k segments <= 2 km: worst %.2e m%n", worst);
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void staysSubMillimetreOnLongerLines() {
    Random random = new Random(8);
    for (int i = 0; i < 2_000; i++) {
      double lat = 36 + random.nextDouble();
      double lon = 120 + random.nextDouble();
      GeodesicData end = BruteForceNetwork.GRS80.Direct(lat, lon, random.nextDouble() * 360, 1e3 + random.nextDouble() * 5e5);
      assertThat(Geodesy.distance(lon, lat, end.lon2, end.lat2)).isCloseTo(end.s12, within(1e-4));
    }
  }

  @Test
  void surelyFartherIsNeverWrongAndRulesOutMostOfTheFarPairs() {
    // Pairs from 0.8 to 1.2 times the distance apart, distances from 10 m to 50 km, from the
    // equator to 60 degrees north: "surely farther" must never hold for a pair within the distance.
    Random random = new Random(12);
    int ruledOut = 0, far = 0;
    for (int i = 0; i < 200_000; i++) {
      double lat = random.nextDouble() * 60;
      double lon = -170 + random.nextDouble() * 340; // not across the antimeridian, as everywhere in Linli
      double metres = Math.pow(10, 1 + random.nextDouble() * 3.7);
      double s = metres * (0.8 + 0.4 * random.nextDouble());
      GeodesicData end = BruteForceNetwork.GRS80.Direct(lat, lon, random.nextDouble() * 360 - 180, s);
      double ground = Geodesy.distance(lon, lat, end.lon2, end.lat2);
      boolean surely = Geodesy.surelyFartherThan(lon, lat, end.lon2, end.lat2, metres);
      if (ground <= metres) {
        assertThat(surely).as("%s m apart, asked %s m, at %s %s", ground, metres, lon, lat).isFalse();
      } else if (ground > metres * 1.01) {
        far++;
        ruledOut += surely ? 1 : 0;
      }
    }
    assertThat(ruledOut).as("pairs more than 1 %% beyond the distance ruled out").isEqualTo(far);
  }

  @Test
  void identicalPointsAreZeroAndOrderDoesNotMatter() {
    assertThat(Geodesy.distance(120.38, 36.07, 120.38, 36.07)).isEqualTo(0.0);
    assertThat(Geodesy.distance(120.38, 36.07, 120.39, 36.08))
        .isCloseTo(Geodesy.distance(120.39, 36.08, 120.38, 36.07), within(1e-9));
  }

  @Test
  void graphEdgesCarryGeodesicLengths() {
    GeometryFactory gf = new GeometryFactory();
    Random random = new Random(9);
    Coordinate[] path = new Coordinate[200];
    double lon = 120.38, lat = 36.07;
    for (int i = 0; i < path.length; i++) {
      path[i] = new Coordinate(Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7);
      GeodesicData next = BruteForceNetwork.GRS80.Direct(lat, lon, random.nextDouble() * 360, random.nextDouble() * 2000);
      lon = next.lon2;
      lat = next.lat2;
    }
    RoadGraph graph = RoadGraph.build(List.of(gf.createLineString(path)));
    assertThat(graph.edgeCount()).isEqualTo(path.length - 1);
    for (int e = 0; e < graph.edgeCount(); e++) {
      double expected = BruteForceNetwork.ground(path[e].x, path[e].y, path[e + 1].x, path[e + 1].y);
      assertThat(graph.edgeLength(e)).isCloseTo(expected, within(1e-6));
    }
  }
}
