package linli.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secrets given as files ({@code LINLI_DB_PASSWORD_FILE}, {@code LINLI_ADMIN_TOKEN_FILE}), the Docker
 * and Kubernetes convention: a mounted secret is a file, so it never shows in the process's
 * environment ({@code docker inspect}, {@code /proc/PID/environ}). Error messages name the variable and
 * the path, never the content.
 */
final class SecretFiles {
  private SecretFiles() {}

  /**
   * The content of the file named by {@code variable}, with trailing line breaks stripped (an editor
   * or {@code echo} adds one); null when the variable is unset or blank.
   */
  static String read(Map<String, String> env, String variable) {
    String name = env.get(variable);
    if (name == null || name.isBlank()) {
      return null;
    }
    Path path = Path.of(name.strip());
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(variable + " names " + path + ", which cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    String secret = content.replaceAll("[\r\n]+$", "");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(variable + " names " + path + ", which is empty");
    }
    if (secret.contains("\n") || secret.contains("\r")) {
      throw new IllegalArgumentException(variable + " names " + path + ", which has more than one line");
    }
    return secret;
  }

  /**
   * {@code jdbcUrl} with its {@code password} parameter set to {@code password}: the file wins over a
   * password written in the URL. URL-encoded, as both the JDBC driver and backup's libpq environment
   * decode it.
   */
  static String withPassword(String jdbcUrl, String password) {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    StringBuilder params = new StringBuilder();
    if (query >= 0) {
      for (String pair : jdbcUrl.substring(query + 1).split("&")) {
        if (!pair.isEmpty() && !pair.equals("password") && !pair.startsWith("password=")) {
          params.append(params.length() == 0 ? "" : "&").append(pair);
        }
      }
    }
    params.append(params.length() == 0 ? "" : "&").append("password=")
        .append(URLEncoder.encode(password, StandardCharsets.UTF_8));
    return base + "?" + params;
  }

  /** {@code jdbcUrl} with the value of its {@code password} parameter hidden, for messages and logs. */
  static String masked(String jdbcUrl) {
    return jdbcUrl == null ? null : jdbcUrl.replaceAll("([?&;]password=)[^&;]*", "$1***");
  }
}
