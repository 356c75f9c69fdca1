package linli.registry.facility;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import linli.registry.FeaturePage;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.access.OutOfScopeException;
import linli.registry.access.Principal;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Property;
import linli.registry.catalog.WrittenColumns;
import linli.registry.ogc.ItemsQuery;
import linli.registry.ogc.ListConditions;
import linli.registry.ogc.OgcCollection;
import linli.registry.ogc.OgcFeatureStore;

/**
 * Reads and writes facilities. Every write is checked by {@link FacilityRules} first, guarded by
 * the version the client read (optimistic locking: no lost update), and recorded in the history
 * by the database itself.
 */
public final class FacilityStore {
  private static final ListConditions LIST = ListConditions.load(FacilityStore.class, "list_conditions.sql");
  private static final NamedSql FIND = sql("find.sql");
  private static final NamedSql INSERT = sql("insert.sql");
  private static final NamedSql UPDATE = sql("update.sql");
  private static final NamedSql DELETE = sql("delete.sql");
  private static final NamedSql HISTORY = sql("history.sql");
  private static final NamedSql CONTEXT = sql("context.sql");
  private static final NamedSql RESTORE = sql("restore.sql");
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final OgcFeatureStore items;

  public FacilityStore(DataSource dataSource) {
    this(dataSource, new OgcFeatureStore(dataSource));
  }

  /** Lists through {@code items}, whose kept counts the OGC items of facilities share (the same database). */
  public FacilityStore(DataSource dataSource, OgcFeatureStore items) {
    this.dataSource = dataSource;
    this.items = items;
  }

  /** A statement of this package, the columns of the properties written as given put in from the catalogue. */
  private static NamedSql sql(String name) {
    return NamedSql.parse(WrittenColumns.fill(Catalog.FACILITIES, SqlResource.load(FacilityStore.class, name)));
  }

  /** One page of facilities: the OGC items of the facilities collection with the list's own filters. */
  public FeaturePage list(FacilityFilter filter) throws SQLException {
    Map<String, String> equal = new HashMap<>();
    if (filter.category() != null) {
      equal.put("category", filter.category());
    }
    if (filter.status() != null) {
      equal.put("status", filter.status());
    }
    Map<String, Object> values = new HashMap<>();
    values.put("district", filter.district());
    values.put("q", filter.q());
    return items.items(ItemsQuery.lonLat(OgcCollection.FACILITIES, filter.bbox(), filter.limit(), filter.offset()),
        equal, LIST.of(values));
  }

  public Optional<StoredFacility> find(long id) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = FIND.prepare(c, Map.of("id", id))) {
      return stored(ps);
    }
  }

  /** Checks the draft and the writer's scope, and inserts it as version 1. */
  public StoredFacility create(FacilityDraft draft, Principal who) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      requireValid(c, draft);
      requireScope(who, draft.category(), districtAt(c, draft.lon(), draft.lat()), "create");
      try (PreparedStatement ps = INSERT.prepare(c, values(draft, who.name()))) {
        return stored(ps).orElseThrow();
      } catch (SQLException e) {
        throw duplicateOr(c, draft, e);
      }
    }
  }

  /** Replaces the facility if it is still at {@code expectedVersion}; returns the new version. */
  public StoredFacility replace(long id, int expectedVersion, FacilityDraft draft, Principal who) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      requireValid(c, draft);
      requireScopeOfExisting(c, who, id, "change");
      requireScope(who, draft.category(), districtAt(c, draft.lon(), draft.lat()), "move or recategorise it to");
      Map<String, Object> values = values(draft, who.name());
      values.put("id", id);
      values.put("version", expectedVersion);
      try (PreparedStatement ps = UPDATE.prepare(c, values)) {
        Optional<StoredFacility> updated = stored(ps);
        if (updated.isPresent()) {
          return updated.get();
        }
      } catch (SQLException e) {
        throw duplicateOr(c, draft, e);
      }
      throw whyNotWritten(c, id, expectedVersion);
    }
  }

  /** Soft-deletes the facility if it is still at {@code expectedVersion}; the history keeps it. */
  public void delete(long id, int expectedVersion, Principal who) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      requireScopeOfExisting(c, who, id, "delete");
      try (PreparedStatement ps = DELETE.prepare(c, Map.of("id", id, "version", expectedVersion, "by", who.name()))) {
        if (stored(ps).isEmpty()) {
          throw whyNotWritten(c, id, expectedVersion);
        }
      }
    }
  }

  /**
   * Makes version {@code version} of the facility current again (a new version with its content;
   * a deleted facility comes back), if the facility is still at {@code expectedVersion}.
   */
  public StoredFacility restore(long id, int version, int expectedVersion, Principal who) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      requireScopeOfExisting(c, who, id, "restore");
      try (PreparedStatement check = c.prepareStatement(
          "SELECT feature->'properties'->>'category', ST_X(ST_GeomFromGeoJSON(feature->'geometry')),"
              + " ST_Y(ST_GeomFromGeoJSON(feature->'geometry')) FROM facility_versions WHERE facility_id = ? AND version = ?")) {
        check.setLong(1, id);
        check.setInt(2, version);
        try (ResultSet rs = check.executeQuery()) {
          if (!rs.next()) {
            throw new FacilityNotFoundException(id, version);
          }
          requireScope(who, rs.getString(1), districtAt(c, rs.getDouble(2), rs.getDouble(3)), "restore it to");
        }
      }
      try (PreparedStatement ps = RESTORE.prepare(c,
          Map.of("id", id, "version", version, "expected", expectedVersion, "by", who.name()))) {
        Optional<StoredFacility> restored = stored(ps);
        if (restored.isPresent()) {
          return restored.get();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT version FROM facility WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            throw new VersionConflictException(id, expectedVersion, rs.getInt(1));
          }
          throw new FacilityNotFoundException(id);
        }
      }
    }
  }

  private static void requireScope(Principal who, String category, String district, String verb) {
    if (!who.covers(category, district)) {
      throw new OutOfScopeException("token '" + who.name() + "' may not " + verb + " a " + category + " facility in "
          + (district == null ? "an unknown district" : "district " + district));
    }
  }

  private static void requireScopeOfExisting(Connection c, Principal who, long id, String verb) throws SQLException {
    if (who.unrestricted()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT f.category, (SELECT d.code FROM district d WHERE ST_Intersects(d.geom, f.geom) ORDER BY d.code LIMIT 1)"
            + " FROM facility f WHERE f.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          requireScope(who, rs.getString(1), rs.getString(2), verb);
        }
      }
    }
  }

  /** The district a point lies in, or null outside every district. */
  private static String districtAt(Connection c, double lon, double lat) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT code FROM district WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4490)) ORDER BY code LIMIT 1")) {
      ps.setDouble(1, lon);
      ps.setDouble(2, lat);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Every version the facility ever had, oldest first; empty when it never existed. */
  public List<HistoryEntry> history(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = HISTORY.prepare(c, Map.of("id", id));
        ResultSet rs = ps.executeQuery()) {
      List<HistoryEntry> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new HistoryEntry(rs.getInt(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
            rs.getString(4), rs.getString(5)));
      }
      return out;
    }
  }

  /**
   * On the caller's connection: borrowing a second one while holding the first starves the pool
   * (eight concurrent 412s each waited for a ninth connection and got 503 after 5 s).
   */
  private static RuntimeException whyNotWritten(Connection c, long id, int expectedVersion) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM facility WHERE id = ? AND NOT deleted")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new VersionConflictException(id, expectedVersion, rs.getInt(1))
            : new FacilityNotFoundException(id);
      }
    }
  }

  private static void requireValid(Connection c, FacilityDraft draft) throws SQLException {
    List<Violation> violations = FacilityRules.check(draft, context(c));
    if (!violations.isEmpty()) {
      throw new InvalidFacilityException(violations);
    }
  }

  private static FacilityRules.Context context(Connection c) throws SQLException {
    try (PreparedStatement ps = CONTEXT.prepare(c, Map.of()); ResultSet rs = ps.executeQuery()) {
      rs.next();
      Array codes = rs.getArray("categories");
      Set<String> categories = codes == null ? Set.of() : Set.of((String[]) codes.getArray());
      rs.getDouble(2);
      double[] extent = rs.wasNull() ? null
          : new double[] {rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)};
      return new FacilityRules.Context(categories, extent, code -> communityExists(c, code));
    }
  }

  private static boolean communityExists(Connection c, String code) {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM community WHERE code = ?")) {
      ps.setString(1, code);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SQLException duplicateOr(Connection c, FacilityDraft draft, SQLException e) throws SQLException {
    if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || draft.source() == null || draft.sourceId() == null) {
      return e;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM facility WHERE source = ? AND source_id = ?")) {
      ps.setString(1, draft.source());
      ps.setString(2, draft.sourceId());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new DuplicateSourceException(draft.source(), draft.sourceId(), rs.getLong(1));
        }
      }
    }
    return e;
  }

  private static Map<String, Object> values(FacilityDraft d, String by) {
    Map<String, Object> values = new HashMap<>();
    values.put("category", d.category());
    values.put("status", d.status());
    for (Property p : Catalog.FACILITIES.written()) {
      Object value = d.values().get(p);
      values.put(p.name(), value == null ? NamedSql.nullOf(p.type().jdbcType()) : value);
    }
    values.put("community_code", d.communityCode());
    values.put("source", d.source());
    values.put("source_id", d.sourceId());
    values.put("extra", d.extraJson());
    values.put("lon", d.lon());
    values.put("lat", d.lat());
    values.put("by", by);
    return values;
  }

  private static Optional<StoredFacility> stored(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new StoredFacility(rs.getLong(1), rs.getInt(2), rs.getString(3)))
          : Optional.empty();
    }
  }
}
