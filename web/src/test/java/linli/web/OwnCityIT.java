package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.Database;
import linli.registry.crs.Bd09;
import linli.registry.testing.Osmium;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

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
 * {@code linli export}, are checked against brute-force oracles computed here from the true
 * coordinates: GeographicLib distances, and a plain Dijkstra over the walkable roads with the access
 * legs of the API's "Walking distance". A facility file with one bad coordinate is refused, naming
 * its row and field, and writes nothing.
 */
@ExtendWith(PostgisExtension.class)
class OwnCityIT {
  private static final Geodesic GRS80 = new Geodesic(6378137, 1 / 298.257222101);
  private static final GeometryFactory GF = new GeometryFactory();
  private static final ObjectMapper JSON = new ObjectMapper();

  // The town: 6 x 4 cells of 0.005° x 0.0045° (about 512 m x 498 m), south-west corner at LON0, LAT0.
  private static final double LON0 = 113.30;
  private static final double LAT0 = 23.10;
  private static final double DX = 0.005;
  private static final double DY = 0.0045;
  private static final int COLS = 6;
  private static final int ROWS = 4;
  private static final String[][] DISTRICTS = {{"440191", "西岭区"}, {"440192", "东湖区"}};
  // Streets: district (0 west: columns 0-2, 1 east: columns 3-5), rows 0-1 or 2-3.
  private static final String[][] STREETS = {
      {"440191001", "南坊街道"}, {"440191002", "北坊街道"},
      {"440192001", "湖滨街道"}, {"440192002", "沙湾镇"}};
  private static final double STRAIGHT_M = 500;
  private static final double NETWORK_M = 800;
  private static final double MAX_LEG_M = 1000;
  // nearest_m is given to 0.1 m: half of that, plus what the two computations may differ by.
  private static final double STRAIGHT_TOLERANCE_M = 0.06;
  private static final double NETWORK_TOLERANCE_M = 0.15;

  record Community(String code, String name, int street, int col, int row, long population, double[] office) {}

  record Facility(String id, String name, String status, double[] at) {}

  @Test
  void aCityFromFilesAloneAnswersAsTheOracles(Database db) throws Exception {
    String url = TestPostgis.get().urlFor(databaseName(db));
    Path dir = Files.createTempDirectory("linli-owncity");
    Random random = new Random(2026);
    List<Community> communities = communities(random);
    List<Facility> facilities = facilities(random);
    Roads roads = new Roads();

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
            + f.at[0] + ", " + f.at[1] + "), 4490)::geography, true) FROM facility WHERE source_id = '" + f.id + "'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getDouble(1)).as("facility %s from BD-09, metres off", f.id).isLessThan(0.01);
        }
      }
    }

    // 5. A bad file: one unreadable coordinate rejects it, naming row and field, and writes nothing.
    Path bad = dir.resolve("bad.xlsx");
    facilitiesXlsx(bad, List.of(new Facility("B1", "好避难场所", "开放", communities.get(0).office),
        new Facility("B2", "坏避难场所", "开放", communities.get(1).office)), "113.3O5");
    out = run(1, url, "import", bad.toString(), "--source", "应急局", "--crs", "BD09");
    // Rows count from the first one under the header (as in ImportApiIT): the bad one is row 2.
    assertThat(out).contains("rejected, nothing written: 2 rows; 0 inserted", "1 rejected")
        .contains("row 2, lon: '113.3O5' is not a coordinate");
    assertThat(count(db, "SELECT count(*) FROM facility WHERE source_id LIKE 'B%'")).isZero();
    assertThat(count(db, "SELECT count(*) FROM facility")).isEqualTo(facilities.size());

    // The oracles.
    List<double[]> open = facilities.stream().filter(f -> f.status.equals("开放")).map(Facility::at).toList();
    Map<String, Double> straight = new HashMap<>();
    Map<String, Double> network = new HashMap<>();
    for (Community c : communities) {
      straight.put(c.code, open.stream().mapToDouble(f -> ground(c.office, f)).min().orElseThrow());
      network.put(c.code, roads.walk(c.office, open));
    }

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
          .filter(c -> network.get(c.code) <= NETWORK_M).mapToLong(Community::population).sum());
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

  /** Linli's nearest_m and covered per community against the oracle's distances. */
  private static void compare(String what, JsonNode features, Map<String, Double> oracle, double distance,
      double tolerance, List<Community> communities) {
    assertThat(features).as(what).hasSize(communities.size());
    double worst = 0;
    int covered = 0;
    int unreachable = 0;
    for (JsonNode f : features) {
      JsonNode p = f.get("properties");
      String code = p.get("code").asText();
      double expected = oracle.get(code);
      JsonNode nearest = p.get("nearest_m");
      if (Double.isNaN(expected)) {
        unreachable++;
        assertThat(nearest.isNull()).as("%s %s: the oracle reaches nothing, Linli %s", what, code, nearest).isTrue();
        assertThat(p.get("covered").asBoolean()).as("%s %s covered", what, code).isFalse();
        continue;
      }
      assertThat(nearest.isNull()).as("%s %s: the oracle says %.2f m", what, code, expected).isFalse();
      assertThat(nearest.asDouble()).as("%s %s nearest_m", what, code).isCloseTo(expected, within(tolerance));
      worst = Math.max(worst, Math.abs(nearest.asDouble() - expected));
      assertThat(Math.abs(expected - distance)).as("%s %s is too close to the threshold to judge", what, code)
          .isGreaterThan(tolerance);
      boolean in = expected <= distance;
      assertThat(p.get("covered").asBoolean()).as("%s %s covered (oracle %.2f m)", what, code, expected).isEqualTo(in);
      covered += in ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "OwnCityIT %s at %.0f m: %d of %d covered, %d unreachable, largest difference"
        + " from the oracle %.4f m%n", what, distance, covered, features.size(), unreachable, worst);
    // The town is made so that both answers occur.
    assertThat(covered).as(what + ": covered communities").isBetween(1, features.size() - 1);
  }

  // ---------------------------------------------------------------- the town

  private static double[] corner(int col, int row) {
    return new double[] {LON0 + col * DX, LAT0 + row * DY};
  }

  private static int streetOf(int col, int row) {
    return (col < 3 ? 0 : 2) + (row < 2 ? 0 : 1);
  }

  private static List<Community> communities(Random random) {
    List<Community> out = new ArrayList<>();
    int[] seq = new int[STREETS.length];
    for (int row = 0; row < ROWS; row++) {
      for (int col = 0; col < COLS; col++) {
        int street = streetOf(col, row);
        int n = ++seq[street];
        String code = STREETS[street][0] + String.format("%03d", n);
        String name = street == 3 ? "沙湾" + "一二三四五六".charAt(n - 1) + "村"
            : STREETS[street][1].replace("街道", "") + "第" + "一二三四五六".charAt(n - 1) + "社区";
        double[] sw = corner(col, row);
        double[] office = {sw[0] + DX * (0.1 + 0.8 * random.nextDouble()),
            sw[1] + DY * (0.1 + 0.8 * random.nextDouble())};
        out.add(new Community(code, name, street, col, row, 1000 + random.nextInt(8000), office));
      }
    }
    return out;
  }

  private static List<Facility> facilities(Random random) {
    List<Facility> out = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      double[] at = {LON0 + COLS * DX * (0.05 + 0.9 * random.nextDouble()),
          LAT0 + ROWS * DY * (0.05 + 0.9 * random.nextDouble())};
      // The last one is closed: it counts for nothing.
      out.add(new Facility("S" + i, "避难场所" + i + "号", i == 7 ? "关闭" : "开放", at));
    }
    return out;
  }

  private static String ring(double west, double south, double east, double north, int steps) {
    // Every cell corner on the ring, so the Gauss-Krüger boundary has the same vertices.
    List<String> points = new ArrayList<>();
    double dx = (east - west) / steps;
    for (int i = 0; i < steps; i++) {
      points.add(coordinate(west + i * dx, south));
    }
    points.add(coordinate(east, south));
    points.add(coordinate(east, north));
    for (int i = steps - 1; i >= 0; i--) {
      points.add(coordinate(west + i * dx, north));
    }
    points.add(coordinate(west, south));
    return String.join(", ", points);
  }

  private static String coordinate(double lon, double lat) {
    return String.format(Locale.ROOT, "%.10f %.10f", lon, lat);
  }

  private static String districtWkt(int d) {
    double[] sw = corner(d * 3, 0);
    double[] ne = corner(d * 3 + 3, ROWS);
    return "POLYGON((" + ring(sw[0], sw[1], ne[0], ne[1], 3) + "))";
  }

  private static String jsonRing(String wktRing) {
    return "[" + String.join(",", Arrays.stream(wktRing.split(", ")).map(p -> "[" + p.replace(' ', ',') + "]")
        .toList()) + "]";
  }

  /** GeoJSON (WGS84) → ogr2ogr → Shapefile in EPSG:4526 with a GBK DBF, zipped. */
  private static Path districtsShapefile(Path dir) throws Exception {
    StringBuilder features = new StringBuilder();
    for (int d = 0; d < 2; d++) {
      String wkt = districtWkt(d);
      String ring = wkt.substring("POLYGON((".length(), wkt.length() - 2);
      features.append(d == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"区县代码\":\"")
          .append(DISTRICTS[d][0]).append("\",\"区县名称\":\"").append(DISTRICTS[d][1])
          .append("\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[").append(jsonRing(ring)).append("]}}");
    }
    Path geojson = dir.resolve("districts-wgs84.geojson");
    Files.writeString(geojson, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
    Path shpDir = Files.createDirectories(dir.resolve("districts"));
    exec("/usr/bin/ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:4526", "-lco", "ENCODING=GBK",
        shpDir.resolve("districts.shp").toString(), geojson.toString());
    // The eastings carry the zone prefix 38, and the DBF is GBK indeed.
    assertThat(exec("/usr/bin/ogrinfo", "-ro", "-al", shpDir.resolve("districts.shp").toString())).contains("38");
    assertThat(Files.readString(shpDir.resolve("districts.cpg")).trim()).containsIgnoringCase("GBK");
    byte[] dbf = Files.readAllBytes(shpDir.resolve("districts.dbf"));
    assertThat(new String(dbf, Charset.forName("GBK"))).contains("西岭区");
    Path zip = dir.resolve("districts.shp.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip));
        Stream<Path> files = Files.list(shpDir)) {
      for (Path f : files.sorted().toList()) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
    return zip;
  }

  private static String communitiesGeoJson(List<Community> communities) {
    List<String> features = new ArrayList<>();
    for (Community c : communities) {
      double[] sw = corner(c.col, c.row);
      double[] ne = corner(c.col + 1, c.row + 1);
      String[] district = DISTRICTS[c.street / 2];
      features.add(String.format(Locale.ROOT, "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\",\"name\":\"%s\","
          + "\"street_code\":\"%s\",\"street_name\":\"%s\",\"district_code\":\"%s\",\"district_name\":\"%s\","
          + "\"population\":%d,\"ref_lon\":%.10f,\"ref_lat\":%.10f},"
          + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[%s]}}", c.code, c.name, STREETS[c.street][0],
          STREETS[c.street][1], district[0], district[1], c.population, c.office[0], c.office[1],
          jsonRing(ring(sw[0], sw[1], ne[0], ne[1], 1))));
    }
    return "{\"type\":\"FeatureCollection\",\"features\":[\n" + String.join(",\n", features) + "\n]}\n";
  }

  /** The facilities as a bureau's XLSX with BD-09 coordinates; {@code badLon} replaces the second row's longitude. */
  private static void facilitiesXlsx(Path file, List<Facility> facilities, String badLon) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream os = Files.newOutputStream(file)) {
      Sheet sheet = wb.createSheet("避难场所");
      String[] header = {"编号", "名称", "类别", "状态", "容纳人数", "经度", "纬度"};
      Row h = sheet.createRow(0);
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      for (int r = 0; r < facilities.size(); r++) {
        Facility f = facilities.get(r);
        double[] bd = Bd09.fromWgs84(f.at[0], f.at[1]);
        Row row = sheet.createRow(r + 1);
        row.createCell(0).setCellValue(f.id);
        row.createCell(1).setCellValue(f.name);
        row.createCell(2).setCellValue("应急避难场所");
        row.createCell(3).setCellValue(f.status);
        row.createCell(4).setCellValue(500 + 100 * r);
        if (badLon != null && r == 1) {
          row.createCell(5).setCellValue(badLon);
        } else {
          row.createCell(5).setCellValue(bd[0]);
        }
        row.createCell(6).setCellValue(bd[1]);
      }
      wb.write(os);
    }
  }

  // ---------------------------------------------------------------- roads and the walking oracle

  /**
   * A road on every cell edge, each grid segment one OSM way except the southern and northern edges (one way
   * each, cut at the shared nodes on import). A few segments are not walkable (a motorway, a footway with
   * foot=no, a road under construction): Linli must leave them out, and the oracle does not walk them.
   */
  private static final class Roads {
    final List<double[]> nodes = new ArrayList<>();
    final List<int[]> walkableEdges = new ArrayList<>();
    int walkableWays;
    private final Osmium osm = new Osmium();

    Roads() {
      for (int row = 0; row <= ROWS; row++) {
        for (int col = 0; col <= COLS; col++) {
          double[] c = corner(col, row);
          double[] lattice = {Math.round(c[0] * 1e7) / 1e7, Math.round(c[1] * 1e7) / 1e7};
          nodes.add(lattice);
          osm.node(node(col, row), GF.createPoint(new Coordinate(lattice[0], lattice[1])));
        }
      }
      long way = 1;
      for (int row : new int[] {0, ROWS}) {
        long[] through = new long[COLS + 1];
        for (int col = 0; col <= COLS; col++) {
          through[col] = node(col, row);
          if (col > 0) {
            walkableEdges.add(new int[] {id(col - 1, row), id(col, row)});
          }
        }
        osm.way(way++, through, "highway", "secondary", "name", "环城路");
        walkableWays++;
      }
      for (int row = 1; row < ROWS; row++) {
        for (int col = 0; col < COLS; col++) {
          way = segment(way, col, row, col + 1, row);
        }
      }
      for (int col = 0; col <= COLS; col++) {
        for (int row = 0; row < ROWS; row++) {
          way = segment(way, col, row, col, row + 1);
        }
      }
    }

    private long segment(long way, int c1, int r1, int c2, int r2) {
      String[] tags;
      boolean walkable = true;
      if (c1 == 3 && c2 == 3 && (r1 == 1 || r1 == 2)) {
        tags = new String[] {"highway", "motorway"};
        walkable = false;
      } else if (r1 == 2 && r2 == 2 && (c1 == 1 || c1 == 4)) {
        tags = new String[] {"highway", "footway", "foot", "no"};
        walkable = false;
      } else if (c1 == 1 && c2 == 1 && r1 == 0) {
        tags = new String[] {"highway", "construction"};
        walkable = false;
      } else {
        tags = new String[] {"highway", (c1 + r1) % 2 == 0 ? "residential" : "footway"};
      }
      osm.way(way, new long[] {node(c1, r1), node(c2, r2)}, tags);
      if (walkable) {
        walkableEdges.add(new int[] {id(c1, r1), id(c2, r2)});
        walkableWays++;
      }
      return way + 1;
    }

    private static long node(int col, int row) {
      return 1000 + id(col, row);
    }

    private static int id(int col, int row) {
      return row * (COLS + 1) + col;
    }

    Osmium osm() {
      return osm;
    }

    /**
     * The rows the import writes: each one-segment way is one, and the long southern and northern ways are
     * cut at every inner node another walkable way meets (not where only the unwalkable road under
     * construction does).
     */
    int pieces() {
      int[] degree = new int[nodes.size()];
      for (int[] e : walkableEdges) {
        degree[e[0]]++;
        degree[e[1]]++;
      }
      int pieces = walkableWays;
      for (int row : new int[] {0, ROWS}) {
        for (int col = 1; col < COLS; col++) {
          pieces += degree[id(col, row)] > 2 ? 1 : 0;
        }
      }
      return pieces;
    }

    record Join(int edge, double[] foot, double leg, double toU, double toV) {}

    /** The nearest point of the nearest walkable road (every road runs along a parallel or a meridian). */
    Join join(double[] p) {
      Join best = null;
      for (int e = 0; e < walkableEdges.size(); e++) {
        double[] a = nodes.get(walkableEdges.get(e)[0]);
        double[] b = nodes.get(walkableEdges.get(e)[1]);
        double[] foot = a[1] == b[1]
            ? new double[] {clamp(p[0], a[0], b[0]), a[1]}
            : new double[] {a[0], clamp(p[1], a[1], b[1])};
        double leg = ground(p, foot);
        if (best == null || leg < best.leg) {
          best = new Join(e, foot, leg, ground(a, foot), ground(foot, b));
        }
      }
      return best.leg > MAX_LEG_M ? null : best;
    }

    private static double clamp(double v, double a, double b) {
      return Math.max(Math.min(a, b), Math.min(Math.max(a, b), v));
    }

    /** Shortest walk from {@code from} to any of {@code to}: leg + roads + leg; NaN when none can be reached. */
    double walk(double[] from, List<double[]> to) {
      Join s = join(from);
      if (s == null) {
        return Double.NaN;
      }
      double[] dist = dijkstra(s);
      double best = Double.POSITIVE_INFINITY;
      for (double[] f : to) {
        Join t = join(f);
        if (t == null) {
          continue;
        }
        int[] te = walkableEdges.get(t.edge);
        best = Math.min(best, dist[te[0]] + t.toU + t.leg);
        best = Math.min(best, dist[te[1]] + t.toV + t.leg);
        if (s.edge == t.edge) {
          best = Math.min(best, s.leg + ground(s.foot, t.foot) + t.leg);
        }
      }
      return Double.isInfinite(best) ? Double.NaN : best;
    }

    private double[] dijkstra(Join source) {
      Map<Integer, List<int[]>> adjacency = new HashMap<>();
      for (int[] e : walkableEdges) {
        adjacency.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e);
        adjacency.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e);
      }
      double[] dist = new double[nodes.size()];
      Arrays.fill(dist, Double.POSITIVE_INFINITY);
      PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
      int[] e = walkableEdges.get(source.edge);
      queue.add(new double[] {source.leg + source.toU, e[0]});
      queue.add(new double[] {source.leg + source.toV, e[1]});
      while (!queue.isEmpty()) {
        double[] top = queue.poll();
        int node = (int) top[1];
        if (top[0] >= dist[node]) {
          continue;
        }
        dist[node] = top[0];
        for (int[] next : adjacency.getOrDefault(node, List.of())) {
          int other = next[0] == node ? next[1] : next[0];
          double d = top[0] + ground(nodes.get(next[0]), nodes.get(next[1]));
          if (d < dist[other]) {
            queue.add(new double[] {d, other});
          }
        }
      }
      return dist;
    }
  }

  private static double ground(double[] a, double[] b) {
    return GRS80.Inverse(a[1], a[0], b[1], b[0], GeodesicMask.DISTANCE).s12;
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

  private static String exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
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
