package linli.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import linli.registry.category.Category;
import linli.tiles.Tile;
import linli.tiles.TileCoord;
import linli.tiles.TileLayer;
import linli.tiles.TileRequest;
import linli.tiles.TileService;

/** /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json (TileJSON 3.0.0). */
final class TileHandlers {
  static final String MVT = "application/vnd.mapbox-vector-tile";

  private final TileService tiles;
  private final Services services;
  private final ObjectMapper json;
  private final Auth auth;

  TileHandlers(TileService tiles, Services services, ObjectMapper json, Auth auth) {
    this.tiles = tiles;
    this.services = services;
    this.json = json;
    this.auth = auth;
  }

  void tile(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    TileLayer layer = layer(ctx.pathParam("layer"));
    String file = ctx.pathParam("file");
    if (!file.endsWith(".mvt") && !file.endsWith(".pbf")) {
      throw Problem.notFound("tiles end in .mvt");
    }
    TileCoord coord;
    try {
      coord = new TileCoord(Integer.parseInt(ctx.pathParam("z")), Integer.parseInt(ctx.pathParam("x")),
          Integer.parseInt(file.substring(0, file.length() - 4)));
    } catch (NumberFormatException e) {
      throw Problem.invalid("z/x/y", "tile addresses are whole numbers");
    } catch (IllegalArgumentException e) {
      throw Problem.invalid("z/x/y", e.getMessage());
    }
    QueryParams params = new QueryParams(ctx);
    String category = params.text("category");
    Category known = category == null ? null : services.categories().find(category).orElseThrow(() ->
        Problem.invalid("category", "unknown category '" + category + "' (see /api/categories)"));
    Double distance = params.number("distance", 1, CoverageHandlers.MAX_DISTANCE_M);
    if (layer == TileLayer.COMMUNITIES && known != null && distance == null) {
      distance = (double) known.defaultDistanceM();
    }
    List<String> statuses = params.oneOfEach("status", CoverageHandlers.STATUSES, List.of("open"));
    services.changes().catchUp();
    Tile tile = tiles.tile(new TileRequest(layer, coord, category, distance, statuses));
    ctx.header("ETag", tile.etag()).header("Cache-Control", "public, max-age=0, must-revalidate");
    if (tile.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
    } else if (tile.isEmpty()) {
      ctx.status(204);
    } else {
      ctx.contentType(MVT).result(tile.bytes());
    }
  }

  void tileJson(Context ctx) {
    auth.requireReader(ctx);
    String file = ctx.pathParam("file");
    if (!file.endsWith(".json")) {
      throw Problem.notFound("no " + file + " here: try /tiles/facilities.json");
    }
    TileLayer layer = layer(file.substring(0, file.length() - 5));
    String base = ctx.scheme() + "://" + ctx.host();
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    ObjectNode body = json.createObjectNode();
    body.put("tilejson", "3.0.0");
    body.put("name", layer.id());
    body.put("description", layer.description());
    body.putArray("tiles").add(base + "/tiles/" + layer.id() + "/{z}/{x}/{y}.mvt" + query);
    body.put("minzoom", layer.minZoom());
    body.put("maxzoom", TileCoord.MAX_ZOOM);
    body.putArray("bounds").add(119.3).add(35.3).add(121.6).add(37.4);
    ArrayNode layers = body.putArray("vector_layers");
    ObjectNode vl = layers.addObject();
    vl.put("id", layer.id());
    vl.put("description", layer.description());
    ObjectNode fields = vl.putObject("fields");
    layer.fields().forEach(f -> fields.put(f, "String"));
    vl.put("minzoom", layer.minZoom());
    vl.put("maxzoom", TileCoord.MAX_ZOOM);
    ctx.json(body);
  }

  private static TileLayer layer(String id) {
    return TileLayer.byId(id).orElseThrow(() -> Problem.notFound("no tile layer '" + id + "' (facilities, communities)"));
  }
}
