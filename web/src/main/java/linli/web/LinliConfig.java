package linli.web;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Settings read once at start-up from the environment, validated into an immutable record.
 *
 * @param port HTTP port ({@code LINLI_PORT}, default 7070)
 * @param dbUrl JDBC URL of an existing PostGIS ({@code LINLI_DB_URL}), with the password of
 *     {@code LINLI_DB_PASSWORD_FILE} put in when that is set; null: the project-local one
 * @param home the repository root, where {@code .linli/} keeps the local cluster ({@code LINLI_HOME})
 * @param adminToken bearer token accepted for writes (the content of {@code LINLI_ADMIN_TOKEN_FILE}, else
 *     {@code LINLI_ADMIN_TOKEN}); null: writes are refused
 * @param publicRead whether reads need no token ({@code LINLI_PUBLIC_READ}, default true)
 * @param planYear the plan year indicators are measured for ({@code LINLI_PLAN_YEAR}, default 2022)
 * @param maxUploadMb the largest import upload accepted, in MiB ({@code LINLI_MAX_UPLOAD_MB}, default 512)
 * @param writeRate writes each token may make ({@code LINLI_WRITE_RATE}, default 600 a minute, bursts of 120)
 * @param corsOrigins origins allowed to call the API from a browser ({@code LINLI_CORS_ORIGINS}; empty: none)
 * @param metricsPublic whether {@code /metrics} needs no token ({@code LINLI_METRICS_PUBLIC}, default false)
 * @param logFormat {@code text} or {@code json} ({@code LINLI_LOG_FORMAT}, default text)
 * @param cityName the city the registry is of, as the map names it ({@code LINLI_CITY_NAME}); null: unnamed
 * @param bind the address to listen on ({@code LINLI_BIND}); null: the command's own (demo: 127.0.0.1 only,
 *     serve: every interface)
 * @param pgData where the project-local cluster keeps its data ({@code LINLI_PG_DATA}, default
 *     {@code .linli/pgdata} under {@code home}; the launcher picks a folder the cluster's OS user can reach
 *     when {@code home} lies in a folder only root may enter)
 * @param publicUrl where clients reach the service, base path included, for the links it writes
 *     ({@code LINLI_PUBLIC_URL}, no trailing slash); null: each request's own (proxy headers honoured)
 * @param map the map page's basemaps ({@code LINLI_TIANDITU_KEY}, {@code LINLI_BASEMAP_URL},
 *     {@code LINLI_BASEMAP_ATTRIBUTION}; see {@link MapConfig})
 * @param dbReadUrl JDBC URL of a streaming standby of {@code dbUrl} for reads ({@code LINLI_DB_READ_URL}, the
 *     password of {@code LINLI_DB_PASSWORD_FILE} put in when that is set); null: every read on the primary
 */
public record LinliConfig(
    int port, String dbUrl, Path home, String adminToken, boolean publicRead, int planYear, long maxUploadMb,
    WriteRate writeRate, List<String> corsOrigins, boolean metricsPublic, LogFormat logFormat, String cityName,
    String bind, Path pgData, String publicUrl, MapConfig map, String dbReadUrl) {
  public static final int DEFAULT_PORT = 7070;
  static final String DEFAULT_WRITE_RATE = "600,burst=120";

  public LinliConfig {
    map = map == null ? MapConfig.NONE : map;
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
    dbUrl = dbUrl == null || dbUrl.isBlank() ? null : dbUrl.strip();
    String dbPassword = SecretFiles.read(env, "LINLI_DB_PASSWORD_FILE");
    if (dbPassword != null) {
      if (dbUrl == null) {
        throw new IllegalArgumentException("LINLI_DB_PASSWORD_FILE is the password for LINLI_DB_URL, which is not set");
      }
      dbUrl = SecretFiles.withPassword(dbUrl, dbPassword);
    }
    String dbReadUrl = env.get("LINLI_DB_READ_URL");
    dbReadUrl = dbReadUrl == null || dbReadUrl.isBlank() ? null : dbReadUrl.strip();
    if (dbReadUrl != null) {
      if (dbUrl == null) {
        throw new IllegalArgumentException("LINLI_DB_READ_URL is a standby of LINLI_DB_URL, which is not set");
      }
      if (!dbReadUrl.startsWith("jdbc:postgresql://")) {
        throw new IllegalArgumentException("LINLI_DB_READ_URL must be a JDBC URL such as "
            + "jdbc:postgresql://standby:5432/linli?user=linli, was '" + SecretFiles.masked(dbReadUrl) + "'");
      }
      if (dbPassword != null) {
        dbReadUrl = SecretFiles.withPassword(dbReadUrl, dbPassword);
      }
    }
    String home = env.get("LINLI_HOME");
    // A mounted secret file wins over the variable (which a container's environment may still carry).
    String token = SecretFiles.read(env, "LINLI_ADMIN_TOKEN_FILE");
    token = token != null ? token : env.get("LINLI_ADMIN_TOKEN");
    String publicRead = env.getOrDefault("LINLI_PUBLIC_READ", "true").strip().toLowerCase();
    if (!publicRead.equals("true") && !publicRead.equals("false")) {
      throw new IllegalArgumentException("LINLI_PUBLIC_READ must be true or false, was '" + publicRead + "'");
    }
    String year = env.getOrDefault("LINLI_PLAN_YEAR", "2022").strip();
    WriteRate writeRate = WriteRate.parse(env.getOrDefault("LINLI_WRITE_RATE", DEFAULT_WRITE_RATE));
    List<String> cors = corsOrigins(env.getOrDefault("LINLI_CORS_ORIGINS", ""));
    String metricsPublic = env.getOrDefault("LINLI_METRICS_PUBLIC", "false").strip().toLowerCase();
    if (!metricsPublic.equals("true") && !metricsPublic.equals("false")) {
      throw new IllegalArgumentException("LINLI_METRICS_PUBLIC must be true or false, was '" + metricsPublic + "'");
    }
    LogFormat logFormat = LogFormat.parse(env.get("LINLI_LOG_FORMAT"));
    if (!year.matches("20[0-9]{2}")) {
      throw new IllegalArgumentException("LINLI_PLAN_YEAR must be a year such as 2022, was '" + year + "'");
    }
    String cityName = env.getOrDefault("LINLI_CITY_NAME", "").strip();
    if (cityName.length() > 100) {
      throw new IllegalArgumentException("LINLI_CITY_NAME must be a name of at most 100 characters, was "
          + cityName.length() + " long");
    }
    String bind = env.getOrDefault("LINLI_BIND", "").strip();
    if (!bind.isEmpty() && !bind.matches("[0-9A-Za-z.:-]+")) {
      throw new IllegalArgumentException("LINLI_BIND must be an address such as 127.0.0.1 or 0.0.0.0, was '" + bind + "'");
    }
    String pgData = env.getOrDefault("LINLI_PG_DATA", "").strip();
    String upload = env.getOrDefault("LINLI_MAX_UPLOAD_MB", "512").strip();
    if (!upload.matches("[0-9]{1,6}") || Long.parseLong(upload) == 0) {
      throw new IllegalArgumentException("LINLI_MAX_UPLOAD_MB must be a positive number of MiB, was '" + upload + "'");
    }
    Path homeDir = Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    return new LinliConfig(parsedPort, dbUrl, homeDir,
        token == null || token.isBlank() ? null : token.strip(), publicRead.equals("true"), Integer.parseInt(year),
        Long.parseLong(upload), writeRate, cors, metricsPublic.equals("true"), logFormat,
        cityName.isEmpty() ? null : cityName, bind.isEmpty() ? null : bind,
        pgData.isEmpty() ? homeDir.resolve(".linli").resolve("pgdata") : Path.of(pgData).toAbsolutePath().normalize(),
        PublicUrl.parse(env.get("LINLI_PUBLIC_URL")), MapConfig.from(env), dbReadUrl);
  }

  /** Without the secrets: the database password and the admin token are shown as {@code ***}. */
  @Override
  public String toString() {
    return "LinliConfig[port=" + port + ", dbUrl=" + SecretFiles.masked(dbUrl) + ", home=" + home + ", adminToken="
        + (adminToken == null ? null : "***") + ", publicRead=" + publicRead + ", planYear=" + planYear
        + ", maxUploadMb=" + maxUploadMb + ", writeRate=" + writeRate + ", corsOrigins=" + corsOrigins
        + ", metricsPublic=" + metricsPublic + ", logFormat=" + logFormat + ", cityName=" + cityName + ", bind=" + bind
        + ", pgData=" + pgData + ", publicUrl=" + publicUrl + ", tiandituKey="
        + (map.tiandituKey() == null ? null : "***") + ", basemapUrl=" + map.basemapUrl()
        + ", dbReadUrl=" + SecretFiles.masked(dbReadUrl) + "]";
  }

  public LinliConfig withAdminToken(String token) {
    return new LinliConfig(port, dbUrl, home, token, publicRead, planYear, maxUploadMb, writeRate, corsOrigins,
        metricsPublic, logFormat, cityName, bind, pgData, publicUrl, map, dbReadUrl);
  }

  public LinliConfig withCityName(String name) {
    return new LinliConfig(port, dbUrl, home, adminToken, publicRead, planYear, maxUploadMb, writeRate, corsOrigins,
        metricsPublic, logFormat, name, bind, pgData, publicUrl, map, dbReadUrl);
  }

  /** {@code *}, or a comma list of origins such as {@code https://plan.example.cn,http://localhost:3000}. */
  static List<String> corsOrigins(String value) {
    List<String> origins = Arrays.stream(value.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
    for (String o : origins) {
      if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException("LINLI_CORS_ORIGINS must be * or origins such as https://example.cn"
            + " (scheme, host and port only, no path), was '" + o + "'");
      }
    }
    if (origins.contains("*") && origins.size() > 1) {
      throw new IllegalArgumentException("LINLI_CORS_ORIGINS is either * or a list of origins, not both");
    }
    return origins;
  }

  /** Where the project-local PostGIS cluster keeps its data ({@code .linli/pgdata} is git-ignored). */
  public Path localClusterDir() {
    return pgData;
  }

  /** The address to listen on: LINLI_BIND, else {@code fallback}. */
  public String bindOr(String fallback) {
    return bind == null ? fallback : bind;
  }
}
