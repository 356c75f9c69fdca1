package linli.web;

import static linli.registry.testing.FixtureCity.anchor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.tiles.Tile;
import linli.tiles.TileCoord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgisExtension.class)
class TileApiIT {
  private static RunningApp app;
  private static final TileCoord T = TileCoord.containing(anchor(0).getX(), anchor(0).getY(), 14);

  @BeforeAll
  static void start(Database db) throws Exception {
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void tileJsonDescribesTheLayer() throws Exception {
    JsonNode tj = RunningApp.json(app.get("/tiles/communities.json?category=emergency_shelter"));
    assertThat(tj.get("tilejson").asText()).isEqualTo("3.0.0");
    assertThat(tj.at("/tiles/0").asText()).endsWith("/tiles/communities/{z}/{x}/{y}.mvt?category=emergency_shelter");
    assertThat(tj.at("/vector_layers/0/id").asText()).isEqualTo("communities");
    assertThat(tj.at("/vector_layers/0/fields").has("covered")).isTrue();
  }

  @Test
  void aTileComesWithItsETagAndRevalidates() throws Exception {
    String path = "/tiles/facilities/" + T.z() + "/" + T.x() + "/" + T.y() + ".mvt";
    HttpResponse<String> r = app.get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(TileHandlers.MVT);
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertThat(app.get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  /**
   * Tiles are written straight to the response: gzipped (once, then cached) for a client that asks
   * (the same bytes once inflated), with the cache and security headers, which are set before the body goes.
   */
  @Test
  void aTileIsGzippedWhenAskedAndCarriesItsHeaders() throws Exception {
    // The fixture city's tiles are under the 1,500 bytes tiles start to be gzipped at: 300 more shelters
    // (through the import API) fill one.
    StringBuilder csv = new StringBuilder("编号,名称,类别,经度,纬度\n");
    for (int i = 0; i < 300; i++) {
      csv.append("GZ").append(i).append(",压缩测试避难场所").append(i).append(",应急避难场所,")
          .append(String.format("%.6f,%.6f", anchor(0).getX() + (i % 20) * 0.00002, anchor(0).getY() + (i / 20) * 0.00002))
          .append('\n');
    }
    HttpResponse<String> imported = app.post("/api/imports?source=gzip", csv.toString(),
        RunningApp.admin("Content-Type", "text/csv"));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    TileCoord at = TileCoord.containing(anchor(0).getX(), anchor(0).getY(), 16);
    String path = "/tiles/facilities/" + at.z() + "/" + at.x() + "/" + at.y() + ".mvt";
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(URI.create(app.url(path))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(app.url(path)))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body().length).as("big enough to be worth gzip").isGreaterThan(1500);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.statusCode()).isEqualTo(200);
    assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(zipped.body().length).isLessThan(plain.body().length);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    // Each encoding has its own strong validator (RFC 9110 8.8.3), and each revalidates.
    String plainTag = plain.headers().firstValue("ETag").orElseThrow();
    String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
    assertThat(zippedTag).isNotEqualTo(plainTag);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(app.url(path))).header("Accept-Encoding", "gzip")
        .header("If-None-Match", zippedTag).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(304);
    assertThat(app.get(path, "If-None-Match", plainTag).statusCode()).isEqualTo(304);
    // A client that refuses gzip by weight gets the plain tile.
    HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(app.url(path)))
        .header("Accept-Encoding", "br, gzip;q=0").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(refused.body()).isEqualTo(plain.body());
    // Cached, the tile is written from one off-heap body (Tile.offHeap): many requests at once each get
    // all of it.
    assertThat(plain.body().length).isGreaterThan(Tile.OFF_HEAP_MIN_BYTES);
    List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> together = new java.util.ArrayList<>();
    for (int i = 0; i < 32; i++) {
      together.add(http.sendAsync(HttpRequest.newBuilder(URI.create(app.url(path))).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (var each : together) {
      assertThat(each.get().body()).isEqualTo(plain.body());
    }
    for (HttpResponse<byte[]> r : List.of(plain, zipped)) {
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(TileHandlers.MVT);
      assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=0, must-revalidate");
      assertThat(r.headers().firstValue("Vary")).contains("Accept-Encoding");
      assertThat(r.headers().firstValue("Content-Length")).contains(String.valueOf(r.body().length));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
      assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }
  }

  @Test
  void aCommunitiesTileWithoutDistanceUsesTheCategorysDefault() throws Exception {
    TileCoord at = TileCoord.containing(120.3168, 36.1045, 14);
    String path = "/tiles/communities/" + at.z() + "/" + at.x() + "/" + at.y() + ".mvt?category=emergency_shelter";
    HttpResponse<String> byDefault = app.get(path);
    assertThat(byDefault.statusCode()).isEqualTo(200);
    // emergency_shelter's default_distance_m is 500 (V2__categories.sql); the ETag hashes the tile's bytes.
    assertThat(app.get(path + "&distance=500").headers().firstValue("ETag"))
        .isEqualTo(byDefault.headers().firstValue("ETag"));
  }

  /** The coverage question a communities tile carries is checked as /api/coverage checks it. */
  @Test
  void aBadQuestionIsTheSameProblemAsAtTheCoverageApi() throws Exception {
    String tile = "/tiles/communities/" + T.z() + "/" + T.x() + "/" + T.y() + ".mvt";
    List<String> wrong = new ArrayList<>();
    for (BadQuestions.Case c : BadQuestions.CASES) {
      HttpResponse<String> r = app.get(tile + "?" + c.query());
      wrong.add(BadQuestions.mismatch(c, tile + "?" + c.query(), r.statusCode(), r.body(), c.field()));
    }
    assertThat(wrong).containsOnlyNulls();
  }

  @Test
  void emptyAndBadTiles() throws Exception {
    TileCoord paris = TileCoord.containing(2.35, 48.85, 14);
    assertThat(app.get("/tiles/facilities/14/" + paris.x() + "/" + paris.y() + ".mvt").statusCode()).isEqualTo(204);
    assertThat(app.get("/tiles/facilities/3/99/0.mvt").statusCode()).isEqualTo(400);
    assertThat(app.get("/tiles/streets/3/1/0.mvt").statusCode()).isEqualTo(404);
    assertThat(app.get("/tiles/facilities/3/1/0.mvt?category=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void aWriteThroughTheApiIsInTheVeryNextTile() throws Exception {
    // The tile holding (120.3168, 36.1045), where FacilityApiIT.shelter puts its facility.
    TileCoord at = TileCoord.containing(120.3168, 36.1045, 14);
    String path = "/tiles/facilities/" + at.z() + "/" + at.x() + "/" + at.y() + ".mvt";
    HttpResponse<String> before = app.get(path);
    String etag = before.headers().firstValue("ETag").orElseThrow();
    assertThat(app.get(path, "If-None-Match", etag).statusCode()).as("cached").isEqualTo(304);
    // A what-if is a POST but writes nothing: the tile stays as it was.
    assertThat(app.post("/api/coverage/what-if", "{\"category\": \"emergency_shelter\", \"distance_m\": 500,"
        + " \"add\": [[120.3168, 36.1045]]}", "Content-Type", "application/json").statusCode()).isEqualTo(200);
    assertThat(app.get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
    HttpResponse<String> created = app.post("/api/facilities", FacilityApiIT.shelter("瓦片里的新避难场所", ""),
        RunningApp.admin("Content-Type", "application/geo+json"));
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> after = app.get(path, "If-None-Match", etag);
    assertThat(after.statusCode()).as("the next tile, with no wait").isEqualTo(200);
    assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
  }
}
