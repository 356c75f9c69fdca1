package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.crs.Bd09;
import linli.registry.crs.Gcj02;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layers and options beyond facilities and communities, read back by GDAL: roads in every
 * format, communities with coverage attributes, GCJ-02 coordinates, GBK DBF text and the
 * provincial shelter template. Coordinates are converted back to CGCS2000 by GDAL (ogr2ogr) or by
 * the GCJ-02 inverse and compared with the database's own, on the ground, to 1 cm.
 */
@ExtendWith(PostgisExtension.class)
class ExportLayersIT {
  static final String ROAD_SOURCE = "市政局·道路普查";
  static final String OUTSIDE_GBK = "𠀀"; // U+20000, CJK Extension B: in GB18030, not in GBK

  private static Database db;
  private static LayerExporter exporter;
  private static CoverageAnalyzer coverage;

  @TempDir
  static Path dir;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    // Roads along the fixture's communities: walkable streets and a motorway, one long bent line.
    execute("INSERT INTO road (highway, walkable, source, geom) SELECT CASE WHEN g % 4 = 0 THEN 'motorway' ELSE"
        + " 'residential' END, g % 4 <> 0, '" + ROAD_SOURCE + "', ST_SetSRID(ST_MakeLine(ARRAY["
        + " ST_MakePoint(120.3 + g * 0.0021, 36.1), ST_MakePoint(120.3 + g * 0.0021, 36.1045123),"
        + " ST_MakePoint(120.3012345 + g * 0.0021, 36.109)]), 4490) FROM generate_series(0, 30) g");
    execute("INSERT INTO road (highway, walkable, geom) VALUES (NULL, true, ST_SetSRID("
        + "ST_MakeLine(ST_MakePoint(120.30, 36.1045), ST_MakePoint(120.37, 36.1045)), 4490))");
    // Shelter a: template values from extra; shelter b: none (defaults).
    execute("UPDATE facility SET extra = '{\"类型\": \"Ⅱ类固定避难场所\", \"管理单位\": \"市南区应急管理局\","
        + " \"联系电话\": \"0532-88886666\"}'::jsonb, address = '青岛市市南区八大峡广场', opened_on = '2019-05-12', version = version + 1"
        + " WHERE source_id = 'a'");
    execute("INSERT INTO facility (category, name, status, source, source_id, geom) VALUES ('legal_service', '法律服务"
        + OUTSIDE_GBK + "站', 'open', 'test', 'gbk', ST_SetSRID(ST_MakePoint(120.305, 36.104), 4490))");
    coverage = new CoverageAnalyzer(db.dataSource());
    exporter = new LayerExporter(db.dataSource(), 3, coverage);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<Object[]> rows(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Object[]> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getObject(i + 1);
        }
        out.add(row);
      }
      return out;
    }
  }

  /** Every vertex of the stored geometry, CGCS2000 lon/lat. */
  private static List<double[]> vertices(String table, String where) throws SQLException {
    List<double[]> out = new ArrayList<>();
    for (Object[] r : rows("SELECT ST_X(p), ST_Y(p) FROM (SELECT id, (ST_DumpPoints(geom)).geom p FROM " + table
        + " WHERE " + where + ") q")) {
      out.add(new double[] {((Number) r[0]).doubleValue(), ((Number) r[1]).doubleValue()});
    }
    return out;
  }

  private static Path export(ExportQuery q, ExportFormat format) throws Exception {
    Path file = dir.resolve(q.layer().id() + "-" + System.nanoTime() + "." + format.extension());
    try (OutputStream out = Files.newOutputStream(file)) {
      exporter.export(q, format, out);
    }
    return file;
  }

  private static String source(Path file, ExportFormat format, ExportLayer layer) {
    return format == ExportFormat.SHAPEFILE ? "/vsizip/" + file + "/" + layer.id() + ".shp" : file.toString();
  }

  private static String[] openOptions(ExportFormat format) {
    return switch (format) {
      case CSV -> new String[] {"-oo", "X_POSSIBLE_NAMES=lon,x", "-oo", "Y_POSSIBLE_NAMES=lat,y",
          "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "AUTODETECT_TYPE=YES"};
      case XLSX -> new String[] {"-oo", "HEADERS=FORCE", "-oo", "FIELD_TYPES=AUTO"};
      default -> new String[0];
    };
  }

  /** Metres on the ground between two lon/lat positions a few metres apart at most. */
  private static double metres(double[] a, double[] b) {
    double dx = (a[0] - b[0]) * Math.cos(Math.toRadians(b[1])) * 111_320;
    double dy = (a[1] - b[1]) * 110_574;
    return Math.hypot(dx, dy);
  }

  /**
   * The features of {@code source} as GDAL converts them to CGCS2000 (EPSG:4490): a GeoJSON
   * FeatureCollection written by ogr2ogr with 10 decimals, parsed independently ({@link MiniJson}).
   */
  private static List<Map<String, Object>> inCgcs2000(String source, String sourceSrs, String... openOptions)
      throws Exception {
    return converted(source, sourceSrs, "EPSG:4490", openOptions);
  }

  /** As {@link #inCgcs2000}, into {@code targetSrs}; null: no transformation, the file's own numbers. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> converted(String source, String sourceSrs, String targetSrs,
      String... openOptions) throws Exception {
    Path out = dir.resolve("back-" + System.nanoTime() + ".geojson");
    List<String> cmd = new ArrayList<>(List.of("ogr2ogr", "-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=10"));
    if (targetSrs != null) {
      cmd.addAll(List.of("-t_srs", targetSrs));
    }
    if (sourceSrs != null) {
      cmd.addAll(List.of("-s_srs", sourceSrs));
    }
    cmd.addAll(List.of(openOptions));
    cmd.add(out.toString());
    cmd.add(source);
    Gdal.run(cmd.toArray(String[]::new));
    return (List<Map<String, Object>>) (List<?>) ((Map<String, Object>) MiniJson.parse(Files.readString(out)))
        .get("features");
  }

  /** Every position of a GeoJSON geometry, in order. */
  @SuppressWarnings("unchecked")
  private static List<double[]> positions(Object geometry) {
    List<double[]> out = new ArrayList<>();
    collect(((Map<String, Object>) geometry).get("coordinates"), out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object coordinates, List<double[]> out) {
    List<Object> list = (List<Object>) coordinates;
    if (list.get(0) instanceof BigDecimal) {
      out.add(new double[] {((BigDecimal) list.get(0)).doubleValue(), ((BigDecimal) list.get(1)).doubleValue()});
      return;
    }
    list.forEach(c -> collect(c, out));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> feature) {
    return (Map<String, Object>) feature.get("properties");
  }

  private static boolean truth(Object value) {
    String s = String.valueOf(value);
    assertThat(s).isIn("1", "0", "true", "false");
    return s.equals("1") || s.equals("true");
  }

  static Stream<Arguments> roadExports() {
    List<Arguments> out = new ArrayList<>();
    for (ExportFormat format : ExportFormat.values()) {
      out.add(Arguments.of(format, null));
      if (format != ExportFormat.KML) {
        out.add(Arguments.of(format, CoordinateSystem.CGCS2000_GK_CM_120E));
        out.add(Arguments.of(format, CoordinateSystem.WEB_MERCATOR));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "roads as {0} in {1}")
  @MethodSource("roadExports")
  void roadsInEveryFormat(ExportFormat format, CoordinateSystem requested) throws Exception {
    CoordinateSystem crs = format.resolveCrs(requested);
    Path file = export(new ExportQuery(ExportLayer.ROADS, requested, null, null, null), format);
    String source = source(file, format, ExportLayer.ROADS);
    String[] oo = openOptions(format);
    List<Object[]> db = rows("SELECT id, highway, walkable, source FROM road ORDER BY id");

    Gdal.Summary s = Gdal.summary(source, oo);
    assertThat(s.featureCount()).as(s.text()).isEqualTo(db.size());
    if (format == ExportFormat.KML) { // KML declares no layer geometry type: every feature is a LineString
      assertThat(Gdal.features(source)).allMatch(f -> f.wkt().startsWith("LINESTRING ("));
    } else if (format != ExportFormat.CSV && format != ExportFormat.XLSX) {
      assertThat(s.geometry()).as(s.text()).isEqualTo("Line String");
    }
    if (format == ExportFormat.SHAPEFILE || format == ExportFormat.GEOPACKAGE || format == ExportFormat.KML) {
      assertThat(s.epsg()).as(s.text()).isEqualTo(crs.srid());
    }
    for (String field : List.of("highway", "walkable", "source")) {
      assertThat(s.fieldTypes()).as(s.text()).containsKey(field);
    }

    // Back to CGCS2000 through GDAL/PROJ: same order, attributes, every vertex within 1 cm.
    String sourceSrs = format == ExportFormat.CSV || format == ExportFormat.XLSX
        || (format == ExportFormat.GEOJSON && requested != null) ? crs.code() : null;
    List<Map<String, Object>> back;
    if (format == ExportFormat.XLSX) { // GDAL reads the wkt column as text: through CSV, which parses it
      Path csv = dir.resolve("roads-" + System.nanoTime() + ".csv");
      Gdal.run("ogr2ogr", "-f", "CSV", csv.toString(), source, "-oo", "HEADERS=FORCE");
      back = inCgcs2000(csv.toString(), crs.code(), "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO");
    } else {
      back = inCgcs2000(source, sourceSrs, oo);
    }
    assertThat(back).hasSize(db.size());
    for (int i = 0; i < db.size(); i++) {
      Object[] row = db.get(i);
      Map<String, Object> p = properties(back.get(i));
      Object highway = p.get("highway");
      assertThat(highway == null || highway == MiniJson.NULL || "".equals(highway) ? null : highway)
          .as("highway of road %s", row[0]).isEqualTo(row[1]);
      assertThat(truth(p.get("walkable"))).as("walkable of road %s", row[0]).isEqualTo(row[2]);
      assertThat(p.get("source")).isEqualTo(row[3]);
      List<double[]> got = positions(back.get(i).get("geometry"));
      List<double[]> want = vertices("road", "id = " + row[0]);
      assertThat(got).hasSize(want.size());
      for (int v = 0; v < want.size(); v++) {
        assertThat(metres(got.get(v), want.get(v))).as("road %s vertex %d", row[0], v).isLessThan(0.01);
      }
    }
    assertThat(back).anyMatch(f -> ROAD_SOURCE.equals(properties(f).get("source")));
    if (format == ExportFormat.GEOPACKAGE || format == ExportFormat.GEOJSON) {
      List<Gdal.Feature> features = Gdal.features(source, oo);
      for (int i = 0; i < db.size(); i++) {
        assertThat(features.get(i).fid()).as("fid is the road id").isEqualTo(((Number) db.get(i)[0]).longValue());
      }
    }
  }

  @Test
  void roadsBelongToNoDistrict() {
    assertThatThrownBy(() -> new ExportQuery(ExportLayer.ROADS, null, null, "市南区", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("district");
  }

  @ParameterizedTest(name = "communities with {0} coverage")
  @EnumSource(CoverageMode.class)
  void communitiesCarryTheCoverageEnginesAnswer(CoverageMode mode) throws Exception {
    CoverageQuery question = new CoverageQuery("emergency_shelter", 700, mode, null, List.of("open"));
    Map<String, CommunityCoverage> expected = new java.util.HashMap<>();
    coverage.communities(question).forEach(c -> expected.put(c.code(), c));
    // Straight line: community 0's shelter is 400 m away, 1's 650 m (FixtureCity), measured here by GeographicLib.
    if (mode == CoverageMode.STRAIGHT) {
      assertThat(expected.get(FixtureCity.communityCode(0)).nearestM())
          .isCloseTo(FixtureCity.distance(FixtureCity.anchor(0), FixtureCity.offset(FixtureCity.anchor(0), 0, 400)),
              within(0.05));
    }
    for (ExportFormat format : List.of(ExportFormat.GEOJSON, ExportFormat.SHAPEFILE, ExportFormat.GEOPACKAGE,
        ExportFormat.CSV)) {
      Path file = export(ExportQuery.all(ExportLayer.COMMUNITIES).withCoverage(question), format);
      String source = source(file, format, ExportLayer.COMMUNITIES);
      List<Gdal.Feature> features = Gdal.features(source, openOptions(format));
      assertThat(features).hasSize(expected.size());
      for (Gdal.Feature f : features) {
        CommunityCoverage c = expected.get(f.get("code"));
        assertThat(c).as("community %s", f.get("code")).isNotNull();
        assertThat(truth(f.get("covered"))).as("%s covered in %s", c.code(), format).isEqualTo(c.covered());
        if (c.nearestM() == null) {
          assertThat(f.get("nearest_m")).as("%s nearest in %s", c.code(), format).isIn(null, "");
        } else {
          assertThat(Double.parseDouble(f.get("nearest_m"))).as("%s nearest in %s", c.code(), format)
              .isCloseTo(c.nearestM(), within(1e-6));
        }
        assertThat(f.get("name")).startsWith("社区");
      }
      if (mode == CoverageMode.STRAIGHT) {
        assertThat(features).anyMatch(f -> truth(f.get("covered"))).anyMatch(f -> !truth(f.get("covered")));
      }
    }
    Path plain = export(ExportQuery.all(ExportLayer.COMMUNITIES), ExportFormat.GEOPACKAGE);
    assertThat(Gdal.summary(plain.toString()).fieldTypes()).doesNotContainKeys("covered", "nearest_m");
  }

  @Test
  void coverageIsForCommunitiesOnly() {
    CoverageQuery q = new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, null, List.of("open"));
    assertThatThrownBy(() -> ExportQuery.all(ExportLayer.FACILITIES).withCoverage(q))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "GCJ-02 {0}")
  @EnumSource(value = ExportFormat.class, names = {"GEOJSON", "SHAPEFILE", "GEOPACKAGE", "KML", "CSV"})
  void gcj02CoordinatesComeBackThroughTheInverse(ExportFormat format) throws Exception {
    offsetCoordinatesComeBackThroughTheInverse(format, CoordinateSystem.GCJ02);
  }

  @ParameterizedTest(name = "BD-09 {0}")
  @EnumSource(value = ExportFormat.class, names = {"GEOJSON", "SHAPEFILE", "GEOPACKAGE", "KML", "CSV"})
  void bd09CoordinatesComeBackThroughTheInverse(ExportFormat format) throws Exception {
    offsetCoordinatesComeBackThroughTheInverse(format, CoordinateSystem.BD09);
  }

  private void offsetCoordinatesComeBackThroughTheInverse(ExportFormat format, CoordinateSystem offset)
      throws Exception {
    for (ExportLayer layer : List.of(ExportLayer.FACILITIES, ExportLayer.ROADS)) {
      Path file = export(new ExportQuery(layer, offset, null, null, null), format);
      String source = source(file, format, layer);
      if (format != ExportFormat.GEOJSON && format != ExportFormat.CSV) {
        assertThat(Gdal.summary(source).epsg()).as("offset files claim WGS84").isEqualTo(4326);
      }
      // No transformation by GDAL (4326 to 4490 is the identity): the raw numbers, then the inverse.
      List<Map<String, Object>> raw = converted(source, null, null, openOptions(format));
      String table = layer == ExportLayer.FACILITIES ? "facility" : "road";
      List<Object[]> ids = rows("SELECT id FROM " + table + (layer == ExportLayer.FACILITIES ? " WHERE NOT deleted" : "")
          + " ORDER BY id");
      assertThat(raw).hasSize(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        List<double[]> got = positions(raw.get(i).get("geometry"));
        List<double[]> want = vertices(table, "id = " + ids.get(i)[0]);
        assertThat(got).hasSize(want.size());
        for (int v = 0; v < want.size(); v++) {
          double[] shifted = got.get(v);
          assertThat(metres(shifted, want.get(v))).as("shifted by hundreds of metres").isGreaterThan(100);
          double[] wgs = offset == CoordinateSystem.BD09 ? Bd09.toWgs84(shifted[0], shifted[1])
              : Gcj02.toWgs84(shifted[0], shifted[1]);
          assertThat(metres(wgs, want.get(v))).as("%s %s vertex %d", layer, ids.get(i)[0], v).isLessThan(0.01);
        }
      }
    }
  }

  private static Map<String, byte[]> unzip(Path zip) throws Exception {
    Map<String, byte[]> out = new java.util.HashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void gbkDbfKeepsChineseAndSaysSo() throws Exception {
    Path file = export(ExportQuery.all(ExportLayer.COMMUNITIES).withEncoding(Charset.forName("GBK")),
        ExportFormat.SHAPEFILE);
    Map<String, byte[]> files = unzip(file);
    assertThat(new String(files.get("communities.cpg"), StandardCharsets.US_ASCII)).isEqualTo("GBK");
    byte[] dbf = files.get("communities.dbf");
    assertThat(dbf[29]).as("language driver: code page 936").isEqualTo((byte) 0x4D);
    String asGbk = new String(dbf, Charset.forName("GBK"));
    assertThat(asGbk).contains("社区1").contains("甲街道").contains("市北区");
    assertThat(new String(dbf, StandardCharsets.UTF_8)).doesNotContain("社区1");

    // GDAL reads the .cpg, and reads the same text when told the encoding explicitly.
    for (String[] options : List.of(new String[0], new String[] {"--config", "SHAPE_ENCODING", "CP936"})) {
      List<Gdal.Feature> features = Gdal.features("/vsizip/" + file + "/communities.shp", options);
      List<Object[]> db = rows("SELECT c.code, c.name, s.name, d.name FROM community c JOIN street s ON s.code ="
          + " c.street_code JOIN district d ON d.code = s.district_code ORDER BY c.code");
      assertThat(features).hasSize(db.size());
      for (int i = 0; i < db.size(); i++) {
        assertThat(features.get(i).get("code")).isEqualTo(db.get(i)[0]);
        assertThat(features.get(i).get("name")).isEqualTo(db.get(i)[1]);
        assertThat(features.get(i).get("strt_name")).isEqualTo(db.get(i)[2]);
        assertThat(features.get(i).get("dist_name")).isEqualTo(db.get(i)[3]);
      }
    }
  }

  @Test
  void aCharacterGbkLacksNamesTheFeatureAndField() throws Exception {
    Object id = rows("SELECT id FROM facility WHERE source_id = 'gbk'").get(0)[0];
    ExportQuery gbk = new ExportQuery(ExportLayer.FACILITIES, null, "legal_service", null, null)
        .withEncoding(Charset.forName("GBK"));
    assertThatThrownBy(() -> export(gbk, ExportFormat.SHAPEFILE))
        .isInstanceOfSatisfying(UnwritableValueException.class, e -> {
          assertThat(e.field()).isEqualTo("name");
          assertThat(e.featureId()).isEqualTo(((Number) id).longValue());
          assertThat(e.getMessage()).contains("U+20000").contains("GBK").contains("feature " + id);
        });
    // UTF-8 (the default) carries it.
    Path utf8 = export(new ExportQuery(ExportLayer.FACILITIES, null, "legal_service", null, null), ExportFormat.SHAPEFILE);
    assertThat(Gdal.features("/vsizip/" + utf8 + "/facilities.shp").get(0).get("name")).isEqualTo("法律服务" + OUTSIDE_GBK + "站");
    assertThatThrownBy(() -> export(gbk, ExportFormat.GEOJSON)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shp.zip and csv only");
  }

  static final List<String> TEMPLATE = List.of("名称", "类型", "地址", "经度", "纬度", "有效面积", "容纳人数", "管理单位",
      "联系电话", "启用日期", "行政区划代码");

  @ParameterizedTest(name = "shelter template as {0}")
  @EnumSource(value = ExportFormat.class, names = {"XLSX", "SHAPEFILE"})
  void shelterTemplate(ExportFormat format) throws Exception {
    for (List<String> status : List.of(List.<String>of(), List.of("open", "closed"))) {
      ExportQuery q = new ExportQuery(ExportLayer.SHELTERS_PROVINCE, null, null, null, status);
      Path file = export(format == ExportFormat.SHAPEFILE ? q.withEncoding(Charset.forName("GBK")) : q, format);
      String source = source(file, format, ExportLayer.SHELTERS_PROVINCE);
      String[] oo = openOptions(format);
      Gdal.Summary s = Gdal.summary(source, oo);
      List<String> names = format == ExportFormat.SHAPEFILE
          ? ExportLayer.SHELTERS_PROVINCE.fields().stream().map(ExportField::shortName).toList() : TEMPLATE;
      assertThat(List.copyOf(s.fieldTypes().keySet())).as(s.text()).containsExactlyElementsOf(names);

      List<Object[]> db = rows("SELECT f.name, COALESCE(f.extra->>'类型', c.name_zh), f.address, ST_X(f.geom),"
          + " ST_Y(f.geom), f.area_m2, f.capacity, f.extra->>'管理单位', f.extra->>'联系电话', f.opened_on::text,"
          + " f.community_code FROM facility f JOIN category c ON c.code = f.category WHERE f.category ="
          + " 'emergency_shelter' AND NOT f.deleted AND f.status = ANY ('{" + (status.isEmpty() ? "open"
          : String.join(",", status)) + "}') ORDER BY f.id");
      assertThat(db).hasSize(status.isEmpty() ? 2 : 3);
      List<Gdal.Feature> features = Gdal.features(source, oo);
      assertThat(features).hasSize(db.size());
      for (int i = 0; i < db.size(); i++) {
        Gdal.Feature f = features.get(i);
        Object[] want = db.get(i);
        for (int k = 0; k < TEMPLATE.size(); k++) {
          String field = names.get(k);
          String got = f.get(field);
          Object w = want[k];
          switch (TEMPLATE.get(k)) {
            case "经度", "纬度" -> assertThat(Double.parseDouble(got)).as(field)
                .isCloseTo(((Number) w).doubleValue(), within(1e-9));
            case "有效面积", "容纳人数" -> assertThat(Double.parseDouble(got)).as(field)
                .isEqualTo(((Number) w).doubleValue());
            case "启用日期" -> assertThat(got == null ? null : got.replace('/', '-')).as(field).isEqualTo(w);
            default -> assertThat(got == null || got.isEmpty() ? null : got).as(field).isEqualTo(w);
          }
        }
        if (format == ExportFormat.SHAPEFILE) {
          double[] xy = Gdal.numbers(f.wkt());
          assertThat(xy[0]).isCloseTo(((Number) want[3]).doubleValue(), within(1e-9));
          assertThat(xy[1]).isCloseTo(((Number) want[4]).doubleValue(), within(1e-9));
        }
      }
      assertThat(features).anyMatch(f -> "市南区应急管理局".equals(f.get(names.get(7))))
          .anyMatch(f -> "应急避难场所".equals(f.get(names.get(1))));
      if (format == ExportFormat.SHAPEFILE) {
        assertThat(s.epsg()).isEqualTo(4490);
        assertThat(new String(unzip(file).get("shelters-province.cpg"), StandardCharsets.US_ASCII)).isEqualTo("GBK");
      }
    }
  }
}
