package linli.web;

import io.javalin.http.Context;

/**
 * Headers every response carries: no MIME sniffing, no framing, no referrer leaks, and for the map
 * a content security policy that allows only our own scripts and the optional basemap tiles
 * (OpenStreetMap, Tianditu and the self-hosted LINLI_BASEMAP_URL's origin).
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = policy(null);

  private final String policy;

  SecurityHeaders(MapConfig map) {
    this.policy = policy(map.basemapOrigin());
  }

  static String policy(String basemapOrigin) {
    return "default-src 'self'; script-src 'self'; "
        + "style-src 'self' 'unsafe-inline'; img-src 'self' data: https://tile.openstreetmap.org "
        + "https://*.tianditu.gov.cn" + (basemapOrigin == null ? "" : " " + basemapOrigin)
        + "; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  }

  void apply(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", policy);
  }
}
