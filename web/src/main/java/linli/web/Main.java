package linli.web;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import linli.data.QingdaoDemo;
import linli.registry.Database;
import linli.registry.LocalPostgis;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.overview.RegistryOverview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Command-line entry point behind the {@code ./linli} launcher. Mistakes in the arguments (an
 * unknown or misspelt option, a missing FILE) are reported on stderr with exit code 2; a command
 * that cannot do its work exits with 1.
 *
 * <ul>
 *   <li>{@code demo}: the project-local PostGIS (or {@code LINLI_DB_URL}), migrated, the Qingdao
 *       demo loaded when the registry is empty, then the map served (naming the city 青岛市 unless
 *       {@code LINLI_CITY_NAME} names it).
 *   <li>{@code serve}: serves against {@code LINLI_DB_URL} (migrating it), loading nothing.
 *   <li>{@code token}, {@code import}, {@code export}, {@code divisions}, {@code remove-source},
 *       {@code retire-community}, {@code backup}, {@code restore}: one-off work on {@code LINLI_DB_URL} or the
 *       project-local cluster.
 * </ul>
 */
@Command(name = "linli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Registry of community service facilities and its map service.",
    subcommands = {Main.Demo.class, Main.Serve.class, TokenCommands.class, TransferCommands.Import.class,
        TransferCommands.Export.class, DivisionCommands.class, SourceCommands.class, CommunityCommands.Retire.class,
        BackupCommands.Backup.class, BackupCommands.Restore.class,
        CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  private static final Logger WARM_UP_LOG = LoggerFactory.getLogger("linli.warm-up");
  @Spec
  private CommandSpec spec;

  private Main() {}

  public static void main(String[] args) {
    // PrintWriter(PrintStream) keeps the console's encoding, so Chinese names print as they do today.
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), out, err);
    // On success main just returns, as before: serve and demo get here while their shutdown hook runs,
    // and System.exit from inside a shutdown would only block.
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command line and returns its exit code: 0 done, 1 failed, 2 wrong arguments. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    int code = commandLine(CommandContext.of(env)).setOut(out).setErr(err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine(CommandContext context) {
    CommandLine cli = new CommandLine(new Main(), new ContextFactory(context));
    // "@name" would otherwise read arguments from a file, and a --source can start with @.
    cli.setExpandAtFiles(false);
    cli.setParameterExceptionHandler(Main::wrongArguments);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CommandFailure) {
        commandLine.getErr().println("linli: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli;
  }

  /** The mistake, a guess at what was meant, and where to read more; exit code 2. */
  private static int wrongArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      // After an unknown option, picocli also lists its value as unmatched: name only the options.
      List<String> options = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
      if (!options.isEmpty()) {
        message = (options.size() == 1 ? "unknown option " : "unknown options ")
            + options.stream().map(o -> "'" + o + "'").collect(Collectors.joining(", "));
      }
    }
    err.println(command.getCommandSpec().qualifiedName() + ": " + message);
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Commands get the {@link CommandContext} through a constructor taking it. */
  private record ContextFactory(CommandContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        var constructor = cls.getDeclaredConstructor(CommandContext.class);
        constructor.setAccessible(true);
        return constructor.newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"linli " + (version == null ? "(development build)" : version)};
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = {"Starts the project-local PostGIS (or uses LINLI_DB_URL), loads the Qingdao demo into an"
          + " empty registry and serves the map.",
          "Without LINLI_ADMIN_TOKEN, a token for writes is made for this run and printed."})
  static final class Demo implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    Demo(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      LinliConfig config = context.config();
      if (config.adminToken() == null) {
        // The demo is for trying things: give this run a token so a planner can also edit.
        config = config.withAdminToken(java.util.HexFormat.of().formatHex(
            new java.security.SecureRandom().generateSeed(12)));
        out.println("Admin token for writes in this run (set LINLI_ADMIN_TOKEN to choose one): "
            + config.adminToken());
      }
      LocalPostgis cluster = null;
      String url = config.dbUrl();
      if (url == null) {
        long started = System.nanoTime();
        try {
          // Not on the port the map is about to be served on (a free port now may be the one given).
          cluster = LocalPostgis.startPersistent(config.localClusterDir(), Set.of(config.port()));
          cluster.createDatabaseIfMissing("linli");
        } catch (IOException e) {
          if (cluster != null) {
            cluster.close();
          }
          throw new CommandFailure("Could not start the project-local PostGIS: " + e.getMessage());
        }
        url = cluster.jdbcUrl("linli");
        out.printf("PostGIS on 127.0.0.1:%d (data in %s) ready in %.1f s%n",
            cluster.port(), cluster.dataDir(), seconds(started));
      }
      serve(out, config, url, cluster, true);
      return 0;
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serves against LINLI_DB_URL (migrating it), loading nothing.")
  static final class Serve implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    Serve(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      LinliConfig config = context.config();
      if (config.dbUrl() == null) {
        throw new CommandFailure("serve needs LINLI_DB_URL, a JDBC URL of a PostGIS database, e.g.\n"
            + "  LINLI_DB_URL='jdbc:postgresql://localhost:5432/linli?user=linli&password=secret' ./linli serve\n"
            + "(./linli demo starts a project-local PostGIS instead)");
      }
      serve(spec.commandLine().getOut(), config, config.dbUrl(), null, false);
      return 0;
    }
  }

  private static void serve(PrintWriter out, LinliConfig config, String url, LocalPostgis cluster, boolean loadDemo)
      throws Exception {
    // LINLI_DB_READ_URL: a streaming standby for plain reads (ReadRouting); the primary for everything else.
    Database database = Database.connect(url, config.dbReadUrl());
    Javalin[] app = new Javalin[1];
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C or SIGTERM: stop serving, close the pool, then stop the cluster we started (in that order).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (app[0] != null) {
        long stopping = System.nanoTime();
        // Graceful (GracefulStop): the port closes at once; requests in flight may still use the pool.
        app[0].stop();
        out.printf("Stopped serving in %.1f s (requests in flight get up to %d s to finish)%n",
            seconds(stopping), GracefulStop.GRACE.toSeconds());
      }
      database.close();
      out.println("Database pool closed.");
      if (cluster != null) {
        cluster.close();
        out.println("PostGIS stopped.");
      }
      stopped.countDown();
    }, "linli-shutdown"));
    long started = System.nanoTime();
    database.migrate();
    out.printf("Schema up to date in %.1f s%n", seconds(started));
    if (loadDemo) {
      loadDemoIfEmpty(out, database);
      config = nameTheDemoCity(config, database);
    }
    // The demo is for trying on one's own computer: others reach it only when LINLI_BIND says so.
    String host = config.bindOr(loadDemo ? "127.0.0.1" : "0.0.0.0");
    Services services = Services.over(database);
    app[0] = LinliApp.create(services, config).start(host, config.port());
    warmUpInBackground(services, app[0].port());
    if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")) {
      out.printf("Linli is serving the map at http://localhost:%d/ to this computer only (LINLI_BIND=0.0.0.0 serves"
          + " the network)  (Ctrl-C stops it)%n", app[0].port());
    } else {
      out.printf("Linli is serving the map at http://localhost:%d/ and on %s (LINLI_BIND)  (Ctrl-C stops it)%n",
          app[0].port(), host.equals("0.0.0.0") ? "every network interface" : host);
    }
    stopped.await();
  }

  /**
   * Reads the registry overview and the district list (kept until a change) and loads the coverage
   * index and the road graph on a background thread once serving, so that the first planners'
   * questions find them (at province scale seconds and tens of seconds) rather than wait for them; a
   * question asked meanwhile waits only for what it needs. Then asks what the map's first opening
   * asks ({@link FirstPageWarmUp}) and collects the garbage, before logging that it is done.
   */
  private static void warmUpInBackground(Services services, int port) {
    Thread warming = new Thread(() -> {
      long started = System.nanoTime();
      try {
        services.overview().read(); // the page's first question (exact counts: a second at province scale)
        services.divisions().districts();
        String loaded = services.coverage().warmUp();
        List<String> firstPage = services.categories().all().stream().findFirst()
            .map(c -> FirstPageWarmUp.paths(c.code())).orElse(List.of());
        List<String> failed = FirstPageWarmUp.ask(port, firstPage);
        if (!failed.isEmpty()) {
          WARM_UP_LOG.info("The map's first requests, asked by the warm-up, were not all answered: {}", failed);
        }
        // What the warm-up built (the index, the graph, the answers: gigabytes at province scale) was
        // still young: the first collection after it copied it, a pause of 0.2–0.3 s that fell on the
        // first planner's page. Collected now, before the warm-up says it is done.
        System.gc();
        WARM_UP_LOG.info("Coverage warmed up in {} s: {}", String.format("%.1f", seconds(started)), loaded);
      } catch (SQLException e) {
        WARM_UP_LOG.info("Coverage warm-up stopped ({}); questions load what they need", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        WARM_UP_LOG.warn("Coverage warm-up failed; questions load what they need", e);
      }
    }, "linli-warm-up");
    warming.setDaemon(true);
    warming.setPriority(Thread.MIN_PRIORITY);
    warming.start();
  }

  /** The registry database for a one-off command: LINLI_DB_URL, or the project-local cluster. */
  interface DatabaseWork {
    void run(Database db) throws Exception;
  }

  static void withDatabase(LinliConfig config, DatabaseWork work) throws Exception {
    LocalPostgis cluster = null;
    String url = config.dbUrl();
    if (url == null) {
      cluster = LocalPostgis.startPersistent(config.localClusterDir());
      cluster.createDatabaseIfMissing("linli");
      url = cluster.jdbcUrl("linli");
    }
    try (Database db = Database.connect(url).migrate()) {
      work.run(db);
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private static void loadDemoIfEmpty(PrintWriter out, Database database) throws SQLException {
    CityLoader loader = new CityLoader(database.dataSource());
    if (!loader.isEmpty()) {
      out.println("The registry already holds communities: the demo is not loaded again.");
      return;
    }
    long started = System.nanoTime();
    CityData city = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED);
    double generated = seconds(started);
    loader.load(city);
    out.printf("Qingdao demo loaded: %d districts, %d streets, %d communities, %d facilities, %d road segments"
            + " (generated in %.1f s, loaded in %.1f s)%n",
        city.districts().size(), city.streets().size(), city.communities().size(), city.facilities().size(),
        city.roads().size(), generated, seconds(started) - generated);
  }

  /**
   * The map names the demo's city (青岛市) when the registry holds the demo and LINLI_CITY_NAME names
   * none; a registry of another city that {@code demo} serves keeps its own (unnamed) title.
   */
  private static LinliConfig nameTheDemoCity(LinliConfig config, Database database) throws SQLException {
    if (config.cityName() != null || !new RegistryOverview(database.dataSource()).read().demo()) {
      return config;
    }
    return config.withCityName(QingdaoDemo.CITY_NAME);
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
