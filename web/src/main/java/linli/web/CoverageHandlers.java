package linli.web;

import io.javalin.http.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.SiteSuggester;
import linli.registry.coverage.WhatIf;

/** Coverage: the summary, the communities as GeoJSON, what-if and suggested sites. */
final class CoverageHandlers {
  static final List<String> STATUSES = List.of("planned", "building", "open", "closed");
  static final double MAX_DISTANCE_M = 50_000;

  private final Services services;
  private final Auth auth;
  private final ObjectMapper json;

  CoverageHandlers(Services services, Auth auth, ObjectMapper json) {
    this.services = services;
    this.auth = auth;
    this.json = json;
  }

  void report(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    CoverageQuery query = query(ctx);
    ctx.json(services.coverage().report(query, withCapacity(ctx)));
  }

  void suggest(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    CoverageQuery query = query(ctx);
    int k = new QueryParams(ctx).integer("k", 5, 1, SiteSuggester.MAX_K);
    ctx.json(services.suggester().suggest(query, k));
  }

  /** POST /api/coverage/what-if: {category, distance_m, mode, district, status, add, remove}; stores nothing. */
  void whatIf(Context ctx) throws Exception {
    auth.requireReader(ctx);
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw Problem.invalid("body", "is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw Problem.invalid("body", "must be a JSON object");
    }
    String category = body.path("category").asText(null);
    if (category == null) {
      throw Problem.invalid("category", "is required");
    }
    Category known = services.categories().find(category)
        .orElseThrow(() -> Problem.invalid("category", "unknown category '" + category + "' (see /api/categories)"));
    double distance = known.defaultDistanceM();
    if (body.hasNonNull("distance_m")) {
      if (!body.get("distance_m").isNumber() || !(body.get("distance_m").asDouble() > 0)
          || body.get("distance_m").asDouble() > MAX_DISTANCE_M) {
        throw Problem.invalid("distance_m", "must be a number of metres between 1 and " + (long) MAX_DISTANCE_M);
      }
      distance = body.get("distance_m").asDouble();
    }
    CoverageMode mode = mode(body.path("mode").asText(null));
    List<double[]> add = new ArrayList<>();
    JsonNode sites = body.path("add");
    if (!sites.isMissingNode() && !sites.isArray()) {
      throw Problem.invalid("add", "must be a list of [lon, lat] pairs");
    }
    for (int i = 0; i < sites.size(); i++) {
      JsonNode p = sites.get(i);
      if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()
          || Math.abs(p.get(0).asDouble()) > 180 || Math.abs(p.get(1).asDouble()) > 90) {
        throw Problem.invalid("add[" + i + "]", "must be [lon, lat] in degrees");
      }
      add.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
    }
    List<Long> remove = new ArrayList<>();
    JsonNode ids = body.path("remove");
    if (!ids.isMissingNode() && !ids.isArray()) {
      throw Problem.invalid("remove", "must be a list of facility ids");
    }
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).canConvertToLong() || !ids.get(i).isIntegralNumber()) {
        throw Problem.invalid("remove[" + i + "]", "must be a facility id");
      }
      remove.add(ids.get(i).asLong());
    }
    if (add.size() > WhatIf.MAX_SITES || remove.size() > WhatIf.MAX_SITES) {
      throw Problem.invalid(add.size() > WhatIf.MAX_SITES ? "add" : "remove", "at most " + WhatIf.MAX_SITES + " entries");
    }
    String district = body.path("district").asText(null);
    if (district != null && services.divisions().district(district).isEmpty()) {
      throw Problem.invalid("district", "unknown district '" + district + "'");
    }
    JsonNode status = body.path("status");
    if (!status.isMissingNode() && !status.isNull() && !status.isTextual()) {
      throw Problem.invalid("status", "must be text: statuses separated by commas, e.g. \"open,building\"");
    }
    // Read as the coverage query's status parameter is: the same list, the same trimming, the same default.
    List<String> statuses = QueryParams.oneOfEach("status", status.isTextual() ? status.asText() : null, STATUSES,
        List.of("open"));
    CoverageQuery query = new CoverageQuery(known.code(), distance, mode, district, statuses);
    ctx.json(services.whatIf().analyse(new WhatIf(query, add, remove)));
  }

  void communities(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    CoverageQuery query = query(ctx);
    GeoJsonResponse.write(ctx, services.coverage().communitiesGeoJson(query, withCapacity(ctx)));
  }

  /**
   * {@code capacity=true|false}, default false: the floating catchment costs about as much again as
   * coverage itself on a first (uncached) request, and the summary lists every facility, so the
   * map's first view does not pay for it unless it asks (the Qingdao map test ran into its 20 s
   * budget under load when shelters had it by default).
   */
  private static boolean withCapacity(Context ctx) {
    String value = new QueryParams(ctx).text("capacity");
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Problem.invalid("capacity", "'" + value + "' is not one of true, false");
    };
  }

  private static CoverageMode mode(String text) {
    return text == null ? CoverageMode.STRAIGHT : CoverageMode.parse(text)
        .orElseThrow(() -> Problem.invalid("mode", "'" + text + "' is not one of straight, network"));
  }

  /** The query parameters as a validated {@link CoverageQuery}; every mistake names its field. */
  CoverageQuery query(Context ctx) throws SQLException {
    QueryParams params = new QueryParams(ctx);
    String code = params.required("category");
    Category category = services.categories().find(code)
        .orElseThrow(() -> Problem.invalid("category", "unknown category '" + code + "' (see /api/categories)"));
    Double distance = params.number("distance", 1, MAX_DISTANCE_M);
    CoverageMode mode = mode(params.text("mode"));
    String district = params.text("district");
    if (district != null && services.divisions().district(district).isEmpty()) {
      throw Problem.invalid("district", "unknown district '" + district + "' (a 6-digit code or a name, see /api/districts)");
    }
    List<String> statuses = params.oneOfEach("status", STATUSES, List.of("open"));
    return new CoverageQuery(category.code(), distance == null ? category.defaultDistanceM() : distance, mode,
        district, statuses);
  }
}
