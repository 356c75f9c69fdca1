package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinliConfigTest {
  @Test
  void defaultsToPort7070AndTheLocalCluster() {
    LinliConfig config = LinliConfig.from(Map.of("LINLI_HOME", "/srv/linli"));
    assertThat(config.port()).isEqualTo(7070);
    assertThat(config.dbUrl()).isNull();
    assertThat(config.localClusterDir()).isEqualTo(Path.of("/srv/linli/.linli/pgdata"));
  }

  @Test
  void theDemoListensOnLocalhostUnlessLinliBindSaysOtherwise() {
    LinliConfig plain = LinliConfig.from(Map.of());
    assertThat(plain.bindOr("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(LinliConfig.from(Map.of("LINLI_BIND", " 0.0.0.0 ")).bindOr("127.0.0.1")).isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_BIND", "http://x/"))).hasMessageContaining("LINLI_BIND");
  }

  @Test
  void theClusterCanBeKeptOutsideTheProject() {
    LinliConfig config = LinliConfig.from(Map.of("LINLI_HOME", "/root/linli", "LINLI_PG_DATA", "/var/lib/linli/x/pgdata"));
    assertThat(config.localClusterDir()).isEqualTo(Path.of("/var/lib/linli/x/pgdata"));
    assertThat(config.withCityName("青岛市").localClusterDir()).isEqualTo(Path.of("/var/lib/linli/x/pgdata"));
  }

  @Test
  void readsPortAndDatabaseUrl() {
    LinliConfig config = LinliConfig.from(Map.of("LINLI_PORT", "8080", "LINLI_DB_URL", " jdbc:postgresql://h/db "));
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void readsAStandbyUrlOnlyBesideAPrimaryAndGivesItThePasswordFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertThat(LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://h/db")).dbReadUrl()).isNull();
    assertThat(LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://h/db",
        "LINLI_DB_READ_URL", " jdbc:postgresql://standby/db?user=u ")).dbReadUrl()).isEqualTo("jdbc:postgresql://standby/db?user=u");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_DB_READ_URL", "jdbc:postgresql://standby/db")))
        .hasMessageContaining("LINLI_DB_READ_URL").hasMessageContaining("LINLI_DB_URL");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://h/db",
        "LINLI_DB_READ_URL", "standby:5432?password=hush"))).hasMessageContaining("LINLI_DB_READ_URL")
        .hasMessageNotContaining("hush");
    java.nio.file.Path secret = dir.resolve("pw");
    java.nio.file.Files.writeString(secret, "s3cret\n");
    LinliConfig config = LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://h/db?user=u",
        "LINLI_DB_READ_URL", "jdbc:postgresql://standby/db?user=u", "LINLI_DB_PASSWORD_FILE", secret.toString()));
    assertThat(config.dbReadUrl()).isEqualTo("jdbc:postgresql://standby/db?user=u&password=s3cret");
    assertThat(config.toString()).contains("dbReadUrl=jdbc:postgresql://standby/db?user=u&password=***")
        .doesNotContain("s3cret");
  }

  @Test
  void refusesAPortThatIsNotOne() {
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_PORT", "seventy"))).hasMessageContaining("LINLI_PORT");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_PORT", "70000"))).hasMessageContaining("LINLI_PORT");
  }

  @Test
  void operationsSettingsHaveSafeDefaults() {
    LinliConfig config = LinliConfig.from(Map.of());
    assertThat(config.writeRate()).isEqualTo(new WriteRate(600, 120));
    assertThat(config.corsOrigins()).isEmpty();
    assertThat(config.metricsPublic()).isFalse();
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void readsAndChecksCorsOriginsMetricsAndLogFormat() {
    LinliConfig config = LinliConfig.from(Map.of("LINLI_CORS_ORIGINS", " https://plan.example.cn, http://localhost:3000 ",
        "LINLI_METRICS_PUBLIC", "true", "LINLI_LOG_FORMAT", "JSON", "LINLI_WRITE_RATE", "30,burst=5"));
    assertThat(config.corsOrigins()).containsExactly("https://plan.example.cn", "http://localhost:3000");
    assertThat(config.metricsPublic()).isTrue();
    assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(config.writeRate()).isEqualTo(new WriteRate(30, 5));
    assertThat(LinliConfig.from(Map.of("LINLI_CORS_ORIGINS", "*")).corsOrigins()).containsExactly("*");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_CORS_ORIGINS", "https://a.cn/path")))
        .hasMessageContaining("LINLI_CORS_ORIGINS");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_CORS_ORIGINS", "*,https://a.cn")))
        .hasMessageContaining("LINLI_CORS_ORIGINS");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_LOG_FORMAT", "xml"))).hasMessageContaining("LINLI_LOG_FORMAT");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_METRICS_PUBLIC", "yes")))
        .hasMessageContaining("LINLI_METRICS_PUBLIC");
  }

  @Test
  void theCityNameIsOptionalAndTrimmed() {
    assertThat(LinliConfig.from(Map.of()).cityName()).isNull();
    assertThat(LinliConfig.from(Map.of("LINLI_CITY_NAME", "  ")).cityName()).isNull();
    assertThat(LinliConfig.from(Map.of("LINLI_CITY_NAME", " 青岛市 ")).cityName()).isEqualTo("青岛市");
    assertThat(LinliConfig.from(Map.of()).withCityName("烟台市").cityName()).isEqualTo("烟台市");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_CITY_NAME", "市".repeat(101))))
        .hasMessageContaining("LINLI_CITY_NAME");
  }

  @Test
  void basemapsAreConfiguredOnceOnTheServer() {
    assertThat(LinliConfig.from(Map.of()).map()).isEqualTo(MapConfig.NONE);
    LinliConfig config = LinliConfig.from(Map.of("LINLI_BASEMAP_URL", " https://{s}.tiles.example.cn:8443/osm/{z}/{x}/{y}.png ",
        "LINLI_BASEMAP_ATTRIBUTION", "© 本市测绘院", "LINLI_TIANDITU_KEY", "0123456789abcdef0123456789abcdef"));
    assertThat(config.map().basemapUrl()).isEqualTo("https://{s}.tiles.example.cn:8443/osm/{z}/{x}/{y}.png");
    assertThat(config.map().basemapAttribution()).isEqualTo("© 本市测绘院");
    assertThat(config.map().basemapOrigin()).isEqualTo("https://*.tiles.example.cn:8443");
    assertThat(SecurityHeaders.policy(config.map().basemapOrigin()))
        .contains("img-src 'self' data: https://tile.openstreetmap.org https://*.tianditu.gov.cn https://*.tiles.example.cn:8443;");
    // The key goes to every browser anyway, but logs need not carry it.
    assertThat(config.toString()).doesNotContain("0123456789abcdef").contains("tiandituKey=***");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_BASEMAP_URL", "https://tiles.example.cn/{z}/{x}.png")))
        .hasMessageContaining("LINLI_BASEMAP_URL").hasMessageContaining("{y}");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_BASEMAP_URL", "https://a;script-src *;/{z}/{x}/{y}.png")))
        .hasMessageContaining("LINLI_BASEMAP_URL");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_BASEMAP_URL", "https://tile{s}.example.cn/{z}/{x}/{y}.png")))
        .as("a CSP wildcard must be a whole label").hasMessageContaining("{s}");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_BASEMAP_URL", "file:///srv/{z}/{x}/{y}.png")))
        .hasMessageContaining("http");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_TIANDITU_KEY", "key with spaces")))
        .hasMessageContaining("LINLI_TIANDITU_KEY");
  }
}
