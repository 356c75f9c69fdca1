package linli.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import linli.registry.facility.FacilityFilter;
import linli.registry.facility.FacilityPage;

/** GET /api/facilities: filtered, paged, with numberMatched and a next link. */
final class FacilityHandlers {
  private static final int DEFAULT_LIMIT = 100;

  private final Services services;
  private final ObjectMapper json;

  FacilityHandlers(Services services, ObjectMapper json) {
    this.services = services;
    this.json = json;
  }

  void list(Context ctx) throws Exception {
    QueryParams params = new QueryParams(ctx);
    String category = params.text("category");
    if (category != null && services.categories().find(category).isEmpty()) {
      throw Problem.invalid("category", "unknown category '" + category + "' (see /api/categories)");
    }
    String status = params.text("status");
    if (status != null && !CoverageHandlers.STATUSES.contains(status)) {
      throw Problem.invalid("status", "'" + status + "' is not one of " + String.join(", ", CoverageHandlers.STATUSES));
    }
    int limit = params.integer("limit", DEFAULT_LIMIT, 1, FacilityFilter.MAX_LIMIT);
    int offset = params.integer("offset", 0, 0, Integer.MAX_VALUE);
    FacilityFilter filter = new FacilityFilter(category, status, params.text("district"), params.text("q"),
        params.bbox("bbox"), limit, offset);
    FacilityPage page = services.facilities().list(filter);
    ObjectNode body = (ObjectNode) json.readTree(page.featureCollection());
    body.put("numberMatched", page.numberMatched());
    body.put("numberReturned", page.numberReturned());
    if (offset + page.numberReturned() < page.numberMatched()) {
      String next = ctx.fullUrl().replaceAll("([?&])offset=[^&]*&?", "$1").replaceAll("[?&]$", "");
      next += (next.contains("?") ? "&" : "?") + "offset=" + (offset + page.numberReturned());
      body.set("links", json.valueToTree(List.of(Map.of("rel", "next", "type", "application/geo+json", "href", next))));
    }
    ctx.contentType("application/geo+json").result(json.writeValueAsString(body));
  }
}
