package linli.web;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where clients reach the service, for every link it writes (OGC links, TileJSON tile URLs, paging,
 * Location headers). With {@code LINLI_PUBLIC_URL} (e.g. {@code https://gis.example.cn/linli}) that
 * URL, base path included, whatever the request says; without it, the request's own scheme, host and
 * port, which Jetty's ForwardedRequestCustomizer has already taken from {@code Forwarded} or
 * {@code X-Forwarded-Proto/Host/Port} when a reverse proxy sent them (see {@link #trustForwardedHeaders}).
 */
final class PublicUrl {
  private final String configured; // scheme://authority[/path], no trailing slash; null: from each request
  private final String basePath; // the configured path ("" or "/linli"), what a proxy strips before Linli

  PublicUrl(String configured) {
    this.configured = configured;
    this.basePath = configured == null ? "" : URI.create(configured).getRawPath();
  }

  /** {@code scheme://host[:port][/base]} as the client sees it, without a trailing slash. */
  String base(Context ctx) {
    if (configured != null) {
      return configured;
    }
    HttpServletRequest req = ctx.req();
    String scheme = req.getScheme();
    String host = req.getServerName();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal
    }
    int port = req.getServerPort();
    boolean defaultPort = port <= 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /** This request's URL (path and query) as the client sees it. */
  String of(Context ctx) {
    String query = ctx.queryString();
    return base(ctx) + ctx.path() + (query == null ? "" : "?" + query);
  }

  /** An absolute path on this service as the client must ask for it: the base path, then {@code path}. */
  String path(String path) {
    return basePath + path;
  }

  /**
   * Honour {@code Forwarded} (RFC 7239) and {@code X-Forwarded-*}: the scheme, host and port a client
   * used reach Linli through the proxy. Harmless without a proxy: they only change the links written
   * back to the client that sent them, as the {@code Host} header already could.
   */
  static void trustForwardedHeaders(org.eclipse.jetty.server.HttpConfiguration http) {
    http.addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer());
  }

  /**
   * {@code LINLI_PUBLIC_URL}: an http(s) URL with a host and optionally a base path, no query or
   * fragment; returned without its trailing slash. Null or blank: none.
   */
  static String parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      URI uri = new URI(v);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new URISyntaxException(v, "not a base URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("LINLI_PUBLIC_URL must be an http or https URL with a host and at most a"
          + " path, such as https://gis.example.cn/linli, was '" + v.replaceAll("//[^/@]*@", "//***@") + "'");
    }
    return v.replaceAll("/+$", "");
  }
}
