package linli.web;

import io.javalin.http.Context;
import java.util.Map;
import linli.registry.access.Principal;
import linli.registry.facility.SourceRemover;

/** DELETE /api/sources/{source}: everything of one source removed in one admin action, history kept. */
final class SourceHandlers {
  private final Services services;
  private final Auth auth;

  SourceHandlers(Services services, Auth auth) {
    this.services = services;
    this.auth = auth;
  }

  void remove(Context ctx) throws Exception {
    Principal admin = auth.requireAdmin(ctx);
    SourceRemover.Removed removed = services.sources().remove(ctx.pathParam("source"), admin);
    ctx.json(Map.of("source", removed.source(), "facilities", removed.facilities(), "roads", removed.roads()));
  }
}
