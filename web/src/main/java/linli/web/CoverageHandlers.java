package linli.web;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;

/** GET /api/coverage and /api/coverage/communities. */
final class CoverageHandlers {
  static final List<String> STATUSES = List.of("planned", "building", "open", "closed");
  static final double MAX_DISTANCE_M = 50_000;

  private final Services services;
  private final Auth auth;

  CoverageHandlers(Services services, Auth auth) {
    this.services = services;
    this.auth = auth;
  }

  void report(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(services.coverage().report(query(ctx)));
  }

  void communities(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    GeoJsonResponse.write(ctx, services.coverage().communitiesGeoJson(query(ctx)));
  }

  /** The query parameters as a validated {@link CoverageQuery}; every mistake names its field. */
  CoverageQuery query(Context ctx) throws SQLException {
    QueryParams params = new QueryParams(ctx);
    String code = params.required("category");
    Category category = services.categories().find(code)
        .orElseThrow(() -> Problem.invalid("category", "unknown category '" + code + "' (see /api/categories)"));
    Double distance = params.number("distance", 1, MAX_DISTANCE_M);
    String modeText = params.text("mode");
    CoverageMode mode = modeText == null ? CoverageMode.STRAIGHT : CoverageMode.parse(modeText)
        .orElseThrow(() -> Problem.invalid("mode", "'" + modeText + "' is not one of straight, network"));
    if (mode == CoverageMode.NETWORK) {
      throw new Problem(501, "Not implemented", "mode=network (walking along roads) is not available yet", List.of());
    }
    String district = params.text("district");
    if (district != null && services.divisions().district(district).isEmpty()) {
      throw Problem.invalid("district", "unknown district '" + district + "' (a 6-digit code or a name, see /api/districts)");
    }
    List<String> statuses = params.oneOfEach("status", STATUSES, List.of("open"));
    return new CoverageQuery(category.code(), distance == null ? category.defaultDistanceM() : distance, mode,
        district, statuses);
  }
}
