package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import linli.registry.LocalPostgis;
import org.junit.jupiter.api.Test;

/**
 * The real {@code java -jar linli.jar serve} given its database password and admin token as files
 * (LINLI_DB_PASSWORD_FILE, LINLI_ADMIN_TOKEN_FILE), against a cluster that checks passwords
 * (scram-sha-256, not the tests' usual trust): it connects and the file's token writes, so the files
 * were used; and nothing it prints from start to SIGTERM, requests and failed logins included,
 * contains either secret or a token it made.
 */
class SecretFilesIT {
  @Test
  void secretsComeFromFilesAndNoLogLineShowsThem() throws Exception {
    Path root = Files.createTempDirectory("linli-secrets-");
    // The PostgreSQL server runs as an unprivileged OS user when the tests run as root: let it through.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    LocalPostgis cluster = LocalPostgis.startPersistent(root.resolve("pgdata"));
    try {
      cluster.createDatabaseIfMissing("linli");
      String password = Files.readString(root.resolve("db-password")).strip();
      String adminToken = "file-admin-token-" + Long.toHexString(System.nanoTime());
      Path secrets = Files.createDirectory(root.resolve("secrets"));
      Path passwordFile = Files.writeString(secrets.resolve("db-password"), password + "\n");
      Path tokenFile = Files.writeString(secrets.resolve("admin-token"), adminToken + "\n");
      String url = "jdbc:postgresql://127.0.0.1:" + cluster.port() + "/linli?user=" + LocalPostgis.SUPERUSER;

      String madeToken;
      try (LinliJar jar = LinliJar.start("serve", Map.of("LINLI_DB_URL", url,
          "LINLI_DB_PASSWORD_FILE", passwordFile.toString(), "LINLI_ADMIN_TOKEN_FILE", tokenFile.toString(),
          // The file wins over a token left in the environment.
          "LINLI_ADMIN_TOKEN", "env-admin-token-ignored"))) {
        jar.awaitServing(120);
        HttpClient http = HttpClient.newHttpClient();
        assertThat(send(http, jar, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);

        HttpResponse<String> made = send(http, jar, "POST", "/api/tokens",
            "{\"name\": \"from-a-file\", \"role\": \"editor\"}", adminToken);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        madeToken = RunningApp.JSON.readTree(made.body()).get("token").asText();
        assertThat(send(http, jar, "GET", "/api/tokens", null, "env-admin-token-ignored").statusCode())
            .isEqualTo(401);
        assertThat(send(http, jar, "GET", "/api/tokens", null, madeToken + "x").statusCode()).isEqualTo(401);
        assertThat(send(http, jar, "GET", "/api/tokens", null, madeToken).statusCode()).isIn(200, 403);

        assertThat(jar.process.toHandle().destroy()).isTrue(); // SIGTERM: the shutdown log too
        jar.process.waitFor();
        jar.awaitOutputEnd();
        String log = jar.log();
        assertThat(log).contains("Linli is serving").contains("Database pool closed");
        for (String secret : List.of(password, adminToken, madeToken, "env-admin-token-ignored")) {
          assertThat(log).as("the log holds a secret").doesNotContain(secret);
        }
      }
    } finally {
      cluster.close();
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static HttpResponse<String> send(HttpClient http, LinliJar jar, String method, String path, String body,
      String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(jar.baseUrl() + path))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), BodyHandlers.ofString());
  }
}
