package linli.registry.lifecircle;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/** Reads and replaces the life-circle definitions (table {@code life_circle}, V22). */
public final class LifeCircleStore {
  private static final NamedSql DEFINITIONS = NamedSql.parse(SqlResource.load(LifeCircleStore.class, "definitions.sql"));
  private static final NamedSql REPLACE = NamedSql.parse(SqlResource.load(LifeCircleStore.class, "replace.sql"));

  private final DataSource dataSource;

  public LifeCircleStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every level, 5 then 10 then 15. */
  public List<LifeCircle> all() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = DEFINITIONS.prepare(c, Map.of());
        ResultSet rs = ps.executeQuery()) {
      List<LifeCircle> out = new ArrayList<>();
      while (rs.next()) {
        Array codes = rs.getArray("categories");
        out.add(new LifeCircle(rs.getInt("level"), rs.getString("name_zh"), rs.getDouble("distance_m"),
            Arrays.asList((String[]) codes.getArray()), rs.getString("standard")));
      }
      return out;
    }
  }

  public Optional<LifeCircle> find(int level) throws SQLException {
    return all().stream().filter(l -> l.level() == level).findFirst();
  }

  /** Replaces a level's distance and categories (checked by {@link LifeCircleRules}); {@code by} is who asked. */
  public LifeCircle replace(int level, double distanceM, List<String> categories, String by) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = REPLACE.prepare(c, Map.of("level", level, "distance_m", distanceM,
            "categories", categories.toArray(String[]::new), "by", by))) {
      ps.executeUpdate();
    }
    return find(level).orElseThrow();
  }
}
