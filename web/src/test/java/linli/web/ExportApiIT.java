package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import linli.registry.Database;
import linli.registry.access.TokenStore;
import linli.registry.city.CityLoader;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.write.LayerExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/export/{file} over HTTP, on a small Javalin app wired the way LinliApp wires its routes
 * (the handler, the problem mapper, the JSON mapper): media types, download names, validation
 * problems, and what a client sees when an export fails before or after the first byte.
 */
@ExtendWith(PostgisExtension.class)
class ExportApiIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The day in download names (the registry's users are in China). */
  private static final String TODAY = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
  private static Database db;
  private static Javalin app;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start(Database database) throws SQLException {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO facility (category, name, address, status, capacity, community_code, source, source_id, geom)"
          + " SELECT 'meal_point', '老年人助餐点' || g, '青岛市市北区辽宁路' || g || '号', CASE WHEN g % 3 = 0 THEN 'planned' ELSE 'open' END,"
          + " g % 80, '370203001004', 'bulk', 'M-' || g, ST_SetSRID(ST_MakePoint(120.3340 + (g % 50) * 0.0001,"
          + " 36.1020 + (g / 50) * 0.0001), 4490) FROM generate_series(1, 3000) g");
    }
    app = app(new LayerExporter(db.dataSource()), true);
  }

  /** The export route as LinliApp has it, over {@code exporter}. */
  private static Javalin app(LayerExporter exporter, boolean publicRead) {
    ExportHandlers exports = new ExportHandlers(exporter, new Auth("secret", publicRead,
        new TokenStore(db.dataSource())));
    return Javalin.create(cfg -> {
      cfg.jsonMapper(new JavalinJackson(LinliApp.objectMapper(), false));
      cfg.startup.showJavalinBanner = false;
      ProblemMapper.register(cfg);
      cfg.routes.get("/api/export", exports::options);
      cfg.routes.get("/api/export/{file}", exports::export);
    }).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static String url(Javalin on, String path) {
    return "http://127.0.0.1:" + on.port() + path;
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return get(app, path);
  }

  private static HttpResponse<byte[]> get(Javalin on, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url(on, path))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String ogrinfo(String... args) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/ogrinfo"))) {
      fail("GDAL's ogrinfo is required for this test (apt-get install gdal-bin)");
    }
    String[] cmd = new String[args.length + 1];
    cmd[0] = "/usr/bin/ogrinfo";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("ogrinfo did not finish in 120 s");
    }
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void everyFormatWithItsMediaTypeAndDownloadName() throws Exception {
    String[][] expected = {
        {"geojson", "application/geo+json"},
        {"csv", "text/csv;charset=utf-8"},
        {"shp.zip", "application/zip"},
        {"gpkg", "application/geopackage+sqlite3"},
        {"kml", "application/vnd.google-earth.kml+xml"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
    long facilities = count("SELECT count(*) FROM facility WHERE NOT deleted");
    for (String[] e : expected) {
      HttpResponse<byte[]> r = get("/api/export/facilities." + e[0]);
      assertThat(r.statusCode()).as(e[0]).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase())
          .isEqualTo(e[1]);
      String name = "facilities_" + TODAY + "." + e[0];
      assertThat(r.headers().firstValue("Content-Disposition"))
          .contains("attachment; filename=\"" + name + "\"; filename*=UTF-8''" + name);
      Path file = Files.write(dir.resolve("facilities." + e[0]), r.body());
      String source = e[0].equals("shp.zip") ? "/vsizip/" + file + "/facilities.shp" : file.toString();
      String info = e[0].equals("csv")
          ? ogrinfo("-ro", "-al", "-so", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", source)
          : ogrinfo("-ro", "-al", "-so", source);
      assertThat(info).as(e[0]).contains("Feature Count: " + facilities);
    }
    JsonNode geojson = JSON.readTree(Files.readAllBytes(dir.resolve("facilities.geojson")));
    assertThat(geojson.path("type").asText()).isEqualTo("FeatureCollection");
    assertThat(geojson.has("crs")).isFalse();
    assertThat(geojson.path("features").size()).isEqualTo((int) facilities);
  }

  @Test
  void aProjectedShapefileOfOneDistrict() throws Exception {
    HttpResponse<byte[]> r = get("/api/export/communities.shp.zip?crs=EPSG:4549&district="
        + URLEncoder.encode("市北区", StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    // Named by what it holds: the district by name in filename* (RFC 6266), by code in the ASCII fallback.
    assertThat(r.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"communities_370203_"
        + TODAY + "_EPSG4549.shp.zip\"; filename*=UTF-8''communities_" + URLEncoder.encode("市北区", StandardCharsets.UTF_8)
        + "_" + TODAY + "_EPSG4549.shp.zip");
    Path file = Files.write(dir.resolve("communities-EPSG4549.shp.zip"), r.body());
    String info = ogrinfo("-ro", "-al", "-so", "/vsizip/" + file + "/communities.shp");
    assertThat(info).contains("Feature Count: 3").contains("ID[\"EPSG\",4549]]").contains("dist_name: String");
  }

  @Test
  void filtersReachTheQuery() throws Exception {
    HttpResponse<byte[]> r = get("/api/export/facilities.geojson?category=meal_point&status=planned,building&district=370203");
    assertThat(r.statusCode()).isEqualTo(200);
    Set<Long> got = new TreeSet<>();
    JSON.readTree(r.body()).path("features").forEach(f -> got.add(f.path("id").asLong()));
    Set<Long> expected = new TreeSet<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM facility WHERE NOT deleted AND category = 'meal_point'"
            + " AND status IN ('planned', 'building') AND community_code LIKE '370203%'")) {
      while (rs.next()) {
        expected.add(rs.getLong(1));
      }
    }
    assertThat(got).hasSize(1000).isEqualTo(expected);
  }

  @Test
  void unknownFilesAre404Problems() throws Exception {
    for (String path : new String[] {"/api/export/villages.geojson", "/api/export/shelters.xlsx", "/api/export/facilities.shp", "/api/export/facilities",
        "/api/export/facilities.json"}) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
    }
  }

  @Test
  void badParametersAre400ProblemsThatNameTheField() throws Exception {
    String[][] cases = {
        {"/api/export/facilities.geojson?crs=EPSG:9999", "crs"},
        {"/api/export/facilities.geojson?crs=GCJ03", "crs"},
        {"/api/export/facilities.kml?crs=EPSG:4549", "crs"},
        {"/api/export/facilities.csv?category=spaceport", "category"},
        {"/api/export/facilities.csv?status=open,demolished", "status"},
        {"/api/export/facilities.csv?district=" + URLEncoder.encode("火星区", StandardCharsets.UTF_8), "district"},
        {"/api/export/communities.gpkg?category=police_office&distance=0.5", "distance"},
        {"/api/export/communities.gpkg?status=open", "category"},
        {"/api/export/communities.gpkg?distance=500", "category"},
        {"/api/export/communities.gpkg?category=spaceport&distance=500", "category"},
        {"/api/export/communities.gpkg?category=police_office&distance=abc", "distance"},
        {"/api/export/communities.gpkg?category=police_office&distance=-1", "distance"},
        {"/api/export/communities.gpkg?category=police_office&distance=500&mode=bus", "mode"},
        {"/api/export/communities.gpkg?category=police_office&distance=500&status=gone", "status"},
        {"/api/export/roads.csv?district=370202", "district"},
        {"/api/export/roads.csv?category=police_office", "category"},
        {"/api/export/shelters-province.xlsx?category=police_office", "category"},
        {"/api/export/facilities.xlsx?encoding=GBK", "encoding"},
        {"/api/export/facilities.shp.zip?encoding=Big5", "encoding"},
        {"/api/export/roads.kml?crs=EPSG:3857", "crs"}};
    for (String[] c : cases) {
      HttpResponse<byte[]> r = get(c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("errors").get(0).path("field").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
    }
  }

  /** The communities' coverage question is checked as /api/coverage checks it. */
  @Test
  void aBadQuestionIsTheSameProblemAsAtTheCoverageApi() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (BadQuestions.Case c : BadQuestions.CASES) {
      String path = "/api/export/communities.geojson?" + c.query();
      HttpResponse<byte[]> r = get(path);
      wrong.add(BadQuestions.mismatch(c, path, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), c.field()));
    }
    assertThat(wrong).containsOnlyNulls();
  }

  /** Without distance, the category's default_distance_m (shelters: 500 m), as at /api/coverage. */
  @Test
  void aQuestionWithoutDistanceAsksAtTheCategorysDefault() throws Exception {
    HttpResponse<byte[]> byDefault = get("/api/export/communities.csv?category=emergency_shelter");
    assertThat(byDefault.statusCode()).as(new String(byDefault.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(new String(byDefault.body(), StandardCharsets.UTF_8)).contains("nearest_m")
        .isEqualTo(new String(get("/api/export/communities.csv?category=emergency_shelter&distance=500").body(),
            StandardCharsets.UTF_8));
  }

  @Test
  void communitiesCarryTheCoverageAnswer() throws Exception {
    CoverageQuery question = new CoverageQuery("meal_point", 300, CoverageMode.STRAIGHT, null, List.of("open", "planned"));
    Map<String, CommunityCoverage> expected = new HashMap<>();
    new CoverageAnalyzer(db.dataSource()).communities(question).forEach(c -> expected.put(c.code(), c));
    HttpResponse<byte[]> r = get("/api/export/communities.geojson?category=meal_point&distance=300&mode=straight"
        + "&status=open,planned");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode features = JSON.readTree(r.body()).path("features");
    assertThat(features.size()).isEqualTo(expected.size());
    int covered = 0;
    for (JsonNode f : features) {
      CommunityCoverage c = expected.get(f.path("id").asText());
      JsonNode p = f.path("properties");
      assertThat(p.path("covered").asBoolean()).as(c.code()).isEqualTo(c.covered());
      if (c.nearestM() == null) {
        assertThat(p.path("nearest_m").isNull()).isTrue();
      } else {
        assertThat(p.path("nearest_m").asDouble()).as(c.code()).isEqualTo(c.nearestM());
      }
      covered += c.covered() ? 1 : 0;
    }
    assertThat(covered).as("some covered, some not").isBetween(1, expected.size() - 1);
    JsonNode plain = JSON.readTree(get("/api/export/communities.geojson").body()).path("features").get(0);
    assertThat(plain.path("properties").has("covered")).isFalse();
  }

  @Test
  void roadsAreLines() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO road (highway, walkable, source, geom) SELECT 'footway', true, '测绘院', ST_SetSRID("
          + "ST_MakeLine(ST_MakePoint(120.30 + g * 0.001, 36.10), ST_MakePoint(120.30 + g * 0.001, 36.105)), 4490)"
          + " FROM generate_series(1, 25) g");
    }
    long roads = count("SELECT count(*) FROM road");
    for (String format : new String[] {"shp.zip", "gpkg", "kml"}) {
      HttpResponse<byte[]> r = get("/api/export/roads." + format + "?crs=GCJ02");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Disposition"))
          .contains("attachment; filename=\"roads_" + TODAY + "_GCJ02." + format + "\"; filename*=UTF-8''roads_" + TODAY + "_GCJ02." + format);
      Path file = Files.write(dir.resolve("roads-GCJ02." + format), r.body());
      String info = ogrinfo("-ro", "-al", format.equals("shp.zip") ? "/vsizip/" + file + "/roads.shp" : file.toString());
      assertThat(info).as(format).contains("Feature Count: " + roads).contains("LINESTRING (").contains("测绘院")
          .contains("ID[\"EPSG\",4326]]");
    }
  }

  @Test
  void aCharacterGbkLacksIsA400NamingTheFeatureAndField() throws Exception {
    long id;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("INSERT INTO facility (category, name, status, source, source_id, geom) VALUES"
            + " ('legal_service', '𠀀法律服务站', 'open', 'test', 'gbk', ST_SetSRID(ST_MakePoint(120.31, 36.104), 4490))"
            + " RETURNING id")) {
      rs.next();
      id = rs.getLong(1);
    }
    HttpResponse<byte[]> r = get("/api/export/facilities.shp.zip?category=legal_service&encoding=GBK");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("name");
    assertThat(body.path("detail").asText()).contains("feature " + id).contains("U+20000").contains("GBK");
    HttpResponse<byte[]> gbk = get("/api/export/facilities.shp.zip?category=meal_point&encoding=GBK");
    assertThat(gbk.statusCode()).isEqualTo(200);
    Path file = Files.write(dir.resolve("gbk.shp.zip"), gbk.body());
    assertThat(ogrinfo("-ro", "-al", "/vsizip/" + file + "/facilities.shp")).contains("老年人助餐点17")
        .contains("青岛市市北区辽宁路17号");
  }

  @Test
  void theUnservedCommunitiesAlone() throws Exception {
    HttpResponse<byte[]> r = get("/api/export/communities.geojson?category=emergency_shelter&distance=500&covered=false");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("filename=\"unserved_communities_emergency_shelter_500m_" + TODAY + ".geojson\"");
    // Measured here: the communities whose office is over 500 m from every open shelter.
    List<org.locationtech.jts.geom.Point> open = List.of(FixtureCity.offset(FixtureCity.anchor(0), 0, 400),
        FixtureCity.offset(FixtureCity.anchor(1), 180, 650));
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 6; i++) {
      org.locationtech.jts.geom.Point office = FixtureCity.anchor(i);
      if (open.stream().allMatch(s -> FixtureCity.distance(office, s) > 500)) {
        expected.add(FixtureCity.communityCode(i));
      }
    }
    Set<String> written = new TreeSet<>();
    JSON.readTree(r.body()).path("features").forEach(f -> {
      written.add(f.path("properties").path("code").asText());
      assertThat(f.path("properties").path("covered").asBoolean()).isFalse();
    });
    assertThat(written).isEqualTo(expected).hasSize(5);
    assertThat(JSON.readTree(get("/api/export/communities.csv?covered=false").body()).at("/errors/0/field").asText())
        .isEqualTo("covered");
  }

  @Test
  void aCsvInGbkHasNoBomAndRefusesACharacterGbkLacks() throws Exception {
    HttpResponse<byte[]> r = get("/api/export/facilities.csv?category=meal_point&encoding=GBK");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualToIgnoringCase("text/csv;charset=GBK");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("filename=\"facilities_meal_point_" + TODAY + "_GBK.csv\"");
    byte[] body = r.body();
    assertThat(body[0]).isEqualTo((byte) 'c'); // "category": no byte order mark
    String text = new String(body, java.nio.charset.Charset.forName("GBK"));
    assertThat(text).contains("老年人助餐点17,").contains("青岛市市北区辽宁路17号");
    // GDAL, told the encoding, reads the same rows back.
    Path file = Files.write(dir.resolve("gbk.csv"), body);
    assertThat(ogrinfo("-ro", "-al", "-so", file.toString()))
        .contains("Feature Count: " + count("SELECT count(*) FROM facility WHERE category = 'meal_point' AND NOT deleted"));
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO facility (category, name, status, source, source_id, geom) VALUES"
          + " ('legal_service', '𠀁法律援助点', 'open', 'test', 'gbk-csv', ST_SetSRID(ST_MakePoint(120.31, 36.104), 4490))");
    }
    HttpResponse<byte[]> bad = get("/api/export/facilities.csv?encoding=GBK");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Disposition")).isEmpty();
    JsonNode problem = JSON.readTree(bad.body());
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("name");
    assertThat(problem.path("detail").asText()).contains("U+2000").contains("GBK");
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("DELETE FROM facility WHERE source_id = 'gbk-csv'");
    }
  }

  @Test
  void theOptionsListCrsEncodingsAndTheProvincialPreset() throws Exception {
    HttpResponse<byte[]> r = get("/api/export");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode options = JSON.readTree(r.body());
    List<String> crs = new ArrayList<>();
    options.path("crs").forEach(c -> crs.add(c.path("code").asText()));
    assertThat(crs).contains("EPSG:4490", "EPSG:4326", "EPSG:4549", "EPSG:3857", "GCJ02", "EPSG:4528");
    Map<String, JsonNode> formats = new HashMap<>();
    options.path("formats").forEach(f -> formats.put(f.path("extension").asText(), f));
    assertThat(formats.get("csv").path("encodings").toString()).isEqualTo("[\"UTF-8\",\"GBK\"]");
    assertThat(formats.get("shp.zip").path("encodings").toString()).isEqualTo("[\"UTF-8\",\"GBK\"]");
    assertThat(formats.get("gpkg").path("encodings").toString()).isEqualTo("[\"UTF-8\"]");
    assertThat(formats.get("kml").path("geographic_only").asBoolean()).isTrue();
    JsonNode province = options.path("presets").get(0);
    assertThat(province.path("id").asText()).isEqualTo("province");
    assertThat(province.path("name_zh").asText()).isEqualTo("省级系统");
    // What the preset names is an export the server gives: the template, GBK, CGCS2000, as GDAL reads it.
    HttpResponse<byte[]> file = get("/api/export/" + province.path("layer").asText() + "." + province.path("format").asText()
        + "?crs=" + province.path("crs").asText() + "&encoding=" + province.path("encoding").asText());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("filename=\"shelters_province_" + TODAY + "_GBK.shp.zip\"");
    Path zip = Files.write(dir.resolve("province.shp.zip"), file.body());
    assertThat(ogrinfo("-ro", "-al", "/vsizip/" + zip + "/shelters-province.shp")).contains("ID[\"EPSG\",4490]]")
        .contains("XZQHDM").contains("应急避难场所");
    assertThat(new String(unzipped(file.body(), "shelters-province.cpg"), StandardCharsets.US_ASCII)).isEqualTo("GBK");
  }

  private static byte[] unzipped(byte[] zip, String entry) throws IOException {
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(entry)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no " + entry + " in the zip");
  }

  @Test
  void theShelterTemplate() throws Exception {
    for (String format : new String[] {"xlsx", "shp.zip"}) {
      HttpResponse<byte[]> r = get("/api/export/shelters-province." + format);
      assertThat(r.statusCode()).isEqualTo(200);
      Path file = Files.write(dir.resolve("shelters-province." + format), r.body());
      String info = format.equals("xlsx") ? ogrinfo("-ro", "-al", "-oo", "HEADERS=FORCE", file.toString())
          : ogrinfo("-ro", "-al", "/vsizip/" + file + "/shelters-province.shp");
      long open = count("SELECT count(*) FROM facility WHERE category = 'emergency_shelter' AND status = 'open'"
          + " AND NOT deleted");
      assertThat(info).contains("Feature Count: " + open).contains(format.equals("xlsx") ? "行政区划代码" : "XZQHDM")
          .contains("应急避难场所");
    }
  }

  @Test
  void readsFollowTheAuthSetting() throws Exception {
    Javalin closed = app(new LayerExporter(db.dataSource()), false);
    try {
      assertThat(get(closed, "/api/export/facilities.csv").statusCode()).isEqualTo(401);
      HttpResponse<byte[]> ok = HTTP.send(HttpRequest.newBuilder(URI.create(url(closed, "/api/export/facilities.csv")))
          .header("Authorization", "Bearer secret").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ok.statusCode()).isEqualTo(200);
    } finally {
      closed.stop();
    }
  }

  @Test
  void aFailureBeforeTheFirstByteIsAProblem() throws Exception {
    Javalin failing = app(new LayerExporter(failingAfter(db.dataSource(), 0)), true);
    try {
      HttpResponse<byte[]> r = get(failing, "/api/export/facilities.csv");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
    } finally {
      failing.stop();
    }
  }

  @Test
  void aFailureAfterTheFirstBytesBreaksTheTransferInsteadOfEndingIt() throws Exception {
    Javalin failing = app(new LayerExporter(failingAfter(db.dataSource(), 2000)), true);
    try {
      for (String file : new String[] {"facilities.csv", "facilities.geojson"}) {
        assertThatThrownBy(() -> get(failing, "/api/export/" + file)).as(file).isInstanceOf(IOException.class);
      }
      // The server is fine afterwards.
      assertThat(get("/api/export/communities.csv").statusCode()).isEqualTo(200);
    } finally {
      failing.stop();
    }
  }

  @Test
  void tooManyExportsAtOnceIs503WithRetryAfter() throws Exception {
    Javalin full = app(new LayerExporter(db.dataSource(), 0), true);
    try {
      HttpResponse<byte[]> r = get(full, "/api/export/facilities.geojson");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).contains("30");
      assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
      Matcher m = Pattern.compile("\"detail\":\"([^\"]+)\"").matcher(new String(r.body(), StandardCharsets.UTF_8));
      assertThat(m.find()).isTrue();
      assertThat(m.group(1)).contains("too many exports");
    } finally {
      full.stop();
    }
  }

  /** A DataSource whose result sets fail with an SQLException after {@code rows} rows. */
  private static DataSource failingAfter(DataSource real, int rows) {
    return (DataSource) Proxy.newProxyInstance(ExportApiIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
        forwarding(real, (target, method, args) -> {
          Object result = method.invoke(target, args);
          if (result instanceof Connection c) {
            return proxy(Connection.class, c, (t, m, a) -> {
              Object r = m.invoke(t, a);
              if (r instanceof PreparedStatement ps) {
                return proxy(PreparedStatement.class, ps, (t2, m2, a2) -> {
                  Object r2 = m2.invoke(t2, a2);
                  if (r2 instanceof ResultSet rs) {
                    AtomicInteger seen = new AtomicInteger();
                    return proxy(ResultSet.class, rs, (t3, m3, a3) -> {
                      if (m3.getName().equals("next") && seen.incrementAndGet() > rows) {
                        throw new SQLException("the database went away (test)");
                      }
                      return m3.invoke(t3, a3);
                    });
                  }
                  return r2;
                });
              }
              return r;
            });
          }
          return result;
        }));
  }

  private interface Call {
    Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private static InvocationHandler forwarding(Object target, Call call) {
    return (proxy, method, args) -> {
      try {
        return call.call(target, method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T target, Call call) {
    return (T) Proxy.newProxyInstance(ExportApiIT.class.getClassLoader(), new Class<?>[] {type}, forwarding(target, call));
  }
}
