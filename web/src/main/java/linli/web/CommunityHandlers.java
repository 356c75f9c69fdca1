package linli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import linli.registry.FeaturePage;
import linli.registry.division.CommunityFilter;

/** GET /api/communities and /api/communities/{code}: the communities as GeoJSON; GET /api/streets. */
final class CommunityHandlers {
  private final Services services;
  private final ObjectMapper json;
  private final Auth auth;

  private final PublicUrl publicUrl;

  CommunityHandlers(Services services, ObjectMapper json, Auth auth, PublicUrl publicUrl) {
    this.publicUrl = publicUrl;
    this.services = services;
    this.json = json;
    this.auth = auth;
  }

  void list(Context ctx) throws Exception {
    auth.requireReader(ctx);
    QueryParams params = new QueryParams(ctx);
    int limit = params.integer("limit", 100, 1, CommunityFilter.MAX_LIMIT);
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    FeaturePage page = services.divisions().communities(new CommunityFilter(null, params.text("district"),
        params.text("street"), params.text("q"), params.bbox("bbox"), limit, offset));
    Paging.writePage(ctx, json, page, offset, publicUrl.of(ctx));
  }

  /** GET /api/streets?district=: the streets (of one district, a code or a name), as /api/districts lists districts. */
  void streets(Context ctx) throws Exception {
    auth.requireReader(ctx);
    String district = new QueryParams(ctx).text("district");
    if (district != null && services.divisions().district(district).isEmpty()) {
      throw Problem.invalid("district",
          "unknown district '" + district + "' (a 6-digit code or a name, see /api/districts)");
    }
    ctx.json(services.divisions().streets(district));
  }

  /** GET /api/districts/outlines: the district outlines the map draws (works offline). */
  void districtOutlines(Context ctx) throws Exception {
    auth.requireReader(ctx);
    GeoJsonResponse.write(ctx, services.divisions().districtOutlines());
  }

  void read(Context ctx) throws Exception {
    auth.requireReader(ctx);
    String code = ctx.pathParam("code");
    if (!code.matches("[0-9]{12}")) {
      throw Problem.invalid("code", "'" + code + "' is not a 12-digit community code");
    }
    JsonNode features = json.readTree(services.divisions().communities(CommunityFilter.byCode(code)).featuresJson());
    if (features.isEmpty()) {
      throw Problem.notFound("no community " + code);
    }
    GeoJsonResponse.write(ctx, json.writeValueAsString(features.get(0)));
  }
}
