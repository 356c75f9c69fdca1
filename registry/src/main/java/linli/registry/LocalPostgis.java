package linli.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL + PostGIS cluster that Linli starts itself from the installed binaries: either a
 * project-local one that survives restarts (the demo) or a throwaway one (the tests).
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root, so when the JVM runs as root the
 * server runs as an unprivileged OS user (default {@code linli}, created when missing). The server
 * listens on 127.0.0.1 only, on a free port chosen at each start.
 */
public final class LocalPostgis implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPostgis.class);
  public static final String SUPERUSER = "linli";

  private final Path dataDir;
  private final Path binDir;
  private final String osUser; // null: run as the current user
  private final boolean throwaway;
  private final String password; // null: trust authentication (throwaway clusters)
  private final int port;
  private final boolean startedHere;

  private LocalPostgis(
      Path dataDir, Path binDir, String osUser, boolean throwaway, String password, int port, boolean startedHere) {
    this.dataDir = dataDir;
    this.binDir = binDir;
    this.osUser = osUser;
    this.throwaway = throwaway;
    this.password = password;
    this.port = port;
    this.startedHere = startedHere;
  }

  /** Starts a fresh cluster in a temporary folder; {@link #close()} stops it and deletes it. */
  public static LocalPostgis startThrowaway() throws IOException {
    Path binDir = findBinDir();
    String osUser = serverOsUser();
    Path root = Files.createTempDirectory("linli-pg-");
    Path dataDir = root.resolve("data");
    Files.createDirectories(dataDir);
    handOver(root, osUser);
    runChecked(osUser, binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
        "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
    int port = freePort();
    LocalPostgis pg = new LocalPostgis(dataDir, binDir, osUser, true, null, port, true);
    pg.start("-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    return pg;
  }

  /**
   * Starts (or reuses, when already running) the cluster kept in {@code dataDir}, creating it on
   * first use with a random password stored beside it in {@code db-password}.
   */
  public static LocalPostgis startPersistent(Path dataDir) throws IOException {
    return startPersistent(dataDir, Set.of());
  }

  /**
   * As {@link #startPersistent(Path)}, the cluster listening on none of {@code taken} (the HTTP port
   * the caller is about to bind: a free port chosen now may be the one it was given).
   */
  public static LocalPostgis startPersistent(Path dataDir, Set<Integer> taken) throws IOException {
    Path binDir = findBinDir();
    String osUser = serverOsUser();
    dataDir = dataDir.toAbsolutePath().normalize();
    Path home = dataDir.getParent();
    Path passwordFile = home.resolve("db-password");
    Files.createDirectories(home);
    if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
      Files.createDirectories(dataDir);
      handOver(dataDir, osUser);
      // Before any secret is written: a cluster its user cannot reach is a failure with advice, not a leak.
      requireTraversable(dataDir, osUser);
      String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      writeSecret(passwordFile, password);
      Path pwfile = home.resolve(".initdb-pw");
      try {
        writeSecret(pwfile, password);
        handOver(pwfile, osUser);
        runChecked(osUser, binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
            "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-locale");
      } finally {
        Files.deleteIfExists(pwfile);
      }
    }
    String password = Files.readString(passwordFile).strip();
    Optional<Integer> running = runningPort(dataDir, binDir, osUser);
    if (running.isPresent()) {
      log.info("Reusing the PostGIS cluster already running in {} on port {}", dataDir, running.get());
      return new LocalPostgis(dataDir, binDir, osUser, false, password, running.get(), false);
    }
    LocalPostgis pg = new LocalPostgis(dataDir, binDir, osUser, false, password, freePort(taken), true);
    pg.start("");
    return pg;
  }

  /** JDBC URL of {@code database} on this cluster, credentials included. */
  public String jdbcUrl(String database) {
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
    return password == null ? url : url + "&password=" + password;
  }

  /** Creates {@code database} unless it exists already. */
  public void createDatabaseIfMissing(String database) throws IOException {
    try (var c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"));
        var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      if (!exists.executeQuery().next()) {
        try (var create = c.createStatement()) {
          create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("Could not create database " + database + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server if this object started it; a throwaway cluster is also deleted. */
  @Override
  public void close() {
    if (!startedHere) {
      return;
    }
    try {
      run(osUser, binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
      if (throwaway) {
        deleteTree(dataDir.getParent());
      }
    } catch (IOException e) {
      log.warn("Could not stop the PostGIS cluster in {}: {}", dataDir, e.getMessage());
    }
  }

  /** Stops the server but keeps its data (an outage, for resilience tests and operators). */
  public void stopServer() throws IOException {
    runChecked(osUser, binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
  }

  /**
   * A streaming hot standby of this (running) cluster, made with {@code pg_basebackup -R} into a new
   * temporary folder and started on a free port; {@link #close()} stops it and deletes it. For tests
   * and for trying a read replica on one machine.
   */
  public LocalPostgis startStandby() throws IOException {
    Path root = Files.createTempDirectory("linli-pg-standby-");
    Path standbyDir = root.resolve("data");
    handOver(root, osUser);
    // --checkpoint=fast: by default the backup starts after a spread checkpoint, which on a quiet
    // primary takes most of checkpoint_timeout (ReadReplicaIT waited 230 s for it in CI).
    runChecked(osUser, binDir.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-U", SUPERUSER, "-D", standbyDir.toString(), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast");
    LocalPostgis standby = new LocalPostgis(standbyDir, binDir, osUser, true, password, freePort(), true);
    standby.start("-c fsync=off -c full_page_writes=off -c hot_standby=on");
    return standby;
  }

  /** Promotes this standby to a primary ({@code pg_ctl promote}, waiting until it accepts writes). */
  public void promote() throws IOException {
    runChecked(osUser, binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60", "promote");
  }

  /** Starts the server again on the same port after {@link #stopServer()}. */
  public void startServer() throws IOException {
    start(throwaway ? "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
  }

  private void start(String extraOptions) throws IOException {
    // max_wal_size: a million-row import writes several GB of WAL; at the 1 GB default the cluster
    // checkpointed every 6-7 s during one (docs/BENCHMARKS.md, import).
    String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dataDir
        + " -c max_wal_size=4GB " + extraOptions;
    runChecked(osUser, binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
        dataDir.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start");
  }

  private static Optional<Integer> runningPort(Path dataDir, Path binDir, String osUser) throws IOException {
    Result status = run(osUser, binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "status");
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (status.exitCode() != 0 || !Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).strip())) : Optional.empty();
  }

  /** The bin folder of the newest installed PostgreSQL with PostGIS, or {@code LINLI_PG_BIN}. */
  static Path findBinDir() throws IOException {
    String configured = System.getenv("LINLI_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        Optional<Path> newest = versions
            .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .max(Comparator.comparingInt(v -> parseVersion(v.getFileName().toString())));
        if (newest.isPresent()) {
          String version = newest.get().getFileName().toString();
          if (!Files.exists(Path.of("/usr/share/postgresql", version, "extension/postgis.control"))) {
            throw new IOException("PostgreSQL " + version + " is installed but PostGIS is not: install the Debian "
                + "package postgresql-" + version + "-postgis-3 (./linli does this for you)");
          }
          return newest.get().resolve("bin");
        }
      }
    }
    throw new IOException("No PostgreSQL server binaries found under /usr/lib/postgresql: install the Debian "
        + "packages postgresql-15 and postgresql-15-postgis-3 (./linli does this for you), or set LINLI_PG_BIN");
  }

  private static int parseVersion(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The OS user the server must run as: null when we are not root. */
  private static String serverOsUser() throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return null;
    }
    String user = Optional.ofNullable(System.getenv("LINLI_PG_OS_USER")).filter(s -> !s.isBlank()).orElse("linli");
    if (run(null, "id", "-u", user).exitCode() != 0) {
      runChecked(null, "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
    }
    return user;
  }

  /** Writes a secret into a file that is created readable by its owner only (never briefly by others). */
  private static void writeSecret(Path file, String secret) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n");
  }

  private static void handOver(Path path, String osUser) throws IOException {
    if (osUser != null) {
      runChecked(null, "chown", "-R", osUser, path.toString());
    }
  }

  private static void requireTraversable(Path dir, String osUser) throws IOException {
    if (osUser != null && run(null, "runuser", "-u", osUser, "--", "test", "-w", dir.toString()).exitCode() != 0) {
      throw new IOException("The PostgreSQL server runs as OS user '" + osUser + "', which cannot reach " + dir
          + " (a folder above it is closed to other users, as Debian's /root is). Keep the cluster elsewhere with"
          + " LINLI_PG_DATA=/var/lib/linli/<name>/pgdata (./linli does this by itself), give the folders above it"
          + " o+x, or clone the repository somewhere others may enter.");
    }
  }

  private static int freePort() throws IOException {
    return freePort(Set.of());
  }

  private static int freePort(Set<Integer> taken) throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (!taken.contains(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result runChecked(String osUser, String... command) throws IOException {
    Result result = run(osUser, command);
    if (result.exitCode() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n" + result.output());
    }
    return result;
  }

  private static Result run(String osUser, String... command) throws IOException {
    List<String> full = new ArrayList<>();
    if (osUser != null) {
      full.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    full.addAll(List.of(command));
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", full) + " timed out");
      }
      return new Result(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + full.get(0), e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
