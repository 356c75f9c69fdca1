package linli.registry.transfer;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import linli.registry.CopyText;
import linli.registry.Violation;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/**
 * Imports a road network in one transaction: every LineString (MultiLineStrings are split) with its
 * {@code highway} and {@code walkable}, replacing the roads previously imported from the same
 * source. Roads must be noded at shared vertices for walking along them (shared API.md); an
 * OpenStreetMap file comes so from its reader. What the reader left out ({@link RecordReader#skipped()})
 * is reported as warnings, not rejected.
 */
public final class RoadImporter {
  private static final Set<String> YES = Set.of("true", "t", "yes", "y", "1", "是", "可步行");
  private static final Set<String> NO = Set.of("false", "f", "no", "n", "0", "否", "不可步行");

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
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TEMP TABLE road_stage (row bigint, highway text, walkable boolean, ewkb text,"
              + " geom geometry(LineString, 4490)) ON COMMIT DROP");
        }
        RejectedRows rejected = new RejectedRows();
        long total = 0;
        long valid = 0;
        WKBWriter wkb = new WKBWriter(2, true);
        WKTReader wkt = new WKTReader();
        try (Writer out = ImportSession.copy(c, "COPY road_stage (row, highway, walkable, ewkb) FROM STDIN")) {
          for (Optional<SourceRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
            total++;
            SourceRecord r = next.get();
            List<Violation> rowErrors = new ArrayList<>(r.problems());
            Map<String, String> a = lowerKeys(r.attributes());
            Geometry g = r.geometry();
            if (g == null && a.containsKey("wkt")) {
              try {
                g = wkt.read(a.get("wkt"));
              } catch (ParseException e) {
                rowErrors.add(new Violation(r.row(), "wkt", "is not WKT: " + e.getMessage()));
              }
            }
            if (g == null && rowErrors.isEmpty()) {
              rowErrors.add(new Violation(r.row(), "geometry", "is missing: a road needs a LineString"));
            } else if (g != null && !(g.getGeometryType().equals("LineString") || g.getGeometryType().equals("MultiLineString"))) {
              rowErrors.add(new Violation(r.row(), "geometry", "a road must be a LineString, was " + g.getGeometryType()));
            }
            Boolean walkable = walkable(a.get("walkable"), r.row(), rowErrors);
            if (!rowErrors.isEmpty()) {
              rejected.addAll(rowErrors);
              continue;
            }
            valid++;
            for (int i = 0; i < g.getNumGeometries(); i++) {
              LineString line = crs.staged((LineString) g.getGeometryN(i));
              String highway = a.get("highway");
              CopyText.writeRow(out, r.row(), highway == null || highway.isBlank() ? null : highway, walkable,
                  WKBWriter.toHex(wkb.write(line)));
            }
            if ((total & 0x3FFF) == 0) {
              progress.rows(total, valid);
            }
          }
        }
        total += reader.skippedCount();
        progress.rows(total, valid);
        try (Statement s = c.createStatement()) {
          String geom = crs.stagedToStorageSql("ST_GeomFromEWKB(decode(ewkb, 'hex'))");
          s.execute("UPDATE road_stage SET geom = " + geom);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
            SELECT DISTINCT row, 'geometry', 'lies outside the area this registry covers'
            FROM road_stage, (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom), 0.05)::geometry, 4490) AS area FROM district) e
            WHERE e.area IS NOT NULL AND NOT ST_Intersects(geom, e.area)
            UNION
            SELECT DISTINCT row, 'geometry', 'has no length' FROM road_stage WHERE ST_Length(geom) = 0
            ORDER BY 1""")) {
          while (rs.next()) {
            rejected.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
        boolean reject = rejected.count() > 0 && !request.skipBadRows();
        long inserted = 0;
        if (!reject) {
          try (PreparedStatement del = c.prepareStatement("DELETE FROM road WHERE source = ?")) {
            del.setString(1, request.source());
            del.executeUpdate();
          }
          try (PreparedStatement ins = c.prepareStatement("INSERT INTO road (highway, walkable, geom, source)"
              + " SELECT highway, walkable, geom, ? FROM road_stage WHERE NOT (row = ANY (?))")) {
            ins.setString(1, request.source());
            ins.setArray(2, c.createArrayOf("int8", rejected.rows().toArray()));
            inserted = ins.executeUpdate();
          }
        }
        boolean commit = ImportSession.end(c, !reject && !request.dryRun());
        return new ImportReport(total, inserted, 0, 0, rejected.count(), rejected.list(), commit, reader.skipped(),
            reader.skippedCount());
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Boolean walkable(String value, long row, List<Violation> errors) {
    if (value == null || value.isBlank()) {
      return true;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (YES.contains(v)) {
      return true;
    }
    if (NO.contains(v)) {
      return false;
    }
    errors.add(new Violation(row, "walkable", "'" + value + "' is not true or false"));
    return null;
  }

  private static Map<String, String> lowerKeys(Map<String, String> attributes) {
    Map<String, String> out = new java.util.HashMap<>();
    attributes.forEach((k, v) -> out.put(k.strip().toLowerCase(Locale.ROOT), v));
    return out;
  }
}
