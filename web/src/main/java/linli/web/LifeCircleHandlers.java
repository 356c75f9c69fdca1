package linli.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import linli.registry.access.Principal;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.lifecircle.LifeCircle;
import linli.registry.lifecircle.LifeCircleRules;

/** Life circles: the definitions (admins change them), every community's circles, the shares by area. */
final class LifeCircleHandlers {
  private final Services services;
  private final Auth auth;
  private final ObjectMapper json;

  LifeCircleHandlers(Services services, Auth auth, ObjectMapper json) {
    this.services = services;
    this.auth = auth;
    this.json = json;
  }

  /** GET /api/life-circles: every level. */
  void definitions(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(services.lifeCircles().definitions());
  }

  /** GET /api/life-circles/{level}. */
  void definition(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(level(ctx));
  }

  /** PUT /api/life-circles/{level} (admin): {distance_m, categories}; answers the new definition. */
  void replace(Context ctx) throws SQLException {
    Principal who = auth.requireAdmin(ctx);
    LifeCircle level = level(ctx);
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw Problem.invalid("body", "is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw Problem.invalid("body", "must be a JSON object: {\"distance_m\": 500, \"categories\": [...]}");
    }
    Set<String> known = new HashSet<>();
    for (Category c : services.categories().all()) {
      known.add(c.code());
    }
    LifeCircleRules.Change change = LifeCircleRules.check(value(body.get(LifeCircleRules.DISTANCE_M)),
        value(body.get(LifeCircleRules.CATEGORIES)), known);
    if (!change.ok()) {
      throw Problem.invalid(change.violations());
    }
    ctx.json(services.lifeCircles().store().replace(level.level(), change.distanceM(), change.categories(), who.name()));
  }

  /** GET /api/life-circles/communities: every community with its circle of each level. */
  void allCommunities(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    GeoJsonResponse.write(ctx, services.lifeCircles().communitiesGeoJson(null, scope(ctx)));
  }

  /** GET /api/life-circles/{level}/communities. */
  void communities(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    LifeCircle level = level(ctx);
    GeoJsonResponse.write(ctx, services.lifeCircles().communitiesGeoJson(level.level(), scope(ctx)));
  }

  /** GET /api/life-circles/summary: the shares of residents with complete circles, by street and district. */
  void summary(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(services.lifeCircles().summary(scope(ctx)));
  }

  private LifeCircle level(Context ctx) throws SQLException {
    String text = ctx.pathParam("level");
    Integer level = LifeCircleRules.level(text);
    if (level == null) {
      throw Problem.notFound("no life circle '" + text + "': the levels are 5, 10 and 15 (minutes)");
    }
    return services.lifeCircles().definition(level)
        .orElseThrow(() -> Problem.notFound("life circle " + level + " is not defined"));
  }

  /** {@code mode}, {@code district}, {@code status}: as the coverage question reads them. */
  private CoverageQuestion.Scope scope(Context ctx) throws SQLException {
    Map<String, String> values = new QueryParams(ctx).texts(CoverageQuestion.MODE, CoverageQuestion.DISTRICT,
        CoverageQuestion.STATUS);
    CoverageQuestion.ScopeAnswer answer = CoverageQuestion.parseScope(values,
        CoverageQuestion.Context.of(services.categories(), services.divisions()));
    if (!answer.ok()) {
      throw Problem.invalid(answer.violations());
    }
    return answer.scope();
  }

  /** A JSON value as the rules take it: numbers as Number, lists as List, text as String. */
  private Object value(JsonNode node) {
    return node == null || node.isNull() ? null : json.convertValue(node, Object.class);
  }
}
