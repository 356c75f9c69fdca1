package linli.registry.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;

/**
 * The streets and districts an import's rows name, in the temporary table {@code division_names}
 * (row, street_code, street_name, district_code, district_given, district_name) that the importer
 * fills from its own stage: checked for conflicts and for what is missing, then the missing ones
 * registered under the names the file gives. A community file may so bring its own streets and
 * districts; a streets file its districts.
 */
final class DivisionNames {
  private static final String CHECKS = SqlResource.load(DivisionNames.class, "division_names_checks.sql");
  private static final String NOT_TAKEN = SqlResource.load(DivisionNames.class, "division_names_not_taken.sql");
  private static final NamedSql REGISTER_DISTRICTS =
      NamedSql.parse(SqlResource.load(DivisionNames.class, "division_names_register_districts.sql"));
  private static final NamedSql REGISTER_STREETS =
      NamedSql.parse(SqlResource.load(DivisionNames.class, "division_names_register_streets.sql"));

  private DivisionNames() {}

  /** Creates the (empty) table for this transaction. */
  static void createStage(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE division_names (row bigint, street_code text, street_name text,"
          + " district_code text, district_given boolean, district_name text) ON COMMIT DROP");
    }
  }

  /** What is wrong with the names, row by row: conflicts, and missing divisions the file does not name. */
  static List<Violation> check(Connection c) throws SQLException {
    List<Violation> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKS)) {
      while (rs.next()) {
        out.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  /** Warnings: names the file gives to divisions registered under another name, which are not taken. */
  static List<Violation> namesNotTaken(Connection c) throws SQLException {
    List<Violation> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(NOT_TAKEN)) {
      while (rs.next()) {
        out.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  /** Registers the districts, then the streets, that the rows not rejected need; returns what it registered. */
  static CreatedDivisions register(Connection c, Set<Long> rejected) throws SQLException {
    Map<String, Long[]> values = Map.of("rejected", rejected.toArray(Long[]::new));
    return new CreatedDivisions(registered(c, REGISTER_DISTRICTS, values), registered(c, REGISTER_STREETS, values));
  }

  private static List<CreatedDivisions.Division> registered(Connection c, NamedSql sql, Map<String, Long[]> values)
      throws SQLException {
    List<CreatedDivisions.Division> out = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c, values); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new CreatedDivisions.Division(rs.getString(1), rs.getString(2)));
      }
    }
    out.sort(Comparator.comparing(CreatedDivisions.Division::code));
    return out;
  }
}
