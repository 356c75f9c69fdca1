package linli.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

class PartitionerTest {
  private static MultiPolygon square(double x, double y, double size) {
    Polygon p = Geo.GF.createPolygon(new Coordinate[] {
        new Coordinate(x, y), new Coordinate(x + size, y), new Coordinate(x + size, y + size),
        new Coordinate(x, y + size), new Coordinate(x, y)});
    return Geo.GF.createMultiPolygon(new Polygon[] {p});
  }

  @Test
  void piecesTileTheRegionAndContainTheirSeed() {
    MultiPolygon region = square(120.3, 36.0, 0.05);
    Random rnd = new Random(42);
    SeedSampler sampler = new SeedSampler(region, rnd);
    List<Coordinate> seeds = new ArrayList<>();
    sampler.spread(seeds, 25, sampler::uniform);
    List<MultiPolygon> pieces = Partitioner.partition(region, seeds);
    assertThat(pieces).hasSize(25);
    double sum = 0;
    for (int i = 0; i < pieces.size(); i++) {
      assertThat(pieces.get(i).isValid()).isTrue();
      assertThat(pieces.get(i).contains(Geo.point(seeds.get(i)))).isTrue();
      sum += pieces.get(i).getArea();
    }
    assertThat(sum).isCloseTo(region.getArea(), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void twoSeedsAndOneSeed() {
    MultiPolygon region = square(120.3, 36.0, 0.01);
    List<MultiPolygon> two =
        Partitioner.partition(region, List.of(new Coordinate(120.302, 36.005), new Coordinate(120.308, 36.005)));
    assertThat(two.get(0).getArea()).isCloseTo(region.getArea() / 2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Partitioner.partition(region, List.of(new Coordinate(120.305, 36.005))).get(0)
        .equalsExact(region)).isTrue();
  }

  @Test
  void cellsAreNotStretchedByLongitudeScaling() {
    // Two seeds 1 km apart east-west: the bisector must be halfway in ground distance.
    MultiPolygon region = square(120.3, 36.0, 0.05);
    Coordinate a = new Coordinate(120.32, 36.02);
    Coordinate b = new Coordinate(120.32 + Geo.metersToLon(1000), 36.02);
    Coordinate c = new Coordinate(120.32, 36.02 + Geo.metersToLat(1500));
    List<MultiPolygon> pieces = Partitioner.partition(region, List.of(a, b, c));
    // A point 600 m north of a is nearer to c (900 m) than... it's 600 m from a, 900 m from c,
    // ~781 m from b: belongs to a only if distances are measured isotropically.
    Coordinate p = new Coordinate(120.32, 36.02 + Geo.metersToLat(600));
    assertThat(pieces.get(0).contains(Geo.point(p))).isTrue();
    Coordinate q = new Coordinate(120.32 + Geo.metersToLon(600), 36.02);
    assertThat(pieces.get(1).contains(Geo.point(q))).isTrue();
  }
}
