package linli.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import linli.registry.DatabaseBackup;
import linli.registry.LocalPostgis;

/**
 * {@code ./linli backup FILE} and {@code ./linli restore FILE [--replace]}: {@code pg_dump -Fc} of
 * the registry and {@code pg_restore} into an empty one, on {@code LINLI_DB_URL} or the
 * project-local cluster (started for the command when it is not running).
 */
final class BackupCommands {
  private BackupCommands() {}

  static void run(LinliConfig config, String[] args) throws Exception {
    boolean replace = Arrays.asList(args).contains("--replace");
    String[] files = Arrays.stream(args).skip(1).filter(a -> !a.equals("--replace")).toArray(String[]::new);
    if (files.length != 1 || files[0].startsWith("--")) {
      fail("usage: linli backup FILE | linli restore FILE [--replace]");
    }
    Path file = Path.of(files[0]);
    LocalPostgis cluster = null;
    String url = config.dbUrl();
    String failure = null;
    try {
      if (url == null) {
        cluster = LocalPostgis.startPersistent(config.localClusterDir());
        cluster.createDatabaseIfMissing("linli");
        url = cluster.jdbcUrl("linli");
      }
      long started = System.nanoTime();
      if (args[0].equals("backup")) {
        DatabaseBackup.dump(url, file);
        System.out.printf("%s: %,d bytes in %.1f s%n", file, Files.size(file), (System.nanoTime() - started) / 1e9);
      } else {
        if (replace) {
          DatabaseBackup.recreate(url);
        }
        DatabaseBackup.restore(file, url);
        System.out.printf("restored %s in %.1f s%n", file, (System.nanoTime() - started) / 1e9);
      }
    } catch (IOException | IllegalArgumentException e) {
      failure = e.getMessage();
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
    if (failure != null) {
      fail(failure);
    }
  }

  private static void fail(String message) {
    System.err.println("linli: " + message);
    System.exit(1);
  }
}
