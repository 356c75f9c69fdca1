package linli.web;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Map;

/** Health, categories and divisions. */
final class SystemHandlers {
  private final Services services;

  SystemHandlers(Services services) {
    this.services = services;
  }

  void health(Context ctx) {
    if (services.database().isReachable()) {
      ctx.json(Map.of("status", "ok"));
    } else {
      ctx.status(503).json(Map.of("status", "unavailable", "detail", "the database is unreachable"));
    }
  }

  void categories(Context ctx) throws SQLException {
    ctx.json(services.categories().all());
  }

  void districts(Context ctx) throws SQLException {
    ctx.json(services.divisions().districts());
  }
}
