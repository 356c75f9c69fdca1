package linli.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import linli.registry.access.Principal;
import linli.registry.facility.FacilityDraft;
import linli.registry.facility.FacilityFilter;
import linli.registry.facility.FacilityNotFoundException;
import linli.registry.facility.FacilityRules;
import linli.registry.FeaturePage;
import linli.registry.facility.HistoryEntry;
import linli.registry.facility.StoredFacility;

/**
 * /api/facilities: list, create, read, replace, delete, history. Writes are guarded by ETags
 * (the facility's version): PUT and DELETE need If-Match, so no update is ever lost.
 */
final class FacilityHandlers {
  private static final int DEFAULT_LIMIT = 100;

  private final Services services;
  private final ObjectMapper json;
  private final FeatureParser parser;
  private final Auth auth;

  private final PublicUrl publicUrl;

  FacilityHandlers(Services services, ObjectMapper json, Auth auth, PublicUrl publicUrl) {
    this.publicUrl = publicUrl;
    this.services = services;
    this.json = json;
    this.parser = new FeatureParser(json);
    this.auth = auth;
  }

  void list(Context ctx) throws Exception {
    auth.requireReader(ctx);
    QueryParams params = new QueryParams(ctx);
    String category = params.text("category");
    if (category != null && services.categories().find(category).isEmpty()) {
      throw Problem.invalid("category", "unknown category '" + category + "' (see /api/categories)");
    }
    String status = params.text("status");
    if (status != null && !FacilityRules.STATUSES.contains(status)) {
      throw Problem.invalid("status", "'" + status + "' is not one of " + String.join(", ", FacilityRules.STATUSES));
    }
    int limit = params.integer("limit", DEFAULT_LIMIT, 1, FacilityFilter.MAX_LIMIT);
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    FacilityFilter filter = new FacilityFilter(category, status, params.text("district"), params.text("q"),
        params.bbox("bbox"), limit, offset);
    FeaturePage page = services.facilities().list(filter);
    Paging.writePage(ctx, json, page, offset, publicUrl.of(ctx));
  }

  void create(Context ctx) throws Exception {
    Principal who = auth.requireWriter(ctx);
    FacilityDraft draft = parser.parse(ctx.body());
    StoredFacility created = services.facilities().create(draft, who);
    ctx.status(201).header("Location", publicUrl.path("/api/facilities/" + created.id()));
    respond(ctx, created);
  }

  void read(Context ctx) throws Exception {
    auth.requireReader(ctx);
    long id = id(ctx);
    StoredFacility facility = services.facilities().find(id).orElseThrow(() -> new FacilityNotFoundException(id));
    if (ETags.of(facility.version()).equals(ctx.header("If-None-Match"))) {
      ctx.status(304).header("ETag", ETags.of(facility.version()));
      return;
    }
    respond(ctx, facility);
  }

  void replace(Context ctx) throws Exception {
    Principal who = auth.requireWriter(ctx);
    long id = id(ctx);
    int version = expectedVersion(ctx, id);
    FacilityDraft draft = parser.parse(ctx.body());
    respond(ctx, services.facilities().replace(id, version, draft, who));
  }

  void delete(Context ctx) throws Exception {
    Principal who = auth.requireWriter(ctx);
    long id = id(ctx);
    services.facilities().delete(id, expectedVersion(ctx, id), who);
    ctx.status(204);
  }

  /** POST /api/facilities/{id}/restore?version=N with If-Match: version N's content becomes current. */
  void restore(Context ctx) throws Exception {
    Principal who = auth.requireWriter(ctx);
    long id = id(ctx);
    int expected = expectedVersion(ctx, id);
    int version = new QueryParams(ctx).integer("version", -1, 1, Integer.MAX_VALUE);
    if (version < 1) {
      throw Problem.invalid("version", "is required: the version to restore (see the history)");
    }
    respond(ctx, services.facilities().restore(id, version, expected, who));
  }

  void history(Context ctx) throws Exception {
    auth.requireReader(ctx);
    long id = id(ctx);
    List<HistoryEntry> entries = services.facilities().history(id);
    if (entries.isEmpty()) {
      throw new FacilityNotFoundException(id);
    }
    ArrayNode out = json.createArrayNode();
    for (HistoryEntry e : entries) {
      ObjectNode node = out.addObject();
      node.put("version", e.version());
      node.put("at", e.at().toString());
      node.put("by", e.by());
      node.put("action", e.action());
      node.set("feature", json.readTree(e.featureJson()));
    }
    ctx.json(out);
  }

  private void respond(Context ctx, StoredFacility facility) {
    ctx.header("ETag", ETags.of(facility.version()));
    GeoJsonResponse.write(ctx, facility.featureJson());
  }

  private int expectedVersion(Context ctx, long id) throws Exception {
    String ifMatch = ctx.header("If-Match");
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new Problem(428, "Precondition required",
          "send If-Match with the ETag you read (GET /api/facilities/" + id + "), so no one else's change is lost",
          List.of());
    }
    if (ifMatch.strip().equals("*")) {
      return services.facilities().find(id).orElseThrow(() -> new FacilityNotFoundException(id)).version();
    }
    return ETags.version(ifMatch).orElseThrow(() -> new Problem(412, "Precondition failed",
        "If-Match '" + ifMatch + "' is not an ETag of this facility", List.of()));
  }

  private static long id(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw Problem.invalid("id", "'" + raw + "' is not a facility id");
    }
  }
}
