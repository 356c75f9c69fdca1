package linli.registry.crs;

/**
 * GCJ-02, the obfuscated datum of Chinese web maps (Gaode/AMap, Tencent), and its inverse. The
 * forward transform is the widely published one (Krasovsky a = 6378245.0, ee =
 * 0.00669342162296594323), applied only inside China's rough bounding box; the inverse iterates
 * the forward transform until it lands within 1e-9° (well under a millimetre) of the input.
 */
public final class Gcj02 {
  private static final double A = 6378245.0;
  private static final double EE = 0.00669342162296594323;

  private Gcj02() {}

  /** Whether the forward transform applies: outside China's box, GCJ-02 equals WGS84. */
  public static boolean inChina(double lon, double lat) {
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
  }

  /** WGS84 (≈ CGCS2000) lon/lat to GCJ-02. */
  public static double[] fromWgs84(double lon, double lat) {
    if (!inChina(lon, lat)) {
      return new double[] {lon, lat};
    }
    double dLat = transformLat(lon - 105.0, lat - 35.0);
    double dLon = transformLon(lon - 105.0, lat - 35.0);
    double radLat = Math.toRadians(lat);
    double magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
    double sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
    return new double[] {lon + dLon, lat + dLat};
  }

  /** GCJ-02 lon/lat back to WGS84 (≈ CGCS2000), by fixed-point iteration of the forward transform. */
  public static double[] toWgs84(double lon, double lat) {
    return FixedPointInverse.invert(Gcj02::fromWgs84, lon, lat, lon, lat, 30);
  }

  private static double transformLat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return r;
  }

  private static double transformLon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return r;
  }
}
