package linli.registry.crs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A coordinate system Linli imports from, exports to or serves over the OGC API, and everything the
 * registry needs to know about it: its EPSG code, the names it is accepted by, whether it is
 * longitude/latitude or metres, its EPSG axis order, the decimals worth writing, the WKT files need,
 * and whether it is an offset datum (GCJ-02, BD-09) that Java must convert because PostGIS cannot.
 *
 * <p>Storage is CGCS2000 longitude/latitude (EPSG:4490). WGS84 and CGCS2000 are taken as equal (they
 * differ by centimetres). Files always carry x = easting/longitude first, whatever the EPSG axis
 * order; only the OGC API follows the EPSG order ({@link #swapAxes()}).
 */
public final class CoordinateSystem {
  /** Where a coordinate system is offered. */
  public enum Use { IMPORT, EXPORT, OGC }

  /**
   * Datums that are WGS84 moved by a published obfuscation, which PostGIS does not know: Java
   * converts them to WGS84 (≈ CGCS2000) before anything reaches the database, and back on export.
   */
  public enum Offset { NONE, GCJ02, BD09 }

  /** The SRID the registry stores: CGCS2000 lon/lat. */
  public static final int STORAGE_SRID = 4490;

  private static final String EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/";
  private static final Set<Use> ALL_USES = EnumSet.allOf(Use.class);
  private static final Set<Use> FILES = EnumSet.of(Use.IMPORT, Use.EXPORT);
  private static final List<CoordinateSystem> ALL = new ArrayList<>();

  /** OGC's longitude-first WGS84, the OGC API's default; an import may name it too. */
  public static final CoordinateSystem CRS84 = add(new CoordinateSystem("CRS84", 4326, "WGS 84 (CRS84)", null,
      "http://www.opengis.net/def/crs/OGC/1.3/CRS84", true, false, Offset.NONE, EnumSet.of(Use.IMPORT, Use.OGC),
      null, "CRS84"));
  /** CGCS2000 longitude/latitude: how the registry stores its geometry (no transformation). */
  public static final CoordinateSystem CGCS2000 = add(epsg(4490, "China Geodetic Coordinate System 2000",
      "GCS_China_Geodetic_Coordinate_System_2000", true, true, ALL_USES, null, "CGCS2000", "CGCS 2000"));
  public static final CoordinateSystem WGS84 = add(epsg(4326, "WGS 84", "GCS_WGS_1984", true, true, ALL_USES, null,
      "WGS84", "WGS 84"));
  /** CGCS2000 3-degree Gauss-Krüger zone with central meridian 120°E, metres; covers Qingdao. */
  public static final CoordinateSystem CGCS2000_GK_CM_120E = add(GaussKruger.nonPrefixed(3, 120));
  public static final CoordinateSystem WEB_MERCATOR = add(epsg(3857, "WGS 84 / Pseudo-Mercator",
      "WGS_1984_Web_Mercator_Auxiliary_Sphere", false, false,
      ALL_USES, new double[] {-20_037_508.3428, -20_048_966.1, 20_037_508.3428, 20_048_966.1}));
  /**
   * GCJ-02, the shifted longitude/latitude of Gaode (AMap) and Tencent maps. It has no EPSG code, so
   * exported files claim WGS84 (EPSG:4326, .prj and SRS) and their coordinates are WGS84 moved by
   * {@link Gcj02#fromWgs84}; points outside China's box are not moved, as GCJ-02 defines.
   */
  public static final CoordinateSystem GCJ02 = add(new CoordinateSystem("GCJ02", 4326,
      "GCJ-02 (WGS 84 shifted for Chinese web maps)", null, null, true, true, Offset.GCJ02, FILES, null,
      "GCJ02", "GCJ-02"));
  /**
   * BD-09, Baidu Maps' longitude/latitude (GCJ-02 shifted again, {@link Bd09}); like GCJ-02, exported
   * files claim WGS84.
   */
  public static final CoordinateSystem BD09 = add(new CoordinateSystem("BD09", 4326,
      "BD-09 (GCJ-02 shifted again for Baidu Maps)", null, null, true, true, Offset.BD09, FILES, null,
      "BD09", "BD-09"));

  static {
    GaussKruger.addZones();
  }

  private final String code;
  private final int srid;
  private final String title;
  private final String esriName;
  private final String uri;
  private final boolean geographic;
  private final boolean swapAxes;
  private final Offset offset;
  private final Set<Use> uses;
  private final double[] area;
  private final Set<String> names;

  private CoordinateSystem(String code, int srid, String title, String esriName, String uri, boolean geographic,
      boolean swapAxes, Offset offset, Set<Use> uses, double[] area, String... extraNames) {
    this.code = code;
    this.srid = srid;
    this.title = title;
    this.esriName = esriName;
    this.uri = uri;
    this.geographic = geographic;
    this.swapAxes = swapAxes;
    this.offset = offset;
    this.uses = Collections.unmodifiableSet(EnumSet.copyOf(uses));
    this.area = area;
    Set<String> n = new LinkedHashSet<>();
    n.add(normalize(code));
    if (offset == Offset.NONE && !code.equals("CRS84")) {
      n.add(Integer.toString(srid));
    }
    if (uri != null) {
      n.add(normalize(uri));
    }
    for (String extra : extraNames) {
      n.add(normalize(extra));
    }
    this.names = Collections.unmodifiableSet(n);
  }

  private static CoordinateSystem epsg(int srid, String title, String esriName, boolean geographic, boolean swapAxes,
      Set<Use> uses, double[] area, String... extraNames) {
    return new CoordinateSystem("EPSG:" + srid, srid, title, esriName, EPSG_URI + srid, geographic, swapAxes,
        Offset.NONE, uses, area, extraNames);
  }

  private static CoordinateSystem add(CoordinateSystem crs) {
    ALL.add(crs);
    return crs;
  }

  /** "EPSG:4490", "GCJ02", "BD09" or "CRS84". */
  public String code() {
    return code;
  }

  /**
   * The EPSG code PostGIS transforms with: for GCJ-02 and BD-09, WGS84 (4326), which their files
   * claim on export; for CRS84, 4326.
   */
  public int srid() {
    return srid;
  }

  /** The EPSG name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 120E". */
  public String title() {
    return title;
  }

  /** The OGC URI, e.g. "http://www.opengis.net/def/crs/EPSG/0/4490"; null for GCJ-02 and BD-09. */
  public String uri() {
    return uri;
  }

  /** True for longitude/latitude in degrees, false for metres. */
  public boolean isGeographic() {
    return geographic;
  }

  /**
   * True when the EPSG definition puts latitude or northing first (EPSG:4490, 4326, the
   * Gauss-Krüger zones), so x and y swap against PostGIS where the axis order is followed (the OGC API).
   */
  public boolean swapAxes() {
    return swapAxes;
  }

  /** Decimals written: 7 for degrees (about 1 cm), 3 for metres (1 mm). */
  public int decimals() {
    return geographic ? 7 : 3;
  }

  public Offset offset() {
    return offset;
  }

  /** True for GCJ-02 and BD-09: coordinates are converted in Java, before or after PostGIS's ST_Transform. */
  public boolean isOffset() {
    return offset != Offset.NONE;
  }

  /** Removes the offset: GCJ-02 or BD-09 lon/lat to WGS84 (≈ CGCS2000); other systems unchanged. */
  public double[] offsetToWgs84(double lon, double lat) {
    return switch (offset) {
      case NONE -> new double[] {lon, lat};
      case GCJ02 -> Gcj02.toWgs84(lon, lat);
      case BD09 -> Bd09.toWgs84(lon, lat);
    };
  }

  /**
   * A copy of {@code g}, read in this system, ready to stage for PostGIS: an offset undone (GCJ-02,
   * BD-09 to WGS84) and the SRID {@link #stagingSrid()}, which ST_Transform takes from there.
   */
  @SuppressWarnings("unchecked")
  public <G extends org.locationtech.jts.geom.Geometry> G staged(G g) {
    G copy = (G) g.copy();
    if (isOffset()) {
      for (org.locationtech.jts.geom.Coordinate co : copy.getCoordinates()) {
        double[] w = offsetToWgs84(co.x, co.y);
        co.x = w[0];
        co.y = w[1];
      }
      copy.geometryChanged();
    }
    copy.setSRID(stagingSrid());
    return copy;
  }

  /** Applies the offset: WGS84 lon/lat to GCJ-02 or BD-09; other systems unchanged. */
  public double[] wgs84ToOffset(double lon, double lat) {
    return switch (offset) {
      case NONE -> new double[] {lon, lat};
      case GCJ02 -> Gcj02.fromWgs84(lon, lat);
      case BD09 -> Bd09.fromWgs84(lon, lat);
    };
  }

  /** The SRID an import stages coordinates with: geographic ones (offset removed) as CGCS2000, else {@link #srid()}. */
  public int stagingSrid() {
    return geographic ? STORAGE_SRID : srid;
  }

  /**
   * SQL that brings {@code stagedGeometry} (an expression with the SRID {@link #stagingSrid()}) to
   * storage: geographic coordinates are taken as CGCS2000 as they are, projected ones transformed.
   */
  public String stagedToStorageSql(String stagedGeometry) {
    return geographic ? "ST_SetSRID(" + stagedGeometry + ", " + STORAGE_SRID + ")"
        : "ST_Transform(" + stagedGeometry + ", " + STORAGE_SRID + ")";
  }

  public boolean offers(Use use) {
    return uses.contains(use);
  }

  /**
   * For a projected CRS offered by the OGC API (Web Mercator, every Gauss-Krüger zone), where its
   * coordinates are defined as {minX, minY, maxX, maxY} in PostGIS order (easting, northing); the
   * OGC API refuses bbox and filter coordinates beyond it. Null for geographic systems.
   */
  public double[] area() {
    return area == null ? null : area.clone();
  }

  /** The ESRI WKT of a Shapefile's .prj, on one line, as ArcGIS and GDAL write it. */
  public String esriWkt() {
    return GaussKruger.isZone(this) ? GaussKruger.esriWkt(this) : resource("esri-" + srid + ".prj");
  }

  /** OGC WKT 1 with EPSG authorities, for GeoPackage's gpkg_spatial_ref_sys.definition. */
  public String ogcWkt() {
    return GaussKruger.isZone(this) ? GaussKruger.ogcWkt(this) : resource("ogc-" + srid + ".wkt");
  }

  /** True when {@code wktName}, a WKT object's name, is this system's EPSG or ESRI name (case and punctuation aside). */
  public boolean isNamed(String wktName) {
    String n = lettersAndDigits(wktName);
    return !n.isEmpty()
        && (n.equals(lettersAndDigits(title)) || (esriName != null && n.equals(lettersAndDigits(esriName))));
  }

  /**
   * The system named {@code text} among those offered for {@code use}. Imports and exports accept
   * "EPSG:4549" (any case), a bare "4549", the OGC URI "http://www.opengis.net/def/crs/EPSG/0/4549",
   * "CGCS2000", "WGS84", "GCJ02" / "GCJ-02", "BD09" / "BD-09", and "CRS84" or its URI (imports);
   * the OGC API takes URIs only, exactly, as its Part 2 requires.
   */
  public static Optional<CoordinateSystem> parse(String text, Use use) {
    if (text == null) {
      return Optional.empty();
    }
    if (use == Use.OGC) {
      return ALL.stream().filter(c -> c.offers(use) && c.uri.equals(text.strip())).findFirst();
    }
    String t = normalize(text);
    if (t.endsWith("/CRS84")) {
      t = "CRS84";
    }
    String key = t;
    return ALL.stream().filter(c -> c.offers(use) && c.names.contains(key)).findFirst();
  }

  /** Every system offered for {@code use}, the named ones first, then the Gauss-Krüger zones by EPSG code. */
  public static List<CoordinateSystem> offered(Use use) {
    return ALL.stream().filter(c -> c.offers(use)).toList();
  }

  /** The codes of {@link #offered}: "EPSG:4490", ..., "GCJ02", "EPSG:4491", .... */
  public static List<String> codes(Use use) {
    return offered(use).stream().map(CoordinateSystem::code).toList();
  }

  /** The OGC URIs offered, in the order the API lists them. */
  public static List<String> uris() {
    return offered(Use.OGC).stream().map(CoordinateSystem::uri).toList();
  }

  /**
   * What {@code use} accepts, for messages: "EPSG:4490, EPSG:4326, EPSG:4549, EPSG:3857, GCJ02,
   * BD09 or a CGCS2000 Gauss-Krüger zone EPSG:4491 to EPSG:4554" (the OGC API names its URIs the same way).
   */
  public static String describe(Use use) {
    List<String> named = offered(use).stream().filter(c -> !GaussKruger.isZone(c) || c == CGCS2000_GK_CM_120E)
        .filter(c -> use == Use.OGC || c != CRS84).map(c -> use == Use.OGC ? c.uri() : c.code()).toList();
    String first = use == Use.OGC ? EPSG_URI : "EPSG:";
    return String.join(", ", named) + " or a CGCS2000 Gauss-Krüger zone " + first + GaussKruger.FIRST + " to "
        + first + GaussKruger.LAST;
  }

  /**
   * The Gauss-Krüger zone with this central meridian and false easting; where a 6-degree zone by
   * central meridian has the same parameters as a 3-degree one (they are the same projection), the 3-degree one.
   */
  public static Optional<CoordinateSystem> gaussKruger(double centralMeridian, double falseEasting) {
    return ALL.stream().filter(GaussKruger::isZone)
        .filter(c -> c.centralMeridian() == centralMeridian && c.falseEasting() == falseEasting)
        .sorted((a, b) -> Integer.compare(GaussKruger.width(a), GaussKruger.width(b)))
        .findFirst();
  }

  double centralMeridian() {
    return GaussKruger.centralMeridian(srid);
  }

  double falseEasting() {
    return GaussKruger.falseEasting(srid);
  }

  @Override
  public String toString() {
    return code;
  }

  private static String normalize(String text) {
    return text.strip().toUpperCase(Locale.ROOT);
  }

  /** Upper-case letters and digits only: "CGCS2000_3_Degree_GK_CM_120E" and "CGCS2000 / 3-degree GK CM 120E" meet. */
  static String lettersAndDigits(String s) {
    return s == null ? "" : s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
  }

  private static String resource(String name) {
    try (InputStream in = CoordinateSystem.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + CoordinateSystem.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The CGCS2000 Gauss-Krüger zones, all transverse Mercator on the CGCS2000 ellipsoid with scale 1
   * at the central meridian: 6-degree zones 13–23 (EPSG:4491–4501, the zone number prefixed to the
   * easting) and by central meridian 75°E–135°E (4502–4512); 3-degree zones 25–45 (4513–4533,
   * prefixed) and by central meridian (4534–4554). Zone 40 (EPSG:4528) and CM 120°E (4549) cover Qingdao.
   */
  static final class GaussKruger {
    static final int FIRST = 4491;
    static final int LAST = 4554;

    private GaussKruger() {}

    static boolean isZone(CoordinateSystem c) {
      return c.offset == Offset.NONE && c.srid >= FIRST && c.srid <= LAST;
    }

    /** 6 or 3 degrees. */
    static int width(CoordinateSystem c) {
      return c.srid < 4513 ? 6 : 3;
    }

    static boolean prefixed(int srid) {
      return srid <= 4501 || (srid >= 4513 && srid <= 4533);
    }

    /** The zone number, for prefixed ones. */
    static int zone(int srid) {
      return srid <= 4501 ? 13 + srid - 4491 : 25 + srid - 4513;
    }

    static double centralMeridian(int srid) {
      if (srid <= 4512) {
        return 75 + 6 * ((srid - 4491) % 11);
      }
      return 75 + 3 * ((srid - 4513) % 21);
    }

    static double falseEasting(int srid) {
      return prefixed(srid) ? zone(srid) * 1_000_000 + 500_000 : 500_000;
    }

    /**
     * Where each zone is defined, {minX, minY, maxX, maxY} in metres with the false easting 500 km
     * (the zone prefix is added for prefixed zones): the zone's band of longitude (central meridian
     * ± 3° or ± 1.5°) between the southern and northern latitudes of EPSG's area of use for the zone
     * (China within the band), projected and rounded outwards to the kilometre. Beyond it,
     * transforming to longitude/latitude yields nonsense, not errors. By central meridian, 75°E first.
     */
    private static final double[][] SIX_DEGREE_AREAS = {
        {227_000, 3_921_000, 773_000, 4_553_000}, // 6-degree CM 75E, 35.42..41.07°N
        {208_000, 3_227_000, 792_000, 5_238_000}, // 6-degree CM 81E, 29.16..47.23°N
        {203_000, 3_023_000, 797_000, 5_454_000}, // 6-degree CM 87E, 27.32..49.18°N
        {204_000, 3_066_000, 796_000, 5_312_000}, // 6-degree CM 93E, 27.71..47.9°N
        {188_000, 2_337_000, 812_000, 4_788_000}, // 6-degree CM 99E, 21.13..43.18°N
        {181_000, 1_963_000, 819_000, 4_709_000}, // 6-degree CM 105E, 17.75..42.47°N
        {179_000, 1_847_000, 821_000, 5_002_000}, // 6-degree CM 111E, 16.7..45.11°N
        {184_000, 2_103_000, 816_000, 5_715_000}, // 6-degree CM 117E, 19.02..51.52°N
        {196_000, 2_726_000, 804_000, 5_942_000}, // 6-degree CM 123E, 24.64..53.56°N
        {209_000, 3_286_000, 791_000, 5_856_000}, // 6-degree CM 129E, 29.7..52.79°N
        {263_000, 4_987_000, 737_000, 5_368_000}, // 6-degree CM 135E, 45.02..48.4°N
    };
    private static final double[][] THREE_DEGREE_AREAS = {
        {364_000, 3_964_000, 636_000, 4_503_000}, // 3-degree CM 75E, 35.81..40.65°N
        {356_000, 3_434_000, 644_000, 4_634_000}, // 3-degree CM 78E, 31.03..41.83°N
        {355_000, 3_314_000, 645_000, 5_084_000}, // 3-degree CM 81E, 29.95..45.88°N
        {352_000, 3_127_000, 648_000, 5_234_000}, // 3-degree CM 84E, 28.26..47.23°N
        {352_000, 3_076_000, 648_000, 5_451_000}, // 3-degree CM 87E, 27.8..49.18°N
        {351_000, 3_023_000, 649_000, 5_367_000}, // 3-degree CM 90E, 27.32..48.42°N
        {352_000, 3_066_000, 648_000, 5_001_000}, // 3-degree CM 93E, 27.71..45.13°N
        {352_000, 3_123_000, 648_000, 4_931_000}, // 3-degree CM 96E, 28.23..44.5°N
        {344_000, 2_370_000, 656_000, 4_738_000}, // 3-degree CM 99E, 21.43..42.76°N
        {344_000, 2_337_000, 656_000, 4_730_000}, // 3-degree CM 102E, 21.13..42.69°N
        {345_000, 2_489_000, 655_000, 4_677_000}, // 3-degree CM 105E, 22.5..42.21°N
        {341_000, 2_012_000, 659_000, 4_705_000}, // 3-degree CM 108E, 18.19..42.47°N
        {341_000, 2_003_000, 659_000, 4_999_000}, // 3-degree CM 111E, 18.11..45.11°N
        {344_000, 2_380_000, 656_000, 5_037_000}, // 3-degree CM 114E, 21.52..45.45°N
        {345_000, 2_500_000, 655_000, 5_529_000}, // 3-degree CM 117E, 22.6..49.88°N
        {347_000, 2_702_000, 653_000, 5_913_000}, // 3-degree CM 120E, 24.43..53.33°N
        {352_000, 3_122_000, 648_000, 5_938_000}, // 3-degree CM 123E, 28.22..53.56°N
        {372_000, 4_450_000, 628_000, 5_898_000}, // 3-degree CM 126E, 40.19..53.2°N
        {374_000, 4_581_000, 626_000, 5_570_000}, // 3-degree CM 129E, 41.37..50.25°N
        {376_000, 4_698_000, 624_000, 5_418_000}, // 3-degree CM 132E, 42.42..48.88°N
        {383_000, 5_079_000, 617_000, 5_364_000}, // 3-degree CM 135E, 45.85..48.4°N
    };

    static CoordinateSystem nonPrefixed(int width, int centralMeridian) {
      int srid = (width == 6 ? 4502 + (centralMeridian - 75) / 6 : 4534 + (centralMeridian - 75) / 3);
      return system(srid);
    }

    static void addZones() {
      for (int srid = FIRST; srid <= LAST; srid++) {
        if (srid != CGCS2000_GK_CM_120E.srid) {
          add(system(srid));
        }
      }
    }

    /** The zone's {@link CoordinateSystem#area()}, the easting with the zone prefix where it has one. */
    static double[] area(int srid) {
      int cm = (int) centralMeridian(srid);
      double[] a = srid < 4513 ? SIX_DEGREE_AREAS[(cm - 75) / 6] : THREE_DEGREE_AREAS[(cm - 75) / 3];
      double shift = falseEasting(srid) - 500_000;
      return new double[] {a[0] + shift, a[1], a[2] + shift, a[3]};
    }

    private static CoordinateSystem system(int srid) {
      String degrees = srid < 4513 ? "" : "3-degree ";
      String esriDegrees = srid < 4513 ? "" : "3_Degree_";
      int cm = (int) centralMeridian(srid);
      String which = prefixed(srid) ? "zone " + zone(srid) : "CM " + cm + "E";
      String esriWhich = prefixed(srid) ? "Zone_" + zone(srid) : "CM_" + cm + "E";
      return new CoordinateSystem("EPSG:" + srid, srid, "CGCS2000 / " + degrees + "Gauss-Kruger " + which,
          "CGCS2000_" + esriDegrees + "GK_" + esriWhich, EPSG_URI + srid, false, true, Offset.NONE, ALL_USES,
          area(srid));
    }

    static String esriWkt(CoordinateSystem c) {
      return "PROJCS[\"" + c.esriName + "\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
          + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
          + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\","
          + decimal(c.falseEasting()) + "],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\","
          + decimal(c.centralMeridian()) + "],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],"
          + "UNIT[\"Meter\",1.0]]";
    }

    static String ogcWkt(CoordinateSystem c) {
      return "PROJCS[\"" + c.title + "\",GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\","
          + "SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]],"
          + "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
          + "AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]],PROJECTION[\"Transverse_Mercator\"],"
          + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\"," + (long) c.centralMeridian()
          + "],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\"," + (long) c.falseEasting()
          + "],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],"
          + "AXIS[\"Northing\",NORTH],AXIS[\"Easting\",EAST],AUTHORITY[\"EPSG\",\"" + c.srid + "\"]]";
    }

    private static String decimal(double v) {
      return (long) v + ".0";
    }
  }
}
