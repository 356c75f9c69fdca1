package linli.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import linli.registry.search.PlaceSearch;

/** The HTTP application: built from its services, so a test can run it on any port. */
public final class LinliApp {
  private LinliApp() {}

  /** JSON as the contract spells it: snake_case members, ISO dates, nulls kept. */
  static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
  }

  public static Javalin create(Services services, LinliConfig config) {
    ObjectMapper json = objectMapper();
    Auth auth = new Auth(config.adminToken(), config.publicRead(), services.tokens(),
        new WriteRateLimiter(config.writeRate(), services.writeBuckets()));
    AppMetrics metrics = new AppMetrics(services.database(), services.tiles(), services.coverage());
    RequestObserver observer = new RequestObserver(metrics);
    Cors cors = new Cors(config.corsOrigins());
    JsonLogLayout.use(config.logFormat());
    PublicUrl publicUrl = new PublicUrl(config.publicUrl());
    SystemHandlers system = new SystemHandlers(services, auth, config.planYear(), metrics, config.metricsPublic(),
        config.cityName(), config.map());
    CoverageHandlers coverage = new CoverageHandlers(services, auth, json);
    FacilityHandlers facilities = new FacilityHandlers(services, json, auth, publicUrl);
    LifeCircleHandlers lifeCircles = new LifeCircleHandlers(services, auth, json);
    SourceHandlers sources = new SourceHandlers(services, auth);
    CommunityHandlers communities = new CommunityHandlers(services, json, auth, publicUrl);
    OgcHandlers ogc = new OgcHandlers(services.features(), json, auth, publicUrl);
    TileHandlers tiles = new TileHandlers(services.tiles(), services, json, auth, publicUrl);
    AccessHandlers access = new AccessHandlers(services.tokens(), services.audit(), json, auth, publicUrl);
    ReadRouting readRouting = new ReadRouting(services.database(), auth);
    ImportHandlers imports = new ImportHandlers(services.imports(), json, auth, config.maxUploadMb() * 1024 * 1024,
        metrics::importStarted, publicUrl, readRouting::wrote);
    ExportHandlers exports = new ExportHandlers(services.exports(), auth);
    ReportHandlers reports = new ReportHandlers(services, auth);
    SearchHandlers search = new SearchHandlers(new PlaceSearch(services.database().readDataSource()), auth);
    return Javalin.create(app -> {
      app.jsonMapper(new JavalinJackson(json, false));
      app.startup.showJavalinBanner = false;
      app.jetty.modifyServer(GracefulStop::configure);
      app.jetty.modifyHttpConfiguration(PublicUrl::trustForwardedHeaders);
      app.staticFiles.add("/public", Location.CLASSPATH);
      app.staticFiles.enableWebjars();
      ProblemMapper.register(app);
      app.routes.before(observer::begin);
      app.routes.before(readRouting::begin);
      app.routes.before(cors::apply);
      // Before the handler: one that writes its body straight to the response (tiles) may have sent
      // the headers by the time after-handlers run. And again after it: Javalin clears the headers
      // when a handler throws, so a problem answer would go out without them.
      SecurityHeaders securityHeaders = new SecurityHeaders(config.map());
      app.routes.before(securityHeaders::apply);
      app.routes.after(ctx -> {
        if (!ctx.res().isCommitted()) {
          securityHeaders.apply(ctx);
        }
      });
      // A write answered here has committed: the next tile must see it (RegistryChanges.catchUp).
      app.routes.after(readRouting::end);
      app.routes.after(ctx -> {
        if (Auth.isWrite(ctx) && ctx.statusCode() < 400) {
          services.changes().localWrite();
        }
      });
      app.events.serverStopped(services.changes()::close);
      app.events.serverStopped(services.tiles()::close);
      // After the requests in flight: this instance's unfinished imports end, failed, for every instance to see.
      app.events.serverStopped(services.imports()::close);
      app.requestLogger.http(observer::end);

      // The route table: every endpoint the service answers.
      var routes = app.routes;
      // Tiles first: Javalin tries each route's pattern in this order, and a map asks for tiles far
      // more often than for anything else (each pattern tried costs a regex Matcher).
      routes.get("/tiles/{layer}/{z}/{x}/{file}", tiles::tile);
      routes.get("/tiles/{file}", tiles::tileJson);
      routes.get("/health", system::health);
      routes.get("/health/live", system::live);
      routes.get("/health/ready", system::ready);
      routes.get("/metrics", system::metrics);
      routes.get("/api/registry", system::registry);
      routes.get("/api/map-config", system::mapConfig);
      routes.get("/api/categories", system::categories);
      routes.get("/api/districts", system::districts);
      routes.get("/api/districts/outlines", communities::districtOutlines);
      routes.get("/api/streets", communities::streets);
      routes.get("/api/facilities", facilities::list);
      routes.post("/api/facilities", facilities::create);
      routes.get("/api/facilities/{id}", facilities::read);
      routes.put("/api/facilities/{id}", facilities::replace);
      routes.delete("/api/facilities/{id}", facilities::delete);
      routes.get("/api/facilities/{id}/history", facilities::history);
      routes.get("/api/facilities/{id}/service-area", coverage::serviceArea);
      routes.get("/api/service-area", coverage::siteServiceArea);
      routes.post("/api/facilities/{id}/restore", facilities::restore);
      routes.delete("/api/sources/{source}", sources::remove);
      routes.post("/api/tokens", access::create);
      routes.get("/api/tokens", access::list);
      routes.delete("/api/tokens/{id}", access::revoke);
      routes.get("/api/audit", access::audit);
      routes.get("/api/search", search::search);
      routes.get("/api/communities", communities::list);
      routes.get("/api/communities/{code}", communities::read);
      routes.get("/api/coverage", coverage::report);
      routes.get("/api/coverage/communities", coverage::communities);
      routes.get("/api/coverage/communities/{code}", coverage::community);
      routes.post("/api/coverage/what-if", coverage::whatIf);
      routes.get("/api/coverage/suggest", coverage::suggest);
      routes.get("/api/life-circles", lifeCircles::definitions);
      routes.get("/api/life-circles/summary", lifeCircles::summary);
      routes.get("/api/life-circles/communities", lifeCircles::allCommunities);
      routes.get("/api/life-circles/{level}", lifeCircles::definition);
      routes.put("/api/life-circles/{level}", lifeCircles::replace);
      routes.get("/api/life-circles/{level}/communities", lifeCircles::communities);
      routes.get("/api/coverage/changes", coverage::changes);
      routes.get("/api/indicators", system::indicators);
      routes.post("/api/imports", imports::submit);
      routes.get("/api/imports/template.xlsx", imports::template);
      routes.get("/api/imports/{id}", imports::status);
      routes.get("/api/export", exports::options);
      routes.get("/api/export/{file}", exports::export);
      routes.get("/api/reports/districts/{file}", reports::district);
      routes.get("/ogc", ogc::landing);
      routes.get("/ogc/api", ogc::api);
      routes.get("/ogc/conformance", ogc::conformance);
      routes.get("/ogc/collections", ogc::collections);
      routes.get("/ogc/collections/{collection}", ogc::collection);
      routes.get("/ogc/collections/{collection}/queryables", ogc::queryables);
      routes.get("/ogc/collections/{collection}/items", ogc::items);
      routes.get("/ogc/collections/{collection}/items/{featureId}", ogc::item);
    });
  }
}
