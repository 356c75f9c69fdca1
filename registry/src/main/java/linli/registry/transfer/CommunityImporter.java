package linli.registry.transfer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.crs.CoordinateSystem;

/**
 * Imports communities (polygons with their population) in one transaction, upserting by the
 * 12-digit code. Invalid polygons are rejected with PostGIS's reason, or, when the request asks for
 * it, repaired with ST_MakeValid and reported as warnings; never silently. A row whose street (or
 * its district) is not registered registers it when the file names it (street_name, district_code
 * and district_name columns; {@link DivisionNames}); the report lists what was so registered. In the
 * same transaction, the facilities in a community whose polygon changed, or now in one, are located
 * again (community_facilities_relocate.sql); the report counts those that moved. Rows are mapped and
 * staged by the import pipeline ({@link StagingLoop}, {@link CommunityProfile}); what is here is the
 * community's own: its checks in SQL and its write.
 */
public final class CommunityImporter {
  private static final String REPAIR = SqlResource.load(CommunityImporter.class, "community_repair.sql");
  private static final String NAMES_DIFFER =
      SqlResource.load(CommunityImporter.class, "community_register_names_differ.sql");
  private static final String REGISTERED_NAMES =
      SqlResource.load(CommunityImporter.class, "community_register_names.sql");
  private static final String CHECKS = SqlResource.load(CommunityImporter.class, "community_checks.sql");
  private static final String DIVISION_NAMES = SqlResource.load(CommunityImporter.class, "community_division_names.sql");
  private static final NamedSql RESHAPED =
      NamedSql.parse(SqlResource.load(CommunityImporter.class, "community_reshaped.sql"));
  private static final NamedSql UPSERT = NamedSql.parse(SqlResource.load(CommunityImporter.class, "community_upsert.sql"));
  private static final String PIECES = SqlResource.load(CommunityImporter.class, "community_pieces.sql");
  private static final NamedSql RELOCATE =
      NamedSql.parse(SqlResource.load(CommunityImporter.class, "community_facilities_relocate.sql"));

  private final DataSource dataSource;

  public CommunityImporter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public ImportReport run(ImportRequest request, RecordReader reader, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    CoordinateSystem crs = ImportCrs.of(request, reader);
    try (Connection c = dataSource.getConnection()) {
      ImportSession.begin(c, applicationName);
      try {
        // Who the community history (V21) names for this transaction's changes.
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('linli.by', ?, true)")) {
          ps.setString(1, request.by());
          ps.execute();
        }
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TEMP TABLE community_reshaped (code char(12) PRIMARY KEY) ON COMMIT DROP");
        }
        DivisionNames.createStage(c);
        RejectedRows rejected = new RejectedRows();
        long total = StagingLoop.stage(c, reader, new CommunityProfile(crs), rejected, progress).total();
        List<Violation> warnings = new ArrayList<>();
        check(c, crs, request.repair(), rejected, warnings);
        boolean reject = rejected.count() > 0 && !request.skipBadRows();
        long[] written = {0, 0, 0};
        CreatedDivisions created = CreatedDivisions.NONE;
        if (!reject) {
          created = DivisionNames.register(c, rejected.rows());
          written = write(c, request, rejected);
        }
        boolean commit = ImportSession.end(c, !reject && !request.dryRun(), progress);
        long unchanged = reject ? 0 : total - rejected.count() - written[0] - written[1];
        warnings.removeIf(w -> rejected.rows().contains(w.row()));
        return new ImportReport(total, written[0], written[1], unchanged, rejected.count(), rejected.list(), commit,
            warnings, 0, created, written[2]);
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Places the staged polygons and reference points in CGCS2000 and checks what no single row shows:
   * names given and registered, polygons (repaired when asked), repeated codes, the streets and
   * districts the rows name.
   */
  private static void check(Connection c, CoordinateSystem crs, boolean repair, RejectedRows rejected,
      List<Violation> warnings) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("UPDATE community_stage SET geom = ST_Multi(" + crs.stagedToStorageSql(
          "ST_GeomFromEWKB(decode(ewkb, 'hex'))") + "), ref = CASE WHEN ref_x IS NULL OR ref_y IS NULL THEN NULL ELSE "
          + crs.stagedToStorageSql("ST_SetSRID(ST_MakePoint(ref_x, ref_y), " + crs.stagingSrid() + ")") + " END");
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(NAMES_DIFFER)) {
      while (rs.next() && warnings.size() < ImportReport.MAX_ERRORS) {
        warnings.add(new Violation(rs.getLong(1), "name", rs.getString(2)));
      }
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(REGISTERED_NAMES)) {
      while (rs.next()) {
        rejected.add(new Violation(rs.getLong(1), "name", "is required: the file gives none and no committee "
            + rs.getString(2) + " is registered (./linli divisions registers a city's committees)"));
      }
    }
    if (repair) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(REPAIR)) {
        while (rs.next() && warnings.size() < ImportReport.MAX_ERRORS) {
          warnings.add(new Violation(rs.getLong(1), "geometry",
              "invalid polygon repaired with ST_MakeValid (polygonal part kept): " + rs.getString(2)));
        }
      }
    }
    String unrepaired = repair ? " || '; repairing it leaves no polygon'" : "";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKS.replace("/*unrepaired*/", unrepaired))) {
      while (rs.next()) {
        rejected.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(DIVISION_NAMES);
    }
    rejected.addAll(DivisionNames.check(c));
    warnings.addAll(DivisionNames.namesNotTaken(c));
  }

  /**
   * Upserts the rows not rejected and locates again the facilities of the communities whose polygon
   * is new or changed; returns {inserted, updated, facilities moved}.
   */
  private static long[] write(Connection c, ImportRequest request, RejectedRows rejected) throws SQLException {
    Map<String, Object> notRejected = Map.of("rejected", rejected.rows().toArray(new Long[0]));
    long reshaped;
    try (PreparedStatement ps = RESHAPED.prepare(c, notRejected)) {
      reshaped = ps.executeLargeUpdate();
    }
    long[] written = new long[3];
    try (PreparedStatement ps = UPSERT.prepare(c, notRejected); ResultSet rs = ps.executeQuery()) {
      rs.next();
      written[0] = rs.getLong(1);
      written[1] = rs.getLong(2);
    }
    if (reshaped > 0) {
      try (Statement s = c.createStatement()) {
        s.execute(PIECES);
        s.execute("ANALYZE community_reshaped");
      }
      try (PreparedStatement ps = RELOCATE.prepare(c, Map.of("by", request.by()))) {
        written[2] = ps.executeLargeUpdate();
      }
    }
    return written;
  }
}
