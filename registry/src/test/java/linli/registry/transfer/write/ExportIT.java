package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import linli.registry.Database;
import linli.registry.Violation;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exports of the fixture city (plus facilities with Chinese names and addresses, nulls, dates, a
 * JSON extra and a deleted one) in every format and several CRSs, read back by GDAL.
 */
@ExtendWith(PostgisExtension.class)
class ExportIT {
  static final String NAME = "八大峡广场避难场所";
  static final String ADDRESS = "青岛市市南区四川路\"八大峡\"广场, 东侧";

  private static Database db;
  private static LayerExporter exporter;

  @TempDir
  static Path dir;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    CityData city = FixtureCity.build();
    List<CityData.Facility> facilities = new ArrayList<>(city.facilities());
    facilities.add(new CityData.Facility("police_office", NAME, ADDRESS, "open", null, 1800.5,
        FixtureCity.communityCode(1), LocalDate.of(2021, 6, 1), "bureau", "BN-1",
        FixtureCity.offset(FixtureCity.anchor(1), 45, 120)));
    facilities.add(new CityData.Facility("police_office", "团岛警务室", null, "building", 12, null,
        FixtureCity.communityCode(4), LocalDate.of(2023, 1, 15), "bureau", "BN-2",
        FixtureCity.offset(FixtureCity.anchor(4), 0, 50)));
    facilities.add(new CityData.Facility("elderly_care_station", "无社区的站点", "市北区某路", "open", 30, 120.0,
        null, null, "bureau", "BN-3", FixtureCity.offset(FixtureCity.anchor(5), 90, 30)));
    facilities.add(new CityData.Facility("elderly_care_station", "已撤销站点", null, "closed", 10, null,
        FixtureCity.communityCode(2), null, "bureau", "BN-gone", FixtureCity.offset(FixtureCity.anchor(2), 0, 10)));
    new CityLoader(db.dataSource()).load(new CityData(city.districts(), city.streets(), city.communities(), facilities,
        city.roads()));
    execute("UPDATE facility SET extra = '{\"管理单位\": \"市南区公安分局\", \"level\": 2}'::jsonb,"
        + " version = version + 1, updated_by = '测试员' WHERE source_id = 'BN-1'");
    execute("UPDATE facility SET deleted = true, version = version + 1 WHERE source_id = 'BN-gone'");
    exporter = new LayerExporter(db.dataSource());
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Set<String> strings(String sql, Object... params) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      Set<String> out = new TreeSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /** The database's own coordinates of a geometry in {@code srid}: every vertex, x first. */
  private static List<double[]> dbVertices(ExportLayer layer, String key, int srid) throws SQLException {
    String sql = layer == ExportLayer.FACILITIES
        ? "SELECT ST_X(p), ST_Y(p) FROM (SELECT (ST_DumpPoints(ST_Transform(geom, ?))).geom p FROM facility WHERE source_id = ?) q"
        : "SELECT ST_X(p), ST_Y(p) FROM (SELECT (ST_DumpPoints(ST_Transform(geom, ?))).geom p FROM community WHERE code = ?) q";
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, srid);
      ps.setString(2, key);
      List<double[]> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
        }
      }
      assertThat(out).isNotEmpty();
      return out;
    }
  }

  private static Path export(ExportQuery q, ExportFormat format) throws Exception {
    String crs = q.crs() == null ? "default" : Integer.toString(q.crs().srid());
    Path file = dir.resolve(q.layer().id() + "-" + crs + "-" + System.nanoTime() + "." + format.extension());
    try (OutputStream out = Files.newOutputStream(file)) {
      exporter.export(q, format.extension(), out);
    }
    return file;
  }

  /** What GDAL opens: the Shapefile inside the zip; the file itself otherwise. */
  private static String source(Path file, ExportFormat format, ExportLayer layer) {
    return format == ExportFormat.SHAPEFILE ? "/vsizip/" + file + "/" + layer.id() + ".shp" : file.toString();
  }

  private static String[] options(ExportFormat format) {
    return format == ExportFormat.CSV ? new String[] {"-oo", "X_POSSIBLE_NAMES=lon,x", "-oo", "Y_POSSIBLE_NAMES=lat,y",
        "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "AUTODETECT_TYPE=YES"} : new String[0];
  }

  static Stream<Arguments> exports() {
    List<Arguments> out = new ArrayList<>();
    for (ExportLayer layer : List.of(ExportLayer.FACILITIES, ExportLayer.COMMUNITIES)) { // the others: ExportLayersIT
      for (ExportFormat format : ExportFormat.values()) {
        out.add(Arguments.of(layer, format, null));
        // The named systems and one Gauss-Krüger zone with the zone prefix (EPSG:4528, zone 40, Qingdao's);
        // every zone's .prj and SRS: ShapefileWriterTest, GeoPackageWriterTest.
        for (CoordinateSystem crs : List.of(CoordinateSystem.CGCS2000, CoordinateSystem.WGS84,
            CoordinateSystem.CGCS2000_GK_CM_120E, CoordinateSystem.WEB_MERCATOR,
            CoordinateSystem.parse("EPSG:4528", CoordinateSystem.Use.EXPORT).orElseThrow())) {
          if (format.accepts(crs) && (format != ExportFormat.KML || crs == CoordinateSystem.CGCS2000)) {
            out.add(Arguments.of(layer, format, crs));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} as {1} in {2}")
  @MethodSource("exports")
  void gdalReadsEveryExport(ExportLayer layer, ExportFormat format, CoordinateSystem requested) throws Exception {
    CoordinateSystem crs = format.resolveCrs(requested);
    Path file = export(new ExportQuery(layer, requested, null, null, null), format);
    String source = source(file, format, layer);
    String[] options = options(format);

    Gdal.Summary s = Gdal.summary(source, options);
    long expected = count(layer == ExportLayer.FACILITIES ? "SELECT count(*) FROM facility WHERE NOT deleted"
        : "SELECT count(*) FROM community");
    assertThat(s.featureCount()).as("feature count\n%s", s.text()).isEqualTo(expected);

    // Field names and types.
    for (ExportField f : layer.fields()) {
      String name = gdalName(format, f);
      if (name != null) {
        assertThat(s.fieldTypes()).as("field %s in\n%s", name, s.text()).containsKey(name);
      }
    }
    String numeric = gdalName(format, layer.fields().stream()
        .filter(f -> f.name().equals(layer == ExportLayer.FACILITIES ? "capacity" : "population")).findFirst().orElseThrow());
    assertThat(s.type(numeric)).isIn("Integer", "Integer64", "Real");
    assertThat(s.type(gdalName(format, layer.fields().get(1)) == null ? "Name" : gdalName(format, layer.fields().get(1))))
        .isEqualTo("String");
    if (layer == ExportLayer.FACILITIES && format != ExportFormat.KML) {
      assertThat(s.type("opened_on")).isEqualTo("Date");
    }

    // The CRS, where the format carries one.
    switch (format) {
      case SHAPEFILE, GEOPACKAGE -> assertThat(s.epsg()).as("SRS in\n%s", s.text()).isEqualTo(crs.srid());
      case KML -> assertThat(s.epsg()).isEqualTo(4326);
      case GEOJSON -> {
        if (requested == null) {
          assertThat(s.epsg()).as("RFC 7946: CRS84").isEqualTo(4326);
        }
      }
      default -> { }
    }

    // Chinese text intact, coordinates equal to PostGIS's ST_Transform.
    List<Gdal.Feature> features = Gdal.features(source, options);
    assertThat(features).hasSize((int) expected);
    double tolerance = crs.isGeographic() ? 1e-6 : 1e-3;
    if (layer == ExportLayer.FACILITIES) {
      String nameField = format == ExportFormat.KML ? "Name" : "name";
      Gdal.Feature f = features.stream().filter(x -> NAME.equals(x.get(nameField))).findFirst().orElseThrow(
          () -> new AssertionError("no feature named " + NAME + " in " + features));
      assertThat(f.get(format == ExportFormat.SHAPEFILE ? "comm_code" : "community_code")).isEqualTo(FixtureCity.communityCode(1));
      assertThat(f.get("address")).isEqualTo(ADDRESS);
      assertThat(f.get("source_id")).isEqualTo("BN-1");
      assertThat(f.get("extra")).contains("市南区公安分局");
      double[] xy = format == ExportFormat.XLSX
          ? new double[] {Double.parseDouble(f.get(crs.isGeographic() ? "lon" : "x")),
              Double.parseDouble(f.get(crs.isGeographic() ? "lat" : "y"))}
          : Gdal.numbers(f.wkt());
      double[] db = dbVertices(layer, "BN-1", crs.srid()).get(0);
      assertThat(xy[0]).as("x").isCloseTo(db[0], within(tolerance));
      assertThat(xy[1]).as("y").isCloseTo(db[1], within(tolerance));
      assertThat(features).noneMatch(x -> "已撤销站点".equals(x.get(nameField)));
    } else {
      String code = FixtureCity.communityCode(1);
      Gdal.Feature f = features.stream().filter(x -> code.equals(x.get("code"))).findFirst().orElseThrow();
      assertThat(f.get(format == ExportFormat.KML ? "Name" : "name")).isEqualTo("社区1");
      assertThat(f.get(format == ExportFormat.SHAPEFILE ? "dist_name" : "district_name")).isEqualTo("市南区");
      assertThat(f.get(format == ExportFormat.SHAPEFILE ? "strt_name" : "street_name")).isEqualTo("甲街道");
      String wkt = format == ExportFormat.XLSX ? f.get("wkt") : f.wkt();
      double[] numbers = Gdal.numbers(wkt);
      for (double[] v : dbVertices(layer, code, crs.srid())) {
        boolean found = false;
        for (int i = 0; i + 1 < numbers.length; i += 2) {
          found |= Math.abs(numbers[i] - v[0]) <= tolerance && Math.abs(numbers[i + 1] - v[1]) <= tolerance;
        }
        assertThat(found).as("vertex %s %s in %s", v[0], v[1], wkt).isTrue();
      }
    }
  }

  /** The field name GDAL shows for {@code f}; null for KML's name, which is the Placemark's Name. */
  private static String gdalName(ExportFormat format, ExportField f) {
    if (format == ExportFormat.SHAPEFILE) {
      return f.shortName();
    }
    if (format == ExportFormat.KML && f.name().equals("name")) {
      return null;
    }
    return f.name();
  }

  @Test
  @SuppressWarnings("unchecked")
  void geoJsonIsRfc7946() throws Exception {
    for (ExportLayer layer : List.of(ExportLayer.FACILITIES, ExportLayer.COMMUNITIES)) {
      Path file = export(ExportQuery.all(layer), ExportFormat.GEOJSON);
      String text = Files.readString(file, StandardCharsets.UTF_8);
      List<Map<String, Object>> features = GeoJsonCheck.featureCollection(MiniJson.parse(text));
      if (layer == ExportLayer.FACILITIES) {
        Map<String, Object> f = features.stream()
            .filter(x -> NAME.equals(((Map<String, Object>) x.get("properties")).get("name"))).findFirst().orElseThrow();
        Map<String, Object> p = (Map<String, Object>) f.get("properties");
        assertThat(p.get("capacity")).isEqualTo(MiniJson.NULL);
        assertThat(p.get("area_m2")).isEqualTo(new BigDecimal("1800.5"));
        assertThat(p.get("opened_on")).isEqualTo("2021-06-01");
        assertThat(p.get("extra")).isEqualTo(Map.of("管理单位", "市南区公安分局", "level", new BigDecimal("2")));
        assertThat(p.get("version")).isEqualTo(new BigDecimal("2"));
        assertThat(p.get("updated_by")).isEqualTo("测试员");
        assertThat(f.get("id")).isInstanceOf(BigDecimal.class);
      } else {
        assertThat(features).extracting(x -> x.get("id")).contains(FixtureCity.communityCode(0));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void filtersSelectExactlyTheMatchingRows() throws Exception {
    String inDistrict = "SELECT f.id FROM facility f JOIN community c ON c.code = f.community_code"
        + " JOIN street s ON s.code = c.street_code JOIN district d ON d.code = s.district_code WHERE NOT f.deleted";
    record Case(ExportQuery query, String sql, Object[] params) {}
    List<Case> cases = List.of(
        new Case(new ExportQuery(ExportLayer.FACILITIES, null, "police_office", null, null),
            "SELECT id FROM facility WHERE NOT deleted AND category = ?", new Object[] {"police_office"}),
        new Case(new ExportQuery(ExportLayer.FACILITIES, null, null, "市北区", null),
            inDistrict + " AND d.name = ?", new Object[] {"市北区"}),
        new Case(new ExportQuery(ExportLayer.FACILITIES, null, null, "370202", null),
            inDistrict + " AND d.code = ?", new Object[] {"370202"}),
        new Case(new ExportQuery(ExportLayer.FACILITIES, null, null, null, List.of("open", "building")),
            "SELECT id FROM facility WHERE NOT deleted AND status IN ('open', 'building')", new Object[0]),
        new Case(new ExportQuery(ExportLayer.FACILITIES, null, null, null, List.of("closed")),
            "SELECT id FROM facility WHERE NOT deleted AND status = 'closed'", new Object[0]),
        new Case(new ExportQuery(ExportLayer.FACILITIES, null, "emergency_shelter", "市北区", List.of("planned")),
            inDistrict + " AND f.category = 'emergency_shelter' AND d.name = ? AND f.status = 'planned'",
            new Object[] {"市北区"}));
    for (Case c : cases) {
      Set<String> expected = strings(c.sql(), c.params());
      assertThat(expected).as("the case %s selects something, not everything", c.query()).isNotEmpty()
          .hasSizeLessThan((int) count("SELECT count(*) FROM facility WHERE NOT deleted"));
      Path file = export(c.query(), ExportFormat.GEOJSON);
      Set<String> got = new TreeSet<>();
      for (Map<String, Object> f : GeoJsonCheck.featureCollection(MiniJson.parse(Files.readString(file)))) {
        got.add(f.get("id").toString());
      }
      assertThat(got).as("%s", c.query()).isEqualTo(expected);
      // The same selection in another format, counted by GDAL.
      Path csv = export(c.query(), ExportFormat.CSV);
      assertThat(Gdal.summary(csv.toString(), options(ExportFormat.CSV)).featureCount()).isEqualTo(expected.size());
    }

    Set<String> communities = strings("SELECT c.code FROM community c JOIN street s ON s.code = c.street_code"
        + " JOIN district d ON d.code = s.district_code WHERE d.name = ?", "市北区");
    Path file = export(new ExportQuery(ExportLayer.COMMUNITIES, CoordinateSystem.CGCS2000_GK_CM_120E, null, "市北区", null),
        ExportFormat.GEOPACKAGE);
    Set<String> got = new TreeSet<>();
    Gdal.features(file.toString()).forEach(f -> got.add(f.get("code")));
    assertThat(got).isEqualTo(communities).hasSize(3);
  }

  @Test
  void unknownCategoryOrDistrictAreViolations() throws Exception {
    assertThat(exporter.check(new ExportQuery(ExportLayer.FACILITIES, null, "spaceport", "火星区", null)))
        .extracting(Violation::field).containsExactly("category", "district");
    assertThat(exporter.check(new ExportQuery(ExportLayer.FACILITIES, null, "police_office", "市南区", null))).isEmpty();
    assertThat(exporter.check(new ExportQuery(ExportLayer.COMMUNITIES, null, null, "370203", null))).isEmpty();
    assertThatThrownBy(() -> exporter.export(ExportQuery.all(ExportLayer.FACILITIES), "shp", OutputStream.nullOutputStream()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shp.zip");
  }

  @Test
  void anEmptySelectionIsAValidEmptyFile() throws Exception {
    for (ExportFormat format : ExportFormat.values()) {
      Path file = export(new ExportQuery(ExportLayer.FACILITIES, null, "legal_service", null, null), format);
      if (format == ExportFormat.XLSX || format == ExportFormat.CSV) {
        assertThat(Files.size(file)).isPositive(); // a header only: GDAL sees no layer geometry to speak of
        continue;
      }
      assertThat(Gdal.summary(source(file, format, ExportLayer.FACILITIES)).featureCount()).as("%s", format).isZero();
    }
  }

  @Test
  void tooManyExportsAtOnceAreRefusedNotQueuedForever() throws Exception {
    LayerExporter one = new LayerExporter(db.dataSource(), 1);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stalled = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        writing.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> first = pool.submit(() -> one.export(ExportQuery.all(ExportLayer.FACILITIES), ExportFormat.GEOJSON, stalled));
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> one.export(ExportQuery.all(ExportLayer.COMMUNITIES), ExportFormat.CSV,
          OutputStream.nullOutputStream())).isInstanceOf(ExportBusyException.class);
      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(count("SELECT count(*) FROM facility WHERE NOT deleted"));
      assertThat(one.export(ExportQuery.all(ExportLayer.COMMUNITIES), ExportFormat.CSV, OutputStream.nullOutputStream()))
          .isEqualTo(6);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
