package linli.web;

import linli.registry.Database;
import linli.registry.category.CategoryStore;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.division.DivisionStore;
import linli.registry.facility.FacilityStore;
import linli.registry.ogc.OgcFeatureStore;

/** What the HTTP layer stands on: the registry's stores and engines over one database. */
public record Services(
    Database database,
    CategoryStore categories,
    DivisionStore divisions,
    FacilityStore facilities,
    CoverageAnalyzer coverage,
    OgcFeatureStore features) {

  public static Services over(Database database) {
    var ds = database.dataSource();
    return new Services(database, new CategoryStore(ds), new DivisionStore(ds), new FacilityStore(ds),
        new CoverageAnalyzer(ds), new OgcFeatureStore(ds));
  }
}
