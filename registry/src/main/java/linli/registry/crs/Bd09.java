package linli.registry.crs;

/**
 * BD-09, Baidu Maps' longitude/latitude: GCJ-02 ({@link Gcj02}) shifted once more by Baidu's
 * published transform (a small rotation and scaling about the origin with periodic terms in
 * x_pi = π·3000/180, then +0.0065° longitude, +0.006° latitude). In Qingdao a BD-09 point lies
 * about 0.0065° east and 0.006° north of its GCJ-02 position, about 1.3 km from the true
 * (WGS84/CGCS2000) one. The published inverse is only approximate (off by up to about 1e-6°), so
 * {@link #toGcj02} refines it until the forward transform lands within 1e-10° of the input.
 */
public final class Bd09 {
  private static final double X_PI = Math.PI * 3000.0 / 180.0;

  private Bd09() {}

  /** GCJ-02 lon/lat to BD-09. */
  public static double[] fromGcj02(double lon, double lat) {
    double z = Math.hypot(lon, lat) + 0.00002 * Math.sin(lat * X_PI);
    double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
    return new double[] {z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006};
  }

  /** BD-09 lon/lat back to GCJ-02. */
  public static double[] toGcj02(double lon, double lat) {
    double x = lon - 0.0065;
    double y = lat - 0.006;
    double z = Math.hypot(x, y) - 0.00002 * Math.sin(y * X_PI);
    double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
    // Baidu's published inverse is approximate: it is the start of the iteration.
    return FixedPointInverse.invert(Bd09::fromGcj02, lon, lat, z * Math.cos(theta), z * Math.sin(theta), 10);
  }

  /** WGS84 (≈ CGCS2000) lon/lat to BD-09, through GCJ-02. */
  public static double[] fromWgs84(double lon, double lat) {
    double[] gcj = Gcj02.fromWgs84(lon, lat);
    return fromGcj02(gcj[0], gcj[1]);
  }

  /** BD-09 lon/lat to WGS84 (≈ CGCS2000), through GCJ-02. */
  public static double[] toWgs84(double lon, double lat) {
    double[] gcj = toGcj02(lon, lat);
    return Gcj02.toWgs84(gcj[0], gcj[1]);
  }
}
