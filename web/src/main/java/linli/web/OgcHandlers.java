package linli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import linli.registry.FeaturePage;
import linli.registry.ogc.ItemsQuery;
import linli.registry.ogc.OgcCollection;
import linli.registry.crs.CoordinateSystem;
import linli.registry.ogc.OgcFeatureStore;
import linli.registry.ogc.cql.CqlException;
import linli.registry.ogc.cql.Queryable;

/**
 * OGC API - Features at /ogc: Part 1 (Core, GeoJSON, OpenAPI 3.0), Part 2 (CRS by reference) and
 * Part 3 (Filter with CQL2 text, Queryables) for the collections of the catalogue
 * ({@link OgcCollection}): {@code facilities}, {@code communities}, {@code districts}, {@code streets}.
 */
final class OgcHandlers {
  static final List<String> CONFORMANCE = List.of(
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
      "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
      "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions");
  static final String OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0";
  static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

  private final OgcFeatureStore store;
  private final ObjectMapper json;
  private final Auth auth;
  private final JsonNode openApi; // its server is set per request: the public URL of /ogc

  private final PublicUrl publicUrl;

  OgcHandlers(OgcFeatureStore store, ObjectMapper json, Auth auth, PublicUrl publicUrl) {
    this.publicUrl = publicUrl;
    this.store = store;
    this.json = json;
    this.auth = auth;
    try (InputStream in = OgcHandlers.class.getResourceAsStream("/ogc-openapi.json")) {
      this.openApi = json.readTree(in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("ogc-openapi.json is missing from the classpath", e);
    }
  }

  private String base(Context ctx) {
    return publicUrl.base(ctx) + "/ogc";
  }

  void landing(Context ctx) {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.META_PARAMS);
    String base = base(ctx);
    ObjectNode body = json.createObjectNode();
    body.put("title", "Linli (邻里) community service facilities");
    body.put("description", "Facilities, communities, districts and streets of Qingdao's community service plan, CGCS2000.");
    ArrayNode links = body.putArray("links");
    link(links, base, "self", "application/json", "This document");
    link(links, base + "/api", "service-desc", OPENAPI_MEDIA_TYPE, "The API definition (OpenAPI 3.0)");
    link(links, base + "/api?f=html", "service-doc", "text/html", "The API definition as a web page");
    link(links, base + "/conformance", "conformance", "application/json", "Conformance classes");
    link(links, base + "/collections", "data", "application/json", "The feature collections");
    ctx.json(body);
  }

  /** /req/oas30/oas-definition-1: the definition in JSON and, for f=html or browsers, in HTML. */
  void api(Context ctx) throws IOException {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.META_PARAMS, Set.of("json", "html"));
    String f = ctx.queryParam("f");
    String accept = ctx.header("Accept");
    boolean html = "html".equals(f)
        || (f == null && accept != null && accept.contains("text/html") && !accept.contains("json"));
    // Absolute, so a client resolves the paths to the public /ogc, under a base path too.
    ObjectNode doc = openApi.deepCopy();
    doc.putArray("servers").addObject().put("url", base(ctx));
    if (html) {
      ctx.contentType("text/html; charset=utf-8").result(html(doc));
    } else {
      ctx.contentType(OPENAPI_MEDIA_TYPE).result(json.writeValueAsBytes(doc));
    }
  }

  void conformance(Context ctx) {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.META_PARAMS);
    ObjectNode body = json.createObjectNode();
    CONFORMANCE.forEach(body.putArray("conformsTo")::add);
    ctx.json(body);
  }

  void collections(Context ctx) throws Exception {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.META_PARAMS);
    String base = base(ctx);
    ObjectNode body = json.createObjectNode();
    ArrayNode links = body.putArray("links");
    link(links, base + "/collections", "self", "application/json", "The feature collections");
    ArrayNode list = body.putArray("collections");
    for (OgcCollection c : OgcCollection.values()) {
      list.add(describe(c, base));
    }
    CoordinateSystem.uris().forEach(body.putArray("crs")::add);
    ctx.json(body);
  }

  void collection(Context ctx) throws Exception {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.META_PARAMS);
    ctx.json(describe(collection(ctx.pathParam("collection")), base(ctx)));
  }

  void queryables(Context ctx) {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.META_PARAMS);
    OgcCollection c = collection(ctx.pathParam("collection"));
    ObjectNode schema = json.createObjectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", base(ctx) + "/collections/" + c.id() + "/queryables");
    schema.put("type", "object");
    schema.put("title", c.title());
    ObjectNode props = schema.putObject("properties");
    for (Queryable q : c.queryables().values()) {
      ObjectNode p = props.putObject(q.name());
      p.put("title", q.name());
      switch (q.type()) {
        case STRING -> p.put("type", "string");
        case INTEGER -> p.put("type", "integer");
        case NUMBER -> p.put("type", "number");
        case BOOLEAN -> p.put("type", "boolean");
        case DATE -> p.put("type", "string").put("format", "date");
        case TIMESTAMP -> p.put("type", "string").put("format", "date-time");
        case GEOMETRY -> p.put("format", "geometry-" + c.geometryType().toLowerCase());
      }
    }
    schema.put("additionalProperties", false);
    ctx.contentType("application/schema+json").result(schema.toString().getBytes(StandardCharsets.UTF_8));
  }

  void items(Context ctx) throws Exception {
    auth.requireReader(ctx);
    OgcCollection c = collection(ctx.pathParam("collection"));
    ItemsQuery query = OgcParams.items(ctx, c);
    FeaturePage page;
    try {
      page = store.items(query);
    } catch (CqlException e) {
      throw Problem.invalid("filter", e.getMessage());
    }
    ArrayNode links = json.createArrayNode();
    link(links, publicUrl.of(ctx), "self", GeoJsonResponse.MEDIA_TYPE, "This page");
    link(links, base(ctx) + "/collections/" + c.id(), "collection", "application/json", c.title());
    // /req/queryables/queryables-link: the filterable resource points to its queryables, also as a header.
    String queryables = base(ctx) + "/collections/" + c.id() + "/queryables";
    link(links, queryables, QUERYABLES_REL, "application/schema+json", "Properties a filter may use");
    ctx.header("Link", "<" + queryables + ">; rel=\"" + QUERYABLES_REL + "\"; type=\"application/schema+json\"");
    if (query.offset() + page.numberReturned() < page.numberMatched()) {
      String next = Paging.next(publicUrl.of(ctx), query.limit(), query.offset() + page.numberReturned());
      link(links, next, "next", GeoJsonResponse.MEDIA_TYPE, "Next page");
    }
    ctx.header("Content-Crs", "<" + query.crs().uri() + ">");
    // The features are already JSON from PostGIS: splice them in rather than parse and re-serialise
    // them (that round trip was a fifth of the request's time, docs/BENCHMARKS.md).
    String body = "{\"type\":\"FeatureCollection\",\"features\":" + page.featuresJson()
        + ",\"timeStamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"numberMatched\":"
        + page.numberMatched() + ",\"numberReturned\":" + page.numberReturned() + ",\"links\":" + links + "}";
    GeoJsonResponse.write(ctx, body);
  }

  void item(Context ctx) throws Exception {
    auth.requireReader(ctx);
    OgcParams.rejectUnknown(ctx, OgcParams.ITEM_PARAMS);
    OgcCollection c = collection(ctx.pathParam("collection"));
    CoordinateSystem crs = OgcParams.crs(new QueryParams(ctx), "crs");
    String id = ctx.pathParam("featureId");
    String feature = store.item(c, id, crs)
        .orElseThrow(() -> Problem.notFound("no feature " + id + " in collection " + c.id()));
    ObjectNode body = (ObjectNode) json.readTree(feature);
    ArrayNode links = body.putArray("links");
    String base = base(ctx) + "/collections/" + c.id();
    link(links, base + "/items/" + id, "self", GeoJsonResponse.MEDIA_TYPE, "This feature");
    link(links, base, "collection", "application/json", c.title());
    ctx.header("Content-Crs", "<" + crs.uri() + ">");
    GeoJsonResponse.write(ctx, body.toString());
  }

  private ObjectNode describe(OgcCollection c, String base) throws Exception {
    ObjectNode node = json.createObjectNode();
    node.put("id", c.id());
    node.put("title", c.title());
    node.put("description", c.description());
    node.put("itemType", "feature");
    ArrayNode links = node.putArray("links");
    String self = base + "/collections/" + c.id();
    link(links, self, "self", "application/json", c.title());
    link(links, self + "/items", "items", GeoJsonResponse.MEDIA_TYPE, c.title() + " as GeoJSON");
    link(links, self + "/queryables", QUERYABLES_REL, "application/schema+json", "Properties a filter may use");
    OgcFeatureStore.Extent extent = store.extent(c);
    ObjectNode ext = node.putObject("extent");
    if (extent.bbox() != null) {
      ObjectNode spatial = ext.putObject("spatial");
      ArrayNode box = spatial.putArray("bbox").addArray();
      for (double v : extent.bbox()) {
        box.add(v);
      }
      spatial.put("crs", CoordinateSystem.CRS84.uri());
    }
    if (extent.start() != null) {
      ObjectNode temporal = ext.putObject("temporal");
      // extent.yaml wants RFC 3339 date-times; opened_on is a date, so from its first day's start
      // to its last day's end.
      temporal.putArray("interval").addArray().add(extent.start() + "T00:00:00Z").add(extent.end() + "T23:59:59Z");
      temporal.put("trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");
    }
    CoordinateSystem.uris().forEach(node.putArray("crs")::add);
    node.put("storageCrs", CoordinateSystem.CGCS2000.uri());
    return node;
  }

  private static OgcCollection collection(String id) {
    return OgcCollection.byId(id).orElseThrow(() -> Problem.notFound("no collection '" + id + "' (see /ogc/collections)"));
  }

  private static void link(ArrayNode links, String href, String rel, String type, String title) {
    links.addObject().put("href", href).put("rel", rel).put("type", type).put("title", title);
  }

  /** The API definition for people: each operation with its parameters and responses, then the JSON. */
  private static String html(JsonNode api) throws IOException {
    String server = api.at("/servers/0/url").asText("");
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
        .append(escape(api.at("/info/title").asText())).append("</title></head>\n<body>\n<h1>")
        .append(escape(api.at("/info/title").asText())).append(" <small>").append(escape(api.at("/info/version").asText()))
        .append("</small></h1>\n<p>").append(escape(api.at("/info/description").asText())).append("</p>\n");
    for (var paths = api.get("paths").fields(); paths.hasNext(); ) {
      var path = paths.next();
      for (var ops = path.getValue().fields(); ops.hasNext(); ) {
        var op = ops.next();
        JsonNode operation = op.getValue();
        out.append("<h2 id=\"").append(escape(operation.path("operationId").asText())).append("\"><code>")
            .append(op.getKey().toUpperCase(Locale.ROOT)).append(' ').append(escape(server + path.getKey()))
            .append("</code> ").append(escape(operation.path("operationId").asText())).append("</h2>\n<p>")
            .append(escape(operation.path("summary").asText())).append("</p>\n<table>\n")
            .append("<tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th><th>Description</th></tr>\n");
        for (JsonNode p : operation.path("parameters")) {
          JsonNode parameter = p.has("$ref") ? api.at(p.get("$ref").asText().substring(1)) : p;
          out.append("<tr><td>").append(escape(parameter.path("name").asText())).append("</td><td>")
              .append(escape(parameter.path("in").asText())).append("</td><td>")
              .append(parameter.path("required").asBoolean(false) ? "yes" : "no").append("</td><td><code>")
              .append(escape(parameter.path("schema").toString())).append("</code></td><td>")
              .append(escape(parameter.path("description").asText())).append("</td></tr>\n");
        }
        out.append("</table>\n<ul>\n");
        for (var responses = operation.path("responses").fields(); responses.hasNext(); ) {
          var response = responses.next();
          JsonNode r = response.getValue().has("$ref")
              ? api.at(response.getValue().get("$ref").asText().substring(1)) : response.getValue();
          out.append("<li>").append(response.getKey()).append(": ").append(escape(r.path("description").asText()))
              .append("</li>\n");
        }
        out.append("</ul>\n");
      }
    }
    out.append("<h2>OpenAPI 3.0 definition</h2>\n<pre>")
        .append(escape(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(api)))
        .append("</pre>\n</body>\n</html>\n");
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
