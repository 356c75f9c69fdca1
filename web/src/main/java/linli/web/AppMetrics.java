package linli.web;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import linli.registry.Database;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.transfer.ImportJobs;
import linli.tiles.TileService;

/**
 * What {@code GET /metrics} reports, through the Prometheus Java client: HTTP requests by method,
 * route template and status with their latency, the database pool, imports, the tile and coverage
 * caches, and the client's own JVM and process families (memory, GC, threads, classes, CPU, open
 * files). Labels come from bounded sets only (the route table, a fixed list of methods), never from a
 * raw path.
 */
final class AppMetrics {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final double[] LATENCY_BOUNDS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  /**
   * The JVM and process are one per process, while a test runs many apps in one JVM: their families
   * are registered once here and every app's registry reads them through a view.
   */
  private static final PrometheusRegistry JVM = new PrometheusRegistry();

  static {
    JvmMetrics.builder().register(JVM);
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram latency;
  private final AtomicLong importsStarted = new AtomicLong();
  private final AtomicLong importsDone = new AtomicLong();
  private final AtomicLong importsFailed = new AtomicLong();
  private final AtomicLong importRows = new AtomicLong();
  private final ConcurrentLinkedQueue<ImportJobs.Job> running = new ConcurrentLinkedQueue<>();

  AppMetrics(Database database, TileService tiles, CoverageAnalyzer coverage) {
    registry.register((MultiCollector) JVM::scrape);
    requests = Counter.builder().name("linli_http_requests_total")
        .help("HTTP requests answered, by method, route template and status")
        .labelNames("method", "route", "status").withoutExemplars().register(registry);
    latency = Histogram.builder().name("linli_http_request_duration_seconds")
        .help("Time to answer an HTTP request, by method and route template")
        .labelNames("method", "route").classicOnly().classicUpperBounds(LATENCY_BOUNDS).withoutExemplars()
        .register(registry);
    // The client writes no family before its first series: start the scrape's own, so that both
    // families are there, typed, from the first scrape on.
    requests.initLabelValues("GET", "/metrics", "200");
    latency.initLabelValues("GET", "/metrics");
    gauge("linli_db_pool_active", "Pooled database connections in use", () -> database.poolStats().active());
    gauge("linli_db_pool_idle", "Pooled database connections open and idle", () -> database.poolStats().idle());
    gauge("linli_db_pool_pending", "Threads waiting for a pooled database connection",
        () -> database.poolStats().pending());
    gauge("linli_db_pool_max", "Most database connections the pool opens", () -> database.poolStats().max());
    counter("linli_imports_started_total", "Imports accepted (POST /api/imports)", importsStarted::get);
    counter("linli_imports_done_total", "Imports that finished with a report", () -> {
      sweepImports();
      return importsDone.get();
    });
    counter("linli_imports_failed_total", "Imports that failed and wrote nothing", () -> {
      sweepImports();
      return importsFailed.get();
    });
    counter("linli_import_rows_total", "Rows read by finished imports", () -> {
      sweepImports();
      return importRows.get();
    });
    counter("linli_tile_cache_hits_total", "Tiles served from the cache", () -> tiles.cacheStats().hits());
    counter("linli_tile_cache_misses_total", "Tiles rendered because none or only a stale one was cached",
        () -> tiles.cacheStats().misses());
    gauge("linli_tile_cache_tiles", "Tiles in the cache", () -> tiles.cacheStats().tiles());
    gauge("linli_tile_cache_bytes", "Bytes of tiles in the cache", () -> tiles.cacheStats().bytes());
    gauge("linli_tile_cache_off_heap_bytes", "Bytes of tiles held outside the Java heap, cached or dropped and not yet"
        + " collected (at most twice the cache)", () -> tiles.cacheStats().offHeapBytes());
    counter("linli_tiles_from_memory_total", "Facilities tiles encoded from the facilities held in memory",
        () -> tiles.renderStats().fromMemory());
    counter("linli_tiles_from_sql_total", "Tiles rendered by an ST_AsMVT query (facilities tiles while memory catches up)",
        () -> tiles.renderStats().fromSql());
    gauge("linli_tile_facilities_in_memory", "Live facilities held in memory for facilities tiles",
        () -> tiles.renderStats().facilitiesInMemory());
    gauge("linli_tile_facilities_memory_bytes", "Estimated heap bytes of the facilities held for tiles",
        () -> tiles.renderStats().memoryBytes());
    counter("linli_coverage_cache_hits_total", "Coverage answers served from the cache",
        () -> coverage.cacheStats().hits());
    counter("linli_coverage_cache_misses_total",
        "Coverage answers computed because none or only one from older registry revisions was cached",
        () -> coverage.cacheStats().misses());
  }

  private void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
  }

  private void counter(String name, String help, DoubleSupplier value) {
    CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  /** Records one answered request; {@code route} is the matched template or a fixed word. */
  void request(String method, String route, int status, double seconds) {
    String m = METHODS.contains(method) ? method : "OTHER";
    requests.labelValues(m, route, Integer.toString(status)).inc();
    latency.labelValues(m, route).observe(seconds);
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

  /** The text exposition format 0.0.4, which every Prometheus server reads. */
  void handle(Context ctx) {
    ctx.contentType(writer.getContentType());
    try {
      writer.write(ctx.outputStream(), registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
