package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Lon/lat points bucketed in a grid of cells at least {@code metres} wide on the ground in both
 * directions, so every point within {@code metres} of a place lies in the place's own cell or one
 * of the eight around it. Callers measure the candidates themselves (on the ellipsoid).
 */
public final class PointGrid {
  private final double cellLon;
  private final double cellLat;
  private final Map<Long, List<Integer>> cells = new HashMap<>();

  public PointGrid(double[][] points, double metres) {
    double maxAbsLat = 0;
    for (double[] p : points) {
      maxAbsLat = Math.max(maxAbsLat, Math.abs(p[1]));
    }
    // Degrees per cell, rounded up: a degree of latitude is >= 110,574 m, of longitude >= this at the
    // highest latitude (plus a degree of margin for places north of every point).
    cellLat = metres / 110_000 + 1e-9;
    cellLon = metres / Math.max(1, Geodesy.metresPerDegreeLon(Math.min(89, maxAbsLat + 1)) * 0.99) + 1e-9;
    for (int i = 0; i < points.length; i++) {
      cells.computeIfAbsent(key(Math.floor(points[i][0] / cellLon), Math.floor(points[i][1] / cellLat)),
          k -> new ArrayList<>()).add(i);
    }
  }

  /** Hands {@code action} the index of every point in the place's cell and the eight around it. */
  public void forEachNear(double lon, double lat, IntConsumer action) {
    anyNear(lon, lat, i -> {
      action.accept(i);
      return false;
    });
  }

  /** Whether {@code test} holds for a point of the place's cell or the eight around it; stops at the first. */
  public boolean anyNear(double lon, double lat, IntPredicate test) {
    double cx = Math.floor(lon / cellLon);
    double cy = Math.floor(lat / cellLat);
    for (int dx = -1; dx <= 1; dx++) {
      for (int dy = -1; dy <= 1; dy++) {
        for (int i : cells.getOrDefault(key(cx + dx, cy + dy), List.of())) {
          if (test.test(i)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The cell's key: its two numbers packed, then multiplied by an odd constant (a bijection, so keys
   * stay distinct) to spread them over Long's hash, which folds the halves together with XOR: the
   * plain packing gave every cell on a diagonal the same hash (cx ^ cy), and at province scale the
   * map's buckets degraded into trees.
   */
  private static long key(double cx, double cy) {
    return (((long) cx << 32) ^ ((long) cy & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
  }
}
