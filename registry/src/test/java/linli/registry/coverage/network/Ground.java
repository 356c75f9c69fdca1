package linli.registry.coverage.network;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * Hand-made geometry with exactly known ground distances (GeographicLib). Roads run along meridians
 * and parallels, where the nearest point in any equirectangular frame is known exactly (same lon, or
 * same lat, as the point), so expected walks follow from GeographicLib alone.
 */
final class Ground {
  static final double LON0 = 120.38;
  static final double LAT0 = 36.07;
  private static final GeometryFactory GF = new GeometryFactory();

  private Ground() {}

  /** {lon, lat} the given ground distance north (negative: south) along the meridian. */
  static double[] north(double[] from, double metres) {
    double lat2 = BruteForceNetwork.GRS80.Direct(from[1], from[0], metres >= 0 ? 0 : 180, Math.abs(metres)).lat2;
    return new double[] {from[0], lat2};
  }

  /** {lon, lat} on the same latitude whose geodesic distance from {@code from} is |metres| (east if positive). */
  static double[] east(double[] from, double metres) {
    double target = Math.abs(metres);
    double dLon = target / Geodesy.metresPerDegreeLon(from[1]);
    for (int i = 0; i < 6; i++) {
      dLon *= target / BruteForceNetwork.ground(from[0], from[1], from[0] + dLon, from[1]);
    }
    return new double[] {from[0] + Math.signum(metres) * dLon, from[1]};
  }

  /** The same position on the 1e-7 degree lattice the graph uses for its nodes. */
  static double[] lattice(double[] p) {
    return new double[] {Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7};
  }

  static double ground(double[] a, double[] b) {
    return BruteForceNetwork.ground(a[0], a[1], b[0], b[1]);
  }

  static LineString road(double[]... points) {
    List<Coordinate> coordinates = new ArrayList<>();
    for (double[] p : points) {
      coordinates.add(new Coordinate(p[0], p[1]));
    }
    return GF.createLineString(coordinates.toArray(new Coordinate[0]));
  }
}
