package linli.registry.crs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import linli.registry.crs.CoordinateSystem.Use;
import org.junit.jupiter.api.Test;

class CoordinateSystemTest {
  private static CoordinateSystem imported(String text) {
    return CoordinateSystem.parse(text, Use.IMPORT).orElseThrow(() -> new AssertionError("not accepted: " + text));
  }

  @Test
  void everySpellingOfTheNamedSystems() {
    for (String s : List.of("EPSG:4490", "epsg:4490", " 4490 ", "CGCS2000", "cgcs 2000",
        "http://www.opengis.net/def/crs/EPSG/0/4490")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.CGCS2000);
      assertThat(CoordinateSystem.parse(s, Use.EXPORT)).as(s).contains(CoordinateSystem.CGCS2000);
    }
    for (String s : List.of("EPSG:4326", "4326", "WGS84", "WGS 84", "http://www.opengis.net/def/crs/EPSG/0/4326")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.WGS84);
    }
    for (String s : List.of("CRS84", "crs84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.CRS84);
      assertThat(CoordinateSystem.parse(s, Use.EXPORT)).as("exports name EPSG:4326 instead").isEmpty();
    }
    for (String s : List.of("EPSG:4549", "epsg:4549", "4549", "http://www.opengis.net/def/crs/EPSG/0/4549")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.CGCS2000_GK_CM_120E);
    }
    for (String s : List.of("EPSG:3857", "3857", "http://www.opengis.net/def/crs/EPSG/0/3857")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.WEB_MERCATOR);
    }
    for (String s : List.of("GCJ02", "gcj02", "GCJ-02", "gcj-02")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.GCJ02);
      assertThat(CoordinateSystem.parse(s, Use.EXPORT)).as(s).contains(CoordinateSystem.GCJ02);
    }
    for (String s : List.of("BD09", "bd09", "BD-09", "bd-09")) {
      assertThat(imported(s)).as(s).isSameAs(CoordinateSystem.BD09);
      assertThat(CoordinateSystem.parse(s, Use.EXPORT)).as(s).contains(CoordinateSystem.BD09);
      assertThat(CoordinateSystem.parse(s, Use.OGC)).as("the OGC API offers no offset datum").isEmpty();
    }
  }

  @Test
  void theOgcApiTakesItsUrisExactly() {
    // The named systems, then every CGCS2000 Gauss-Krüger zone but 4549 (named) by EPSG code.
    List<String> zones = java.util.stream.IntStream.rangeClosed(4491, 4554).filter(srid -> srid != 4549)
        .mapToObj(srid -> "http://www.opengis.net/def/crs/EPSG/0/" + srid).toList();
    assertThat(CoordinateSystem.uris()).startsWith(
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        "http://www.opengis.net/def/crs/EPSG/0/4490",
        "http://www.opengis.net/def/crs/EPSG/0/4326",
        "http://www.opengis.net/def/crs/EPSG/0/4549",
        "http://www.opengis.net/def/crs/EPSG/0/3857").hasSize(5 + 63).endsWith(zones.toArray(String[]::new));
    for (String uri : CoordinateSystem.uris()) {
      assertThat(CoordinateSystem.parse(" " + uri, Use.OGC).orElseThrow().uri()).isEqualTo(uri);
    }
    assertThat(CoordinateSystem.parse("EPSG:4326", Use.OGC)).isEmpty();
    assertThat(CoordinateSystem.parse("EPSG:4528", Use.OGC)).isEmpty();
    assertThat(CoordinateSystem.parse("http://www.opengis.net/def/crs/EPSG/0/4528", Use.OGC))
        .isEqualTo(CoordinateSystem.parse("EPSG:4528", Use.IMPORT));
    assertThat(CoordinateSystem.parse("http://www.opengis.net/def/crs/EPSG/0/4555", Use.OGC)).isEmpty();
    assertThat(CoordinateSystem.describe(Use.OGC)).isEqualTo("http://www.opengis.net/def/crs/OGC/1.3/CRS84, "
        + "http://www.opengis.net/def/crs/EPSG/0/4490, http://www.opengis.net/def/crs/EPSG/0/4326, "
        + "http://www.opengis.net/def/crs/EPSG/0/4549, http://www.opengis.net/def/crs/EPSG/0/3857 or a CGCS2000 "
        + "Gauss-Krüger zone http://www.opengis.net/def/crs/EPSG/0/4491 to http://www.opengis.net/def/crs/EPSG/0/4554");
  }

  @Test
  void axisOrderAndDecimals() {
    assertThat(CoordinateSystem.CRS84.swapAxes()).isFalse();
    assertThat(CoordinateSystem.WEB_MERCATOR.swapAxes()).isFalse();
    assertThat(CoordinateSystem.CGCS2000.swapAxes()).isTrue();
    assertThat(CoordinateSystem.WGS84.swapAxes()).isTrue();
    assertThat(CoordinateSystem.CGCS2000_GK_CM_120E.swapAxes()).as("northing first").isTrue();
    assertThat(CoordinateSystem.CGCS2000.decimals()).isEqualTo(7);
    assertThat(CoordinateSystem.CGCS2000_GK_CM_120E.decimals()).isEqualTo(3);
    assertThat(CoordinateSystem.CGCS2000_GK_CM_120E.area()).containsExactly(347_000, 2_702_000, 653_000, 5_913_000);
    assertThat(imported("EPSG:4528").area()).as("zone 40: the same, the prefix in the easting")
        .containsExactly(40_347_000, 2_702_000, 40_653_000, 5_913_000);
    assertThat(CoordinateSystem.CGCS2000.area()).isNull();
    for (int srid = 4491; srid <= 4554; srid++) {
      CoordinateSystem c = imported("EPSG:" + srid);
      assertThat(c.offers(Use.OGC)).as("%s", c).isTrue();
      assertThat(c.swapAxes()).as("%s northing first", c).isTrue();
      assertThat(c.decimals()).isEqualTo(3);
      assertThat(c.area()).as("%s", c).hasSize(4);
    }
  }

  @Test
  void theAreaOfEveryZoneIsItsBandProjectedByGdal() throws Exception {
    // GDAL/PROJ as the independent source: the zone's EPSG area of use (its latitudes) and the
    // corners of its band of longitude, projected. The area holds them, within a kilometre.
    for (int srid = 4491; srid <= 4554; srid++) {
      CoordinateSystem c = imported("EPSG:" + srid);
      String json = gdal("-o", "projjson", "EPSG:" + srid);
      double south = number(json, "south_latitude");
      double north = number(json, "north_latitude");
      double half = srid < 4513 ? 3 : 1.5;
      double cm = c.centralMeridian();
      // Easting is widest at the southern edge of the band; northing least on the central meridian
      // in the south, greatest at the band's edge in the north.
      double[] sw = gdalTransform(srid, cm - half, south);
      double[] se = gdalTransform(srid, cm + half, south);
      double[] s = gdalTransform(srid, cm, south);
      double[] ne = gdalTransform(srid, cm + half, north);
      double[] a = c.area();
      assertThat(a[0]).as("%s west", c).isLessThanOrEqualTo(sw[0]).isGreaterThan(sw[0] - 1000);
      assertThat(a[2]).as("%s east", c).isGreaterThanOrEqualTo(se[0]).isLessThan(se[0] + 1000);
      assertThat(a[1]).as("%s south", c).isLessThanOrEqualTo(s[1]).isGreaterThan(s[1] - 1000);
      assertThat(a[3]).as("%s north", c).isGreaterThanOrEqualTo(ne[1]).isLessThan(ne[1] + 1000);
    }
  }

  private static double number(String json, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":\\s*(-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as(key).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** {easting, northing}: gdaltransform writes projected coordinates x = easting first. */
  private static double[] gdalTransform(int srid, double lon, double lat) throws Exception {
    Process p = new ProcessBuilder("gdaltransform", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:" + srid)
        .redirectErrorStream(true).start();
    p.getOutputStream().write((lon + " " + lat + "\n").getBytes());
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as(out).isZero();
    String[] xy = out.split("\\s+");
    return new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
  }

  @Test
  void offsetDatumsAreConvertedInJavaAndClaimWgs84() {
    assertThat(CoordinateSystem.GCJ02.isOffset()).isTrue();
    assertThat(CoordinateSystem.BD09.isOffset()).isTrue();
    assertThat(CoordinateSystem.CGCS2000.isOffset()).isFalse();
    assertThat(CoordinateSystem.BD09.srid()).isEqualTo(4326);
    assertThat(CoordinateSystem.BD09.stagingSrid()).isEqualTo(4490);
    assertThat(CoordinateSystem.WGS84.stagingSrid()).as("WGS84 taken as CGCS2000").isEqualTo(4490);
    assertThat(CoordinateSystem.CGCS2000_GK_CM_120E.stagingSrid()).isEqualTo(4549);
    double[] bd = CoordinateSystem.BD09.wgs84ToOffset(120.38, 36.07);
    double[] back = CoordinateSystem.BD09.offsetToWgs84(bd[0], bd[1]);
    assertThat(back[0]).isCloseTo(120.38, org.assertj.core.api.Assertions.within(1e-8));
    assertThat(CoordinateSystem.CGCS2000.offsetToWgs84(120.38, 36.07)).containsExactly(120.38, 36.07);
  }

  @Test
  void theGaussKrugerZones() {
    assertThat(CoordinateSystem.codes(Use.IMPORT)).hasSize(7 + 64 - 1);
    assertThat(CoordinateSystem.codes(Use.EXPORT)).startsWith("EPSG:4490", "EPSG:4326", "EPSG:4549", "EPSG:3857",
        "GCJ02", "BD09").hasSize(6 + 63);
    for (int srid = 4491; srid <= 4554; srid++) {
      CoordinateSystem c = imported("EPSG:" + srid);
      assertThat(c.srid()).isEqualTo(srid);
      assertThat(c.isGeographic()).isFalse();
      assertThat(c.offers(Use.EXPORT)).isTrue();
      assertThat(c.isNamed(c.title())).isTrue();
    }
    CoordinateSystem zone40 = imported("4528");
    assertThat(zone40.title()).isEqualTo("CGCS2000 / 3-degree Gauss-Kruger zone 40");
    assertThat(zone40.isNamed("CGCS2000_3_Degree_GK_Zone_40")).isTrue();
    assertThat(zone40.esriWkt()).contains("PARAMETER[\"False_Easting\",40500000.0]")
        .contains("PARAMETER[\"Central_Meridian\",120.0]");
    assertThat(imported("4491").title()).isEqualTo("CGCS2000 / Gauss-Kruger zone 13");
    assertThat(imported("4512").title()).isEqualTo("CGCS2000 / Gauss-Kruger CM 135E");
    assertThat(imported("4513").title()).isEqualTo("CGCS2000 / 3-degree Gauss-Kruger zone 25");
    assertThat(imported("4554").title()).isEqualTo("CGCS2000 / 3-degree Gauss-Kruger CM 135E");
    assertThat(CoordinateSystem.gaussKruger(120, 40_500_000)).contains(zone40);
    assertThat(CoordinateSystem.gaussKruger(120, 500_000)).contains(CoordinateSystem.CGCS2000_GK_CM_120E);
    assertThat(CoordinateSystem.gaussKruger(117, 500_000).orElseThrow().code())
        .as("3-degree CM 117E, not the 6-degree zone with equal parameters").isEqualTo("EPSG:4548");
    assertThat(CoordinateSystem.gaussKruger(120.5, 500_000)).isEmpty();
  }

  @Test
  void theWktOfEveryZoneIsGdals() throws Exception {
    // GDAL/PROJ as the independent source: its ESRI .prj and OGC WKT1 of each zone.
    for (int srid : new int[] {4491, 4502, 4513, 4528, 4534, 4549, 4554}) {
      CoordinateSystem c = imported("EPSG:" + srid);
      assertThat(c.ogcWkt()).isEqualTo(gdal("-o", "wkt1", "--single-line", "EPSG:" + srid));
      assertThat(c.esriWkt()).isEqualTo(esriPrj(srid));
    }
  }

  @Test
  void anUnknownNameIsRefusedWithWhatIsAccepted() {
    assertThat(CoordinateSystem.parse("EPSG:32650", Use.IMPORT)).isEmpty();
    assertThat(CoordinateSystem.parse("EPSG:4555", Use.IMPORT)).isEmpty();
    assertThat(CoordinateSystem.parse("GCJ03", Use.EXPORT)).isEmpty();
    assertThat(CoordinateSystem.parse(null, Use.IMPORT)).isEmpty();
    assertThat(CoordinateSystem.describe(Use.IMPORT)).isEqualTo("EPSG:4490, EPSG:4326, EPSG:4549, EPSG:3857, GCJ02,"
        + " BD09 or a CGCS2000 Gauss-Krüger zone EPSG:4491 to EPSG:4554");
    assertThat(CoordinateSystem.describe(Use.EXPORT)).isEqualTo("EPSG:4490, EPSG:4326, EPSG:4549, EPSG:3857, GCJ02,"
        + " BD09 or a CGCS2000 Gauss-Krüger zone EPSG:4491 to EPSG:4554");
  }

  private static String gdal(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "gdalsrsinfo";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** The .prj ogr2ogr writes for a Shapefile in EPSG:{@code srid}. */
  private static String esriPrj(int srid) throws Exception {
    Path dir = Files.createTempDirectory("prj");
    Path geojson = Files.writeString(dir.resolve("p.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
            + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[120.38,36.07]}}]}");
    Process p = new ProcessBuilder("ogr2ogr", "-a_srs", "EPSG:" + srid, dir.resolve("p.shp").toString(),
        geojson.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return Files.readString(dir.resolve("p.prj")).strip();
  }
}
