package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 100,000 facilities exported in every format by a JVM with a 64 MiB heap, into a counting stream:
 * it can only finish if rows stream from the database cursor to the writer. A control run that
 * reads the same query without a cursor (all rows in memory) dies in the same heap, which shows the
 * heap is small enough to tell the two apart.
 */
@ExtendWith(PostgisExtension.class)
class ExportLargeIT {
  private static final int N = 100_000;
  private static final int HEAP_MB = 64;
  private static String url;
  private static long total;

  @TempDir
  static Path dir;

  @BeforeAll
  static void load(Database db) throws SQLException {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO facility (category, name, address, status, capacity, area_m2, community_code, opened_on,
                                source, source_id, extra, geom, updated_by)
          SELECT 'fitness_venue', '全民健身场地' || g, '青岛市市南区香港中路' || g || '号', 'open', g % 500, (g % 1000) * 1.5,
                 '370202001001', DATE '2020-01-01' + (g % 1000), 'bulk', 'B-' || g,
                 jsonb_build_object('管理单位', '市南区体育局', 'n', g),
                 ST_SetSRID(ST_MakePoint(120.30 + (g % 1000) * 0.00003, 36.10 + (g / 1000) * 0.00009), 4490), 'bulk'
          FROM generate_series(1, :n) g""".replace(":n", Integer.toString(N)));
      try (var rs = s.executeQuery("SELECT count(*) FROM facility WHERE NOT deleted")) {
        rs.next();
        total = rs.getLong(1);
      }
    }
    url = ((HikariDataSource) db.dataSource()).getJdbcUrl();
    assertThat(total).isGreaterThan(N);
  }

  @ParameterizedTest
  @EnumSource(ExportFormat.class)
  void streamsInABoundedHeap(ExportFormat format) throws Exception {
    String out = child(format.extension());
    Matcher m = Pattern.compile("features=(\\d+) bytes=(\\d+)").matcher(out);
    assertThat(m.find()).as("child output:\n%s", out).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(total);
    assertThat(Long.parseLong(m.group(2))).as("bytes written (zip and xlsx compress well)").isGreaterThan(N * 10L);
    System.out.println(format + ": " + out.strip());
  }

  @Test
  void gdalCountsTheLargeGeoJsonAndShapefile() throws Exception {
    Path geojson = dir.resolve("large.geojson");
    child("geojson", geojson.toString());
    assertThat(Gdal.summary(geojson.toString()).featureCount()).isEqualTo(total);
    Path shp = dir.resolve("large.shp.zip");
    child("shp.zip", shp.toString());
    assertThat(Gdal.summary("/vsizip/" + shp + "/facilities.shp").featureCount()).isEqualTo(total);
  }

  @Test
  void readingEveryRowAtOnceDoesNotFitTheSameHeap() throws Exception {
    Result r = run(List.of("control"));
    assertThat(r.exit()).as("the control run should die of OutOfMemoryError:\n%s", r.output()).isNotZero();
    assertThat(r.output()).contains("OutOfMemoryError");
  }

  private String child(String... args) throws Exception {
    Result r = run(List.of(args));
    if (r.exit() != 0) {
      fail("child export " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.output());
    }
    return r.output();
  }

  private record Result(int exit, String output) {}

  private Result run(List<String> args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
        "-Djava.io.tmpdir=" + dir, "-cp", classPath(), ExportMain.class.getName(), url, "facilities"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("child export did not finish in 300 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String snapshot;

  /**
   * This JVM's class path with its directories (target/classes, target/test-classes) copied, so a
   * build running beside the test cannot recompile them away under the child JVM.
   */
  private static synchronized String classPath() throws IOException {
    if (snapshot != null) {
      return snapshot;
    }
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String entry : cp.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        out.add(entry);
        continue;
      }
      Path copy = dir.resolve("classpath").resolve("dir" + n++);
      try (var walk = Files.walk(p)) {
        for (Path f : walk.toList()) {
          Path target = copy.resolve(p.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else if (Files.exists(f)) {
            Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException ignored) {
        // a file a concurrent build removed meanwhile; the loaded classes are what matter
      }
      out.add(copy.toString());
    }
    snapshot = String.join(File.pathSeparator, out);
    return snapshot;
  }
}
