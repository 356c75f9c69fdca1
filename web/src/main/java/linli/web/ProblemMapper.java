package linli.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import linli.registry.access.OutOfScopeException;
import linli.registry.facility.DuplicateSourceException;
import linli.registry.facility.FacilityNotFoundException;
import linli.registry.facility.InvalidFacilityException;
import linli.registry.facility.VersionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every error as application/problem+json (RFC 9457): never a stack trace. */
final class ProblemMapper {
  static final String PROBLEM_JSON = "application/problem+json";
  /** nginx's status for a request whose client closed the connection before the answer. */
  static final int CLIENT_CLOSED_REQUEST = 499;
  private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);
  /** Set by {@link #write}: the response already is a problem the error handlers must keep. */
  private static final String WRITTEN = "linli.problem";

  private ProblemMapper() {}

  static void register(JavalinConfig config) {
    config.routes.exception(Problem.class, (e, ctx) -> write(ctx, e));
    config.routes.exception(InvalidFacilityException.class, (e, ctx) -> write(ctx, new Problem(400,
        "Invalid facility", e.getMessage(), e.violations().stream()
            .map(v -> new Problem.FieldError(v.row(), v.field(), v.message())).toList())));
    config.routes.exception(FacilityNotFoundException.class, (e, ctx) -> write(ctx, Problem.notFound(e.getMessage())));
    config.routes.exception(VersionConflictException.class, (e, ctx) -> {
      ctx.header("ETag", ETags.of(e.currentVersion()));
      write(ctx, new Problem(412, "Precondition failed", e.getMessage(), List.of()));
    });
    config.routes.exception(DuplicateSourceException.class, (e, ctx) -> write(ctx, new Problem(409, "Conflict",
        e.getMessage(), List.of(new Problem.FieldError(null, "source_id", "is already used within this source")))));
    config.routes.exception(OutOfScopeException.class, (e, ctx) ->
        write(ctx, new Problem(403, "Forbidden", e.getMessage(), List.of())));
    config.routes.exception(UnsupportedOperationException.class, (e, ctx) ->
        write(ctx, new Problem(501, "Not implemented", e.getMessage(), List.of())));
    // A computation stopped because its client left (ClientGone): nobody reads the answer, but the
    // request log and metrics say what happened, with nginx's 499 "client closed request".
    // Any other CancellationException is a fault of ours: the generic 500, logged.
    config.routes.exception(CancellationException.class, (e, ctx) -> {
      if (ClientGone.found(ctx)) {
        ctx.status(CLIENT_CLOSED_REQUEST).result("");
      } else {
        unexpected(e, ctx);
      }
    });
    // Javalin answers a request no route matches by throwing one of these: the generic problem.
    config.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx,
        e instanceof EndpointNotFound || e instanceof MethodNotAllowedResponse ? noRoute(ctx, e.getStatus())
            : new Problem(e.getStatus(), reason(e.getStatus()), e.getMessage(), List.of())));
    config.routes.exception(SQLException.class, (e, ctx) -> {
      log.error("Database error on {} {}", ctx.method(), ctx.path(), e);
      write(ctx, new Problem(503, "Database unavailable", "The registry database could not answer: try again later",
          List.of()));
    });
    config.routes.exception(Exception.class, ProblemMapper::unexpected);
    // A bare 404/405 (a status without a body) gets the generic problem too; one a handler or mapper
    // wrote keeps its detail. The mark, not the content type: Jetty reports that with a charset.
    for (int status : new int[] {404, 405}) {
      config.routes.error(status, "*", ctx -> {
        if (ctx.attribute(WRITTEN) == null) {
          write(ctx, noRoute(ctx, status));
        }
      });
    }
  }

  private static void unexpected(Exception e, Context ctx) {
    log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
    write(ctx, new Problem(500, "Internal error", "Something went wrong on our side; it has been logged",
        List.of()));
  }

  private static Problem noRoute(Context ctx, int status) {
    return new Problem(status, reason(status), "No " + ctx.method() + " " + ctx.path() + " here", List.of());
  }

  static void write(Context ctx, Problem problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.getMessage());
    body.put("instance", ctx.path());
    body.put("request_id", RequestObserver.requestId(ctx));
    if (!problem.errors().isEmpty()) {
      body.put("errors", problem.errors());
    }
    ctx.status(problem.status()).json(body).contentType(PROBLEM_JSON);
    ctx.attribute(WRITTEN, Boolean.TRUE);
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Invalid request";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 403 -> "Forbidden";
      case 412 -> "Precondition failed";
      case 415 -> "Unsupported media type";
      case 428 -> "Precondition required";
      case 429 -> "Too many requests";
      case 413 -> "Payload too large";
      case 501 -> "Not implemented";
      case 503 -> "Service unavailable";
      default -> "Error";
    };
  }
}
