package linli.web;

import java.util.Map;

/**
 * The map page's basemaps, configured once on the server.
 *
 * @param tiandituKey the Tianditu browser key ({@code LINLI_TIANDITU_KEY}); null: none. Not a secret
 *     towards the page's users: Tianditu keys are browser keys that every tile request carries, so
 *     {@code GET /api/map-config} hands it to the page (restrict it to your domain at Tianditu).
 * @param basemapUrl a self-hosted XYZ tile URL template with {z}, {x} and {y}, http(s)
 *     ({@code LINLI_BASEMAP_URL}); null: none
 * @param basemapAttribution the credit shown for it ({@code LINLI_BASEMAP_ATTRIBUTION}); null: none
 */
public record MapConfig(String tiandituKey, String basemapUrl, String basemapAttribution) {
  static final MapConfig NONE = new MapConfig(null, null, null);

  public MapConfig {
    if (basemapUrl != null) {
      for (String part : new String[] {"{z}", "{x}", "{y}"}) {
        if (!basemapUrl.contains(part)) {
          throw new IllegalArgumentException("LINLI_BASEMAP_URL must be a tile URL template with {z}, {x} and {y},"
              + " such as https://tiles.example.cn/{z}/{x}/{y}.png; it lacks " + part);
        }
      }
      if (!basemapUrl.replace("{s}", "a").matches("https?://[A-Za-z0-9.\\-\\[\\]:]+(/\\S*)?")) {
        throw new IllegalArgumentException("LINLI_BASEMAP_URL must be an http or https URL, was '" + basemapUrl + "'");
      }
      // A content security policy allows a wildcard only as a whole leftmost label (https://*.host).
      if (basemapUrl.contains("{s}") && !basemapUrl.matches("https?://\\{s\\}\\.[^{}/]+(/\\S*)?")) {
        throw new IllegalArgumentException("LINLI_BASEMAP_URL may hold {s} only as the whole first label of the"
            + " host name (https://{s}.tiles.example.cn/...), was '" + basemapUrl + "'");
      }
    }
    if (tiandituKey != null && !tiandituKey.matches("[0-9A-Za-z]{8,64}")) {
      throw new IllegalArgumentException("LINLI_TIANDITU_KEY must be a Tianditu key (letters and digits)");
    }
  }

  static MapConfig from(Map<String, String> env) {
    return new MapConfig(blankToNull(env.get("LINLI_TIANDITU_KEY")), blankToNull(env.get("LINLI_BASEMAP_URL")),
        blankToNull(env.get("LINLI_BASEMAP_ATTRIBUTION")));
  }

  /** The self-hosted basemap's origin (scheme, host and port), for the page's content security policy; null: none. */
  String basemapOrigin() {
    if (basemapUrl == null) {
      return null;
    }
    // Checked above: scheme://host[:port] holds no space, quote or semicolon. A {s} subdomain is any subdomain.
    int path = basemapUrl.indexOf('/', basemapUrl.indexOf("://") + 3);
    return (path < 0 ? basemapUrl : basemapUrl.substring(0, path)).replace("{s}", "*");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
