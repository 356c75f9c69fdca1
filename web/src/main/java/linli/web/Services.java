package linli.web;

import linli.registry.Database;
import linli.registry.RegistryChanges;
import linli.registry.category.CategoryStore;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.coverage.RoadGraphCache;
import linli.registry.coverage.ServiceAreas;
import linli.registry.coverage.NearestFacility;
import linli.registry.coverage.SiteSuggester;
import linli.registry.coverage.WhatIfAnalyzer;
import linli.registry.indicator.IndicatorCalculator;
import linli.registry.lifecircle.LifeCircles;
import linli.registry.division.DivisionStore;
import linli.registry.facility.FacilityStore;
import linli.registry.facility.SourceRemover;
import linli.registry.ogc.OgcFeatureStore;
import linli.registry.overview.RegistryOverview;
import linli.registry.access.AuditLog;
import linli.registry.access.TokenStore;
import linli.registry.access.WriteBuckets;
import linli.registry.transfer.ImportJobs;
import linli.registry.transfer.write.LayerExporter;
import linli.tiles.FacilityTileStore;
import linli.tiles.TileService;

/** What the HTTP layer stands on: the registry's stores and engines over one database. */
public record Services(
    Database database,
    CategoryStore categories,
    DivisionStore divisions,
    FacilityStore facilities,
    SourceRemover sources,
    CoverageAnalyzer coverage,
    NearestFacility nearest,
    WhatIfAnalyzer whatIf,
    SiteSuggester suggester,
    IndicatorCalculator indicators,
    OgcFeatureStore features,
    TileService tiles,
    ImportJobs imports,
    TokenStore tokens,
    WriteBuckets writeBuckets,
    AuditLog audit,
    LayerExporter exports,
    RegistryChanges changes,
    RegistryOverview overview,
    LifeCircles lifeCircles,
    ServiceAreas serviceAreas) {

  /** Room for about 10,000 typical city tiles. */
  static final long TILE_CACHE_BYTES = 128L << 20;

  /** Imports at once: each holds one connection and one core while it maps rows. */
  static final int IMPORT_THREADS = 2;

  /** The services over {@code database}; the change feed starts listening (close it with the app). */
  public static Services over(Database database) {
    var ds = database.dataSource();
    // The stores whose reads may go to a standby (LINLI_DB_READ_URL; ReadRouting says which requests).
    // Not the coverage engine, tiles or categories: their caches are invalidated by the change feed, which
    // follows the primary, and a lagging standby could refill them with what the feed just invalidated.
    var reads = database.readDataSource();
    // One road graph in memory for coverage and service areas alike.
    RoadGraphCache graphs = new RoadGraphCache();
    CoverageAnalyzer coverage = new CoverageAnalyzer(ds, graphs);
    // Facilities tiles from memory, kept in step with the change feed (FacilityTileStore).
    TileService tiles = new TileService(ds, TILE_CACHE_BYTES, new FacilityTileStore(ds));
    RegistryChanges changes = RegistryChanges.start(database::openDirect);
    coverage.followChanges(changes);
    RegistryOverview overview = new RegistryOverview(ds);
    overview.follow(changes);
    DivisionStore divisions = new DivisionStore(ds);
    divisions.follow(changes);
    changes.subscribe(new RegistryChanges.Subscriber() {
      @Override
      public void changed(RegistryChanges.Change change) {
        tiles.changed(change);
      }

      @Override
      public void connected() {
        tiles.resume();
      }

      @Override
      public void lost() {
        tiles.suspend();
      }
    });
    // One items store for the REST list and OGC API alike: they share its counts of facilities.
    OgcFeatureStore features = new OgcFeatureStore(reads);
    return new Services(database, new CategoryStore(ds), divisions, new FacilityStore(reads, features),
        new SourceRemover(ds), coverage, new NearestFacility(ds),
        new WhatIfAnalyzer(ds, coverage), new SiteSuggester(coverage), new IndicatorCalculator(ds), features,
        tiles, new ImportJobs(ds, IMPORT_THREADS, ImportHandlers::reportJson),
        new TokenStore(ds), new WriteBuckets(ds), new AuditLog(ds), new LayerExporter(reads, LayerExporter.DEFAULT_MAX_CONCURRENT, coverage),
        changes, overview, new LifeCircles(ds, coverage), new ServiceAreas(ds, graphs));
  }
}
