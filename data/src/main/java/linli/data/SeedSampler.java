package linli.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Places Voronoi seed points inside a region. Seeds go only on the region's substantial parts
 * (≥ 3 km², or the largest part): a seed on a rock offshore would give a unit with no roads.
 * Islets still end up in some unit because the Voronoi cells cover the whole region.
 */
final class SeedSampler {
  private static final double MIN_PART_KM2 = 3.0;
  private static final int CANDIDATES = 10;

  private final PreparedGeometry seedable;
  private final Random rnd;

  SeedSampler(MultiPolygon region, Random rnd) {
    this.rnd = rnd;
    List<Polygon> parts = new ArrayList<>();
    for (int i = 0; i < region.getNumGeometries(); i++) {
      parts.add((Polygon) region.getGeometryN(i));
    }
    Polygon largest = parts.stream().max(Comparator.comparingDouble(Polygon::getArea)).orElseThrow();
    List<Polygon> keep = new ArrayList<>();
    for (Polygon p : parts) {
      if (p == largest || Geo.areaKm2(p) >= MIN_PART_KM2) {
        keep.add(p);
      }
    }
    this.seedable =
        PreparedGeometryFactory.prepare(Geo.GF.createMultiPolygon(keep.toArray(Polygon[]::new)));
  }

  boolean contains(Coordinate c) {
    return seedable.contains(Geo.GF.createPoint(c));
  }

  /** Uniform over the seedable area. */
  Coordinate uniform() {
    Coordinate c = Geo.randomInside(seedable, rnd, 20_000);
    return c != null ? c : Geo.interior(seedable.getGeometry());
  }

  /** Uniform in a disk around {@code centre}, clipped to the seedable area. */
  Coordinate inDisk(Coordinate centre, double radiusM) {
    for (int i = 0; i < 200; i++) {
      Coordinate c = Geo.jitter(centre, radiusM, rnd);
      if (contains(c)) {
        return c;
      }
    }
    return uniform();
  }

  /**
   * Mitchell's best-candidate sampling: each new seed is the candidate (of several drawn from
   * {@code source}) farthest from all seeds placed so far, which spreads seeds like Poisson-disk
   * sampling without a grid. Appends {@code n} seeds to {@code placed}.
   */
  void spread(List<Coordinate> placed, int n, Supplier<Coordinate> source) {
    for (int i = 0; i < n; i++) {
      Coordinate best = null;
      double bestD = -1;
      for (int attempt = 0; attempt < 50 && bestD < 1.0; attempt++) {
        for (int k = 0; k < CANDIDATES; k++) {
          Coordinate c = source.get();
          double d = minDistanceM(c, placed);
          if (d > bestD) {
            best = c;
            bestD = d;
          }
        }
      }
      if (bestD < 1.0) {
        // Two seeds closer than 1 m would make a degenerate Voronoi cell.
        throw new IllegalStateException("cannot place " + n + " separate seeds");
      }
      placed.add(best);
    }
  }

  private static double minDistanceM(Coordinate c, List<Coordinate> placed) {
    double min = Double.MAX_VALUE;
    for (Coordinate p : placed) {
      min = Math.min(min, Geo.distanceM(c, p));
    }
    return min;
  }
}
