package linli.web;

import io.javalin.Javalin;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import linli.data.QingdaoDemo;
import linli.registry.Database;
import linli.registry.LocalPostgis;
import linli.registry.access.Role;
import linli.registry.access.TokenStore;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;

/**
 * Command-line entry point behind the {@code ./linli} launcher.
 *
 * <ul>
 *   <li>{@code demo}: the project-local PostGIS (or {@code LINLI_DB_URL}), migrated, the Qingdao
 *       demo loaded when the registry is empty, then the map served.
 *   <li>{@code serve}: serves against {@code LINLI_DB_URL} (migrating it), loading nothing.
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "help" : args[0];
    LinliConfig config;
    try {
      config = LinliConfig.from(System.getenv());
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }
    switch (command) {
      case "demo" -> demo(config);
      case "serve" -> {
        if (config.dbUrl() == null) {
          fail("serve needs LINLI_DB_URL, a JDBC URL of a PostGIS database, e.g.\n"
              + "  LINLI_DB_URL='jdbc:postgresql://localhost:5432/linli?user=linli&password=secret' ./linli serve\n"
              + "(./linli demo starts a project-local PostGIS instead)");
        }
        serve(config, config.dbUrl(), null, false);
      }
      case "token" -> token(config, java.util.Arrays.copyOfRange(args, 1, args.length));
      case "import" -> importFile(config, java.util.Arrays.copyOfRange(args, 1, args.length));
      case "export" -> exportLayer(config, java.util.Arrays.copyOfRange(args, 1, args.length));
      case "backup", "restore" -> BackupCommands.run(config, args);
      default -> {
        System.out.println("usage: linli demo | serve | import FILE ... | export LAYER.FORMAT ... | token create|list|revoke"
            + " | backup FILE | restore FILE [--replace]");
        System.exit("help".equals(command) ? 0 : 2);
      }
    }
  }

  private static void demo(LinliConfig config) throws Exception {
    if (config.adminToken() == null) {
      // The demo is for trying things: give this run a token so a planner can also edit.
      config = config.withAdminToken(java.util.HexFormat.of().formatHex(
          new java.security.SecureRandom().generateSeed(12)));
      System.out.println("Admin token for writes in this run (set LINLI_ADMIN_TOKEN to choose one): "
          + config.adminToken());
    }
    LocalPostgis cluster = null;
    String url = config.dbUrl();
    if (url == null) {
      long started = System.nanoTime();
      try {
        cluster = LocalPostgis.startPersistent(config.localClusterDir());
        cluster.createDatabaseIfMissing("linli");
      } catch (IOException e) {
        if (cluster != null) {
          cluster.close();
        }
        fail("Could not start the project-local PostGIS: " + e.getMessage());
        return;
      }
      url = cluster.jdbcUrl("linli");
      System.out.printf("PostGIS on 127.0.0.1:%d (data in %s) ready in %.1f s%n",
          cluster.port(), cluster.dataDir(), seconds(started));
    }
    serve(config, url, cluster, true);
  }

  private static void serve(LinliConfig config, String url, LocalPostgis cluster, boolean loadDemo) throws Exception {
    Database database = Database.connect(url);
    Javalin[] app = new Javalin[1];
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C or SIGTERM: stop serving, close the pool, then stop the cluster we started (in that order).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (app[0] != null) {
        long stopping = System.nanoTime();
        // Graceful (GracefulStop): the port closes at once; requests in flight may still use the pool.
        app[0].stop();
        System.out.printf("Stopped serving in %.1f s (requests in flight get up to %d s to finish)%n",
            seconds(stopping), GracefulStop.GRACE.toSeconds());
      }
      database.close();
      System.out.println("Database pool closed.");
      if (cluster != null) {
        cluster.close();
        System.out.println("PostGIS stopped.");
      }
      stopped.countDown();
    }, "linli-shutdown"));
    long started = System.nanoTime();
    database.migrate();
    System.out.printf("Schema up to date in %.1f s%n", seconds(started));
    if (loadDemo) {
      loadDemoIfEmpty(database);
    }
    app[0] = LinliApp.create(Services.over(database), config).start(config.port());
    System.out.printf("Linli is serving the map at http://localhost:%d/  (Ctrl-C stops it)%n", app[0].port());
    stopped.await();
  }

  /** The registry database for a one-off command: LINLI_DB_URL, or the project-local cluster. */
  private interface DatabaseWork {
    void run(Database db) throws Exception;
  }

  private static void withDatabase(LinliConfig config, DatabaseWork work) throws Exception {
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

  /** ./linli import FILE [--layer facilities|communities|roads] [--source S] [--crs C] [--format F] [--encoding E] [--dry-run] [--skip] [--repair] */
  private static void importFile(LinliConfig config, String[] args) throws Exception {
    if (args.length == 0) {
      fail("usage: linli import FILE [--layer facilities|communities|roads] [--source NAME] [--crs EPSG:4326|GCJ02|...]"
          + " [--format csv|xlsx|geojson|shp|gpkg] [--encoding UTF-8|GBK] [--category CODE] [--dry-run] [--skip] [--repair]");
    }
    java.nio.file.Path file = java.nio.file.Path.of(args[0]);
    if (!java.nio.file.Files.isReadable(file)) {
      fail("cannot read " + file);
    }
    java.util.List<String> rest = java.util.Arrays.asList(args).subList(1, args.length);
    boolean dryRun = rest.contains("--dry-run");
    boolean skip = rest.contains("--skip");
    boolean repair = rest.contains("--repair");
    java.util.Map<String, String> opts = options(rest.stream()
        .filter(a -> !a.equals("--dry-run") && !a.equals("--skip") && !a.equals("--repair")).toArray(String[]::new), 0);
    linli.registry.transfer.ImportRequest.Layer layer = switch (opts.getOrDefault("layer", "facilities")) {
      case "facilities" -> linli.registry.transfer.ImportRequest.Layer.FACILITIES;
      case "roads" -> linli.registry.transfer.ImportRequest.Layer.ROADS;
      case "communities" -> linli.registry.transfer.ImportRequest.Layer.COMMUNITIES;
      default -> {
        fail("--layer must be facilities, communities or roads");
        yield null;
      }
    };
    linli.registry.transfer.SourceCrs crs = opts.containsKey("crs")
        ? linli.registry.transfer.SourceCrs.parse(opts.get("crs")).orElse(null) : null;
    if (opts.containsKey("crs") && crs == null) {
      fail("--crs must be EPSG:4326, EPSG:4490, GCJ02, EPSG:4549 or EPSG:3857");
    }
    String source = opts.getOrDefault("source", file.getFileName().toString());
    if (source.isBlank() || source.length() > linli.registry.facility.FacilityRules.MAX_SOURCE) {
      fail("--source must be 1 to " + linli.registry.facility.FacilityRules.MAX_SOURCE
          + " characters (without it, the file's name is the source)");
    }
    var request = new linli.registry.transfer.ImportRequest(layer, crs, dryRun, skip, opts.get("category"),
        source, "cli:" + System.getProperty("user.name"), repair);
    withDatabase(config, db -> {
      long started = System.nanoTime();
      linli.registry.transfer.ImportProgress progress = (read, valid) ->
          System.err.printf("\r  %,d rows read, %,d valid, %.0f s", read, valid, seconds(started));
      linli.registry.transfer.ImportReport report;
      linli.registry.transfer.RecordSource upload = () -> linli.registry.transfer.read.RecordReaders.open(file,
          opts.get("format"), opts.get("encoding"));
      try {
        var ds = db.dataSource();
        if (layer == linli.registry.transfer.ImportRequest.Layer.FACILITIES) {
          report = new linli.registry.transfer.FacilityImporter(ds).run(request, upload, progress, "linli-cli-import");
        } else {
          try (var reader = upload.open()) {
            report = layer == linli.registry.transfer.ImportRequest.Layer.ROADS
                ? new linli.registry.transfer.RoadImporter(ds).run(request, reader, progress, "linli-cli-import")
                : new linli.registry.transfer.CommunityImporter(ds).run(request, reader, progress, "linli-cli-import");
          }
        }
      } catch (linli.registry.transfer.ImportFileException e) {
        System.err.println();
        fail(e.getMessage());
        return;
      }
      System.err.println();
      System.out.printf("%s: %,d rows; %,d inserted, %,d updated, %,d unchanged, %,d rejected (%.1f s)%n",
          report.committed() ? "committed" : dryRun ? "dry run, nothing written" : "rejected, nothing written",
          report.total(), report.inserted(), report.updated(), report.unchanged(), report.rejected(), seconds(started));
      report.errors().stream().limit(20).forEach(v ->
          System.out.printf("  row %s, %s: %s%n", v.row(), v.field(), v.message()));
      if (report.errors().size() > 20) {
        System.out.println("  ... " + (report.rejected() - 20) + " more");
      }
      report.warnings().stream().limit(20).forEach(v ->
          System.out.printf("  warning: row %s, %s: %s%n", v.row(), v.field(), v.message()));
      if (report.warnings().size() > 20) {
        System.out.println("  ... " + (report.warnings().size() - 20) + " more warnings");
      }
    });
  }

  /**
   * ./linli export LAYER.FORMAT [--out FILE] [--crs EPSG:4490|GCJ02] [--category C] [--district D]
   * [--status open,closed] [--distance M] [--mode straight|network] [--encoding GBK]: the options of
   * GET /api/export (ExportParameters), checked the same way.
   */
  private static void exportLayer(LinliConfig config, String[] args) throws Exception {
    String usage = "usage: linli export facilities|communities|roads|shelters-province.geojson|csv|shp.zip|gpkg|kml|xlsx"
        + " [--out FILE] [--crs EPSG:4490|EPSG:4326|EPSG:4549|EPSG:3857|GCJ02] [--district CODE_OR_NAME]"
        + " [--category CODE] [--status open,closed] [--distance METRES] [--mode straight|network]"
        + " [--encoding UTF-8|GBK]";
    if (args.length == 0 || !args[0].contains(".")) {
      fail(usage);
    }
    String name = args[0];
    var target = linli.registry.transfer.write.ExportFile.parse(name).orElse(null);
    if (target == null) {
      fail("no export " + name + ": layers facilities, communities, roads, shelters-province; formats "
          + String.join(", ", linli.registry.transfer.write.ExportFormat.extensions()));
    }
    java.util.Map<String, String> opts = options(args, 1);
    var parsed = new linli.registry.transfer.write.ExportParameters(opts.get("crs"), opts.get("category"),
        opts.get("district"), opts.get("status"), opts.get("distance"), opts.get("mode"), opts.get("encoding"))
        .toQuery(target);
    if (!parsed.ok()) {
      fail("--" + parsed.violation().field() + ": " + parsed.violation().message());
    }
    var query = parsed.query();
    java.nio.file.Path out = java.nio.file.Path.of(opts.getOrDefault("out", name));
    withDatabase(config, db -> {
      var exporter = new linli.registry.transfer.write.LayerExporter(db.dataSource());
      var problems = exporter.check(query);
      if (!problems.isEmpty()) {
        fail("--" + problems.get(0).field() + ": " + problems.get(0).message());
      }
      long started = System.nanoTime();
      java.nio.file.Path partial = out.resolveSibling(out.getFileName() + ".part");
      try (var stream = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(partial))) {
        long n = exporter.export(query, target.format(), stream);
        stream.close();
        java.nio.file.Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("%s: %,d features in %.1f s%n", out, n, seconds(started));
      } catch (linli.registry.transfer.write.UnwritableValueException e) {
        java.nio.file.Files.deleteIfExists(partial);
        fail(e.getMessage()); // exits
      } finally {
        java.nio.file.Files.deleteIfExists(partial);
      }
    });
  }

  /** ./linli token create --name N --role viewer|editor|admin [--categories a,b] [--districts 370202,...] | list | revoke ID */
  private static void token(LinliConfig config, String[] args) throws Exception {
    if (args.length == 0) {
      fail("usage: linli token create --name NAME --role viewer|editor|admin [--categories a,b] [--districts 370202]"
          + " | list | revoke ID");
    }
    withDatabase(config, db -> {
      TokenStore tokens = new TokenStore(db.dataSource());
      switch (args[0]) {
        case "create" -> {
          java.util.Map<String, String> opts = options(args);
          String name = opts.get("name");
          Role role = Role.parse(opts.getOrDefault("role", "")).orElse(null);
          if (name == null || name.isBlank() || role == null) {
            fail("token create needs --name NAME and --role viewer|editor|admin");
          }
          TokenStore.Created created = tokens.create(name, role, list(opts.get("categories")),
              list(opts.get("districts")), "cli:" + System.getProperty("user.name"));
          System.out.println("Token " + created.info().id() + " (" + role.code() + ") created. It is shown only now:");
          System.out.println(created.token());
        }
        case "list" -> {
          for (TokenStore.TokenInfo t : tokens.list()) {
            System.out.printf("%4d  %-20s %-7s categories=%s districts=%s created=%s%s%n", t.id(), t.name(), t.role(),
                t.categories() == null ? "all" : String.join(",", t.categories()),
                t.districts() == null ? "all" : String.join(",", t.districts()), t.createdAt(),
                t.revokedAt() == null ? "" : "  REVOKED " + t.revokedAt());
          }
        }
        case "revoke" -> {
          if (args.length < 2 || !args[1].matches("[0-9]+")) {
            fail("token revoke needs the token's id (see: linli token list)");
          }
          if (!tokens.revoke(Long.parseLong(args[1]), "cli:" + System.getProperty("user.name"))) {
            fail("no live token " + args[1]);
          }
          System.out.println("Token " + args[1] + " revoked.");
        }
        default -> fail("unknown token command '" + args[0] + "': create, list or revoke");
      }
    });
  }

  private static java.util.Map<String, String> options(String[] args) {
    return options(args, 1);
  }

  /** --name value pairs from {@code args[from]} on. */
  private static java.util.Map<String, String> options(String[] args, int from) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (int i = from; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        fail("expected an option like --name, got '" + args[i] + "'");
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }

  private static java.util.List<String> list(String csv) {
    return csv == null || csv.isBlank() ? null : java.util.Arrays.stream(csv.split(",")).map(String::strip).toList();
  }

  private static void loadDemoIfEmpty(Database database) throws SQLException {
    CityLoader loader = new CityLoader(database.dataSource());
    if (!loader.isEmpty()) {
      System.out.println("The registry already holds communities: the demo is not loaded again.");
      return;
    }
    long started = System.nanoTime();
    CityData city = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED);
    double generated = seconds(started);
    loader.load(city);
    System.out.printf("Qingdao demo loaded: %d districts, %d streets, %d communities, %d facilities, %d road segments"
            + " (generated in %.1f s, loaded in %.1f s)%n",
        city.districts().size(), city.streets().size(), city.communities().size(), city.facilities().size(),
        city.roads().size(), generated, seconds(started) - generated);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void fail(String message) {
    System.err.println("linli: " + message);
    System.exit(1);
  }
}
