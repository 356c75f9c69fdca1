package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import linli.registry.crs.Bd09;
import linli.registry.testing.Osmium;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The made-up town near Guangzhou of {@link OwnCityIT} (through the command line) and {@link OwnCityBrowserIT}
 * (through the import page): its files (a zone-38 Shapefile with a GBK DBF, communities GeoJSON, an .osm.pbf, a
 * BD-09 XLSX), and the brute-force oracles its coverage is judged by (GeographicLib distances, a plain Dijkstra
 * over the walkable roads).
 */
final class OwnCityFiles {
  private static final Geodesic GRS80 = new Geodesic(6378137, 1 / 298.257222101);
  private static final GeometryFactory GF = new GeometryFactory();

  // The town: 6 x 4 cells of 0.005° x 0.0045° (about 512 m x 498 m), south-west corner at LON0, LAT0.
  private static final double LON0 = 113.30;
  private static final double LAT0 = 23.10;
  private static final double DX = 0.005;
  private static final double DY = 0.0045;
  private static final int COLS = 6;
  private static final int ROWS = 4;
  static final String[][] DISTRICTS = {{"440191", "西岭区"}, {"440192", "东湖区"}};
  // Streets: district (0 west: columns 0-2, 1 east: columns 3-5), rows 0-1 or 2-3.
  static final String[][] STREETS = {
      {"440191001", "南坊街道"}, {"440191002", "北坊街道"},
      {"440192001", "湖滨街道"}, {"440192002", "沙湾镇"}};
  static final double STRAIGHT_M = 500;
  static final double NETWORK_M = 800;
  private static final double MAX_LEG_M = 1000;
  // nearest_m is given to 0.1 m: half of that, plus what the two computations may differ by.
  static final double STRAIGHT_TOLERANCE_M = 0.06;
  static final double NETWORK_TOLERANCE_M = 0.15;

  private OwnCityFiles() {}

  record Community(String code, String name, int street, int col, int row, long population, double[] office) {}

  record Facility(String id, String name, String status, double[] at) {}

  /** The town's communities, facilities and roads, the same for every test that makes them. */
  record Town(List<Community> communities, List<Facility> facilities, Roads roads) {
    static Town make() {
      Random random = new Random(2026);
      List<Community> communities = OwnCityFiles.communities(random);
      List<Facility> facilities = OwnCityFiles.facilities(random);
      return new Town(communities, facilities, new Roads());
    }

    List<double[]> openFacilities() {
      return facilities.stream().filter(f -> f.status().equals("开放")).map(Facility::at).toList();
    }

    /** The straight-line oracle: each community's office to the nearest open facility. */
    Map<String, Double> straight() {
      Map<String, Double> out = new HashMap<>();
      for (Community c : communities) {
        out.put(c.code(), openFacilities().stream().mapToDouble(f -> ground(c.office(), f)).min().orElseThrow());
      }
      return out;
    }

    /** The walking oracle: each community's office to the nearest open facility along the walkable roads. */
    Map<String, Double> network() {
      Map<String, Double> out = new HashMap<>();
      for (Community c : communities) {
        out.put(c.code(), roads.walk(c.office(), openFacilities()));
      }
      return out;
    }

    /** How many communities the oracle finds within {@code distance}. */
    long covered(Map<String, Double> oracle, double distance) {
      return communities.stream().filter(c -> oracle.get(c.code()) <= distance).count();
    }
  }

  /** Linli's nearest_m and covered per community against the oracle's distances. */
  static void compare(String what, JsonNode features, Map<String, Double> oracle, double distance,
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
    System.out.printf(Locale.ROOT, "OwnCity %s at %.0f m: %d of %d covered, %d unreachable, largest difference"
        + " from the oracle %.4f m%n", what, distance, covered, features.size(), unreachable, worst);
    // The town is made so that both answers occur.
    assertThat(covered).as(what + ": covered communities").isBetween(1, features.size() - 1);
  }

  // ---------------------------------------------------------------- the town

  static double[] corner(int col, int row) {
    return new double[] {LON0 + col * DX, LAT0 + row * DY};
  }

  static int streetOf(int col, int row) {
    return (col < 3 ? 0 : 2) + (row < 2 ? 0 : 1);
  }

  static List<Community> communities(Random random) {
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

  static List<Facility> facilities(Random random) {
    List<Facility> out = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      double[] at = {LON0 + COLS * DX * (0.05 + 0.9 * random.nextDouble()),
          LAT0 + ROWS * DY * (0.05 + 0.9 * random.nextDouble())};
      // The last one is closed: it counts for nothing.
      out.add(new Facility("S" + i, "避难场所" + i + "号", i == 7 ? "关闭" : "开放", at));
    }
    return out;
  }

  static String ring(double west, double south, double east, double north, int steps) {
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

  static String coordinate(double lon, double lat) {
    return String.format(Locale.ROOT, "%.10f %.10f", lon, lat);
  }

  static String districtWkt(int d) {
    double[] sw = corner(d * 3, 0);
    double[] ne = corner(d * 3 + 3, ROWS);
    return "POLYGON((" + ring(sw[0], sw[1], ne[0], ne[1], 3) + "))";
  }

  static String jsonRing(String wktRing) {
    return "[" + String.join(",", Arrays.stream(wktRing.split(", ")).map(p -> "[" + p.replace(' ', ',') + "]")
        .toList()) + "]";
  }

  /** GeoJSON (WGS84) → ogr2ogr → Shapefile in EPSG:4526 with a GBK DBF, zipped. */
  static Path districtsShapefile(Path dir) throws Exception {
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

  static String communitiesGeoJson(List<Community> communities) {
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
  static void facilitiesXlsx(Path file, List<Facility> facilities, String badLon) throws IOException {
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
  static final class Roads {
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

  static double ground(double[] a, double[] b) {
    return GRS80.Inverse(a[1], a[0], b[1], b[0], GeodesicMask.DISTANCE).s12;
  }

  static String exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
