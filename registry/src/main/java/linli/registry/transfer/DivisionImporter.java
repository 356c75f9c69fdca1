package linli.registry.transfer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.crs.CoordinateSystem;

/**
 * Imports districts (6-digit codes) or streets (9-digit codes, each in a district) in one
 * transaction, upserting by code. The boundary is optional: a row without one keeps the boundary
 * registered, and a new division without one (or a row saying {@code boundary_derived} true) has the
 * union of its communities. A street's district must be registered or named in the file (its
 * district_name), which registers it. Rows are mapped and staged by the import pipeline
 * ({@link StagingLoop}, {@link DivisionProfile}); what is here is the division's own: its checks in
 * SQL and its write.
 */
public final class DivisionImporter {
  private static final String PREPARE = SqlResource.load(DivisionImporter.class, "division_prepare.sql");
  private static final String PREPARE_STREETS =
      SqlResource.load(DivisionImporter.class, "division_prepare_streets.sql");
  private static final String STREET_DISTRICTS =
      SqlResource.load(DivisionImporter.class, "division_street_districts.sql");
  private static final String CHECKS = SqlResource.load(DivisionImporter.class, "division_checks.sql");
  private static final NamedSql UPSERT_DISTRICTS =
      NamedSql.parse(SqlResource.load(DivisionImporter.class, "division_upsert_districts.sql"));
  private static final NamedSql UPSERT_STREETS =
      NamedSql.parse(SqlResource.load(DivisionImporter.class, "division_upsert_streets.sql"));

  private final DataSource dataSource;

  public DivisionImporter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public ImportReport run(ImportRequest request, RecordReader reader, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    boolean streets = switch (request.layer()) {
      case DISTRICTS -> false;
      case STREETS -> true;
      default -> throw new IllegalArgumentException("not a division layer: " + request.layer());
    };
    CoordinateSystem crs = ImportCrs.of(request, reader);
    try (Connection c = dataSource.getConnection()) {
      ImportSession.begin(c, applicationName);
      try {
        DivisionNames.createStage(c);
        RejectedRows rejected = new RejectedRows();
        long total = StagingLoop.stage(c, reader, new DivisionProfile(streets, crs), rejected, progress).total();
        try (Statement s = c.createStatement()) {
          s.execute("UPDATE division_stage SET geom = ST_Multi(" + crs.stagedToStorageSql(
              "ST_GeomFromEWKB(decode(ewkb, 'hex'))") + ") WHERE ewkb IS NOT NULL");
          s.execute(PREPARE.replace("{{table}}", streets ? "street" : "district"));
          if (streets) {
            s.execute(PREPARE_STREETS);
            s.execute(STREET_DISTRICTS);
          }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKS)) {
          while (rs.next()) {
            rejected.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
        rejected.addAll(DivisionNames.check(c));
        List<Violation> warnings = DivisionNames.namesNotTaken(c);
        warnings.removeIf(w -> rejected.rows().contains(w.row()));
        boolean reject = rejected.count() > 0 && !request.skipBadRows();
        long inserted = 0;
        long updated = 0;
        CreatedDivisions created = CreatedDivisions.NONE;
        if (!reject) {
          created = DivisionNames.register(c, rejected.rows());
          try (PreparedStatement ps = (streets ? UPSERT_STREETS : UPSERT_DISTRICTS).prepare(c,
                  Map.of("rejected", rejected.rows().toArray(Long[]::new)));
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            inserted = rs.getLong(1);
            updated = rs.getLong(2);
          }
        }
        boolean commit = ImportSession.end(c, !reject && !request.dryRun(), progress);
        long unchanged = reject ? 0 : total - rejected.count() - inserted - updated;
        return new ImportReport(total, reject ? 0 : inserted, reject ? 0 : updated, unchanged, rejected.count(),
            rejected.list(), commit, warnings, created);
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
