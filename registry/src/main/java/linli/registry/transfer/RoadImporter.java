package linli.registry.transfer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.crs.CoordinateSystem;

/**
 * Imports a road network in one transaction: every LineString (MultiLineStrings are split) with its
 * {@code highway} and {@code walkable}, replacing the roads previously imported from the same
 * source. Roads must be noded at shared vertices for walking along them (shared API.md); an
 * OpenStreetMap file comes so from its reader. What the reader left out ({@link RecordReader#skipped()})
 * is reported as warnings, not rejected. Rows are mapped and staged by the import pipeline
 * ({@link StagingLoop}, {@link RoadProfile}); what is here is the road's own: its checks in SQL and
 * its write.
 */
public final class RoadImporter {
  private static final String CHECKS = SqlResource.load(RoadImporter.class, "road_checks.sql");
  private static final NamedSql DELETE = NamedSql.parse(SqlResource.load(RoadImporter.class, "road_delete.sql"));
  private static final NamedSql INSERT = NamedSql.parse(SqlResource.load(RoadImporter.class, "road_insert.sql"));

  private final DataSource dataSource;

  public RoadImporter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public ImportReport run(ImportRequest request, RecordReader reader, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    CoordinateSystem crs = ImportCrs.of(request, reader);
    try (Connection c = dataSource.getConnection()) {
      ImportSession.begin(c, applicationName);
      try {
        RejectedRows rejected = new RejectedRows();
        StagingLoop.Counts staged = StagingLoop.stage(c, reader, new RoadProfile(crs), rejected, progress);
        // What the reader left out counts among the rows read.
        long total = staged.total() + reader.skippedCount();
        progress.rows(total, staged.valid());
        try (Statement s = c.createStatement()) {
          s.execute("UPDATE road_stage SET geom = " + crs.stagedToStorageSql("ST_GeomFromEWKB(decode(ewkb, 'hex'))"));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKS)) {
          while (rs.next()) {
            rejected.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
        boolean reject = rejected.count() > 0 && !request.skipBadRows();
        long inserted = 0;
        if (!reject) {
          Map<String, Object> params = Map.of("source", request.source(),
              "rejected", rejected.rows().toArray(new Long[0]));
          try (PreparedStatement ps = DELETE.prepare(c, params)) {
            ps.executeUpdate();
          }
          try (PreparedStatement ps = INSERT.prepare(c, params)) {
            inserted = ps.executeUpdate();
          }
        }
        boolean commit = ImportSession.end(c, !reject && !request.dryRun(), progress);
        return new ImportReport(total, inserted, 0, 0, rejected.count(), rejected.list(), commit, reader.skipped(),
            reader.skippedCount());
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
