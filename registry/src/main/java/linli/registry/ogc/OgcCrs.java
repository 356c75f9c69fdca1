package linli.registry.ogc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The coordinate reference systems the OGC API offers (Part 2), by URI. Axis order follows each
 * CRS's definition: EPSG:4490 and EPSG:4326 are latitude first, EPSG:4549 (Gauss-Krüger 3-degree,
 * CM 120°E) is northing first, CRS84 and EPSG:3857 are x (east) first.
 */
public enum OgcCrs {
  CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 7),
  CGCS2000("http://www.opengis.net/def/crs/EPSG/0/4490", 4490, true, 7),
  WGS84("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 7),
  // Projected CRSs carry the easting/northing range where they are defined (EPSG's area of use,
  // rounded outwards): beyond it, transforming to longitude/latitude yields nonsense, not errors.
  CGCS2000_GK_CM120("http://www.opengis.net/def/crs/EPSG/0/4549", 4549, true, 3,
      347_000, 2_700_000, 653_000, 5_913_000),
  WEB_MERCATOR("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 3,
      -20_037_508.3428, -20_048_966.1, 20_037_508.3428, 20_048_966.1);

  /** The SRID the registry stores: CGCS2000 lon/lat. CGCS2000 and WGS84 are taken as equal. */
  public static final int STORAGE_SRID = 4490;

  private final String uri;
  private final int srid;
  private final boolean swapAxes;
  private final int decimals;
  private final double[] area;

  OgcCrs(String uri, int srid, boolean swapAxes, int decimals, double... area) {
    this.uri = uri;
    this.srid = srid;
    this.swapAxes = swapAxes;
    this.decimals = decimals;
    this.area = area.length == 0 ? null : area;
  }

  public String uri() {
    return uri;
  }

  /** The EPSG code of the coordinates (4326 for CRS84). */
  public int srid() {
    return srid;
  }

  /** True when the CRS's first axis is latitude or northing, so x and y swap against PostGIS. */
  public boolean swapAxes() {
    return swapAxes;
  }

  /** Decimals written: 7 for degrees (about 1 cm), 3 for metres. */
  public int decimals() {
    return decimals;
  }

  /**
   * For a projected CRS, where its coordinates are defined as {minX, minY, maxX, maxY} in PostGIS
   * order (easting, northing); null for the geographic ones (longitude/latitude ranges apply).
   */
  public double[] area() {
    return area == null ? null : area.clone();
  }

  /** True when coordinates need no transformation from storage (only, maybe, an axis swap). */
  public boolean isGeographic() {
    return srid == 4326 || srid == STORAGE_SRID;
  }

  public static Optional<OgcCrs> fromUri(String uri) {
    return Arrays.stream(values()).filter(c -> c.uri.equals(uri.strip())).findFirst();
  }

  public static List<String> uris() {
    return Arrays.stream(values()).map(OgcCrs::uri).toList();
  }

  /** SQL turning a storage geometry expression into this CRS, axes as the CRS defines them. */
  public String fromStorage(String geometry) {
    String transformed = isGeographic() ? geometry : "ST_Transform(" + geometry + ", " + srid + ")";
    return swapAxes ? "ST_FlipCoordinates(" + transformed + ")" : transformed;
  }
}
