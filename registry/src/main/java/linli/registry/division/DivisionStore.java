package linli.registry.division;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.ChangeCached;
import linli.registry.FeaturePage;
import linli.registry.RegistryChanges;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.ogc.ItemsQuery;
import linli.registry.ogc.ListConditions;
import linli.registry.ogc.OgcCollection;
import linli.registry.ogc.OgcFeatureStore;

/** Reads the administrative divisions: districts, streets, communities. */
public final class DivisionStore {
  private static final ListConditions COMMUNITIES =
      ListConditions.load(DivisionStore.class, "community_list_conditions.sql");

  private static final NamedSql STREETS = NamedSql.parse(SqlResource.load(DivisionStore.class, "streets.sql"));

  private static final String DISTRICT_OUTLINES = SqlResource.load(DivisionStore.class, "district_outlines.sql");

  private final DataSource dataSource;
  /** The districts with their counts: a grouping over every community (0.1–0.6 s for a province's 96,000). */
  private final ChangeCached<List<District>> districts = new ChangeCached<>(this::readDistricts);

  public DivisionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Keeps the district list until {@code changes} announces a change (see {@link ChangeCached}). */
  public void follow(RegistryChanges changes) {
    districts.follow(changes);
  }

  /** The districts, their communities and residents; kept until a change when {@link #follow following} the feed. */
  public List<District> districts() throws SQLException {
    return districts.get();
  }

  private List<District> readDistricts() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT d.code, d.name, count(c.code), coalesce(sum(c.population), 0)
            FROM district d
            LEFT JOIN street s ON s.district_code = d.code
            LEFT JOIN community c ON c.street_code = s.code
            GROUP BY d.code, d.name ORDER BY d.code""");
        ResultSet rs = ps.executeQuery()) {
      List<District> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new District(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
      }
      return List.copyOf(out);
    }
  }

  /** The streets, of one district (a code or a name) or of all when {@code district} is null. */
  public List<Street> streets(String district) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = STREETS.prepare(c, java.util.Collections.singletonMap("district", district));
        ResultSet rs = ps.executeQuery()) {
      List<Street> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Street(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getInt(6), rs.getLong(7)));
      }
      return out;
    }
  }

  /** Every district's outline, simplified for drawing, as a GeoJSON FeatureCollection (text). */
  public String districtOutlines() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(DISTRICT_OUTLINES);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The district whose code or name is {@code codeOrName}. */
  public Optional<District> district(String codeOrName) throws SQLException {
    return districts().stream()
        .filter(d -> d.code().equals(codeOrName) || d.name().equals(codeOrName))
        .findFirst();
  }

  /**
   * One page of communities as GeoJSON, with their street and district: the OGC items of the
   * communities collection with the list's own filters.
   */
  public FeaturePage communities(CommunityFilter filter) throws SQLException {
    java.util.Map<String, Object> values = new java.util.HashMap<>();
    values.put("code", filter.code());
    values.put("district", filter.district());
    values.put("street", filter.street());
    values.put("q", filter.q());
    return new OgcFeatureStore(dataSource).items(
        ItemsQuery.lonLat(OgcCollection.COMMUNITIES, filter.bbox(), filter.limit(), filter.offset()),
        COMMUNITIES.of(values));
  }
}
