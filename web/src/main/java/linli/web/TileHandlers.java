package linli.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.tiles.Tile;
import linli.tiles.TileCoord;
import linli.tiles.TileLayer;
import linli.tiles.TileRequest;
import linli.tiles.TileService;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json (TileJSON 3.0.0). */
final class TileHandlers {
  static final String MVT = "application/vnd.mapbox-vector-tile";
  private static final Logger log = LoggerFactory.getLogger(TileHandlers.class);

  private final TileService tiles;
  private final Services services;
  private final ObjectMapper json;
  private final Auth auth;

  private final PublicUrl publicUrl;

  TileHandlers(TileService tiles, Services services, ObjectMapper json, Auth auth, PublicUrl publicUrl) {
    this.publicUrl = publicUrl;
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
    TileRequest request = request(layer, coord, new QueryParams(ctx));
    services.changes().catchUp();
    Tile tile = tiles.tile(request, acceptsGzip(ctx.header("Accept-Encoding")));
    // The answer depends on Accept-Encoding: a shared cache (nginx, a CDN) must key on it too.
    ctx.header("Vary", "Accept-Encoding");
    ctx.header("ETag", tile.etag()).header("Cache-Control", "public, max-age=0, must-revalidate");
    if (tile.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
    } else if (tile.isEmpty()) {
      ctx.status(204);
    } else {
      // Straight to the servlet's stream with its length, compressed or not as the tile service
      // cached it: Javalin's stream would compress every request again (2-3 ms for a 100 KB tile), and
      // ctx.result(bytes) would copy the bytes once more through a fresh buffer. Jetty's own stream
      // takes a ByteBuffer (the servlet API has it only from 6.1).
      ctx.contentType(MVT);
      if (tile.gzipped()) {
        ctx.header("Content-Encoding", "gzip");
      }
      try {
        ctx.res().setContentLength(tile.length());
        ServletOutputStream out = ctx.res().getOutputStream();
        if (out instanceof HttpOutput jetty) {
          jetty.write(tile.body()); // a cached tile's body is off the heap: written without a copy
        } else {
          out.write(tile.bytes());
        }
      } catch (IOException e) {
        // The client left mid-tile (a map that panned on): nobody is left to answer.
        log.debug("Tile {} not sent: {}", ctx.path(), e.toString());
      }
    }
  }

  /**
   * Whether an Accept-Encoding header (RFC 9110 12.5.3) takes gzip: named (or x-gzip, or *) with a
   * weight above 0, and not refused by name with q=0.
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Double named = null;
    Double any = null;
    for (String element : acceptEncoding.split(",")) {
      String[] parts = element.split(";");
      String coding = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim();
        if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
          try {
            q = Double.parseDouble(parameter.substring(2).trim());
          } catch (NumberFormatException e) {
            q = 0; // an unreadable weight: do not guess the client takes it
          }
        }
      }
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        named = named == null ? q : Math.max(named, q);
      } else if (coding.equals("*")) {
        any = q;
      }
    }
    return named != null ? named > 0 : any != null && any > 0;
  }

  void tileJson(Context ctx) {
    auth.requireReader(ctx);
    String file = ctx.pathParam("file");
    if (!file.endsWith(".json")) {
      throw Problem.notFound("no " + file + " here: try /tiles/facilities.json");
    }
    TileLayer layer = layer(file.substring(0, file.length() - 5));
    String base = publicUrl.base(ctx);
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

  /**
   * Facilities tiles take a category to filter by; communities tiles optionally the coverage
   * question (category, distance, mode, status; no district: a tile is a place already), read as
   * /api/coverage reads it.
   */
  private TileRequest request(TileLayer layer, TileCoord coord, QueryParams params) throws SQLException {
    CoverageQuestion.Context context = CoverageQuestion.Context.of(services.categories(), services.divisions());
    if (layer == TileLayer.ROADS) {
      return new TileRequest(layer, coord, null, null, null); // the network is the same for every question
    }
    if (layer != TileLayer.COMMUNITIES) {
      String category = params.text(CoverageQuestion.CATEGORY);
      if (category != null && context.category(category).isEmpty()) {
        throw Problem.invalid(CoverageQuestion.CATEGORY, "unknown category '" + category + "' (see /api/categories)");
      }
      return new TileRequest(layer, coord, category, null, null);
    }
    Map<String, String> values = params.texts(CoverageQuestion.CATEGORY, CoverageQuestion.DISTANCE,
        CoverageQuestion.MODE, CoverageQuestion.STATUS);
    CoverageQuestion.Answer answer = CoverageQuestion.parseIfAsked(values, context);
    if (!answer.ok()) {
      throw Problem.invalid(answer.violations());
    }
    CoverageQuery question = answer.query();
    if (question == null) {
      return new TileRequest(layer, coord, null, null, null);
    }
    if (question.mode() != CoverageMode.STRAIGHT) {
      // The tile SQL measures on the ellipsoid; a network tile would need the road graph per tile.
      throw Problem.invalid(CoverageQuestion.MODE, "tiles carry straight-line coverage only: for walking along roads"
          + " ask /api/coverage/communities?mode=network");
    }
    return new TileRequest(layer, coord, question.category(), question.distanceM(), question.statuses());
  }

  private static TileLayer layer(String id) {
    return TileLayer.byId(id).orElseThrow(() -> Problem.notFound("no tile layer '" + id + "' ("
        + java.util.Arrays.stream(TileLayer.values()).map(TileLayer::id).collect(java.util.stream.Collectors.joining(", "))
        + ")"));
  }
}
