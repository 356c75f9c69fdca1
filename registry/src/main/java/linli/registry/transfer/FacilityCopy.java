package linli.registry.transfer;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import linli.registry.CopyText;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Property;
import linli.registry.catalog.WrittenColumns;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The fast path of a facility import, for a source the registry holds nothing of yet and points in
 * CGCS2000 (WGS84 and GCJ-02 are converted while reading): every row is new, so each good row goes
 * straight into {@code facility} by COPY while the file is read, and PostgreSQL inserts while Java
 * parses. The registry checks ({@link #check}: inside the area, a registered community) are made
 * per row, as the staged path makes them for points in CGCS2000 (facility_checks.sql has them for
 * points placed in SQL). A source_id repeated in the file is left to the unique index.
 * When the file has a bad row while bad rows reject the import, the COPY is cancelled there; when
 * it repeats a source_id, PostgreSQL stops inserting at the repeat (the client learns it when the
 * COPY ends). Either way {@link #copy} says {@link Outcome#startOver()}: the caller rolls back to
 * before the copy and runs the staged path, whose report names every bad row, repeats included.
 */
final class FacilityCopy {
  private static final String COPY = "COPY facility (category, status, " + WrittenColumns.list(Catalog.FACILITIES)
      + ", community_code, source, source_id, extra, geom, updated_by) FROM STDIN";
  private static final List<Property> WRITTEN = Catalog.FACILITIES.written();
  private static final String UNIQUE_SOURCE_ID = "facility_source_source_id_key";

  /** Rows read and rows written; or start over on the staged path (nothing of this copy may be kept). */
  record Outcome(long total, long written, boolean startOver) {
    static final Outcome START_OVER = new Outcome(0, 0, true);
  }

  /** The registry's area: the districts' extent widened by 0.05°, as facility_checks.sql has it. */
  record Area(double minX, double minY, double maxX, double maxY) {
    static Optional<Area> load(Connection c) throws SQLException {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b),"
          + " ST_YMax(b) FROM (SELECT ST_Expand(ST_Extent(geom), 0.05) AS b FROM district) e WHERE b IS NOT NULL")) {
        return rs.next() ? Optional.of(new Area(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)))
            : Optional.empty();
      }
    }

    boolean covers(double x, double y) {
      return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }
  }

  private FacilityCopy() {}

  /** Maps and checks every record and copies the good ones into facility (see the class comment). */
  static Outcome copy(Connection c, RecordReader reader, FacilityRowMapper mapper, CommunityLocator communities,
      Optional<Area> area, ImportRequest request, RejectedRows errors, ImportProgress progress)
      throws SQLException, IOException {
    long total = 0;
    long valid = 0;
    PGCopyOutputStream copy = ImportSession.copyStream(c, COPY);
    try (MappedRecords<FacilityRowMapper.Result> records = MappedRecords.start(reader, mapper::map)) {
      Writer out = ImportSession.writer(copy);
      for (Optional<FacilityRowMapper.Result> next = records.next(); next.isPresent(); next = records.next()) {
        total++;
        FacilityRowMapper.Result r = next.get();
        StagedFacility f = r.staged();
        List<Violation> bad = f == null ? r.violations() : check(f, communities, area);
        if (!bad.isEmpty()) {
          if (!request.skipBadRows()) {
            // Cancelled, not ended: the statement's triggers (foreign keys, history) never run.
            copy.cancelCopy();
            return Outcome.START_OVER;
          }
          errors.addAll(bad);
        } else {
          valid++;
          String community = f.communityCode() != null ? f.communityCode() : communities.locate(f.x(), f.y());
          // In the column order of COPY.
          CopyText.writeRow(out, rowValues(f, Arrays.asList(f.category(), f.status()), community, request.source(),
              f.sourceId(), f.extraJson(), pointEwkb(f.x(), f.y()), request.by()));
        }
        if ((total & 0x3FFF) == 0) {
          progress.rows(total, valid);
        }
      }
      out.close(); // ends the COPY: PostgreSQL reports a repeated source_id here at the latest
    } catch (IOException | SQLException | RuntimeException e) {
      if (copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (isDuplicateSourceId(e)) {
        return Outcome.START_OVER;
      }
      throw e;
    }
    progress.rows(total, valid);
    return new Outcome(total, valid, false);
  }

  /**
   * One COPY row's values: {@code before}, the properties written as given in the catalogue's order
   * ({@link WrittenColumns#list}), then {@code after}.
   */
  static Object[] rowValues(StagedFacility f, List<Object> before, Object... after) {
    List<Property> written = WRITTEN;
    Object[] row = new Object[before.size() + written.size() + after.length];
    int i = 0;
    for (Object v : before) {
      row[i++] = v;
    }
    for (Property p : written) {
      row[i++] = f.values().get(p);
    }
    System.arraycopy(after, 0, row, i, after.length);
    return row;
  }

  /** What facility_checks.sql says of a placed row, for a row already in CGCS2000: empty when it passes. */
  static List<Violation> check(StagedFacility f, CommunityLocator communities, Optional<Area> area) {
    List<Violation> out = new ArrayList<>(0);
    if (area.isPresent() && !area.get().covers(f.x(), f.y())) {
      out.add(new Violation(f.row(), "geometry", "[" + sixDecimals(f.x()) + ", " + sixDecimals(f.y())
          + "] lies outside the area this registry covers"));
    }
    if (f.communityCode() != null && !communities.isRegistered(f.communityCode())) {
      out.add(new Violation(f.row(), "community_code", "no community " + f.communityCode() + " is registered"));
    }
    return out;
  }

  /** A CGCS2000 point as hex EWKB, which PostGIS reads without parsing any text. */
  static String pointEwkb(double x, double y) {
    ByteBuffer b = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).putInt(0x20000001).putInt(4490).putDouble(x).putDouble(y);
    return HexFormat.of().formatHex(b.array());
  }

  /** As SQL's round(v::numeric, 6) prints it (float8 to numeric keeps 15 significant digits). */
  private static String sixDecimals(double v) {
    return new BigDecimal(v).round(new MathContext(15, RoundingMode.HALF_EVEN)).setScale(6, RoundingMode.HALF_UP)
        .toPlainString();
  }

  /** Whether {@code e}, or what caused it, is the unique index refusing a repeated (source, source_id). */
  private static boolean isDuplicateSourceId(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && "23505".equals(p.getSQLState())) {
        ServerErrorMessage m = p.getServerErrorMessage();
        return m != null && UNIQUE_SOURCE_ID.equals(m.getConstraint());
      }
    }
    return false;
  }
}
