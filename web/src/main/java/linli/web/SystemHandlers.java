package linli.web;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import linli.registry.Violation;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.overview.RegistryOverview;

/**
 * Health, liveness and readiness (always open), metrics, what the registry holds, categories,
 * districts and the plan's indicators.
 */
final class SystemHandlers {
  private final Services services;
  private final Auth auth;
  private final int planYear;
  private final AppMetrics metrics;
  private final boolean metricsPublic;
  private final String cityName;
  private final MapConfig map;
  /** Once the schema was seen current it stays so: only this build's migrations change it. */
  private volatile boolean schemaSeenCurrent;

  SystemHandlers(Services services, Auth auth, int planYear, AppMetrics metrics, boolean metricsPublic,
      String cityName, MapConfig map) {
    this.services = services;
    this.auth = auth;
    this.planYear = planYear;
    this.metrics = metrics;
    this.metricsPublic = metricsPublic;
    this.cityName = cityName;
    this.map = map;
  }

  /** GET /api/registry: the city's name (LINLI_CITY_NAME, else null), what each layer holds, where, and whether it is the demo. */
  void registry(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    // The overview is kept until the change feed announces a change: every change committed before
    // this request (by any process, e.g. an import job or psql) must have been announced first.
    services.changes().catchUpAll();
    RegistryOverview.Contents contents = services.overview().read();
    ctx.json(new RegistryAnswer(cityName, contents.counts(), contents.extent(), contents.demo()));
  }

  /**
   * GET /api/map-config: the basemaps the map page offers, with their tile URL templates, and which
   * one it shows first (the self-hosted one, else Tianditu when a key is set, else none). The
   * Tianditu key is in its template: a browser key, which the browser sends to Tianditu with every
   * tile anyway; nothing else configured is a secret or is answered here.
   */
  void mapConfig(Context ctx) {
    auth.requireReader(ctx);
    List<Basemap> basemaps = new ArrayList<>();
    if (map.basemapUrl() != null) {
      basemaps.add(new Basemap("custom", map.basemapUrl(), map.basemapAttribution(), null, 19));
    }
    if (map.tiandituKey() != null) {
      basemaps.add(new Basemap("tianditu", TIANDITU + map.tiandituKey(), "天地图", "01234567", 18));
    }
    basemaps.add(new Basemap("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors",
        null, 19));
    ctx.json(new MapConfigAnswer(basemaps.get(0).id().equals("osm") ? "none" : basemaps.get(0).id(), basemaps));
  }

  /** Tianditu's vector basemap on the Web Mercator grid ("_w"), CGCS2000 like our data; the key follows. */
  static final String TIANDITU = "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
      + "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=";

  private record Basemap(String id, String url, String attribution, String subdomains, int maxZoom) {}

  private record MapConfigAnswer(String defaultBasemap, List<Basemap> basemaps) {}

  private record RegistryAnswer(String cityName, RegistryOverview.Counts counts, List<Double> extent, boolean demo) {}

  /** GET /health/live: the process serves requests; asks nothing of the database. */
  void live(Context ctx) {
    ctx.json(Map.of("status", "ok"));
  }

  /** GET /health/ready: 200 when the database answers and every migration is applied, else a 503 problem. */
  void ready(Context ctx) {
    if (!services.database().isReachable()) {
      throw new Problem(503, "Service unavailable", "not ready: the database is unreachable", List.of());
    }
    if (!schemaSeenCurrent) {
      schemaSeenCurrent = services.database().schemaIsCurrent();
      if (!schemaSeenCurrent) {
        throw new Problem(503, "Service unavailable", "not ready: database migrations are not applied", List.of());
      }
    }
    ctx.json(Map.of("status", "ok"));
  }

  /** GET /metrics: Prometheus text; needs a token of any role unless LINLI_METRICS_PUBLIC=true. */
  void metrics(Context ctx) {
    if (!metricsPublic) {
      auth.requireAnyToken(ctx);
    }
    metrics.handle(ctx);
  }

  void health(Context ctx) {
    if (services.database().isReachable()) {
      ctx.json(Map.of("status", "ok"));
    } else {
      ctx.status(503).json(Map.of("status", "unavailable", "detail", "the database is unreachable"));
    }
  }

  void categories(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    ctx.json(services.categories().all());
  }

  /**
   * GET /api/indicators?year=2022&as_of=: the plan's measurable targets and where they stand, or
   * stood at {@code as_of} (read as every coverage door reads it).
   */
  void indicators(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    int year = new QueryParams(ctx).integer("year", planYear, 2000, 2100);
    List<Violation> violations = new ArrayList<>();
    Instant asOf = CoverageQuestion.instant(CoverageQuestion.AS_OF, new QueryParams(ctx).text(CoverageQuestion.AS_OF),
        CoverageQuestion.Context.of(services.categories(), services.divisions(), services.coverage().history()),
        violations);
    if (!violations.isEmpty()) {
      throw Problem.invalid(violations);
    }
    ctx.json(services.indicators().forYear(year, asOf));
  }

  void districts(Context ctx) throws SQLException {
    auth.requireReader(ctx);
    services.changes().catchUpAll(); // the list is kept until the change feed announces a change
    ctx.json(services.divisions().districts());
  }
}
