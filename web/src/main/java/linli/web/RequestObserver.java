package linli.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id ({@code X-Request-Id}: a sane incoming one is kept, else a new UUID),
 * echoes it, and when the answer is out writes one log line and the request's metrics.
 */
final class RequestObserver {
  static final String REQUEST_ID = "linli.requestId";
  static final String HEADER = "X-Request-Id";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
  private static final Logger log = LoggerFactory.getLogger("linli.http");

  private final AppMetrics metrics;

  RequestObserver(AppMetrics metrics) {
    this.metrics = metrics;
  }

  /** Before any handler. */
  void begin(Context ctx) {
    String incoming = ctx.header(HEADER);
    String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newId();
    ctx.attribute(REQUEST_ID, id);
    ctx.header(HEADER, id);
    MDC.put("request_id", id);
  }

  /**
   * A random (version 4) UUID from the thread's own generator: an id to find a request by, not a
   * secret, and UUID.randomUUID() takes SecureRandom's lock on every request.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }

  /** Javalin's request logger: after the response, with the time it took. */
  void end(Context ctx, Float millis) {
    try {
      record(ctx, millis);
    } catch (RuntimeException e) {
      // Javalin would turn an exception here into a 500 after the answer was made: never let it.
      log.warn("Could not record request {} {}", ctx.method().name(), ctx.path(), e);
    } finally {
      MDC.remove("request_id");
    }
  }

  private void record(Context ctx, Float millis) {
    String route = route(ctx);
    String method = ctx.method().name();
    int status = ctx.statusCode();
    metrics.request(method, route, status, millis / 1000.0);
    String principal = ctx.attribute(Auth.PRINCIPAL_ID);
    String requestId = ctx.attribute(REQUEST_ID);
    log.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("path", ctx.path())
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", Math.round(millis * 10) / 10.0)
        .addKeyValue("principal", principal)
        .addKeyValue("request_id", requestId)
        .log("{} {} {} {} ms", method, ctx.path(), status, Math.round(millis));
  }

  static String requestId(Context ctx) {
    return ctx.attribute(REQUEST_ID);
  }

  /** The route template that answered, or a fixed word: a bounded set of labels whatever the path. */
  static String route(Context ctx) {
    Endpoint endpoint = null;
    try {
      endpoint = ctx.endpoints().matchedHttpEndpoint();
    } catch (RuntimeException e) {
      // No endpoint matched.
    }
    if (endpoint != null && endpoint.path != null) {
      return endpoint.path;
    }
    if (ctx.method().name().equals("OPTIONS")) {
      return "preflight";
    }
    return ctx.statusCode() < 400 ? "static" : "unmatched";
  }
}
