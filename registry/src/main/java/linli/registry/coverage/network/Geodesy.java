package linli.registry.coverage.network;

/**
 * Ground distances on the CGCS2000 ellipsoid (GRS80: a = 6378137 m, f = 1/298.257222101; WGS84 differs
 * from it by 0.1 mm in b, far below anything that matters here).
 *
 * <p>Why Vincenty's inverse formula: it is a few lines, converges in 2-3 iterations for the short
 * segments of a road network, and its series truncation error is well under 0.1 mm even on
 * continental lines, so on edges &lt; 2 km it agrees with Karney's method (GeographicLib) to about a
 * nanometre (see {@code NetworkGeodesyTest}). Its known weakness, non-convergence for nearly antipodal
 * points, cannot occur for road segments or 1 km access legs.
 */
public final class Geodesy {
  static final double A = 6378137.0;
  static final double F = 1 / 298.257222101;
  static final double B = A * (1 - F);
  static final double E2 = F * (2 - F);
  private static final double EP2 = (A * A - B * B) / (B * B);

  private Geodesy() {}

  /**
   * Whether the two points are certainly more than {@code metres} apart on the ground, decided
   * without trigonometry in the local equirectangular frame at their mid-latitude (accurate to well
   * under 0.1 % within tens of kilometres) with a 0.5 % margin: false says nothing, true is certain.
   * Lets a caller skip {@link #distance} (Vincenty, a few atan2 calls) for most pairs in a grid's
   * neighbouring cells, which lie beyond the distance.
   */
  public static boolean surelyFartherThan(double lon1, double lat1, double lon2, double lat2, double metres) {
    double mid = (lat1 + lat2) / 2;
    double dx = (lon2 - lon1) * metresPerDegreeLon(mid);
    double dy = (lat2 - lat1) * metresPerDegreeLat(mid);
    double limit = metres * 1.005;
    return dx * dx + dy * dy > limit * limit;
  }

  /** Geodesic length in metres between two lon/lat points (degrees). Identical points give exactly 0. */
  public static double distance(double lon1, double lat1, double lon2, double lat2) {
    if (lon1 == lon2 && lat1 == lat2) {
      return 0;
    }
    double l = Math.toRadians(lon2 - lon1);
    // Reduced latitudes via tangents: avoids atan then sin/cos.
    double tanU1 = (1 - F) * Math.tan(Math.toRadians(lat1));
    double cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
    double sinU1 = tanU1 * cosU1;
    double tanU2 = (1 - F) * Math.tan(Math.toRadians(lat2));
    double cosU2 = 1 / Math.sqrt(1 + tanU2 * tanU2);
    double sinU2 = tanU2 * cosU2;

    double lambda = l;
    double sinSigma;
    double cosSigma;
    double sigma;
    double cos2Alpha;
    double cos2SigmaM;
    for (int iter = 0; ; iter++) {
      double sinLambda = Math.sin(lambda);
      double cosLambda = Math.cos(lambda);
      double t1 = cosU2 * sinLambda;
      double t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
      sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
      if (sinSigma == 0) {
        return 0;
      }
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cos2Alpha = 1 - sinAlpha * sinAlpha;
      // On the equator cos2Alpha = 0 and cos2SigmaM is irrelevant (multiplied by C = 0).
      cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
      double c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
      double previous = lambda;
      lambda = l + (1 - c) * F * sinAlpha
          * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
      // Converges ~300x per iteration; 1e-15 rad is ~6 nm on the ground (1e-13 would leave ~0.6 um).
      // The 100-iteration cap only matters near the antipode.
      if (Math.abs(lambda - previous) < 1e-15 || iter == 100) {
        break;
      }
    }
    double u2 = cos2Alpha * EP2;
    double bigA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    double bigB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    double deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
        - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return B * bigA * (sigma - deltaSigma);
  }

  /**
   * Metres per degree of longitude at a latitude (N cos phi): the x scale of the local equirectangular
   * frame. Using the ellipsoid's radii (not a sphere) keeps the frame conformal at its origin; a sphere
   * would squash it by ~0.5 %, tilting "perpendicular" and moving the foot of an access leg.
   */
  public static double metresPerDegreeLon(double lat) {
    double phi = Math.toRadians(lat);
    double s = Math.sin(phi);
    return Math.toRadians(A / Math.sqrt(1 - E2 * s * s) * Math.cos(phi));
  }

  /** Metres per degree of latitude at a latitude (meridian radius M): the y scale of the local frame. */
  static double metresPerDegreeLat(double lat) {
    double s = Math.sin(Math.toRadians(lat));
    double w2 = 1 - E2 * s * s;
    return Math.toRadians(A * (1 - E2) / (w2 * Math.sqrt(w2)));
  }
}
