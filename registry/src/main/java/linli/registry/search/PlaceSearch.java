package linli.registry.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;

/**
 * Finds districts, streets, communities and facilities by part of their name or the start of their
 * code, best first ({@code places.sql} says how they are ranked).
 */
public final class PlaceSearch {
  /** The longest list one search returns. */
  public static final int MAX_LIMIT = 50;
  /** Longer text is no name or code: refused before the database sees it. */
  public static final int MAX_QUERY_LENGTH = 100;

  private static final NamedSql PLACES = NamedSql.parse(SqlResource.load(PlaceSearch.class, "places.sql"));

  private final DataSource dataSource;

  public PlaceSearch(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The places {@code text} (stripped, not blank) names, at most {@code limit} (1 to {@link #MAX_LIMIT}). */
  public List<Place> find(String text, int limit) throws SQLException {
    String q = text.strip();
    if (q.isEmpty() || q.length() > MAX_QUERY_LENGTH || limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("a search needs 1 to " + MAX_QUERY_LENGTH + " characters and a limit of 1 to "
          + MAX_LIMIT);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = PLACES.prepare(c, Map.of("q", q, "limit", limit));
        ResultSet rs = ps.executeQuery()) {
      List<Place> out = new ArrayList<>();
      while (rs.next()) {
        double[] bbox = rs.getObject("west") == null ? null
            : new double[] {rs.getDouble("west"), rs.getDouble("south"), rs.getDouble("east"), rs.getDouble("north")};
        out.add(new Place(rs.getString("kind"), rs.getString("id"), rs.getString("name"), rs.getString("district_name"),
            rs.getString("street_name"), rs.getString("category"), rs.getString("address"),
            (Double) rs.getObject("lon"), (Double) rs.getObject("lat"), bbox));
      }
      return out;
    }
  }

  /**
   * One hit. {@code kind}: district, street, community or facility; {@code id}: the division's code
   * or the facility's id; {@code lon}/{@code lat}: where to look (null for a division without a
   * boundary yet); {@code bbox}: west, south, east, north of a division (null for a facility).
   */
  public record Place(String kind, String id, String name, String districtName, String streetName, String category,
      String address, Double lon, Double lat, double[] bbox) {}
}
