package linli.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Writes GeoJSON built elsewhere (mostly by PostGIS) as UTF-8 bytes: Chinese names must arrive intact. */
final class GeoJsonResponse {
  static final String MEDIA_TYPE = "application/geo+json";
  static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=utf-8";

  private GeoJsonResponse() {}

  static void write(Context ctx, String geoJson) {
    ctx.contentType(CONTENT_TYPE).result(geoJson.getBytes(StandardCharsets.UTF_8));
  }
}
