package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.coverage.network.Geodesy;

/** What a proposed change would do to coverage; stores nothing. */
public final class WhatIfAnalyzer {
  private static final NamedSql STRAIGHT = NamedSql.parse(SqlResource.load(WhatIfAnalyzer.class, "straight_what_if.sql"));

  private final DataSource dataSource;
  private final NetworkCoverage network;
  private final CoverageAnalyzer coverage;

  public WhatIfAnalyzer(DataSource dataSource, CoverageAnalyzer coverage) {
    this.dataSource = dataSource;
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
    Map<String, Object> values = new HashMap<>();
    values.put("category", q.category());
    values.put("statuses", q.statuses().toArray(String[]::new));
    values.put("distance", q.distanceM());
    values.put("district", q.district());
    values.put("add_lons", change.add().stream().map(p -> p[0]).toArray(Double[]::new));
    values.put("add_lats", change.add().stream().map(p -> p[1]).toArray(Double[]::new));
    values.put("remove", change.remove().toArray(Long[]::new));
    List<Row> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = STRAIGHT.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new Row(rs.getString("code"), rs.getLong("population"), rs.getBoolean("covered_before"),
            rs.getBoolean("covered_after")));
      }
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
      double[][] anchors = today.stream().map(c -> new double[] {c.anchorLon(), c.anchorLat()}).toArray(double[][]::new);
      double[] d = network.reach(change.add(), anchors, limit);
      for (int i = 0; i < d.length; i++) {
        reached[i] = d[i] <= limit;
      }
    } else {
      for (int i = 0; i < today.size(); i++) {
        CommunityCoverage c = today.get(i);
        for (int j = 0; j < change.add().size() && !reached[i]; j++) {
          double[] p = change.add().get(j);
          reached[i] = Geodesy.distance(p[0], p[1], c.anchorLon(), c.anchorLat()) <= limit;
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

  /** Network mode with removals: the multi-source search, once with today's facilities and once changed. */
  private WhatIf.Result network(WhatIf change) throws SQLException {
    NetworkCoverage.Inputs in = network.inputs(change.query());
    double limit = change.query().distanceM();
    double[] before = NetworkCoverage.nearest(in, NetworkCoverage.points(in.sources(), Set.of()));
    List<double[]> changed = new ArrayList<>(NetworkCoverage.points(in.sources(), Set.copyOf(change.remove())));
    changed.addAll(change.add());
    double[] after = NetworkCoverage.nearest(in, changed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < before.length; i++) {
      NetworkCoverage.Anchor a = in.anchors().get(i);
      rows.add(new Row(a.code(), a.population(), before[i] <= limit, after[i] <= limit));
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
