package linli.registry.coverage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import javax.sql.DataSource;
import linli.registry.coverage.straight.CategoryFacilities;
import linli.registry.coverage.straight.NearestIndex;
import linli.registry.coverage.straight.PostgisGeodesic;

/** What a proposed change would do to coverage; stores nothing. */
public final class WhatIfAnalyzer {
  private final NetworkCoverage network;
  private final CoverageAnalyzer coverage;

  public WhatIfAnalyzer(DataSource dataSource, CoverageAnalyzer coverage) {
    this.network = coverage.network();
    this.coverage = coverage;
  }

  private record Row(String code, long population, boolean before, boolean after) {}

  public WhatIf.Result analyse(WhatIf change) throws SQLException {
    CoverageQuery q = change.query();
    if (change.remove().isEmpty()) {
      return additionsOnly(change);
    }
    if (q.mode() == CoverageMode.NETWORK) {
      return network(change);
    }
    return straight(change);
  }

  /**
   * Straight mode with removals, from the in-memory index: before as coverage answers it, after
   * from the facilities less the removed ones plus the proposed sites, each decided on the
   * ellipsoid as coverage decides covered (so "after" is what coverage would answer were the
   * change made). Nothing is stored.
   */
  private WhatIf.Result straight(WhatIf change) throws SQLException {
    CoverageQuery q = change.query();
    FacilityIndex.Snapshot snapshot = coverage.straight().snapshot(q.category());
    FacilityIndex referee = coverage.straight();
    List<CommunityCoverage> before = StraightCoverage.communities(q, snapshot, referee);
    CategoryFacilities facilities = snapshot.facilities();
    Set<Long> removed = Set.copyOf(change.remove());
    IntPredicate skip = i -> removed.contains(facilities.id(i));
    NearestIndex.Search search = facilities.index(q.statuses()).search();
    double[] sites = StraightCoverage.ecef(change.add());
    double[] place = new double[3];
    List<Row> rows = new ArrayList<>(before.size());
    for (CommunityCoverage c : before) {
      PostgisGeodesic.ecef(c.anchorLon(), c.anchorLat(), place, 0);
      boolean after = StraightCoverage.withinSite(change.add(), sites, c.anchorLon(), c.anchorLat(), place, q.distanceM(),
          referee) || StraightCoverage.withinFacility(search, c.anchorLon(), c.anchorLat(), place, skip, q.distanceM(), referee);
      rows.add(new Row(c.code(), c.population(), c.covered(), after));
    }
    return result(rows);
  }

  /**
   * Sites added only: today's (cached) answer, plus whoever lies within the distance of a proposed
   * site: on the ellipsoid (straight), or by one search from the proposed sites alone, cut off at
   * the distance (network). Adding sites can only shorten distances, so nobody is lost.
   */
  private WhatIf.Result additionsOnly(WhatIf change) throws SQLException {
    double limit = change.query().distanceM();
    List<CommunityCoverage> today = coverage.communities(change.query());
    boolean[] reached = new boolean[today.size()];
    if (!change.add().isEmpty() && change.query().mode() == CoverageMode.NETWORK) {
      NetworkCoverage.Reach reach = network.reach(change.add(), limit);
      for (int i = 0; i < today.size(); i++) {
        reached[i] = reach.metres(today.get(i).code()) <= limit;
      }
    } else if (!change.add().isEmpty()) {
      double[] sites = StraightCoverage.ecef(change.add());
      double[] place = new double[3];
      for (int i = 0; i < today.size(); i++) {
        CommunityCoverage c = today.get(i);
        if (!c.covered()) {
          PostgisGeodesic.ecef(c.anchorLon(), c.anchorLat(), place, 0);
          reached[i] = StraightCoverage.withinSite(change.add(), sites, c.anchorLon(), c.anchorLat(), place, limit,
              coverage.straight());
        }
      }
    }
    List<Row> rows = new ArrayList<>(today.size());
    for (int i = 0; i < today.size(); i++) {
      CommunityCoverage c = today.get(i);
      rows.add(new Row(c.code(), c.population(), c.covered(), c.covered() || reached[i]));
    }
    return result(rows);
  }

  /**
   * Network mode with removals: before and after from one snapshot, before the category's kept full
   * search, after searched only around the removed facilities and the proposed sites ({@link
   * NetworkCoverage#changed}), both exact up to the distance.
   */
  private WhatIf.Result network(WhatIf change) throws SQLException {
    CoverageQuery q = change.query();
    double limit = q.distanceM();
    NetworkCoverage.Comparison c = network.changed(q, Set.copyOf(change.remove()), change.add(), limit);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < c.anchors().size(); i++) {
      NetworkCoverage.Anchor a = c.anchors().get(i);
      if (StraightCoverage.inDistrict(a, q.district())) {
        rows.add(new Row(a.code(), a.population(), c.before()[i] <= limit, c.after()[i] <= limit));
      }
    }
    return result(rows);
  }

  private static WhatIf.Result result(List<Row> rows) {
    return new WhatIf.Result(
        CoverageSummary.of(rows, Row::population, Row::before),
        CoverageSummary.of(rows, Row::population, Row::after),
        rows.stream().filter(r -> !r.before() && r.after()).map(Row::code).toList(),
        rows.stream().filter(r -> r.before() && !r.after()).map(Row::code).toList());
  }
}
