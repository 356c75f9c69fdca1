package linli.web;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings read once at start-up from the environment, validated into an immutable record.
 *
 * @param port HTTP port ({@code LINLI_PORT}, default 7070)
 * @param dbUrl JDBC URL of an existing PostGIS ({@code LINLI_DB_URL}); null: the project-local one
 * @param home the repository root, where {@code .linli/} keeps the local cluster ({@code LINLI_HOME})
 */
public record LinliConfig(int port, String dbUrl, Path home) {
  public static final int DEFAULT_PORT = 7070;

  public LinliConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("LINLI_PORT must be a port number (0 for any free port), was " + port);
    }
  }

  public static LinliConfig from(Map<String, String> env) {
    String port = env.getOrDefault("LINLI_PORT", "");
    int parsedPort;
    try {
      parsedPort = port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("LINLI_PORT must be a number, was '" + port + "'");
    }
    String dbUrl = env.get("LINLI_DB_URL");
    String home = env.get("LINLI_HOME");
    return new LinliConfig(parsedPort, dbUrl == null || dbUrl.isBlank() ? null : dbUrl.strip(),
        Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize());
  }

  /** Where the project-local PostGIS cluster keeps its data (git-ignored). */
  public Path localClusterDir() {
    return home.resolve(".linli").resolve("pgdata");
  }
}
