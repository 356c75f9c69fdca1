package linli.registry.coverage.straight;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;

/**
 * Ground distance on the CGCS2000 ellipsoid as PostGIS 3 gives it for two points of
 * {@code geography(Point, 4490)}: {@code ST_Distance} and {@code ST_DWithin} hand the points to
 * PROJ's copy of GeographicLib ({@code geod_inverse}, Karney 2013) after a round trip through
 * radians, on the spheroid PROJ describes (a, and b = a (1 - 1/rf); PostGIS then takes
 * f = (a - b) / a), and {@code ST_Distance} rounds the result to 1e-8 m (PostGIS ticket #2168).
 * GeographicLib-Java is the same algorithm; {@code PostgisGeodesicIT} checks the two agree within
 * {@link #DISAGREEMENT}: not to the bit, so callers send the rare pair closer than that to a
 * decision's boundary to PostGIS itself.
 *
 * <p>Because this costs about 1.5 us, the search decides most questions without it, from the chord
 * (straight line through the earth) between the two points' ECEF positions: the geodesic is never
 * shorter than the chord, and, since its curvature in space is a normal curvature of the ellipsoid
 * and so at most 1/{@link #RHO_MIN}, by Schur's comparison theorem it is never longer than the
 * circular arc of that radius over the same chord, {@link #upperBound}.
 */
public final class PostgisGeodesic {
  static final double A = 6378137.0;
  private static final double RF = 298.257222101; // GRS80, CGCS2000's ellipsoid
  static final double B = A * (1 - 1 / RF);
  static final double F = (A - B) / A;
  static final double E2 = F * (2 - F);
  /** The smallest radius of curvature of the ellipsoid: the meridian's, at the equator. */
  static final double RHO_MIN = A * (1 - E2);
  /**
   * Uncertainty added on both sides of a chord bound before trusting it: covers the chord's
   * floating-point error (about 1e-9 m at 6.4e6 m coordinates), GeographicLib's own 15 nm, the
   * 1e-8 m rounding and the radian round trip (about 1e-9 m), with room to spare.
   */
  public static final double SLACK = 1e-6;

  /**
   * How far {@link #distance} may be from PostGIS's own value: PostGIS passes the coordinates through
   * its own conversions, so about 2 % of distances land on the neighbouring 1e-8 m step
   * ({@code PostgisGeodesicIT}). A decision closer than this to its boundary is left to PostGIS.
   */
  public static final double DISAGREEMENT = 1e-7;

  private static final Geodesic GEODESIC = new Geodesic(A, F);
  private static final double CUBIC = 1.005 / (24 * RHO_MIN * RHO_MIN);
  private static final MathContext FLOAT8_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

  private PostgisGeodesic() {}

  /** Metres between two lon/lat points (degrees), as PostGIS's ST_Distance(geography) returns them. */
  public static double distance(double lon1, double lat1, double lon2, double lat2) {
    double s = GEODESIC.Inverse(viaRadians(lat1), viaRadians(lon1), viaRadians(lat2), viaRadians(lon2),
        GeodesicMask.DISTANCE).s12;
    return roundHalfAway(s * 1e8) / 1e8;
  }

  /** PostGIS keeps geography coordinates in radians (deg2rad) and gives PROJ degrees back. */
  private static double viaRadians(double degrees) {
    double radians = Math.PI * degrees / 180.0;
    return radians * 180.0 / Math.PI;
  }

  /** C's round(): halves away from zero (Math.round would round -0.5 up). */
  private static double roundHalfAway(double x) {
    double r = Math.floor(Math.abs(x));
    if (Math.abs(x) - r >= 0.5) {
      r += 1;
    }
    return Math.copySign(r, x);
  }

  /** Writes the ECEF position (metres, on the ellipsoid's surface) of a lon/lat point at {@code at}. */
  public static void ecef(double lon, double lat, double[] xyz, int at) {
    double phi = Math.toRadians(lat);
    double lambda = Math.toRadians(lon);
    double sinPhi = Math.sin(phi);
    double cosPhi = Math.cos(phi);
    double n = A / Math.sqrt(1 - E2 * sinPhi * sinPhi);
    xyz[at] = n * cosPhi * Math.cos(lambda);
    xyz[at + 1] = n * cosPhi * Math.sin(lambda);
    xyz[at + 2] = n * (1 - E2) * sinPhi;
  }

  /**
   * The longest the geodesic over a chord of {@code chord} metres can be: 2 rho asin(c / 2 rho) with
   * rho = {@link #RHO_MIN}, bounded by its series c + c^3 / (24 rho^2) with 0.5 % to spare for the
   * higher terms (they add less than 0.5 % of the cubic term up to c = 1,000 km), and by
   * c * pi / 2 beyond.
   */
  public static double upperBound(double chord) {
    return chord <= 1e6 ? chord + chord * chord * chord * CUBIC : chord * Math.PI / 2;
  }

  /**
   * {@code round(metres::numeric, 1)::double precision} as PostgreSQL computes it: float8 to numeric
   * keeps 15 significant digits, round() takes halves away from zero.
   */
  public static double roundToDecimetre(double metres) {
    return new BigDecimal(metres).round(FLOAT8_DIGITS).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * {@link #roundToDecimetre} of every value in [lo, hi], or NaN when the interval straddles a
   * rounding boundary (then only the exact distance can tell).
   */
  public static double roundToDecimetre(double lo, double hi) {
    double a = Math.round(lo * 10) / 10.0;
    double b = Math.round(hi * 10) / 10.0;
    return a == b ? a : Double.NaN;
  }
}
