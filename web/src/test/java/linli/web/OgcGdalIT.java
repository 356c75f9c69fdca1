package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GDAL's OGC API - Features driver (OAPIF), an independent client, reads the service: it finds
 * both collections, counts the facilities as the database does, keeps Chinese text intact and
 * pages through the items. ogrinfo is required: its absence fails the test.
 */
@ExtendWith(PostgisExtension.class)
class OgcGdalIT {
  private static final Path OGRINFO = Path.of("/usr/bin/ogrinfo");
  private static final long TIMEOUT_SECONDS = 120;
  private static OgcFixture fx;

  /** What one ogrinfo run printed. */
  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  @DisplayName("GDAL OAPIF lists both collections")
  void gdalListsBothCollections() throws Exception {
    Run run = ogrinfo("-ro", dataset());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^1: facilities \\(title: Community service facilities\\) \\(Point\\)$")
        .containsPattern("(?m)^2: communities \\(title: [^)]+\\) \\(Multi Polygon\\)$");
  }

  @Test
  @DisplayName("GDAL OAPIF counts the facilities the database holds")
  void gdalFeatureCountMatchesTheDatabase() throws Exception {
    long live = fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted");
    Run run = ogrinfo("-ro", "-so", dataset(), "facilities");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Feature Count: " + live);
    assertThat(run.out()).contains("Geometry: Point");
    Run communities = ogrinfo("-ro", "-so", dataset(), "communities");
    assertThat(communities.out()).contains("Feature Count: " + fx.sqlLong("SELECT count(*) FROM community"));
  }

  @Test
  @DisplayName("GDAL OAPIF reads Chinese attributes intact")
  void gdalReadsChineseText() throws Exception {
    OgcFixture.Fac fac = fx.byName(OgcFixture.UNDERSCORE_NAME);
    Run one = ogrinfo("-ro", "-q", dataset(), "facilities", "-fid", Long.toString(fac.id()));
    assertThat(one.exit()).as(one.err()).isZero();
    assertThat(one.out()).contains("name (String) = " + fac.name())
        .contains("address (String) = " + fac.data().address())
        .contains("POINT (" + plain(fac.lon()) + " " + plain(fac.lat()) + ")");
    Run all = ogrinfo("-ro", "-al", "-q", dataset(), "communities");
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.out()).contains("name (String) = " + OgcFixture.VILLAGE_NAME).contains("district_name (String) = 市北区")
        .contains("street_name (String) = 乙街道");
  }

  @Test
  @DisplayName("GDAL OAPIF pages through every facility")
  void gdalPagesThroughAllFeatures() throws Exception {
    long live = fx.sqlLong("SELECT count(*) FROM facility WHERE NOT deleted");
    assertThat(live).as("more than one page of 10").isGreaterThan(10);
    Run run = ogrinfo("-ro", "-al", "-q", "-oo", "PAGE_SIZE=10", "--debug", "on", dataset(), "facilities");
    assertThat(run.exit()).as(run.err()).isZero();
    // Every facility once, by its fid, and nothing else.
    Matcher m = Pattern.compile("(?m)^OGRFeature\\(facilities\\):(\\d+)$").matcher(run.out());
    List<Long> fids = new ArrayList<>();
    while (m.find()) {
      fids.add(Long.parseLong(m.group(1)));
    }
    assertThat(fids).hasSize((int) live).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(fids)).isEqualTo(fx.expect(f -> true));
    for (OgcFixture.Fac f : fx.facilities.subList(0, 20)) {
      assertThat(run.out()).contains("name (String) = " + f.name());
    }
    // GDAL fetched page after page of 10, following the next links.
    Set<String> pages = new TreeSet<>();
    Matcher urls = Pattern.compile("/ogc/collections/facilities/items\\?[^\\s)]*").matcher(run.err());
    while (urls.find()) {
      pages.add(urls.group());
    }
    assertThat(pages.stream().filter(u -> u.contains("limit=10")).count())
        .as("pages requested: %s", pages).isGreaterThanOrEqualTo((live + 9) / 10);
  }

  // ---- helpers ----

  private static String dataset() {
    return "OAPIF:" + fx.app.url("/ogc");
  }

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Runs ogrinfo with a time limit; output is read as UTF-8. */
  private static Run ogrinfo(String... args) throws Exception {
    assertThat(Files.isExecutable(OGRINFO)).as("GDAL's ogrinfo at %s (Debian package gdal-bin)", OGRINFO).isTrue();
    List<String> command = new ArrayList<>(List.of(OGRINFO.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // Talk to 127.0.0.1 directly, whatever proxy the machine has; keep GDAL from caching between runs.
    for (String proxy : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")) {
      env.remove(proxy);
    }
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("GDAL_HTTP_TIMEOUT", "60");
    env.put("CPL_VSIL_CURL_NON_CACHED", "/vsicurl/");
    env.put("LC_ALL", "C.UTF-8");
    Process process = builder.start();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("ogrinfo did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    return new Run(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
