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
  void readsPortAndDatabaseUrl() {
    LinliConfig config = LinliConfig.from(Map.of("LINLI_PORT", "8080", "LINLI_DB_URL", " jdbc:postgresql://h/db "));
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void refusesAPortThatIsNotOne() {
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_PORT", "seventy"))).hasMessageContaining("LINLI_PORT");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_PORT", "70000"))).hasMessageContaining("LINLI_PORT");
  }
}
