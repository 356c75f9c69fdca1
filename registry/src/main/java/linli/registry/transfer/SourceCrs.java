package linli.registry.transfer;

import java.util.Locale;
import java.util.Optional;

/**
 * The coordinate systems an upload may be in. Coordinates are always x = longitude/easting;
 * WGS84 and CGCS2000 are taken as equal (they differ by centimetres); GCJ-02 is converted with
 * {@link Gcj02#toWgs84}; projected ones are transformed by PostGIS.
 */
public enum SourceCrs {
  WGS84("EPSG:4326", 4490),
  CGCS2000("EPSG:4490", 4490),
  GCJ02("GCJ02", 4490),
  CGCS2000_GK_CM120("EPSG:4549", 4549),
  WEB_MERCATOR("EPSG:3857", 3857);

  private final String code;
  private final int srid;

  SourceCrs(String code, int srid) {
    this.code = code;
    this.srid = srid;
  }

  public String code() {
    return code;
  }

  /** The SRID the coordinates are staged with (after GCJ-02 conversion, 4490). */
  public int stagingSrid() {
    return srid;
  }

  public boolean isGeographic() {
    return srid == 4490;
  }

  /** Accepts EPSG:4326, 4326, CRS84, EPSG:4490, GCJ02, GCJ-02, EPSG:4549, EPSG:3857 (any case). */
  public static Optional<SourceCrs> parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT).replace("GCJ-02", "GCJ02");
    if (t.equals("CRS84") || t.endsWith("/CRS84")) {
      return Optional.of(WGS84);
    }
    if (t.matches("[0-9]+")) {
      t = "EPSG:" + t;
    }
    t = t.replaceFirst("^HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "EPSG:");
    for (SourceCrs c : values()) {
      if (c.code.equals(t)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
