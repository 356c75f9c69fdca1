package linli.web;

/** Next-page links: the request's own URL with another offset. */
final class Paging {
  private Paging() {}

  static String withOffset(String url, long offset) {
    String base = url.replaceAll("([?&])offset=[^&]*&?", "$1").replaceAll("[?&]$", "");
    return base + (base.contains("?") ? "&" : "?") + "offset=" + offset;
  }

  /** The URL of the next page: the same request with this (effective) limit and the next offset. */
  static String next(String url, int limit, long offset) {
    String base = url.replaceAll("([?&])(offset|limit)=[^&]*", "$1").replaceAll("&{2,}", "&")
        .replaceAll("\\?&", "?").replaceAll("[?&]$", "");
    return base + (base.contains("?") ? "&" : "?") + "limit=" + limit + "&offset=" + offset;
  }

  /**
   * Writes one page of a GeoJSON list endpoint: the FeatureCollection with numberMatched,
   * numberReturned and, while more remain, a {@code next} link. The features are spliced in as
   * PostGIS wrote them, as the OGC items are.
   */
  static void writePage(io.javalin.http.Context ctx, com.fasterxml.jackson.databind.ObjectMapper json,
      linli.registry.FeaturePage page, long offset, String selfUrl) throws java.io.IOException {
    StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":")
        .append(page.featuresJson()).append(",\"numberMatched\":").append(page.numberMatched())
        .append(",\"numberReturned\":").append(page.numberReturned());
    if (offset + page.numberReturned() < page.numberMatched()) {
      body.append(",\"links\":").append(json.writeValueAsString(java.util.List.of(java.util.Map.of("rel", "next",
          "type", GeoJsonResponse.MEDIA_TYPE, "href", withOffset(selfUrl, offset + page.numberReturned())))));
    }
    GeoJsonResponse.write(ctx, body.append('}').toString());
  }
}
