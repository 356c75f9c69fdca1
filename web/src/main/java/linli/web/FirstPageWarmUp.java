package linli.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks this server what a planner's first opening of the map asks (the page, its scripts, its first
 * questions), once the coverage is warmed up: in a fresh JVM the first answer of each kind paid for
 * loading and compiling the web stack (routing, JSON writing, compression), 0.1–0.2 s each and all
 * at once on the first page, and the first coverage answer for writing its JSON. Every answer is
 * read and dropped; a failure (a server that asks readers for a token, say) is only logged.
 */
final class FirstPageWarmUp {
  /** The unserved communities the map's district overview lists first (app.js GAP_PAGE). */
  static final int OVERVIEW_UNCOVERED = 30;
  private static final int ROUNDS = 3;

  private FirstPageWarmUp() {}

  /** The paths the map's first opening asks, its first question being the first category's default one. */
  static List<String> paths(String firstCategory) {
    String coverage = "/api/coverage?category=" + URLEncoder.encode(firstCategory, StandardCharsets.UTF_8);
    return List.of("/", "/app.js", "/js/i18n.js", "/webjars/leaflet/1.9.4/dist/leaflet.js",
        "/api/categories", "/api/districts", "/api/registry", "/api/map-config", "/api/export",
        "/api/districts/outlines", coverage + "&" + CoverageHandlers.UNCOVERED_LIMIT + "=" + OVERVIEW_UNCOVERED,
        coverage);
  }

  /** Asks each path a few times; returns the statuses other than 200, as "path status". */
  static List<String> ask(int port, List<String> paths) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> failed = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (String path : paths) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept-Encoding", "gzip, deflate, br") // as a browser asks: the compression is warmed too
            .header(RequestObserver.HEADER, "warm-up")
            .timeout(Duration.ofSeconds(60))
            .build();
        try {
          int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status != 200 && round == 0) {
            failed.add(path + " " + status);
          }
        } catch (IOException e) {
          if (round == 0) {
            failed.add(path + " " + e.getMessage());
          }
        }
      }
    }
    return failed;
  }
}
