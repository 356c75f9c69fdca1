package linli.web;

import static linli.web.OgcFixture.CRS84;
import static linli.web.OgcFixture.ITEMS;
import static linli.web.OgcFixture.enc;
import static linli.web.OgcFixture.header;
import static linli.web.OgcFixture.link;
import static linli.web.OgcFixture.mediaType;
import static linli.web.OgcFixture.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import linli.registry.testing.TestPostgis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OGC API - Features - Part 1, requirements class OpenAPI 3.0: the definition at /ogc/api, checked
 * as a document and against what the running server actually does, including its error answers.
 */
@ExtendWith(PostgisExtension.class)
class OgcOpenApiIT {
  private static final String OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static OgcFixture fx;
  private static JsonNode api;

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
    api = fx.json("/ogc/api");
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  @DisplayName("/req/oas30/oas-definition-1")
  void reqOas30OasDefinition1() throws Exception {
    HttpResponse<String> json = fx.get("/ogc/api", "Accept", OPENAPI_JSON);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(mediaType(header(json, "Content-Type"))).isEqualTo(OPENAPI_JSON);
    assertThat(RunningApp.json(json).get("openapi").asText()).startsWith("3.0.");
    // The same definition as HTML, for people.
    HttpResponse<String> html = fx.get("/ogc/api", "Accept", "text/html");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(mediaType(header(html, "Content-Type"))).isEqualTo("text/html");
    assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("<title>", "getFeatures", "/collections/{collectionId}/items");
    assertThat(mediaType(header(fx.get("/ogc/api?f=html"), "Content-Type"))).isEqualTo("text/html");
    assertThat(mediaType(header(fx.get("/ogc/api?f=json", "Accept", "text/html"), "Content-Type")))
        .isEqualTo(OPENAPI_JSON);
    // Both are linked from the landing page with their media types.
    JsonNode landing = fx.json("/ogc");
    assertThat(link(landing, "service-desc").get("type").asText()).isEqualTo(OPENAPI_JSON);
    assertThat(link(landing, "service-doc").get("type").asText()).isEqualTo("text/html");
    assertThat(fx.local(link(landing, "service-doc").get("href").asText())).startsWith("/ogc/api");
  }

  @Test
  @DisplayName("/req/oas30/oas-definition-2")
  void reqOas30OasDefinition2() {
    assertThat(openApi30Problems(api)).isEmpty();
    // The checker is not blind: it finds what a broken document gets wrong.
    JsonNode broken = api.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken).put("openapi", "3.1.0");
    ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/paths/~1collections~1{collectionId}~1items/get"))
        .remove("responses");
    assertThat(openApi30Problems(broken)).hasSize(2);
  }

  @Test
  @DisplayName("/req/oas30/oas-impl")
  void reqOas30OasImpl() throws Exception {
    long featureId = fx.facilities.get(0).id();
    JsonNode collectionIds = api.at("/components/parameters/collectionId/schema/enum");
    assertThat(collectionIds).hasSize(4);
    int calls = 0;
    for (Iterator<String> paths = api.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      JsonNode operation = api.at("/paths/" + pointer(path) + "/get");
      for (JsonNode collectionId : collectionIds) {
        String community = fx.communities.get(0).code();
        String id = switch (collectionId.asText()) {
          case "facilities" -> Long.toString(featureId);
          case "districts" -> community.substring(0, 6);
          case "streets" -> community.substring(0, 9);
          default -> community;
        };
        String concrete = "/ogc" + path.replace("{collectionId}", collectionId.asText()).replace("{featureId}", id);
        HttpResponse<String> r = fx.get(concrete);
        assertThat(r.statusCode()).as(concrete).isEqualTo(200);
        // The answer is one of the media types the definition promises for 200.
        assertThat(operation.at("/responses/200/content").has(mediaType(header(r, "Content-Type"))))
            .as("%s answers %s", concrete, header(r, "Content-Type")).isTrue();
        calls++;
        // Every value an enumerated query parameter allows is accepted.
        for (JsonNode p : operation.path("parameters")) {
          JsonNode parameter = resolve(api, p);
          if (!parameter.get("in").asText().equals("query") || !parameter.at("/schema/enum").isArray()) {
            continue;
          }
          for (JsonNode value : parameter.at("/schema/enum")) {
            String query = parameter.get("name").asText() + "=" + enc(value.asText());
            // A box around Qingdao in each CRS's own axis order.
            String box = value.asText().endsWith("4549") ? "3900000,400000,4100000,600000"
                : value.asText().endsWith("3857") ? "13000000,4000000,14000000,5000000"
                : value.asText().equals(CRS84) ? "119,35,122,37"
                : value.asText().endsWith("/4490") || value.asText().endsWith("/4326") ? "35,119,37,122"
                : value.asText().startsWith("http://www.opengis.net/def/crs/EPSG/0/") ? zoneBox(value.asText())
                : "";
            if (parameter.get("name").asText().equals("filter-crs")) {
              query += "&filter=" + enc("S_INTERSECTS(geometry, BBOX(" + box + "))");
            } else if (parameter.get("name").asText().equals("filter-lang")) {
              query += "&filter=" + enc("name IS NOT NULL");
            } else if (parameter.get("name").asText().equals("bbox-crs")) {
              query += "&bbox=" + box;
            }
            HttpResponse<String> v = fx.get(concrete + "?" + query);
            assertThat(v.statusCode()).as("%s?%s: %s", concrete, query, v.body()).isEqualTo(200);
            calls++;
          }
        }
      }
    }
    assertThat(calls).isGreaterThan(40);
    // Documented defaults are the server's defaults.
    JsonNode items = api.at("/paths/~1collections~1{collectionId}~1items/get");
    int defaultLimit = parameterDefault(items, "limit").asInt();
    assertThat(fx.json(ITEMS).get("numberReturned").asInt()).isEqualTo(defaultLimit);
    assertThat(header(fx.get(ITEMS), "Content-Crs")).isEqualTo("<" + parameterDefault(items, "crs").asText() + ">");
    assertThat(parameterDefault(items, "filter-lang").asText()).isEqualTo("cql2-text");
    assertThat(fx.json(ITEMS + "?filter=" + enc("capacity > 1000")).get("numberMatched").asLong())
        .isEqualTo(fx.expect(f -> f.data().capacity() != null && f.data().capacity() > 1000).size());
  }

  @Test
  @DisplayName("/req/oas30/completeness")
  void reqOas30Completeness() throws Exception {
    long featureId = fx.facilities.get(0).id();
    Map<String, String> concrete = concretePaths(featureId);
    List<String> checked = new ArrayList<>();
    // Answers of the normal server: success, an unknown parameter, unknown collections and features.
    for (var e : concrete.entrySet()) {
      checked.add(assertDeclared(e.getKey(), fx.get(e.getValue())));
      checked.add(assertDeclared(e.getKey(), fx.get(e.getValue() + "?frobnicate=1")));
      if (e.getKey().contains("{collectionId}")) {
        checked.add(assertDeclared(e.getKey(), fx.get(e.getValue().replace("/facilities", "/nowhere"))));
      }
      if (e.getKey().contains("{featureId}")) {
        checked.add(assertDeclared(e.getKey(), fx.get(e.getValue().replace("/" + featureId, "/424242424"))));
      }
    }
    // A server whose reads need a token: without one, or with one it does not know.
    try (RunningApp locked = new RunningApp(fx.db, Map.of("LINLI_PUBLIC_READ", "false"))) {
      for (var e : concrete.entrySet()) {
        checked.add(assertDeclared(e.getKey(), locked.get(e.getValue())));
        checked.add(assertDeclared(e.getKey(), locked.get(e.getValue(), "Authorization", "Bearer wrong")));
        assertThat(locked.get(e.getValue(), RunningApp.admin()).statusCode()).isEqualTo(200);
      }
    }
    assertThat(checked).contains("401", "404", "400", "200");
  }

  @Test
  @DisplayName("/req/oas30/exception-codes")
  void reqOas30ExceptionCodes() throws Exception {
    // Errors that originate in the server: an unreachable database is a 503 from every operation
    // that needs it; anything unexpected is a 500. Both must be in the definition.
    Map<String, String> concrete = concretePaths(fx.facilities.get(0).id());
    TestPostgis server = TestPostgis.get();
    String url = server.createMigratedDatabase("OgcDeadDatabase");
    Database dead = Database.connect(url);
    dead.close();
    Set<String> unavailable = new TreeSet<>();
    Set<String> unavailableWithTokens = new TreeSet<>();
    try (RunningApp app = new RunningApp(dead);
        RunningApp locked = new RunningApp(dead, Map.of("LINLI_PUBLIC_READ", "false"))) {
      for (var e : concrete.entrySet()) {
        HttpResponse<String> r = app.get(e.getValue());
        if (r.statusCode() != 200) {
          assertThat(r.statusCode()).as(e.getValue()).isEqualTo(503);
          assertThat(r.body()).doesNotContain("Exception", "at linli.", "HikariDataSource");
          assertDeclared(e.getKey(), r);
          unavailable.add(e.getKey());
        }
        // Where reads need a token, checking one needs the database too: every operation.
        HttpResponse<String> checked = locked.get(e.getValue(), "Authorization", "Bearer some-viewer-token");
        assertThat(checked.statusCode()).as(e.getValue()).isEqualTo(503);
        assertDeclared(e.getKey(), checked);
        unavailableWithTokens.add(e.getKey());
      }
    } finally {
      server.dropDatabase(url);
    }
    assertThat(unavailable).contains("/collections", "/collections/{collectionId}",
        "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}");
    assertThat(unavailableWithTokens).isEqualTo(concrete.keySet());
    for (String path : concrete.keySet()) {
      JsonNode responses = api.at("/paths/" + pointer(path) + "/get/responses");
      assertThat(responses.has("500")).as("500 declared for %s", path).isTrue();
    }
  }

  @Test
  @DisplayName("/req/oas30/security")
  void reqOas30Security() throws Exception {
    // Reads can be access-controlled (LINLI_PUBLIC_READ=false): the scheme is in the definition...
    JsonNode scheme = api.at("/components/securitySchemes/bearer");
    assertThat(scheme.get("type").asText()).isEqualTo("http");
    assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
    List<String> requirements = new ArrayList<>();
    api.get("security").forEach(s -> requirements.add(s.toString()));
    assertThat(requirements).as("optional: open reads need no token").containsExactlyInAnyOrder("{}", "{\"bearer\":[]}");
    // ... and it is the one the server applies.
    assertThat(fx.get("/ogc/collections").statusCode()).isEqualTo(200);
    try (RunningApp locked = new RunningApp(fx.db, Map.of("LINLI_PUBLIC_READ", "false"))) {
      HttpResponse<String> denied = locked.get("/ogc/collections");
      assertThat(denied.statusCode()).isEqualTo(401);
      assertThat(header(denied, "WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(locked.get("/ogc/collections", RunningApp.admin()).statusCode()).isEqualTo(200);
    }
  }

  // ---- helpers ----

  /** Each path of the definition with facilities and a real feature id filled in. */
  private static Map<String, String> concretePaths(long featureId) {
    Map<String, String> concrete = new LinkedHashMap<>();
    api.get("paths").fieldNames().forEachRemaining(p -> concrete.put(p,
        "/ogc" + p.replace("{collectionId}", "facilities").replace("{featureId}", Long.toString(featureId))));
    return concrete;
  }

  /** The response's status and media type are declared for the operation; returns the status. */
  private static String assertDeclared(String path, HttpResponse<String> r) {
    String status = Integer.toString(r.statusCode());
    JsonNode response = api.at("/paths/" + pointer(path) + "/get/responses/" + status);
    assertThat(response.isMissingNode()).as("GET %s may answer %s: %s", path, status, r.body()).isFalse();
    response = resolve(api, response);
    String type = mediaType(header(r, "Content-Type"));
    if (type != null && !r.body().isEmpty()) {
      assertThat(response.path("content").has(type)).as("GET %s %s as %s", path, status, type).isTrue();
    }
    return status;
  }

  private static JsonNode parameterDefault(JsonNode operation, String name) {
    for (JsonNode p : operation.get("parameters")) {
      JsonNode parameter = resolve(api, p);
      if (parameter.get("name").asText().equals(name)) {
        return parameter.at("/schema/default");
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  /** For a CGCS2000 Gauss-Krüger zone, northing first: 2 km around the middle of where the zone is defined. */
  private static String zoneBox(String uri) {
    double[] area = linli.registry.crs.CoordinateSystem.parse(uri, linli.registry.crs.CoordinateSystem.Use.OGC)
        .orElseThrow(() -> new AssertionError("not offered: " + uri)).area();
    double e = Math.round((area[0] + area[2]) / 2);
    double n = Math.round((area[1] + area[3]) / 2);
    return (n - 1000) + "," + (e - 1000) + "," + (n + 1000) + "," + (e + 1000);
  }

  private static String pointer(String path) {
    return path.replace("~", "~0").replace("/", "~1");
  }

  /**
   * What makes a document an invalid OpenAPI 3.0 definition, as far as this API uses it: version,
   * info, paths and operations, parameters (path templates, locations, styles), responses,
   * schemas, and that every {@code $ref} resolves.
   */
  static List<String> openApi30Problems(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    if (!doc.path("openapi").asText().matches("3\\.0\\.\\d+")) {
      problems.add("openapi must be 3.0.x, is " + doc.path("openapi"));
    }
    if (!doc.at("/info/title").isTextual() || !doc.at("/info/version").isTextual()) {
      problems.add("info needs title and version");
    }
    for (JsonNode server : doc.path("servers")) {
      if (!server.path("url").isTextual()) {
        problems.add("server without url");
      }
    }
    if (!doc.path("paths").isObject()) {
      problems.add("paths missing");
      return problems;
    }
    Set<String> operationIds = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      var path = it.next();
      if (!path.getKey().startsWith("/")) {
        problems.add("path " + path.getKey() + " must start with /");
      }
      Set<String> templated = new TreeSet<>();
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
      while (m.find()) {
        templated.add(m.group(1));
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        var op = ops.next();
        if (!METHODS.contains(op.getKey())) {
          if (!Set.of("parameters", "summary", "description", "servers", "$ref").contains(op.getKey())) {
            problems.add(path.getKey() + ": unknown field " + op.getKey());
          }
          continue;
        }
        String where = op.getKey().toUpperCase() + " " + path.getKey();
        JsonNode operation = op.getValue();
        if (operation.has("operationId") && !operationIds.add(operation.get("operationId").asText())) {
          problems.add(where + ": duplicate operationId");
        }
        Set<String> pathParams = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode p : operation.path("parameters")) {
          JsonNode parameter = ref(doc, p, problems);
          String name = parameter.path("name").asText();
          String in = parameter.path("in").asText();
          if (name.isEmpty() || !Set.of("query", "header", "path", "cookie").contains(in)) {
            problems.add(where + ": parameter needs name and a valid in: " + parameter);
          }
          if (!seen.add(in + ":" + name)) {
            problems.add(where + ": duplicate parameter " + name);
          }
          if (in.equals("path")) {
            pathParams.add(name);
            if (!parameter.path("required").asBoolean(false)) {
              problems.add(where + ": path parameter " + name + " must be required");
            }
          }
          if (parameter.has("schema") == parameter.has("content")) {
            problems.add(where + ": parameter " + name + " needs exactly one of schema and content");
          }
          if (parameter.has("style") && in.equals("query")
              && !Set.of("form", "spaceDelimited", "pipeDelimited", "deepObject").contains(parameter.get("style").asText())) {
            problems.add(where + ": invalid style for " + name);
          }
          schema(doc, parameter.path("schema"), where + " " + name, problems);
        }
        if (!pathParams.equals(templated)) {
          problems.add(where + ": path parameters " + pathParams + " do not match the template " + templated);
        }
        JsonNode responses = operation.path("responses");
        if (!responses.isObject() || responses.isEmpty()) {
          problems.add(where + ": no responses");
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
          var response = rs.next();
          if (!response.getKey().matches("default|[1-5](\\d\\d|XX)")) {
            problems.add(where + ": invalid response key " + response.getKey());
          }
          JsonNode body = ref(doc, response.getValue(), problems);
          if (!body.path("description").isTextual()) {
            problems.add(where + " " + response.getKey() + ": description is required");
          }
          for (Iterator<Map.Entry<String, JsonNode>> cs = body.path("content").fields(); cs.hasNext(); ) {
            var content = cs.next();
            if (!content.getKey().contains("/")) {
              problems.add(where + ": not a media type: " + content.getKey());
            }
            schema(doc, content.getValue().path("schema"), where + " " + content.getKey(), problems);
          }
        }
      }
    }
    return problems;
  }

  private static JsonNode ref(JsonNode doc, JsonNode node, List<String> problems) {
    if (!node.has("$ref")) {
      return node;
    }
    String ref = node.get("$ref").asText();
    JsonNode target = ref.startsWith("#/") ? doc.at(ref.substring(1)) : null;
    if (target == null || target.isMissingNode()) {
      problems.add("unresolved $ref " + ref);
      return node;
    }
    return target;
  }

  private static void schema(JsonNode doc, JsonNode schema, String where, List<String> problems) {
    if (schema.isMissingNode()) {
      return;
    }
    schema = ref(doc, schema, problems);
    String type = schema.path("type").asText(null);
    if (type != null && !Set.of("array", "boolean", "integer", "number", "object", "string").contains(type)) {
      problems.add(where + ": invalid schema type " + type);
    }
    if ("array".equals(type) && !schema.has("items")) {
      problems.add(where + ": an array schema needs items");
    }
    for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields(); props.hasNext(); ) {
      var prop = props.next();
      schema(doc, prop.getValue(), where + "." + prop.getKey(), problems);
    }
    if (schema.has("items")) {
      schema(doc, schema.get("items"), where + "[]", problems);
    }
  }
}
