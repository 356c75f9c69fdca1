package linli.registry.facility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/** Reads facilities. (Writes with optimistic locking arrive with the registry API.) */
public final class FacilityStore {
  private static final NamedSql LIST = NamedSql.parse(SqlResource.load(FacilityStore.class, "list.sql"));

  private final DataSource dataSource;

  public FacilityStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public FacilityPage list(FacilityFilter filter) throws SQLException {
    Map<String, Object> values = new HashMap<>();
    values.put("category", filter.category());
    values.put("status", filter.status());
    values.put("district", filter.district());
    values.put("q", filter.q());
    double[] bbox = filter.bbox();
    values.put("min_lon", bbox == null ? null : bbox[0]);
    values.put("min_lat", bbox == null ? null : bbox[1]);
    values.put("max_lon", bbox == null ? null : bbox[2]);
    values.put("max_lat", bbox == null ? null : bbox[3]);
    values.put("limit", filter.limit());
    values.put("offset", filter.offset());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = LIST.prepare(c, values);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new FacilityPage(rs.getString("features"), rs.getLong("number_matched"), rs.getInt("number_returned"));
    }
  }
}
