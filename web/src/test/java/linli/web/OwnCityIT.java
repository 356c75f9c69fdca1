package linli.web;

import static linli.web.OwnCityFiles.DISTRICTS;
import static linli.web.OwnCityFiles.NETWORK_M;
import static linli.web.OwnCityFiles.NETWORK_TOLERANCE_M;
import static linli.web.OwnCityFiles.STRAIGHT_M;
import static linli.web.OwnCityFiles.STRAIGHT_TOLERANCE_M;
import static linli.web.OwnCityFiles.STREETS;
import static linli.web.OwnCityFiles.compare;
import static linli.web.OwnCityFiles.communitiesGeoJson;
import static linli.web.OwnCityFiles.districtWkt;
import static linli.web.OwnCityFiles.districtsShapefile;
import static linli.web.OwnCityFiles.facilitiesXlsx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import linli.web.OwnCityFiles.Community;
import linli.web.OwnCityFiles.Facility;
import linli.web.OwnCityFiles.Roads;
import linli.web.OwnCityFiles.Town;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A city that is not Qingdao, stood up from files alone through the packaged command line, as the
 * README's "Your own city" tells a new user to: a made-up town of 24 communities near Guangzhou
 * (113.30°E 23.10°N, Gauss-Krüger 3-degree zone 38, central meridian 114°E, EPSG:4526), with
 *
 * <ul>
 *   <li>districts as a Shapefile zip in EPSG:4526 with a GBK DBF (Chinese field names), made by ogr2ogr;
 *   <li>communities as GeoJSON (WGS84) that register their streets;
 *   <li>roads as an OpenStreetMap .osm.pbf (written as OSM XML, converted by osmium), some not walkable;
 *   <li>facilities as an XLSX with Baidu (BD-09) coordinates, imported with {@code --crs BD09}.
 * </ul>
 *
 * Straight and network coverage, served by {@code linli serve} over the same database and exported by
 * {@code linli export}, are checked against brute-force oracles ({@link OwnCityFiles}) computed from the true
 * coordinates: GeographicLib distances, and a plain Dijkstra over the walkable roads with the access
 * legs of the API's "Walking distance". A facility file with one bad coordinate is refused, naming
 * its row and field, and writes nothing.
 */
@ExtendWith(PostgisExtension.class)
class OwnCityIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCityFromFilesAloneAnswersAsTheOracles(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path dir = Files.createTempDirectory("linli-owncity");
    Town town = Town.make();
    List<Community> communities = town.communities();
    List<Facility> facilities = town.facilities();
    Roads roads = town.roads();

    // 1. Districts: a Shapefile in Gauss-Krüger zone 38 (prefixed eastings) with a GBK DBF.
    Path districts = districtsShapefile(dir);
    assertThat(run(url, "import", districts.toString(), "--layer", "districts", "--source", "民政局"))
        .contains("committed: 2 rows; 2 inserted");
    // 2. Communities: GeoJSON; the file names its streets, which it registers.
    Path communityFile = dir.resolve("communities.geojson");
    Files.writeString(communityFile, communitiesGeoJson(communities));
    String out = run(url, "import", communityFile.toString(), "--layer", "communities", "--source", "民政局");
    assertThat(out).contains("committed: 24 rows; 24 inserted");
    for (String[] s : STREETS) {
      assertThat(out).contains("registered street " + s[0] + " " + s[1]);
    }
    // 3. Roads from OpenStreetMap.
    Path pbf = roads.osm().pbf(dir, "town.osm.pbf");
    out = run(url, "import", pbf.toString(), "--layer", "roads");
    assertThat(out).contains("committed: " + roads.walkableWays + " rows; " + roads.pieces() + " inserted");
    // 4. Facilities copied from Baidu Maps: BD-09, named with --crs BD09.
    Path xlsx = dir.resolve("shelters.xlsx");
    facilitiesXlsx(xlsx, facilities, null);
    assertThat(run(url, "import", xlsx.toString(), "--source", "应急局", "--crs", "BD09", "--dry-run"))
        .contains("dry run, nothing written: " + facilities.size() + " rows; " + facilities.size() + " inserted");
    assertThat(count(db, "SELECT count(*) FROM facility")).isZero();
    assertThat(run(url, "import", xlsx.toString(), "--source", "应急局", "--crs", "BD09"))
        .contains("committed: " + facilities.size() + " rows; " + facilities.size() + " inserted");

    // What is stored is the truth: GBK names read right, the zone-38 boundaries and the BD-09 points back
    // where they were made.
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (int d = 0; d < 2; d++) {
        try (ResultSet rs = s.executeQuery("SELECT name, ST_HausdorffDistance(geom,"
            + " ST_GeomFromText('" + districtWkt(d) + "', 4490)) FROM district"
            + " WHERE code = '" + DISTRICTS[d][0] + "'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo(DISTRICTS[d][1]);
          assertThat(rs.getDouble(2)).as("district boundary from EPSG:4526, degrees off").isLessThan(1e-8);
        }
      }
      for (Facility f : facilities) {
        try (ResultSet rs = s.executeQuery("SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint("
            + f.at()[0] + ", " + f.at()[1] + "), 4490)::geography, true) FROM facility WHERE source_id = '" + f.id() + "'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getDouble(1)).as("facility %s from BD-09, metres off", f.id()).isLessThan(0.01);
        }
      }
    }

    // 5. A bad file: one unreadable coordinate rejects it, naming row and field, and writes nothing.
    Path bad = dir.resolve("bad.xlsx");
    facilitiesXlsx(bad, List.of(new Facility("B1", "好避难场所", "开放", communities.get(0).office()),
        new Facility("B2", "坏避难场所", "开放", communities.get(1).office())), "113.3O5");
    out = run(1, url, "import", bad.toString(), "--source", "应急局", "--crs", "BD09");
    // Rows are numbered as Excel shows them (as in ImportApiIT): under the header row 1, the bad one is row 3.
    assertThat(out).contains("rejected, nothing written: 2 rows; 0 inserted", "1 rejected")
        .contains("row 3, lon: '113.3O5' is not a coordinate");
    assertThat(count(db, "SELECT count(*) FROM facility WHERE source_id LIKE 'B%'")).isZero();
    assertThat(count(db, "SELECT count(*) FROM facility")).isEqualTo(facilities.size());

    // The oracles.
    Map<String, Double> straight = town.straight();
    Map<String, Double> network = town.network();

    // 6. Serve it and ask.
    try (LinliJar server = LinliJar.start("serve", Map.of("LINLI_DB_URL", url)).awaitServing(120)) {
      JsonNode registry = get(server, "/api/registry");
      assertThat(registry.toString()).contains("\"districts\":2", "\"streets\":4", "\"communities\":24");
      compare("straight", get(server, "/api/coverage/communities?category=emergency_shelter&mode=straight&distance="
          + (int) STRAIGHT_M).get("features"), straight, STRAIGHT_M, STRAIGHT_TOLERANCE_M, communities);
      compare("network", get(server, "/api/coverage/communities?category=emergency_shelter&mode=network&distance="
          + (int) NETWORK_M).get("features"), network, NETWORK_M, NETWORK_TOLERANCE_M, communities);
      JsonNode report =
          get(server, "/api/coverage?category=emergency_shelter&mode=network&distance=" + (int) NETWORK_M);
      assertThat(report.at("/population/covered").asLong()).isEqualTo(communities.stream()
          .filter(c -> network.get(c.code()) <= NETWORK_M).mapToLong(Community::population).sum());
      assertThat(report.at("/population/total").asLong())
          .isEqualTo(communities.stream().mapToLong(Community::population).sum());
    }
    // 7. The same answer exported through the command line.
    Path exported = dir.resolve("coverage.geojson");
    assertThat(run(url, "export", "communities.geojson", "--out", exported.toString(), "--category",
        "emergency_shelter", "--mode", "network", "--distance", Integer.toString((int) NETWORK_M)))
        .contains("24 features");
    compare("network export", JSON.readTree(exported.toFile()).get("features"), network, NETWORK_M, NETWORK_TOLERANCE_M,
        communities);
  }

  // ---------------------------------------------------------------- plumbing

  private static String run(String dbUrl, String... args) throws Exception {
    return run(0, dbUrl, args);
  }

  /** {@code java -jar target/linli.jar ARGS} with LINLI_DB_URL, as CliIT runs it; checks the exit code. */
  private static String run(int exitValue, String dbUrl, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "linli.jar").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("LINLI_"));
    pb.environment().put("LINLI_DB_URL", dbUrl);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    System.out.println("OwnCityIT linli " + String.join(" ", args) + "\n" + out);
    assertThat(p.exitValue()).as("exit code of linli %s\n%s", String.join(" ", args), out).isEqualTo(exitValue);
    return out;
  }


  private static JsonNode get(LinliJar server, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static long count(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String databaseName(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
