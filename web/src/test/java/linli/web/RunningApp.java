package linli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import linli.registry.Database;

/** The real Linli server on a random port over a test database, with a small HTTP client. */
final class RunningApp implements AutoCloseable {
  static final String ADMIN_TOKEN = "test-admin-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;

  RunningApp(Database database) {
    this(database, Map.of());
  }

  /**
   * {@code env} adds to or overrides the test configuration (e.g. LINLI_PUBLIC_READ). Writes are not
   * rate limited unless a test sets LINLI_WRITE_RATE: most tests write faster than any person.
   */
  RunningApp(Database database, Map<String, String> env) {
    this(database, env, java.util.function.UnaryOperator.identity());
  }

  /** With {@code adapt} changing the services first (e.g. another import runner). */
  RunningApp(Database database, Map<String, String> env, java.util.function.UnaryOperator<Services> adapt) {
    var settings = new java.util.HashMap<>(Map.of("LINLI_ADMIN_TOKEN", ADMIN_TOKEN, "LINLI_HOME", Path.of(".").toString(),
        "LINLI_WRITE_RATE", "off"));
    settings.putAll(env);
    LinliConfig config = LinliConfig.from(settings);
    // The log format first: the change feed's thread logs as soon as it listens, which may be before
    // LinliApp.create sets the format (a text line in a JSON log).
    JsonLogLayout.use(config.logFormat());
    Services services = adapt.apply(Services.over(database));
    this.app = LinliApp.create(services, config).start("127.0.0.1", 0);
    // Tiles are cached only once the registry's change feed listens: wait for it, so tests see the
    // service as it runs, not its first instants.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!services.changes().isListening() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).GET());
  }

  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> put(String path, String body, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).DELETE());
  }

  HttpResponse<String> options(String path, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  /** Headers that authorise a write as the admin. */
  static String[] admin(String... more) {
    String[] all = new String[more.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + ADMIN_TOKEN;
    System.arraycopy(more, 0, all, 2, more.length);
    return all;
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : url(path)));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    app.stop();
  }
}
