package linli.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs a paged GeoJSON list query: its parameters include {@code min_lon .. max_lat} (a bbox or
 * nulls), {@code limit} and {@code offset}; it answers number_matched, number_returned, features.
 */
public final class FeaturePages {
  private FeaturePages() {}

  /** Puts the bbox parameters (all null when there is no bbox). */
  public static void putBbox(Map<String, Object> values, double[] bbox) {
    values.put("min_lon", bbox == null ? null : bbox[0]);
    values.put("min_lat", bbox == null ? null : bbox[1]);
    values.put("max_lon", bbox == null ? null : bbox[2]);
    values.put("max_lat", bbox == null ? null : bbox[3]);
  }

  public static FeaturePage run(DataSource dataSource, NamedSql sql, Map<String, Object> values) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = sql.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new FeaturePage(rs.getString("features"), rs.getLong("number_matched"), rs.getInt("number_returned"));
    }
  }
}
