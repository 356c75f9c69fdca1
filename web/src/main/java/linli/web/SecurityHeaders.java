package linli.web;

import io.javalin.http.Context;

/**
 * Headers every response carries: no MIME sniffing, no framing, no referrer leaks, and for the map
 * a content security policy that allows only our own scripts and the optional basemap tiles.
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data: https://tile.openstreetmap.org "
      + "https://*.tianditu.gov.cn; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  }
}
