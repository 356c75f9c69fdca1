package linli.web;

import io.javalin.http.Context;
import java.util.Map;
import linli.registry.search.PlaceSearch;

/**
 * GET /api/search?q=&limit=: districts, streets, communities and facilities by part of their name
 * (Latin letters in any case) or the start of their code, best first, for the map's search box.
 */
final class SearchHandlers {
  private final PlaceSearch search;
  private final Auth auth;

  SearchHandlers(PlaceSearch search, Auth auth) {
    this.search = search;
    this.auth = auth;
  }

  void search(Context ctx) throws Exception {
    auth.requireReader(ctx);
    QueryParams params = new QueryParams(ctx);
    String q = params.required("q");
    if (q.length() > PlaceSearch.MAX_QUERY_LENGTH) {
      throw Problem.invalid("q", "is longer than " + PlaceSearch.MAX_QUERY_LENGTH + " characters");
    }
    int limit = params.integer("limit", 10, 1, PlaceSearch.MAX_LIMIT);
    ctx.json(Map.of("q", q, "places", search.find(q, limit)));
  }
}
