package linli.web;

import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import linli.registry.Database;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.transfer.ImportJobs;
import linli.tiles.TileService;

/**
 * What {@code GET /metrics} reports: HTTP requests by method, route template and status with their
 * latency, the database pool, imports and the tile cache. Labels come from bounded sets only (the
 * route table, a fixed list of methods), never from a raw path. Coverage cache counters too.
 */
final class AppMetrics {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final double[] LATENCY_BOUNDS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final MetricsRegistry registry = new MetricsRegistry();
  private final MetricsRegistry.Counter requests;
  private final MetricsRegistry.Histogram latency;
  private final AtomicLong importsStarted = new AtomicLong();
  private final AtomicLong importsDone = new AtomicLong();
  private final AtomicLong importsFailed = new AtomicLong();
  private final AtomicLong importRows = new AtomicLong();
  private final ConcurrentLinkedQueue<ImportJobs.Job> running = new ConcurrentLinkedQueue<>();

  AppMetrics(Database database, TileService tiles, CoverageAnalyzer coverage) {
    requests = registry.counter("linli_http_requests_total", "HTTP requests answered, by method, route template and status",
        "method", "route", "status");
    latency = registry.histogram("linli_http_request_duration_seconds",
        "Time to answer an HTTP request, by method and route template", LATENCY_BOUNDS, "method", "route");
    registry.callback("linli_db_pool_active", "Pooled database connections in use", "gauge",
        () -> database.poolStats().active());
    registry.callback("linli_db_pool_idle", "Pooled database connections open and idle", "gauge",
        () -> database.poolStats().idle());
    registry.callback("linli_db_pool_pending", "Threads waiting for a pooled database connection", "gauge",
        () -> database.poolStats().pending());
    registry.callback("linli_db_pool_max", "Most database connections the pool opens", "gauge",
        () -> database.poolStats().max());
    registry.callback("linli_imports_started_total", "Imports accepted (POST /api/imports)", "counter",
        importsStarted::get);
    registry.callback("linli_imports_done_total", "Imports that finished with a report", "counter", () -> {
      sweepImports();
      return importsDone.get();
    });
    registry.callback("linli_imports_failed_total", "Imports that failed and wrote nothing", "counter", importsFailed::get);
    registry.callback("linli_import_rows_total", "Rows read by finished imports", "counter", importRows::get);
    registry.callback("linli_tile_cache_hits_total", "Tiles served from the cache", "counter",
        () -> tiles.cacheStats().hits());
    registry.callback("linli_tile_cache_misses_total", "Tiles rendered because none or only a stale one was cached",
        "counter", () -> tiles.cacheStats().misses());
    registry.callback("linli_tile_cache_tiles", "Tiles in the cache", "gauge", () -> tiles.cacheStats().tiles());
    registry.callback("linli_tile_cache_bytes", "Bytes of tiles in the cache", "gauge", () -> tiles.cacheStats().bytes());
    registry.callback("linli_coverage_cache_hits_total", "Coverage answers served from the cache", "counter",
        () -> coverage.cacheStats().hits());
    registry.callback("linli_coverage_cache_misses_total",
        "Coverage answers computed because none or only one from older registry revisions was cached", "counter",
        () -> coverage.cacheStats().misses());
  }

  /** Records one answered request; {@code route} is the matched template or a fixed word. */
  void request(String method, String route, int status, double seconds) {
    String m = METHODS.contains(method) ? method : "OTHER";
    requests.inc(1, m, route, Integer.toString(status));
    latency.observe(seconds, m, route);
  }

  void importStarted(ImportJobs.Job job) {
    importsStarted.incrementAndGet();
    running.add(job);
  }

  /** Moves finished imports into the done/failed counters (jobs have no callback; they are read at scrape time). */
  private synchronized void sweepImports() {
    for (Iterator<ImportJobs.Job> it = running.iterator(); it.hasNext(); ) {
      ImportJobs.Job job = it.next();
      ImportJobs.State state = job.state();
      if (state == ImportJobs.State.DONE || state == ImportJobs.State.FAILED) {
        (state == ImportJobs.State.DONE ? importsDone : importsFailed).incrementAndGet();
        importRows.addAndGet(job.rowsRead());
        it.remove();
      }
    }
  }

  void handle(Context ctx) {
    ctx.contentType(MetricsRegistry.CONTENT_TYPE).result(registry.scrape());
  }
}
