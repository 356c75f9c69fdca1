package linli.web;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Map;

/** Health (always open), categories, districts and the plan's indicators. */
final class SystemHandlers {
  private final Services services;
  private final Auth auth;
  private final int planYear;

  SystemHandlers(Services services, Auth auth, int planYear) {
    this.services = services;
    this.auth = auth;
    this.planYear = planYear;
  }

  void health(Context ctx) {
    if (services.database().isReachable()) {
      ctx.json(Map.of("status", "ok"));
    } else {
      ctx.status(503).json(Map.of("status", "unavailable", "detail", "the database is unreachable"));
    }
  }

  void categories(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(services.categories().all());
  }

  /** GET /api/indicators?year=2022: the plan's measurable targets and where they stand. */
  void indicators(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    int year = new QueryParams(ctx).integer("year", planYear, 2000, 2100);
    ctx.json(services.indicators().forYear(year));
  }

  void districts(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(services.divisions().districts());
  }
}
