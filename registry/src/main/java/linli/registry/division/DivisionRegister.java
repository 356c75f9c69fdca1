package linli.registry.division;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.WKBWriter;

/**
 * Registers a city's official divisions by code, in one transaction: districts with their outlines,
 * streets and the community/village committees by name. Upserts: running it again with the same
 * divisions changes nothing. Committees go into {@code committee_register}, not {@code community}
 * (a community needs a polygon): a community import later takes its missing names from there.
 */
public final class DivisionRegister {
  private static final Upsert DISTRICTS = new Upsert("register_districts");
  private static final Upsert STREETS = new Upsert("register_streets");
  private static final Upsert COMMITTEES = new Upsert("register_committees");

  /** The upsert, and the count of given rows it would change (run first; 0: the upsert is not run). */
  private record Upsert(NamedSql differing, NamedSql upsert) {
    Upsert(String name) {
      this(sql(name + "_differing.sql"), sql(name + ".sql"));
    }
  }

  /** A district (区/市) with its outline, lon/lat in CGCS2000. */
  public record District(String code, String name, MultiPolygon outline) {
    public District {
      Objects.requireNonNull(outline);
    }
  }

  /** A street or town (街道/镇); {@code kind} is 街道, 镇 or 其他. */
  public record Street(String code, String name, String kind, String districtCode) {}

  /** A community (居委会) or village (村委会) committee; {@code kind} is community or village. */
  public record Committee(String code, String name, String kind, String streetCode) {}

  public record Divisions(List<District> districts, List<Street> streets, List<Committee> committees) {
    public Divisions {
      districts = List.copyOf(districts);
      streets = List.copyOf(streets);
      committees = List.copyOf(committees);
    }
  }

  public record Counts(long inserted, long updated, long unchanged) {
    public boolean changed() {
      return inserted + updated > 0;
    }
  }

  public record Report(Counts districts, Counts streets, Counts committees) {}

  private final DataSource dataSource;

  public DivisionRegister(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private static NamedSql sql(String name) {
    return NamedSql.parse(SqlResource.load(DivisionRegister.class, name));
  }

  public Report register(Divisions divisions) throws SQLException {
    WKBWriter wkb = new WKBWriter(2);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        var d = divisions.districts();
        Counts districts = upsert(c, DISTRICTS, d.size(), Map.of(
            "codes", column(d, District::code), "names", column(d, District::name),
            "outlines", column(d, x -> WKBWriter.toHex(wkb.write(x.outline())))));
        var s = divisions.streets();
        Counts streets = upsert(c, STREETS, s.size(), Map.of(
            "codes", column(s, Street::code), "names", column(s, Street::name), "kinds", column(s, Street::kind),
            "district_codes", column(s, Street::districtCode)));
        var m = divisions.committees();
        Counts committees = upsert(c, COMMITTEES, m.size(), Map.of(
            "codes", column(m, Committee::code), "names", column(m, Committee::name),
            "kinds", column(m, Committee::kind), "street_codes", column(m, Committee::streetCode)));
        c.commit();
        return new Report(districts, streets, committees);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static <T> String[] column(List<T> rows, Function<T, String> value) {
    return rows.stream().map(value).toArray(String[]::new);
  }

  private static Counts upsert(Connection c, Upsert sql, int given, Map<String, ?> values) throws SQLException {
    try (PreparedStatement ps = sql.differing().prepare(c, values); ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (rs.getLong(1) == 0) {
        return new Counts(0, 0, given);
      }
    }
    try (PreparedStatement ps = sql.upsert().prepare(c, values); ResultSet rs = ps.executeQuery()) {
      rs.next();
      long inserted = rs.getLong("inserted");
      long updated = rs.getLong("updated");
      return new Counts(inserted, updated, given - inserted - updated);
    }
  }
}
