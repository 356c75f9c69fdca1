package linli.registry.transfer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.WrittenColumns;
import linli.registry.crs.CoordinateSystem;

/**
 * Imports facilities in ONE transaction. On the staged path rows are mapped and checked one by one
 * (bounded memory), streamed by COPY into a temporary stage, checked again against the whole file
 * and the registry in SQL, then matched by (source, source_id): new rows are inserted, matched rows
 * that differ are updated, the rest left alone. The first load of a source skips the stage
 * ({@link FacilityCopy}). A dry run or a rejected file rolls everything back; so does any failure,
 * a killed connection included.
 */
public final class FacilityImporter {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FacilityImporter.class);
  private static final String CHECKS = SqlResource.load(FacilityImporter.class, "facility_checks.sql");
  private static final String REPEATS = SqlResource.load(FacilityImporter.class, "facility_repeats.sql");
  private static final String PIECES = SqlResource.load(FacilityImporter.class, "community_pieces.sql");
  private static final String READY_TABLE = SqlResource.load(FacilityImporter.class, "facility_ready_table.sql");
  private static final NamedSql READY = NamedSql.parse(sql("facility_ready.sql"));
  private static final NamedSql INSERT = NamedSql.parse(sql("facility_insert.sql"));
  private static final NamedSql UPDATE = NamedSql.parse(sql("facility_update.sql"));
  private static final NamedSql COPIES = NamedSql.parse(SqlResource.load(FacilityImporter.class, "facility_copies.sql"));
  /** How close a same-named facility of another source must be for a row to look like a copy of it. */
  static final double COPY_METRES = 30;
  /** The import transaction's work_mem (see {@link #run}). */
  static final String WORK_MEM = "256MB";

  private final DataSource dataSource;
  /** The communities' locator, kept for the next import while they do not change. */
  private final CommunityLocator.Cache locators = new CommunityLocator.Cache();

  /** A statement of the import, the columns of the properties written as given put in from the catalogue. */
  private static String sql(String name) {
    return WrittenColumns.fill(Catalog.FACILITIES, SqlResource.load(FacilityImporter.class, name));
  }

  public FacilityImporter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** How many imports read the communities afresh (the others took the kept locator). */
  long communityLoads() {
    return locators.loads();
  }

  /**
   * Runs the import of the records {@code upload} opens; {@code applicationName} tags the database
   * session (so an operator can find and, if need be, cancel it). A committed import of a source
   * the registry holds nothing of yet, with points in CGCS2000, WGS84 or GCJ-02, takes the direct
   * path ({@link FacilityCopy}); when that path meets a bad row that rejects the file, or a repeated
   * source_id, it is rolled back and the file read again on the staged path, in the same transaction.
   * Every reader it opens, it closes (the first one once the import is over).
   */
  public ImportReport run(ImportRequest request, RecordSource upload, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    return run(request, upload.open(), upload, progress, applicationName);
  }

  /** Runs the import of a reader that can be read only once (and closes it): always on the staged path. */
  public ImportReport run(ImportRequest request, RecordReader reader, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    return run(request, reader, null, progress, applicationName);
  }

  private ImportReport run(ImportRequest request, RecordReader first, RecordSource upload, ImportProgress progress,
      String applicationName) throws SQLException, IOException {
    try (RecordReader reader = first; Connection c = dataSource.getConnection()) {
      ImportSession.begin(c, applicationName);
      try {
        CoordinateSystem crs = ImportCrs.of(request, reader);
        try (Statement s = c.createStatement()) {
          // Session memory for the whole-file sorts and hashes, and for the transition table that
          // facility's statement triggers (references, history, change feed) read: it holds every
          // inserted row, and past work_mem it is written to a temporary file and read back (at
          // 64MB: from about 250,000 narrow rows on). WORK_MEM keeps a first load of a few hundred
          // thousand rows in memory.
          s.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
        }
        // Imports of one source take turns, so a row cannot become "new" twice.
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('linli.facility_import'),"
            + " hashtext(?))")) {
          ps.setString(1, request.source());
          ps.execute();
        }
        FacilityRowMapper mapper = new FacilityRowMapper(
            new FacilityRowMapper.Settings(categories(c), request.defaultCategory(), crs));
        // Communities are found while reading when the points are already in CGCS2000, else in SQL.
        CommunityLocator communities = crs.isGeographic() ? locators.get(c) : null;
        if (upload == null || request.dryRun() || !crs.isGeographic() || !holdsNothingOf(c, request.source())) {
          return staged(c, request, reader, crs, mapper, communities, progress, applicationName)
              .withSample(mapper.sample());
        }
        Optional<ImportReport> direct = direct(c, request, reader, mapper, communities, progress, applicationName);
        if (direct.isPresent()) {
          return direct.get().withSample(mapper.sample());
        }
        log.info("{}: the file has a bad or repeated row; reading it again on the staged path", applicationName);
        try (RecordReader again = upload.open()) {
          return staged(c, request, again, crs, mapper, communities, progress, applicationName)
              .withSample(mapper.sample());
        }
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * The direct path (FacilityCopy), committed; or empty, with the transaction back where it was
   * before, when the file must be read again on the staged path.
   */
  private Optional<ImportReport> direct(Connection c, ImportRequest request, RecordReader reader,
      FacilityRowMapper mapper, CommunityLocator communities, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    long t0 = System.nanoTime();
    RejectedRows errors = new RejectedRows();
    Savepoint before = c.setSavepoint();
    FacilityCopy.Outcome copied = FacilityCopy.copy(c, reader, mapper, communities, FacilityCopy.Area.load(c),
        request, errors, progress);
    if (copied.startOver() || copied.written() == 0) {
      // (an empty COPY would still bump revisions and notify for nothing)
      c.rollback(before);
    }
    if (copied.startOver()) {
      return Optional.empty();
    }
    long t1 = System.nanoTime();
    boolean commit = ImportSession.end(c, true, progress);
    log.info("{}: {} rows straight into facility; read+map+COPY+insert {} ms, commit {} ms", applicationName,
        copied.total(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    return Optional.of(new ImportReport(copied.total(), copied.written(), 0, 0, errors.rows().size(), errors.list(),
        commit));
  }

  /** The general path: stage the file, check it whole, then insert the new rows and update the changed ones. */
  private ImportReport staged(Connection c, ImportRequest request, RecordReader reader, CoordinateSystem crs,
      FacilityRowMapper mapper, CommunityLocator communities, ImportProgress progress, String applicationName)
      throws SQLException, IOException {
    RejectedRows errors = new RejectedRows();
    long t0 = System.nanoTime();
    SourceIdFingerprints sourceIds = new SourceIdFingerprints();
    Optional<FacilityCopy.Area> area = communities == null ? Optional.empty() : FacilityCopy.Area.load(c);
    FacilityProfile profile = new FacilityProfile(mapper, communities, area, sourceIds);
    long total = StagingLoop.stage(c, reader, profile, errors, progress).total();
    long t1 = System.nanoTime();
    placeAndCheck(c, crs, sourceIds.maybeRepeated(), errors);
    List<Violation> copies = request.dryRun() ? copiesOfOtherSources(c, request.source()) : List.of();
    long t2 = System.nanoTime();
    boolean reject = errors.count() > 0 && !request.skipBadRows();
    long inserted = 0;
    long updated = 0;
    long staged = total - errors.rows().size();
    if (!reject) {
      long[] written = write(c, request);
      inserted = written[0];
      updated = written[1];
    }
    long t3 = System.nanoTime();
    boolean commit = ImportSession.end(c, !reject && !request.dryRun(), progress);
    log.info("{}: {} rows; read+map+COPY {} ms, place+check {} ms, communities+match+write {} ms, commit {} ms",
        applicationName, total, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
        (System.nanoTime() - t3) / 1_000_000);
    long unchanged = reject ? 0 : staged - inserted - updated;
    return new ImportReport(total, reject ? 0 : inserted, reject ? 0 : updated, unchanged,
        errors.rows().size(), errors.list(), commit, copies);
  }

  /**
   * Warnings for staged rows that look like a copy of another source's facility (facility_copies.sql):
   * the field is {@code source}, since the fix is usually to import under that source's label.
   */
  private static List<Violation> copiesOfOtherSources(Connection c, String source) throws SQLException {
    Map<String, Object> params = Map.of("source", source, "metres", COPY_METRES,
        "box_degrees", 2 * COPY_METRES / 111_000, "max_rows", ImportReport.MAX_ERRORS);
    List<Violation> out = new ArrayList<>();
    try (PreparedStatement ps = COPIES.prepare(c, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Violation(rs.getLong(1), "source", "'" + rs.getString(3) + "' is already registered within "
            + (int) COPY_METRES + " m under the source '" + rs.getString(2) + "': importing it under '" + source
            + "' would register it twice (use that source to update it)"));
      }
    }
    return out;
  }

  /** Whether the registry holds no facility of {@code source}, deleted ones included. */
  private static boolean holdsNothingOf(Connection c, String source) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM facility WHERE source = ?)")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Transforms projected points to CGCS2000 and checks them against the registry; then, if the file
   * may repeat a source_id, finds the repeats. Bad rows leave the stage.
   */
  private static void placeAndCheck(Connection c, CoordinateSystem crs, boolean maybeRepeated, RejectedRows errors)
      throws SQLException {
    List<String> checks = new ArrayList<>(2);
    try (Statement s = c.createStatement()) {
      if (!crs.isGeographic()) {
        s.execute("UPDATE import_stage SET geom = ST_Transform(ST_SetSRID(ST_MakePoint(x, y), " + crs.stagingSrid()
            + "), 4490)");
        checks.add(CHECKS);
      }
      s.execute("ANALYZE import_stage");
    }
    if (maybeRepeated) {
      checks.add(REPEATS);
    }
    List<Long> bad = new ArrayList<>();
    for (String check : checks) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(check)) {
        while (rs.next()) {
          errors.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
          bad.add(rs.getLong(1));
        }
      }
    }
    if (!bad.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM import_stage WHERE row = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("int8", bad.toArray()));
        ps.executeUpdate();
      }
    }
  }

  /**
   * Derives communities, matches rows to the registry and writes: one INSERT of the new rows, one
   * UPDATE of the changed ones, each skipped when it has nothing to do (a re-import writes nothing).
   * Returns {inserted, updated}; a dry run stops at the counts (it would be rolled back anyway, and
   * every check a row can fail has run by then).
   */
  private static long[] write(Connection c, ImportRequest request) throws SQLException {
    Map<String, Object> params = Map.of("source", request.source(), "by", request.by());
    try (Statement s = c.createStatement()) {
      s.execute(PIECES);
      s.execute(READY_TABLE);
    }
    try (PreparedStatement ps = READY.prepare(c, params)) {
      ps.executeUpdate();
    }
    long fresh;
    long changed;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT count(*) FILTER (WHERE facility_id IS NULL), count(*) FILTER (WHERE changed) FROM import_ready")) {
      rs.next();
      fresh = rs.getLong(1);
      changed = rs.getLong(2);
    }
    if (request.dryRun()) {
      return new long[] {fresh, changed};
    }
    long inserted = 0;
    long updated = 0;
    if (fresh > 0) {
      try (PreparedStatement ps = INSERT.prepare(c, params)) {
        inserted = ps.executeLargeUpdate();
      }
    }
    if (changed > 0) {
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE import_ready");
      }
      try (PreparedStatement ps = UPDATE.prepare(c, params)) {
        updated = ps.executeLargeUpdate();
      }
    }
    return new long[] {inserted, updated};
  }

  /** Category codes and Chinese names (lower case) → code. */
  private static Map<String, String> categories(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT code, name_zh, name_en FROM category")) {
      while (rs.next()) {
        out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(1));
        out.put(rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(1));
        out.put(rs.getString(3).toLowerCase(Locale.ROOT), rs.getString(1));
      }
    }
    return out;
  }
}
