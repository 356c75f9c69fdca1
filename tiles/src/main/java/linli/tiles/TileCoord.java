package linli.tiles;

/**
 * A tile address in the Web Mercator (EPSG:3857) XYZ scheme that Leaflet uses: zoom {@code z},
 * column {@code x} from the west, row {@code y} from the north.
 */
public record TileCoord(int z, int x, int y) {
  public static final int MAX_ZOOM = 22;
  /** Half the width of the Web Mercator world, in metres. */
  public static final double WORLD_HALF_M = 20037508.342789244;

  public TileCoord {
    if (z < 0 || z > MAX_ZOOM) {
      throw new IllegalArgumentException("zoom must be between 0 and " + MAX_ZOOM + ", was " + z);
    }
    int n = 1 << z;
    if (x < 0 || x >= n || y < 0 || y >= n) {
      throw new IllegalArgumentException("tile " + z + "/" + x + "/" + y + " is outside the " + n + "×" + n + " grid");
    }
  }

  /** The tile's bounds in EPSG:3857 metres: minX, minY, maxX, maxY. */
  public double[] mercatorBounds() {
    double size = 2 * WORLD_HALF_M / (1 << z);
    double minX = -WORLD_HALF_M + x * size;
    double maxY = WORLD_HALF_M - y * size;
    return new double[] {minX, maxY - size, minX + size, maxY};
  }

  /** The tile's bounds in longitude/latitude degrees: west, south, east, north. */
  public double[] lonLatBounds() {
    double[] m = mercatorBounds();
    return new double[] {lon(m[0]), lat(m[1]), lon(m[2]), lat(m[3])};
  }

  private static double lon(double x) {
    return Math.toDegrees(x / WORLD_HALF_M * Math.PI);
  }

  private static double lat(double y) {
    return Math.toDegrees(Math.atan(Math.sinh(y / WORLD_HALF_M * Math.PI)));
  }

  /** The tile containing {@code lon}, {@code lat} (degrees) at zoom {@code z}. */
  public static TileCoord containing(double lon, double lat, int z) {
    int n = 1 << z;
    double latRad = Math.toRadians(Math.max(-85.0511287798, Math.min(85.0511287798, lat)));
    int x = (int) Math.floor((lon + 180) / 360 * n);
    int y = (int) Math.floor((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2 * n);
    return new TileCoord(z, Math.min(Math.max(x, 0), n - 1), Math.min(Math.max(y, 0), n - 1));
  }

  @Override
  public String toString() {
    return z + "/" + x + "/" + y;
  }
}
