package linli.web;

import io.javalin.http.Context;
import java.util.List;

/**
 * Cross-origin access for browsers on other sites ({@code LINLI_CORS_ORIGINS}). None configured: no
 * CORS header at all, so browsers keep the same-origin rule. An allowed origin gets the allow
 * headers and its preflights (OPTIONS) are answered 204; any other origin gets no allow header and
 * its preflight a 403 problem. Tokens travel in the Authorization header, never cookies, so
 * credentials are not allowed.
 */
final class Cors {
  static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
  static final String HEADERS = "Authorization, If-Match, If-None-Match, Content-Type, X-Request-Id";
  static final String EXPOSED = "ETag, Location, Retry-After, X-Request-Id";
  private static final String MAX_AGE_SECONDS = "600";

  private final List<String> origins;
  private final boolean anyOrigin;

  Cors(List<String> origins) {
    this.origins = List.copyOf(origins);
    this.anyOrigin = origins.contains("*");
  }

  /** A before-handler. */
  void apply(Context ctx) {
    if (origins.isEmpty()) {
      return;
    }
    if (!anyOrigin) {
      ctx.header("Vary", "Origin");
    }
    String origin = ctx.header("Origin");
    boolean preflight = ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null;
    if (origin == null) {
      return;
    }
    boolean allowed = anyOrigin || origins.contains(origin);
    if (!allowed) {
      if (preflight) {
        throw new Problem(403, "Forbidden", "origin " + origin + " may not call this API from a browser"
            + " (LINLI_CORS_ORIGINS)", List.of());
      }
      return;
    }
    ctx.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
    ctx.header("Access-Control-Expose-Headers", EXPOSED);
    if (preflight) {
      ctx.header("Access-Control-Allow-Methods", METHODS);
      ctx.header("Access-Control-Allow-Headers", HEADERS);
      ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
      ctx.status(204);
      ctx.skipRemainingHandlers();
    }
  }
}
