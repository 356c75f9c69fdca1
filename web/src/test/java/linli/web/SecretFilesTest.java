package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LINLI_DB_PASSWORD_FILE and LINLI_ADMIN_TOKEN_FILE as LinliConfig reads them, on real files. */
class SecretFilesTest {
  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void thePasswordFileCompletesTheUrlAndItsTrailingNewlineIsNotPartOfIt() throws Exception {
    Path pw = file("db-password", "s3cr&t +=é\n");
    LinliConfig config = LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://db:5432/linli?user=linli",
        "LINLI_DB_PASSWORD_FILE", pw.toString()));
    String url = config.dbUrl();
    assertThat(url).startsWith("jdbc:postgresql://db:5432/linli?user=linli&password=");
    // The driver and backup's libpq environment both URL-decode parameters.
    assertThat(URLDecoder.decode(url.substring(url.indexOf("password=") + 9), StandardCharsets.UTF_8))
        .isEqualTo("s3cr&t +=é");
  }

  @Test
  void thePasswordFileWinsOverAPasswordInTheUrl() throws Exception {
    Path pw = file("db-password", "from-file\r\n");
    LinliConfig config = LinliConfig.from(Map.of(
        "LINLI_DB_URL", "jdbc:postgresql://db/linli?password=in-url&user=linli&sslmode=require",
        "LINLI_DB_PASSWORD_FILE", pw.toString()));
    assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db/linli?user=linli&sslmode=require&password=from-file");
    assertThat(LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://db/linli",
        "LINLI_DB_PASSWORD_FILE", pw.toString())).dbUrl()).isEqualTo("jdbc:postgresql://db/linli?password=from-file");
  }

  @Test
  void theTokenFileWinsOverTheVariable() throws Exception {
    Path token = file("admin-token", "token-from-file\n\n");
    assertThat(LinliConfig.from(Map.of("LINLI_ADMIN_TOKEN", "token-from-env",
        "LINLI_ADMIN_TOKEN_FILE", token.toString())).adminToken()).isEqualTo("token-from-file");
    assertThat(LinliConfig.from(Map.of("LINLI_ADMIN_TOKEN", "token-from-env")).adminToken())
        .isEqualTo("token-from-env");
  }

  @Test
  void aMissingEmptyOrSeveralLineFileIsAnErrorThatNamesTheVariableButNotTheContent() throws Exception {
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_ADMIN_TOKEN_FILE", dir.resolve("none").toString())))
        .hasMessageContaining("LINLI_ADMIN_TOKEN_FILE").hasMessageContaining("cannot be read");
    Path empty = file("empty", "\n");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_ADMIN_TOKEN_FILE", empty.toString())))
        .hasMessageContaining("is empty");
    Path two = file("two", "first-secret-line\nsecond-secret-line\n");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://db/linli",
        "LINLI_DB_PASSWORD_FILE", two.toString())))
        .hasMessageContaining("more than one line").hasMessageNotContaining("secret-line");
    Path pw = file("pw", "x\n");
    assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_DB_PASSWORD_FILE", pw.toString())))
        .hasMessageContaining("LINLI_DB_URL");
  }

  @Test
  void theConfigurationPrintsWithoutItsSecrets() throws Exception {
    Path pw = file("db-password", "db-secret-value\n");
    LinliConfig config = LinliConfig.from(Map.of("LINLI_DB_URL", "jdbc:postgresql://db/linli?user=linli",
        "LINLI_DB_PASSWORD_FILE", pw.toString(), "LINLI_ADMIN_TOKEN", "admin-secret-value"));
    assertThat(config.toString()).contains("jdbc:postgresql://db/linli?user=linli&password=***")
        .doesNotContain("db-secret-value").doesNotContain("admin-secret-value");
  }
}
