package linli.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;

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

  public static Javalin create(Services services) {
    ObjectMapper json = objectMapper();
    SystemHandlers system = new SystemHandlers(services);
    CoverageHandlers coverage = new CoverageHandlers(services);
    FacilityHandlers facilities = new FacilityHandlers(services, json);
    return Javalin.create(config -> {
      config.jsonMapper(new JavalinJackson(json, false));
      config.startup.showJavalinBanner = false;
      config.staticFiles.add("/public", Location.CLASSPATH);
      config.staticFiles.enableWebjars();
      ProblemMapper.register(config);

      // The route table: every endpoint the service answers.
      config.routes.get("/health", system::health);
      config.routes.get("/api/categories", system::categories);
      config.routes.get("/api/districts", system::districts);
      config.routes.get("/api/facilities", facilities::list);
      config.routes.get("/api/coverage", coverage::report);
      config.routes.get("/api/coverage/communities", coverage::communities);
    });
  }
}
