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
    assertThat(CoordinateSystem.uris()).containsExactly(
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        "http://www.opengis.net/def/crs/EPSG/0/4490",
        "http://www.opengis.net/def/crs/EPSG/0/4326",
        "http://www.opengis.net/def/crs/EPSG/0/4549",
        "http://www.opengis.net/def/crs/EPSG/0/3857");
    for (String uri : CoordinateSystem.uris()) {
      assertThat(CoordinateSystem.parse(" " + uri, Use.OGC).orElseThrow().uri()).isEqualTo(uri);
    }
    assertThat(CoordinateSystem.parse("EPSG:4326", Use.OGC)).isEmpty();
    assertThat(CoordinateSystem.parse("http://www.opengis.net/def/crs/EPSG/0/4528", Use.OGC)).isEmpty();
    assertThat(CoordinateSystem.parse("http://www.opengis.net/def/crs/EPSG/0/4528", Use.IMPORT)).isPresent();
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
    assertThat(CoordinateSystem.CGCS2000_GK_CM_120E.area()).containsExactly(347_000, 2_700_000, 653_000, 5_913_000);
    assertThat(imported("EPSG:4528").area()).as("not offered by the OGC API").isNull();
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
