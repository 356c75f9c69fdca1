package linli.web;

import io.javalin.Javalin;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import linli.data.QingdaoDemo;
import linli.registry.Database;
import linli.registry.LocalPostgis;
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
      default -> {
        System.out.println("usage: linli demo | serve");
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
    // Ctrl-C: stop serving, close the pool, then stop the cluster we started (in that order).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (app[0] != null) {
        app[0].stop();
      }
      database.close();
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
