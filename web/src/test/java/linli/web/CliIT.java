package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.OsmCrossing;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged command line (target/linli.jar, built before the integration tests run). */
@ExtendWith(PostgisExtension.class)
class CliIT {
  private static String run(String dbUrl, String... args) throws Exception {
    return run(0, dbUrl, args);
  }

  private static String run(int exitValue, String dbUrl, String... args) throws Exception {
    return run(exitValue, Map.of(), dbUrl, args);
  }

  private static String run(int exitValue, Map<String, String> env, String dbUrl, String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    command[1] = "-jar";
    command[2] = Path.of("target", "linli.jar").toString();
    System.arraycopy(args, 0, command, 3, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("LINLI_"));
    pb.environment().putAll(env);
    pb.environment().put("LINLI_DB_URL", dbUrl);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(exitValue);
    return out;
  }

  @BeforeAll
  static void load(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
  }

  @Test
  void importsExportsAndMakesTokens(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path csv = Files.createTempFile("linli-cli", ".csv");
    Files.writeString(csv, "编号,名称,类别,经度,纬度\nK1,命令行避难场所,应急避难场所,120.3105,36.1041\n",
        Charset.forName("GBK"));
    assertThat(run(url, "import", csv.toString(), "--source", "cli")).contains("committed: 1 rows; 1 inserted");
    assertThat(run(1, url, "import", csv.toString(), "--source", "长".repeat(101), "--dry-run")).contains("--source");
    Path out = Files.createTempDirectory("linli-cli").resolve("f.geojson");
    assertThat(run(url, "export", "facilities.geojson", "--out", out.toString(), "--category", "emergency_shelter"))
        .contains("5 features");
    assertThat(Files.readString(out)).contains("命令行避难场所");
    assertThat(run(url, "token", "create", "--name", "cli-test", "--role", "viewer")).contains("lnl_");
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM api_token WHERE name = 'cli-test'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void importsOpenStreetMapRoads(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path pbf = OsmCrossing.pbf(Files.createTempDirectory("linli-cli"), "city.osm.pbf");
    assertThat(run(1, url, "import", pbf.toString())).contains("--layer roads");
    assertThat(run(url, "import", pbf.toString(), "--layer", "roads"))
        .contains("committed: 3 rows; 4 inserted", "1 left out", "way " + OsmCrossing.MISSING_NODE);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM road WHERE source = 'city.osm.pbf'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(4);
    }
  }

  @Test
  void retiresCommunityCodes(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    String code = "370203001099";
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO community (code, name, kind, street_code, geom) VALUES ('" + code + "', '将撤销社区',"
          + " 'community', '370203001', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(121.0, 37.0), 4490), 0.001)))");
    }
    assertThat(run(url, "retire-community", code, "--dry-run")).contains("dry run, nothing changed: 1 retired");
    assertThat(run(url, "retire-community", code, "370202001999")).contains("committed: 1 retired (" + code
        + "), 0 facilities moved").contains("not registered, nothing done: 370202001999");
    assertThat(run(1, url, "retire-community", "12345")).contains("12-digit");
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT string_agg(action, ',' ORDER BY id) FROM community_history"
            + " WHERE code = '" + code + "'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("create,delete");
    }
  }

  @Test
  void exportsTheNewLayersAndOptions(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path dir = Files.createTempDirectory("linli-cli");
    Path shp = dir.resolve("c.shp.zip");
    assertThat(run(url, "export", "communities.shp.zip", "--out", shp.toString(), "--category", "emergency_shelter",
        "--distance", "500", "--encoding", "GBK", "--crs", "GCJ02")).contains("6 features");
    String info = ogrinfo("-ro", "-al", "/vsizip/" + shp + "/communities.shp");
    assertThat(info).contains("covered (Integer)").contains("nearest_m (Real)").contains("社区1")
        .contains("GEOGCRS[\"WGS 84\"");
    Path xlsx = dir.resolve("s.xlsx");
    long shelters;
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM facility WHERE category = 'emergency_shelter'"
            + " AND status IN ('open', 'closed') AND NOT deleted")) {
      rs.next();
      shelters = rs.getLong(1);
    }
    assertThat(run(url, "export", "shelters-province.xlsx", "--out", xlsx.toString(), "--status", "open,closed"))
        .contains(shelters + " features");
    assertThat(ogrinfo("-ro", "-al", "-oo", "HEADERS=FORCE", xlsx.toString())).contains("行政区划代码 (String)")
        .contains("避难场所c");
    assertThat(run(1, url, "export", "communities.csv", "--category", "emergency_shelter", "--distance", "-5"))
        .contains("--distance");
    assertThat(run(1, url, "export", "roads.csv", "--district", "市南区")).contains("--district");
    assertThat(run(1, url, "export", "communities.csv", "--category", "nope", "--distance", "500",
        "--out", dir.resolve("x.csv").toString())).contains("--category");
  }

  @Test
  void aMisspeltOptionIsRefusedBeforeAnythingIsWritten(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path caller = Files.createTempDirectory("linli-cli");
    String out = run(2, Map.of("LINLI_CALLER_DIR", caller.toString()), url,
        "export", "facilities.geojson", "--crss", "EPSG:4549", "--categry", "emergency_shelter");
    assertThat(out).contains("unknown options '--crss', '--categry'");
    assertThat(caller.resolve("facilities.geojson")).doesNotExist();
    assertThat(Path.of("facilities.geojson")).doesNotExist();
  }

  @Test
  void relativeFilesAreInTheCallersDirectory(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path caller = Files.createTempDirectory("linli-cli");
    Map<String, String> env = Map.of("LINLI_CALLER_DIR", caller.toString());
    Files.writeString(caller.resolve("shelter.csv"),
        "编号,名称,类别,经度,纬度\nR1,相对路径避难场所,应急避难场所,120.3105,36.1041\n");
    assertThat(run(0, env, url, "import", "shelter.csv", "--source", "relative", "--dry-run"))
        .contains("1 rows");
    assertThat(run(0, env, url, "export", "facilities.geojson", "--category", "emergency_shelter"))
        .contains(caller.resolve("facilities.geojson") + ": ");
    assertThat(caller.resolve("facilities.geojson")).isNotEmptyFile();
    assertThat(Path.of("facilities.geojson")).doesNotExist();
    assertThat(run(0, env, url, "export", "roads.kml", "--out", "roads.kml")).contains("features");
    assertThat(caller.resolve("roads.kml")).isNotEmptyFile();
  }

  private static String ogrinfo(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "/usr/bin/ogrinfo";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String databaseName(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
