package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A suggestion whose client leaves stops computing (ClientGone): counted 499 soon after the client
 * closed its connection, not 200 once the whole answer was computed; the next question is answered.
 */
@ExtendWith(PostgisExtension.class)
class AbandonedRequestIT {
  private static final String REQUESTS = "linli_http_requests_total";
  private static final String LATENCY_SUM = "linli_http_request_duration_seconds_sum";
  /** Shelters, counting only the closed one: five of the six communities to be served. */
  private static final String SUGGEST =
      "/api/coverage/suggest?category=emergency_shelter&status=closed&k=50&mode=network&distance=";
  private static RunningApp app;

  @BeforeAll
  static void start(Database db) throws Exception {
    // The fixture on a dense walking grid (about 40 m), so that a suggestion's candidate sites (every
    // crossing near an unserved community, one bounded search each) take seconds.
    CityData fixture = FixtureCity.build();
    List<CityData.Road> roads = FixtureCity.walkableGrid(120.280, 36.080, 0.0004, 250, 100);
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        fixture.facilities(), roads));
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aSuggestionWhoseClientLeftStopsAndIsCounted499() throws Exception {
    // The whole answer once: how long the question takes (and the coverage it starts from, cached).
    // The shortest distance (of a few) whose suggestion takes over 2 s here.
    HttpResponse<String> whole = null;
    double wholeSeconds = 0;
    int distance = 0;
    for (int d : new int[] {1000, 1500, 2000, 3000}) {
      distance = d;
      long t0 = System.nanoTime();
      whole = app.get(SUGGEST + distance);
      wholeSeconds = (System.nanoTime() - t0) / 1e9;
      assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
      if (wholeSeconds > 2.0) {
        break;
      }
    }
    assertThat(whole.body()).contains("newly_covered");
    assertThat(wholeSeconds).as("a suggestion slow enough to be abandoned (at %d m)", distance).isGreaterThan(2.0);

    PrometheusText before = scrape();
    // The same question again (its coverage cached: what is left is the suggestion's own work), left after 0.5 s as an aborted fetch leaves.
    URI url = URI.create(app.url(SUGGEST + distance));
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getAuthority()
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(500);
    }
    long left = System.nanoTime();
    Map<String, String> abandoned = Map.of("method", "GET", "route", "/api/coverage/suggest", "status", "499");
    PrometheusText after = scrape();
    while (after.valueOrZero(REQUESTS, abandoned) == before.valueOrZero(REQUESTS, abandoned)
        && System.nanoTime() - left < 1_500_000_000L) {
      Thread.sleep(50);
      after = scrape();
    }
    assertThat(after.valueOrZero(REQUESTS, abandoned) - before.valueOrZero(REQUESTS, abandoned))
        .as("the abandoned suggestion counted 499 within 1.5 s of its client leaving (the whole takes %.1f s)",
            wholeSeconds).isEqualTo(1);
    double took = after.valueOrZero(LATENCY_SUM, abandoned) - before.valueOrZero(LATENCY_SUM, abandoned);
    assertThat(took).as("its time in the request log").isLessThan(Math.min(2.0, wholeSeconds / 2));

    // The next question is answered, whole.
    HttpResponse<String> next = app.get(SUGGEST + distance);
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    assertThat(next.body()).isEqualTo(whole.body());
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> r = app.get("/metrics", admin());
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }
}
