package linli.registry.crs;

/**
 * Inverts an offset transform (GCJ-02, BD-09) by fixed-point iteration: the offsets vary slowly,
 * so moving the guess by the forward transform's error converges to 1e-10° in a few steps.
 */
final class FixedPointInverse {
  /** A forward transform: lon/lat to shifted lon/lat. */
  interface Forward {
    double[] apply(double lon, double lat);
  }

  private FixedPointInverse() {}

  /** The point whose {@code forward} image is (lon, lat), starting from (x, y), at most {@code steps} steps. */
  static double[] invert(Forward forward, double lon, double lat, double x, double y, int steps) {
    for (int i = 0; i < steps; i++) {
      double[] image = forward.apply(x, y);
      double dx = image[0] - lon;
      double dy = image[1] - lat;
      x -= dx;
      y -= dy;
      if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) {
        break;
      }
    }
    return new double[] {x, y};
  }
}
