package linli.registry.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/** What a proposed change would do to coverage; stores nothing. */
public final class WhatIfAnalyzer {
  private static final NamedSql STRAIGHT = NamedSql.parse(SqlResource.load(WhatIfAnalyzer.class, "straight_what_if.sql"));

  private final DataSource dataSource;

  public WhatIfAnalyzer(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private record Row(String code, long population, boolean before, boolean after) {}

  public WhatIf.Result analyse(WhatIf change) throws SQLException {
    CoverageQuery q = change.query();
    if (q.mode() != CoverageMode.STRAIGHT) {
      throw new UnsupportedOperationException("what-if in mode '" + q.mode().code() + "' is not available yet");
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
    return new WhatIf.Result(
        CoverageSummary.of(rows, Row::population, Row::before),
        CoverageSummary.of(rows, Row::population, Row::after),
        rows.stream().filter(r -> !r.before() && r.after()).map(Row::code).toList(),
        rows.stream().filter(r -> r.before() && !r.after()).map(Row::code).toList());
  }
}
