package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.tiles.TileCoord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /metrics from the real server, read with the strict {@link PrometheusText} parser. */
@ExtendWith(PostgisExtension.class)
class MetricsIT {
  private static final String REQUESTS = "linli_http_requests_total";
  private static final String LATENCY = "linli_http_request_duration_seconds";
  private static RunningApp app;
  private static Database db;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> r = app.get("/metrics", admin());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(r.body());
  }

  private static Map<String, String> labels(String method, String route, String status) {
    return Map.of("method", method, "route", route, "status", status);
  }

  @Test
  void everyFamilyIsTypedAndRequestsAreCountedByRouteTemplate() throws Exception {
    PrometheusText before = scrape();
    assertThat(before.types).containsEntry(REQUESTS, "counter").containsEntry(LATENCY, "histogram")
        .containsEntry("linli_db_pool_active", "gauge").containsEntry("linli_db_pool_idle", "gauge")
        .containsEntry("linli_db_pool_pending", "gauge").containsEntry("linli_db_pool_max", "gauge")
        .containsEntry("linli_imports_started_total", "counter").containsEntry("linli_import_rows_total", "counter")
        .containsEntry("linli_tile_cache_hits_total", "counter").containsEntry("linli_tile_cache_tiles", "gauge");
    assertThat(before.help).containsKeys(REQUESTS, LATENCY);

    String route = "/api/facilities/{id}";
    for (int id : new int[] {1, 2, 3, 1}) {
      assertThat(app.get("/api/facilities/" + id).statusCode()).isEqualTo(200);
    }
    int missing = 0;
    for (int i = 0; i < 25; i++) {
      if (app.get("/nowhere/" + UUID.randomUUID()).statusCode() == 404) {
        missing++;
      }
    }
    assertThat(app.get("/app.js").statusCode()).isEqualTo(200);
    assertThat(app.get("/index.html").statusCode()).isEqualTo(200);
    PrometheusText after = scrape();
    Map<String, String> files = labels("GET", "static", "200");
    assertThat(after.valueOrZero(REQUESTS, files) - before.valueOrZero(REQUESTS, files)).isEqualTo(2);
    Map<String, String> ok = labels("GET", route, "200");
    assertThat(after.valueOrZero(REQUESTS, ok) - before.valueOrZero(REQUESTS, ok)).isEqualTo(4);
    Map<String, String> unmatched = labels("GET", "unmatched", "404");
    assertThat(after.valueOrZero(REQUESTS, unmatched) - before.valueOrZero(REQUESTS, unmatched)).isEqualTo(missing);
    Map<String, String> series = Map.of("method", "GET", "route", route);
    assertThat(after.valueOrZero(LATENCY + "_count", series) - before.valueOrZero(LATENCY + "_count", series))
        .isEqualTo(4);
    assertThat(after.value(LATENCY + "_sum", series)).isPositive();

    // Route labels are templates or fixed words, never a raw path: no id, no random segment.
    Set<String> routes = after.samples.stream().filter(s -> s.name().equals(REQUESTS))
        .map(s -> s.labels().get("route")).collect(Collectors.toSet());
    assertThat(routes).allMatch(r -> Set.of("static", "unmatched", "preflight").contains(r)
        || r.matches("(/([a-z-]+|\\{[a-zA-Z]+\\}))+"));
    assertThat(routes).noneMatch(r -> r.matches(".*[0-9].*"));
  }

  /** The Prometheus client's JVM and process families, and one request counted once, read back from the text. */
  @Test
  void jvmAndProcessFamiliesAreThereAndARequestIsCountedOnce() throws Exception {
    PrometheusText before = scrape();
    assertThat(before.types).containsEntry("jvm_memory_used_bytes", "gauge")
        .containsEntry("jvm_memory_pool_used_bytes", "gauge").containsEntry("jvm_gc_collection_seconds", "summary")
        .containsEntry("jvm_threads_current", "gauge").containsEntry("jvm_threads_state", "gauge")
        .containsEntry("jvm_classes_currently_loaded", "gauge").containsEntry("jvm_runtime_info", "gauge")
        .containsEntry("process_cpu_seconds_total", "counter").containsEntry("process_start_time_seconds", "gauge")
        .containsEntry("process_resident_memory_bytes", "gauge").containsEntry("process_open_fds", "gauge");
    assertThat(before.value("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
    assertThat(before.value("jvm_threads_current", Map.of())).isGreaterThanOrEqualTo(2);
    assertThat(before.value("process_cpu_seconds_total", Map.of())).isPositive();
    assertThat(before.value("process_resident_memory_bytes", Map.of())).isPositive();
    assertThat(before.samples).anyMatch(s -> s.name().equals("jvm_gc_collection_seconds_count"));

    Map<String, String> categories = labels("GET", "/api/categories", "200");
    assertThat(app.get("/api/categories").statusCode()).isEqualTo(200);
    PrometheusText after = scrape();
    assertThat(after.valueOrZero(REQUESTS, categories) - before.valueOrZero(REQUESTS, categories)).isEqualTo(1);
    // The scrape before this one was counted too, once it was answered.
    Map<String, String> scrapes = labels("GET", "/metrics", "200");
    assertThat(after.value(REQUESTS, scrapes) - before.value(REQUESTS, scrapes)).isEqualTo(1);
    assertThat(after.value("process_cpu_seconds_total", Map.of()))
        .isGreaterThanOrEqualTo(before.value("process_cpu_seconds_total", Map.of()));
  }

  @Test
  void poolTilesAndImportsAreReported() throws Exception {
    PrometheusText before = scrape();
    assertThat(before.value("linli_db_pool_max", Map.of())).isEqualTo(8);
    double active = before.value("linli_db_pool_active", Map.of());
    double idle = before.value("linli_db_pool_idle", Map.of());
    assertThat(active).isBetween(0.0, 8.0);
    assertThat(active + idle).isBetween(1.0, 8.0);

    // The same tile twice: rendered once, then served from the cache.
    TileCoord t = TileCoord.containing(FixtureCity.anchor(0).getX(), FixtureCity.anchor(0).getY(), 15);
    String tile = "/tiles/facilities/" + t.z() + "/" + t.x() + "/" + t.y() + ".mvt";
    assertThat(app.get(tile).statusCode()).isEqualTo(200);
    assertThat(app.get(tile).statusCode()).isEqualTo(200);
    // Held until a change touches it (the import below may drop it, as it should).
    PrometheusText cached = scrape();
    assertThat(cached.value("linli_tile_cache_tiles", Map.of())).isGreaterThanOrEqualTo(1);
    assertThat(cached.value("linli_tile_cache_bytes", Map.of())).isPositive();
    // The fixture's tiles are under the 8 KB a tile is moved off the heap at (TileTest covers that).
    assertThat(cached.value("linli_tile_cache_off_heap_bytes", Map.of())).isGreaterThanOrEqualTo(0.0);

    // The same coverage question twice: computed once, then answered from the cache.
    assertThat(app.get("/api/coverage?category=police_office&distance=437").statusCode()).isEqualTo(200);
    assertThat(app.get("/api/coverage?category=police_office&distance=437").statusCode()).isEqualTo(200);

    String csv = "编号,名称,类别,经度,纬度\nM1,指标甲,应急避难场所,120.3105,36.1041\nM2,指标乙,应急避难场所,120.3208,36.1043\n"
        + "M3,指标丙,应急避难场所,120.3150,36.1042\n";
    HttpResponse<String> imported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(app.url("/api/imports?source=metrics"))).headers(admin("Content-Type", "text/csv"))
        .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    long rows = csv.lines().count() - 1;

    PrometheusText after = scrape();
    assertThat(after.value("linli_tile_cache_misses_total", Map.of())
        - before.value("linli_tile_cache_misses_total", Map.of())).isEqualTo(1);
    assertThat(after.value("linli_tile_cache_hits_total", Map.of())
        - before.value("linli_tile_cache_hits_total", Map.of())).isEqualTo(1);
    assertThat(after.value("linli_coverage_cache_misses_total", Map.of())
        - before.value("linli_coverage_cache_misses_total", Map.of())).isEqualTo(1);
    assertThat(after.value("linli_coverage_cache_hits_total", Map.of())
        - before.value("linli_coverage_cache_hits_total", Map.of())).isEqualTo(1);
    assertThat(after.value("linli_imports_started_total", Map.of())
        - before.value("linli_imports_started_total", Map.of())).isEqualTo(1);
    assertThat(after.value("linli_imports_done_total", Map.of())
        - before.value("linli_imports_done_total", Map.of())).isEqualTo(1);
    assertThat(after.value("linli_imports_failed_total", Map.of())
        - before.value("linli_imports_failed_total", Map.of())).isEqualTo(0);
    assertThat(after.value("linli_import_rows_total", Map.of())
        - before.value("linli_import_rows_total", Map.of())).isEqualTo(rows);
  }

  @Test
  void metricsNeedATokenOfAnyRoleUnlessPublic() throws Exception {
    assertThat(app.get("/metrics").statusCode()).isEqualTo(401);
    String viewer = RunningApp.json(app.post("/api/tokens", "{\"name\": \"scraper\", \"role\": \"viewer\"}", admin()))
        .get("token").asText();
    assertThat(app.get("/metrics", "Authorization", "Bearer " + viewer).statusCode()).isEqualTo(200);
    try (RunningApp open = new RunningApp(db, Map.of("LINLI_METRICS_PUBLIC", "true"))) {
      HttpResponse<String> r = open.get("/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      PrometheusText.parse(r.body());
    }
  }
}
