package linli.web;

import static linli.web.Main.seconds;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import linli.registry.DatabaseBackup;
import linli.registry.LocalPostgis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linli backup FILE} and {@code linli restore FILE [--replace]}: {@code pg_dump -Fc} of
 * the registry and {@code pg_restore} into an empty one, on {@code LINLI_DB_URL} or the
 * project-local cluster (started for the command when it is not running).
 */
final class BackupCommands {
  private BackupCommands() {}

  private interface ClusterWork {
    void run(String url) throws IOException;
  }

  /**
   * Not {@link Main#withDatabase}: pg_dump and pg_restore take the URL, and a restore needs the
   * registry empty, not migrated.
   */
  private static void onRegistry(LinliConfig config, ClusterWork work) {
    LocalPostgis cluster = null;
    try {
      String url = config.dbUrl();
      if (url == null) {
        cluster = LocalPostgis.startPersistent(config.localClusterDir());
        cluster.createDatabaseIfMissing("linli");
        url = cluster.jdbcUrl("linli");
      }
      work.run(url);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage());
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = {"Writes a pg_dump -Fc of the registry (LINLI_DB_URL or the local cluster) into FILE.",
          "A relative FILE is written in the directory the command was run in."})
  static final class Backup implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the dump to write")
    private String file;

    Backup(CommandContext context) {
      this.context = context;
    }

    Path file() {
      return context.file(file);
    }

    @Override
    public Integer call() {
      LinliConfig config = context.config();
      Path file = file();
      PrintWriter out = spec.commandLine().getOut();
      onRegistry(config, url -> {
        long started = System.nanoTime();
        DatabaseBackup.dump(url, file);
        out.printf("%s: %,d bytes in %.1f s%n", file, Files.size(file), seconds(started));
      });
      return 0;
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {"Restores a backup FILE (pg_restore) into an empty registry.",
          "A relative FILE is read from the directory the command was run in."})
  static final class Restore implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a dump written by linli backup")
    private String file;

    @Option(names = "--replace", description = "drop and recreate the registry first")
    private boolean replace;

    Restore(CommandContext context) {
      this.context = context;
    }

    Path file() {
      return context.file(file);
    }

    @Override
    public Integer call() {
      LinliConfig config = context.config();
      Path file = file();
      PrintWriter out = spec.commandLine().getOut();
      onRegistry(config, url -> {
        long started = System.nanoTime();
        if (replace) {
          DatabaseBackup.recreate(url);
        }
        DatabaseBackup.restore(file, url);
        out.printf("restored %s in %.1f s%n", file, seconds(started));
      });
      return 0;
    }
  }
}
