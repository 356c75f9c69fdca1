package linli.web;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageReport;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.coverage.ServiceAreas;
import linli.registry.coverage.NearestFacility;
import linli.registry.coverage.SiteSuggester;
import linli.registry.coverage.WhatIf;

/** Coverage: the summary, the communities as GeoJSON, what-if and suggested sites. */
final class CoverageHandlers {
  private final Services services;
  private final Auth auth;
  private final ObjectMapper json;

  CoverageHandlers(Services services, Auth auth, ObjectMapper json) {
    this.services = services;
    this.auth = auth;
    this.json = json;
  }

  void report(Context ctx) throws SQLException, JsonProcessingException {
    auth.requireReader(ctx);
    CoverageQuery query = query(ctx);
    boolean withCapacity = withCapacity(ctx, query);
    int uncoveredLimit = uncoveredLimit(ctx);
    CoverageReport report = services.coverage().report(query, withCapacity);
    if (withCapacity || query.isPast()) {
      ctx.json(report.withUncoveredFirst(uncoveredLimit)); // made afresh for each request: nothing to keep
    } else {
      ctx.contentType(ContentType.APPLICATION_JSON).result(reportJson.bytes(report, uncoveredLimit));
    }
  }

  static final String UNCOVERED_LIMIT = "uncovered_limit";

  /**
   * {@code uncovered_limit=n}: list only the first n unserved communities (the largest); absent, all
   * of them. At province scale the whole list is 0.6–11 MB of JSON, while a map showing its districts
   * and the first page of the list needs a few dozen; the counts stay whole either way.
   */
  private static int uncoveredLimit(Context ctx) {
    return new QueryParams(ctx).integer(UNCOVERED_LIMIT, Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
  }

  /**
   * The JSON of the last few reports, by identity: the engine hands out the same report while the
   * registry is unchanged, and at province scale writing its 2 MB (every unserved community) took a
   * third of a cached answer's time, asked again by every planner's map.
   */
  private final RecentJson reportJson = new RecentJson();

  private final class RecentJson {
    private static final int KEPT = 8;
    private final CoverageReport[] reports = new CoverageReport[KEPT];
    private final int[] limits = new int[KEPT];
    private final byte[][] bytes = new byte[KEPT][];
    private int next;

    /** The report's JSON with at most {@code uncoveredLimit} unserved communities listed. */
    byte[] bytes(CoverageReport report, int uncoveredLimit) throws JsonProcessingException {
      // A limit at or beyond the list's length writes the whole report: one entry for both.
      int limit = Math.min(uncoveredLimit, report.uncovered().size());
      synchronized (this) {
        for (int i = 0; i < KEPT; i++) {
          if (reports[i] == report && limits[i] == limit) {
            return bytes[i];
          }
        }
      }
      byte[] written = json.writeValueAsBytes(report.withUncoveredFirst(limit));
      synchronized (this) {
        reports[next] = report;
        limits[next] = limit;
        bytes[next] = written;
        next = (next + 1) % KEPT;
      }
      return written;
    }
  }

  /** GET /api/coverage/changes?from&to&category&distance&mode&district&status: what changed between two instants. */
  void changes(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    Map<String, String> values = new QueryParams(ctx).texts(CoverageQuestion.CATEGORY, CoverageQuestion.DISTANCE,
        CoverageQuestion.MODE, CoverageQuestion.DISTRICT, CoverageQuestion.STATUS, CoverageQuestion.FROM,
        CoverageQuestion.TO);
    CoverageQuestion.Comparison comparison = CoverageQuestion.parseComparison(values, context());
    if (!comparison.ok()) {
      throw Problem.invalid(comparison.violations());
    }
    ctx.json(services.coverage().changes(comparison.from(), comparison.to()));
  }

  void suggest(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    CoverageQuery query = query(ctx);
    if (query.isPast()) {
      throw Problem.invalid(CoverageQuestion.AS_OF, "suggested sites are for the registry as it stands; leave as_of out");
    }
    int k = new QueryParams(ctx).integer("k", 5, 1, SiteSuggester.MAX_K);
    // Asked between its searches whether the client is still there: a suggestion the map superseded
    // (or a client that gave up) stops within ClientGone's 0.1 s, answered 499 (ProblemMapper).
    ctx.json(services.suggester().suggest(query, k, ClientGone.of(ctx)));
  }

  /** POST /api/coverage/what-if: {category, distance_m, mode, district, status, add, remove}; stores nothing. */
  void whatIf(Context ctx) throws Exception {
    auth.requireReader(ctx);
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw Problem.invalid("body", "is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw Problem.invalid("body", "must be a JSON object");
    }
    CoverageQuery query = question(CoverageQuestion.parseBody(bodyValues(body), context()));
    List<double[]> add = new ArrayList<>();
    JsonNode sites = body.path("add");
    if (!sites.isMissingNode() && !sites.isArray()) {
      throw Problem.invalid("add", "must be a list of [lon, lat] pairs");
    }
    for (int i = 0; i < sites.size(); i++) {
      JsonNode p = sites.get(i);
      if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()
          || Math.abs(p.get(0).asDouble()) > 180 || Math.abs(p.get(1).asDouble()) > 90) {
        throw Problem.invalid("add[" + i + "]", "must be [lon, lat] in degrees");
      }
      add.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()});
    }
    List<Long> remove = new ArrayList<>();
    JsonNode ids = body.path("remove");
    if (!ids.isMissingNode() && !ids.isArray()) {
      throw Problem.invalid("remove", "must be a list of facility ids");
    }
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).canConvertToLong() || !ids.get(i).isIntegralNumber()) {
        throw Problem.invalid("remove[" + i + "]", "must be a facility id");
      }
      remove.add(ids.get(i).asLong());
    }
    if (add.size() > WhatIf.MAX_SITES || remove.size() > WhatIf.MAX_SITES) {
      throw Problem.invalid(add.size() > WhatIf.MAX_SITES ? "add" : "remove", "at most " + WhatIf.MAX_SITES + " entries");
    }
    ctx.json(services.whatIf().analyse(new WhatIf(query, add, remove)));
  }

  /**
   * GET /api/facilities/{id}/service-area?distance=&mode=&shape=: a GeoJSON Feature, the area within the
   * distance (default the category's). In network mode also the reached road parts
   * ({@code reached_roads}, a MultiLineString) and the {@code shape} (tight, the default, or outward);
   * {@code errs} says which way the area's outline errs, {@code tolerance_m} how far for a tight one.
   */
  void serviceArea(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    String raw = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw Problem.invalid("id", "'" + raw + "' is not a facility id");
    }
    QueryParams params = new QueryParams(ctx);
    Double distance = params.number(CoverageQuestion.DISTANCE, CoverageQuestion.MIN_DISTANCE_M,
        CoverageQuestion.MAX_DISTANCE_M);
    String modeText = params.text(CoverageQuestion.MODE);
    CoverageMode mode = modeText == null ? CoverageMode.STRAIGHT : CoverageMode.parse(modeText)
        .orElseThrow(() -> Problem.invalid(CoverageQuestion.MODE, "'" + modeText + "' is not one of straight, network"));
    ServiceAreas.Shape shape = shape(params);
    writeServiceArea(ctx, () -> services.serviceAreas().facility(id, distance, mode, shape)
        .orElseThrow(() -> Problem.notFound("no facility " + id)));
  }

  /**
   * GET /api/service-area?lon=&lat=&category=&distance=&mode=: the area of a proposed site, drawn as a
   * facility of the category standing there would have it (the facility endpoint's Feature, with a
   * null {@code facility_id}); category, distance and mode read as /api/coverage reads them.
   */
  void siteServiceArea(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    QueryParams params = new QueryParams(ctx);
    double lon = required(params.number("lon", -180, 180), "lon");
    double lat = required(params.number("lat", -90, 90), "lat");
    CoverageQuery question = question(CoverageQuestion.parse(params.texts(CoverageQuestion.CATEGORY,
        CoverageQuestion.DISTANCE, CoverageQuestion.MODE), context()));
    ServiceAreas.Shape shape = shape(params);
    ServiceAreas.Origin site = ServiceAreas.Origin.site(lon, lat, question.category(), question.distanceM());
    writeServiceArea(ctx, () -> services.serviceAreas().site(site, question.mode(), shape));
  }

  /** {@code shape=tight|outward} (network mode only; default tight). */
  private static ServiceAreas.Shape shape(QueryParams params) {
    String text = params.text("shape");
    return text == null ? ServiceAreas.Shape.TIGHT : ServiceAreas.Shape.parse(text)
        .orElseThrow(() -> Problem.invalid("shape", "'" + text + "' is not one of tight, outward"));
  }

  private static double required(Double value, String name) {
    if (value == null) {
      throw Problem.invalid(name, "is required");
    }
    return value;
  }

  private interface AreaReading {
    ServiceAreas.ServiceArea read() throws SQLException;
  }

  /** The area as a GeoJSON Feature, one shape for facilities and proposed sites. */
  private void writeServiceArea(Context ctx, AreaReading reading) throws SQLException {
    ServiceAreas.ServiceArea area;
    try {
      area = reading.read();
    } catch (ServiceAreas.TooFar e) { // also when the category's default distance is that long
      throw Problem.invalid(CoverageQuestion.DISTANCE, e.getMessage());
    }
    ServiceAreas.Origin origin = area.origin();
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    properties.put("facility_id", origin.facilityId());
    properties.put("category", origin.category());
    properties.put("name", origin.name());
    properties.put("status", origin.status());
    properties.put("site", List.of(origin.lon(), origin.lat()));
    properties.put("distance_m", origin.distanceM());
    properties.put("mode", area.mode().code());
    // Straight: the chords of the circle lie inside it. Network, tight: the engine's own rule (leg to
    // the nearest road), right except within tolerance_m of the outline. Network, outward: discs
    // around every reached road point (docs/SERVICE_AREAS.md).
    if (area.mode() == CoverageMode.NETWORK) {
      properties.put("shape", area.shape().code());
      properties.put("errs", area.shape() == ServiceAreas.Shape.TIGHT ? "within_tolerance" : "outward");
      if (area.toleranceM() != null) {
        properties.put("tolerance_m", area.toleranceM());
      }
    } else {
      properties.put("errs", "inward");
    }
    Map<String, Object> feature = new java.util.LinkedHashMap<>();
    feature.put("type", "Feature");
    if (origin.facilityId() != null) {
      feature.put("id", origin.facilityId());
    }
    try {
      feature.put("geometry", json.readTree(area.geometryJson()));
      if (area.reachedRoadsJson() != null) {
        properties.put("reached_roads", json.readTree(area.reachedRoadsJson()));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("PostGIS wrote unreadable GeoJSON", e);
    }
    feature.put("properties", properties);
    GeoJsonResponse.write(ctx, json.valueToTree(feature).toString()); // UTF-8 said and sent: names are Chinese
  }

  void communities(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    CoverageQuery query = query(ctx);
    GeoJsonResponse.write(ctx, services.coverage().communitiesGeoJson(query, withCapacity(ctx, query)));
  }

  /**
   * GET /api/coverage/communities/{code}: where the community's coverage is measured from and the
   * facility of the category nearest it in a straight line (named, placed, its distance), for the
   * map's answer to "why (not) covered". The question is read as /api/coverage reads it; the
   * nearest facility is always the straight-line one, which the answer says.
   */
  void community(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    String code = ctx.pathParam("code");
    if (!code.matches("[0-9]{12}")) {
      throw Problem.invalid("code", "'" + code + "' is not a 12-digit community code");
    }
    CoverageQuery query = query(ctx);
    if (query.isPast()) {
      // The nearest facility is looked up among today's facilities; read from the history it is not (yet).
      throw Problem.invalid(CoverageQuestion.AS_OF, "the nearest facility is for the registry as it stands; leave as_of out");
    }
    NearestFacility.Answer answer = services.nearest().of(code, query)
        .orElseThrow(() -> Problem.notFound("no community " + code));
    ObjectNode body = json.createObjectNode();
    body.put("code", answer.code());
    body.putArray("anchor").add(answer.anchorLon()).add(answer.anchorLat());
    body.put("office", answer.office());
    body.put("category", query.category());
    body.put("measured", "straight");
    NearestFacility.Facility f = answer.nearest();
    if (f == null) {
      body.putNull("nearest");
    } else {
      ObjectNode nearest = body.putObject("nearest");
      nearest.put("id", f.id());
      nearest.put("name", f.name());
      nearest.putArray("coordinates").add(f.lon()).add(f.lat());
      nearest.put("distance_m", f.distanceM());
    }
    ctx.json(body);
  }

  /**
   * {@code capacity=true|false}, default false: the floating catchment costs about as much again as
   * coverage itself on a first (uncached) request, and the summary lists every facility, so the
   * map's first view does not pay for it unless it asks (the Qingdao map test ran into its 20 s
   * budget under load when shelters had it by default).
   */
  private static boolean withCapacity(Context ctx, CoverageQuery query) {
    String value = new QueryParams(ctx).text("capacity");
    if (value == null) {
      return false;
    }
    boolean asked = switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Problem.invalid("capacity", "'" + value + "' is not one of true, false");
    };
    if (asked && query.isPast()) {
      // Capacity reads today's places and catchments; the history is not read for it (yet).
      throw Problem.invalid("capacity", "is computed for the registry as it stands only: leave as_of out");
    }
    return asked;
  }

  /** The question's fields of the what-if body as the parser takes them: JSON text, numbers, or anything else to refuse. */
  private Map<String, Object> bodyValues(JsonNode body) {
    Map<String, Object> values = new HashMap<>();
    for (String field : List.of(CoverageQuestion.CATEGORY, CoverageQuestion.DISTANCE_M, CoverageQuestion.MODE,
        CoverageQuestion.DISTRICT, CoverageQuestion.STATUS)) {
      JsonNode value = body.get(field);
      values.put(field, value == null || value.isNull() ? null : value.isNumber() ? value.numberValue()
          : value.isTextual() ? value.asText() : json.convertValue(value, Object.class));
    }
    return values;
  }

  /** The query parameters as a validated {@link CoverageQuery}; every mistake names its field. */
  CoverageQuery query(Context ctx) throws SQLException {
    Map<String, String> values = new QueryParams(ctx).texts(CoverageQuestion.CATEGORY, CoverageQuestion.DISTANCE,
        CoverageQuestion.MODE, CoverageQuestion.DISTRICT, CoverageQuestion.STATUS, CoverageQuestion.AS_OF);
    return question(CoverageQuestion.parse(values, context()));
  }

  private CoverageQuestion.Context context() {
    return CoverageQuestion.Context.of(services.categories(), services.divisions(), services.coverage().history());
  }

  private static CoverageQuery question(CoverageQuestion.Answer answer) {
    if (!answer.ok()) {
      throw Problem.invalid(answer.violations());
    }
    return answer.query();
  }
}
