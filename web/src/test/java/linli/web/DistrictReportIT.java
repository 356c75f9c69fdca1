package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Point;

/**
 * The district report (GET /api/reports/districts/{code}.pdf) over the fixture city, read back with
 * PDFBox and rendered by poppler's {@code pdftoppm}. Its numbers are checked against sums made here
 * from the API's per-community answers (coverage, life circles), not against the report's own code.
 * District 370203 (市北区) holds communities 3, 4 and 5; after instant {@code before} a shelter opens
 * 300 m north of community 4 and a police office 200 m east of community 3.
 */
@ExtendWith(PostgisExtension.class)
class DistrictReportIT {
  private static final String DISTRICT = "370203";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RunningApp app;
  private static String before;

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
    Thread.sleep(5);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        before = rs.getObject(1, OffsetDateTime.class).toInstant().toString();
      }
      Thread.sleep(5);
      insert(s, "emergency_shelter", "新避难场所", FixtureCity.offset(anchor(4), 0, 300), "e");
      insert(s, "police_office", "新警务室", FixtureCity.offset(anchor(3), 90, 200), "p");
    }
  }

  private static void insert(Statement s, String category, String name, Point p, String id) throws Exception {
    s.executeUpdate("INSERT INTO facility (category, name, status, source, source_id, geom, updated_by) VALUES ('"
        + category + "', '" + name + "', 'open', 'report-it', '" + id + "', ST_SetSRID(ST_MakePoint(" + p.getX()
        + ", " + p.getY() + "), 4490), 'tester')");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theReportSaysWhatTheApiAnswersAndRenders() throws Exception {
    String question = "category=emergency_shelter&since=" + URLEncoder.encode(before, StandardCharsets.UTF_8);
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.url("/api/reports/districts/"
        + DISTRICT + ".pdf?" + question))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/pdf");
    Path pdf = Path.of("target", "report", "district-" + DISTRICT + ".pdf");
    Files.createDirectories(pdf.getParent());
    Files.write(pdf, r.body());

    String text;
    try (PDDocument document = Loader.loadPDF(r.body())) {
      // Title, map and the coverage table on the first page; the rest (a district of three
      // communities) on the second.
      assertThat(document.getNumberOfPages()).isEqualTo(2);
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      text = stripper.getText(document);
    }
    List<String> lines = text.lines().toList();
    assertThat(text).contains("市北区", DISTRICT, "District report", "第 1 / 2 页");

    // Every category, by name, with the numbers summed here from its /api/coverage/communities.
    for (JsonNode category : RunningApp.json(app.get("/api/categories"))) {
      String code = category.get("code").asText();
      Sums sums = coverageSums(code);
      String row = lineStarting(lines, category.get("name_zh").asText());
      assertThat(row).as(code).contains(sums.covered + " / " + sums.communities,
          count(sums.populationCovered) + " / " + count(sums.population), share(sums.populationCovered, sums.population));
      assertThat(row).as(code).endsWith(" " + (sums.communities - sums.covered));
    }
    Sums shelters = coverageSums("emergency_shelter");
    assertThat(shelters.covered).isEqualTo(1); // community 4, by the new shelter
    assertThat(text).contains("Residents covered: " + count(shelters.populationCovered) + " / "
        + count(shelters.population) + " (" + share(shelters.populationCovered, shelters.population) + ")");

    // Life circles: per level, the residents whose circle is complete, summed from the level's communities.
    for (int level : new int[] {5, 10, 15}) {
      long complete = 0;
      long people = 0;
      int communities = 0;
      int completeCommunities = 0;
      for (JsonNode f : RunningApp.json(app.get("/api/life-circles/" + level + "/communities?district=" + DISTRICT))
          .get("features")) {
        long population = f.at("/properties/population").asLong();
        people += population;
        communities++;
        if (f.at("/properties/complete").asBoolean()) {
          complete += population;
          completeCommunities++;
        }
      }
      assertThat(lineStarting(lines, level + " 分钟 minutes")).contains(completeCommunities + " / " + communities,
          count(complete) + " / " + count(people), share(complete, people));
    }

    // The change since `before`: the shelter gained community 4 and its 5,000 residents.
    JsonNode changes = RunningApp.json(app.get("/api/coverage/changes?category=emergency_shelter&district="
        + DISTRICT + "&from=" + URLEncoder.encode(before, StandardCharsets.UTF_8)));
    assertThat(changes.get("population_gained").asLong()).isEqualTo(5_000);
    assertThat(text).contains("Communities gained: 1 (+5,000", "added 1", "社区4 (" + communityCode(4) + ")");

    // The unserved communities in the order of their residents, largest first.
    List<JsonNode> unserved = new ArrayList<>();
    RunningApp.json(app.get("/api/coverage/communities?category=emergency_shelter&district=" + DISTRICT))
        .get("features").forEach(f -> {
          if (!f.at("/properties/covered").asBoolean()) {
            unserved.add(f.get("properties"));
          }
        });
    unserved.sort(Comparator.comparingLong((JsonNode p) -> p.get("population").asLong()).reversed());
    assertThat(unserved).hasSize(2);
    int last = -1;
    for (int i = 0; i < unserved.size(); i++) {
      JsonNode p = unserved.get(i);
      String row = lineStarting(lines, (i + 1) + " " + p.get("code").asText());
      assertThat(row).contains(p.get("name").asText(), count(p.get("population").asLong()));
      int at = lines.indexOf(row);
      assertThat(at).isGreaterThan(last);
      last = at;
    }

    // Rendered by poppler: every page shows something; the map shows both coverage colours.
    List<BufferedImage> pages = render(pdf, 60);
    assertThat(pages).hasSize(2);
    for (BufferedImage page : pages) {
      assertThat(share(page, rgb -> rgb != 0xffffff)).isGreaterThan(0.005);
    }
    assertThat(share(pages.get(0), rgb -> near(rgb, 0x2c7bb6))).as("covered blue").isGreaterThan(0.01);
    assertThat(share(pages.get(0), rgb -> near(rgb, 0xf07f1b))).as("uncovered orange").isGreaterThan(0.01);
    render(pdf, 110); // target/report/page-1.png at print-preview size, for docs/screenshots by hand
  }

  @Test
  void aBadDistrictIsA404AndABadQuestionA400NamingItsField() throws Exception {
    HttpResponse<String> none = app.get("/api/reports/districts/999999.pdf?category=emergency_shelter");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.headers().firstValue("content-type").orElse("")).contains("application/problem+json");
    assertThat(RunningApp.json(none).get("detail").asText()).contains("999999");
    assertThat(app.get("/api/reports/districts/" + DISTRICT + ".txt?category=emergency_shelter").statusCode())
        .isEqualTo(404);
    assertField(app.get("/api/reports/districts/" + DISTRICT + ".pdf?category=emergency_shelter&since=2026-13-45"),
        "since", "not an ISO-8601");
    assertField(app.get("/api/reports/districts/" + DISTRICT + ".pdf?category=emergency_shelter&since=1999-01-01"),
        "since", "before the registry's history begins");
    assertField(app.get("/api/reports/districts/" + DISTRICT + ".pdf?category=emergency_shelter&since=2999-01-01"),
        "since", "future");
    assertField(app.get("/api/reports/districts/" + DISTRICT + ".pdf"), "category", "required");
    assertField(app.get("/api/reports/districts/" + DISTRICT + ".pdf?category=emergency_shelter&distance=-5"),
        "distance", "between");
  }

  private record Sums(int communities, int covered, long population, long populationCovered) {}

  private static Sums coverageSums(String category) throws Exception {
    int communities = 0;
    int covered = 0;
    long population = 0;
    long populationCovered = 0;
    for (JsonNode f : RunningApp.json(app.get("/api/coverage/communities?category=" + category + "&district="
        + DISTRICT)).get("features")) {
      long people = f.at("/properties/population").asLong();
      communities++;
      population += people;
      if (f.at("/properties/covered").asBoolean()) {
        covered++;
        populationCovered += people;
      }
    }
    assertThat(communities).isEqualTo(3);
    return new Sums(communities, covered, population, populationCovered);
  }

  private static String lineStarting(List<String> lines, String start) {
    return lines.stream().filter(l -> l.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starts with '" + start + "' in:\n" + String.join("\n", lines)));
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String share(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
  }

  private static List<BufferedImage> render(Path pdf, int dpi) throws Exception {
    Path prefix = pdf.resolveSibling("page");
    Process p = new ProcessBuilder("pdftoppm", "-png", "-r", Integer.toString(dpi), pdf.toString(), prefix.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("pdftoppm (Debian's poppler-utils): " + out).isZero();
    List<BufferedImage> pages = new ArrayList<>();
    for (int i = 1; ; i++) {
      File png = prefix.resolveSibling("page-" + i + ".png").toFile();
      if (!png.exists()) {
        return pages;
      }
      pages.add(ImageIO.read(png));
    }
  }

  private static double share(BufferedImage image, java.util.function.IntPredicate rgb) {
    long hits = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (rgb.test(image.getRGB(x, y) & 0xffffff)) {
          hits++;
        }
      }
    }
    return (double) hits / ((long) image.getWidth() * image.getHeight());
  }

  private static boolean near(int rgb, int target) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > 12) {
        return false;
      }
    }
    return true;
  }

  private static void assertField(HttpResponse<String> r, String field, String words) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type").orElse("")).contains("application/problem+json");
    assertThat(RunningApp.json(r).at("/errors/0/field").asText()).as(r.body()).isEqualTo(field);
    assertThat(RunningApp.json(r).at("/errors/0/message").asText()).contains(words);
  }
}
