package linli.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseBackupTest {
  @Test
  void aJdbcUrlBecomesLibpqEnvironment() {
    assertThat(DatabaseBackup.connection(
        "jdbc:postgresql://db.example:6543/linli?user=linli&password=p%26ss%3Dw&sslmode=require&ApplicationName=x"))
        .isEqualTo(Map.of("PGHOST", "db.example", "PGPORT", "6543", "PGDATABASE", "linli", "PGUSER", "linli",
            "PGPASSWORD", "p&ss=w", "PGSSLMODE", "require"));
    assertThat(DatabaseBackup.connection("jdbc:postgresql://127.0.0.1/registry"))
        .isEqualTo(Map.of("PGHOST", "127.0.0.1", "PGPORT", "5432", "PGDATABASE", "registry"));
  }

  @Test
  void otherUrlsAreRefused() {
    assertThatThrownBy(() -> DatabaseBackup.connection("postgresql://db/linli"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatabaseBackup.connection("jdbc:postgresql:linli"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
