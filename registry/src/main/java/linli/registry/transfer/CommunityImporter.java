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
import linli.registry.NamedSql;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/**
 * Imports communities (polygons with their population) in one transaction, upserting by the
 * 12-digit code. Invalid polygons are rejected with PostGIS's reason, or, when the request asks for
 * it, repaired with ST_MakeValid and reported as warnings; never silently. A row whose street (or
 * its district) is not registered registers it when the file names it (street_name, district_code
 * and district_name columns; {@link DivisionNames}); the report lists what was so registered. In the
 * same transaction, the facilities in a community whose polygon changed, or now in one, are located
 * again (community_facilities_relocate.sql); the report counts those that moved.
 */
public final class CommunityImporter {
  private static final String REPAIR = linli.registry.SqlResource.load(CommunityImporter.class, "community_repair.sql");
  private static final String NAMES_DIFFER =
      linli.registry.SqlResource.load(CommunityImporter.class, "community_register_names_differ.sql");
  private static final String REGISTERED_NAMES =
      linli.registry.SqlResource.load(CommunityImporter.class, "community_register_names.sql");
  private static final NamedSql RESHAPED =
      NamedSql.parse(SqlResource.load(CommunityImporter.class, "community_reshaped.sql"));
  private static final String PIECES = SqlResource.load(CommunityImporter.class, "community_pieces.sql");
  private static final NamedSql RELOCATE =
      NamedSql.parse(SqlResource.load(CommunityImporter.class, "community_facilities_relocate.sql"));
  /** Header → field: the catalogue's import headers of each community property, and the geometry's. */
  private static final Map<String, String> FIELDS = fields();

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
          s.execute("CREATE TEMP TABLE community_stage (row bigint, code text, name text, kind text, street_code text,"
              + " street_name text, district_code text, district_name text, population integer, workers integer,"
              + " smart boolean, ref_x float8, ref_y float8, ewkb text,"
              + " geom geometry(MultiPolygon, 4490), ref geometry(Point, 4490)) ON COMMIT DROP");
          s.execute("CREATE TEMP TABLE community_reshaped (code char(12) PRIMARY KEY) ON COMMIT DROP");
        }
        RejectedRows rejected = new RejectedRows();
        long total = 0;
        long valid = 0;
        WKBWriter wkb = new WKBWriter(2, true);
        WKTReader wkt = new WKTReader();
        DivisionNames.createStage(c);
        try (Writer out = ImportSession.copy(c, "COPY community_stage (row, code, name, kind, street_code,"
            + " street_name, district_code, district_name, population, workers, smart, ref_x, ref_y, ewkb)"
            + " FROM STDIN")) {
          for (Optional<SourceRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
            total++;
            SourceRecord r = next.get();
            List<Violation> e = new ArrayList<>(r.problems());
            Map<String, String> f = fields(r.attributes());
            long row = r.row();
            String code = f.get("code");
            if (code == null || !code.matches("[0-9]{12}")) {
              e.add(new Violation(row, "code", "must be a 12-digit statistical code"));
            }
            // A row without a name takes its committee's registered name (community_register_names.sql).
            String name = f.get("name");
            if (name != null && name.length() > 200) {
              e.add(new Violation(row, "name", "is longer than 200 characters"));
            }
            String kind = name == null && f.get("kind") == null ? null : kind(f.get("kind"), name);
            String street = f.getOrDefault("street_code", code == null || code.length() < 9 ? null : code.substring(0, 9));
            if (f.containsKey("street_code") && !street.matches("[0-9]{9}")) {
              e.add(new Violation(row, "street_code", "must be a 9-digit street code"));
            }
            String district = f.get("district_code");
            if (district != null && !district.matches("[0-9]{6}")) {
              e.add(new Violation(row, "district_code", "must be a 6-digit district code"));
            }
            for (String named : List.of("street_name", "district_name")) {
              if (f.containsKey(named) && f.get(named).length() > 200) {
                e.add(new Violation(row, named, "is longer than 200 characters"));
              }
            }
            Integer population = whole(f.get("population"), "population", row, e);
            Integer workers = whole(f.get("workers"), "workers", row, e);
            Boolean smart = f.get("smart") == null ? Boolean.FALSE
                : Set.of("true", "1", "是", "yes").contains(f.get("smart").toLowerCase(Locale.ROOT)) ? Boolean.TRUE
                : Set.of("false", "0", "否", "no").contains(f.get("smart").toLowerCase(Locale.ROOT)) ? Boolean.FALSE : null;
            if (smart == null) {
              e.add(new Violation(row, "smart", "'" + f.get("smart") + "' is not true or false"));
            }
            Double refX = number(f.get("ref_lon"), "ref_lon", row, e);
            Double refY = number(f.get("ref_lat"), "ref_lat", row, e);
            Geometry g = r.geometry();
            if (g == null && f.containsKey("wkt")) {
              try {
                g = wkt.read(f.get("wkt"));
              } catch (ParseException ex) {
                e.add(new Violation(row, "wkt", "is not WKT: " + ex.getMessage()));
              }
            }
            if (g == null && e.stream().noneMatch(v -> v.field().equals("wkt"))) {
              e.add(new Violation(row, "geometry", "is missing: a community needs a polygon"));
            } else if (g != null && !g.getGeometryType().endsWith("Polygon")) {
              e.add(new Violation(row, "geometry", "must be a Polygon or MultiPolygon, was " + g.getGeometryType()));
            }
            if (!e.isEmpty()) {
              rejected.addAll(e);
              continue;
            }
            valid++;
            Geometry shape = crs.staged(g);
            if (crs.isOffset() && refX != null && refY != null) {
              double[] w = crs.offsetToWgs84(refX, refY);
              refX = w[0];
              refY = w[1];
            }
            CopyText.writeRow(out, row, code, name, kind, street, f.get("street_name"), district,
                f.get("district_name"), population, workers, smart, refX, refY,
                WKBWriter.toHex(wkb.write(shape)));
            if ((total & 0xFFF) == 0) {
              progress.rows(total, valid);
            }
          }
        }
        progress.rows(total, valid);
        try (Statement s = c.createStatement()) {
          s.execute("UPDATE community_stage SET geom = ST_Multi(" + crs.stagedToStorageSql(
              "ST_GeomFromEWKB(decode(ewkb, 'hex'))") + "), ref = CASE WHEN ref_x IS NULL OR ref_y IS NULL THEN NULL ELSE "
              + crs.stagedToStorageSql("ST_SetSRID(ST_MakePoint(ref_x, ref_y), " + crs.stagingSrid() + ")") + " END");
        }
        List<Violation> warnings = new ArrayList<>();
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
        if (request.repair()) {
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(REPAIR)) {
            while (rs.next() && warnings.size() < ImportReport.MAX_ERRORS) {
              warnings.add(new Violation(rs.getLong(1), "geometry",
                  "invalid polygon repaired with ST_MakeValid (polygonal part kept): " + rs.getString(2)));
            }
          }
        }
        String unrepaired = request.repair() ? " || '; repairing it leaves no polygon'" : "";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
            SELECT row, 'geometry', 'invalid polygon: ' || ST_IsValidReason(geom) /*unrepaired*/ FROM community_stage
            WHERE NOT ST_IsValid(geom)
            UNION ALL
            SELECT s.row, 'code', format('duplicate code %s in the file (first at row %s)', s.code, d.first)
            FROM community_stage s JOIN (SELECT code, min(row) AS first FROM community_stage GROUP BY code
                                        HAVING count(*) > 1) d ON d.code = s.code AND s.row > d.first
            UNION ALL
            SELECT row, 'ref_lon', 'the reference point lies outside the community' FROM community_stage
            WHERE ref IS NOT NULL AND ST_IsValid(geom) AND NOT ST_Intersects(geom, ST_Buffer(ref, 1e-6))
            ORDER BY 1""".replace("/*unrepaired*/", unrepaired))) {
          while (rs.next()) {
            rejected.add(new Violation(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
        try (Statement s = c.createStatement()) {
          // A street not registered is in the district the file gives it (first), else in the one its code begins with.
          s.execute("""
              INSERT INTO division_names (row, street_code, street_name, district_code, district_given, district_name)
              SELECT s.row, s.street_code, s.street_name,
                     coalesce(s.district_code, t.district_code,
                              first_value(s.district_code) OVER (PARTITION BY s.street_code
                                ORDER BY s.district_code IS NULL, s.row),
                              left(s.street_code, 6)),
                     s.district_code IS NOT NULL, s.district_name
              FROM community_stage s LEFT JOIN street t ON t.code = s.street_code""");
        }
        rejected.addAll(DivisionNames.check(c));
        warnings.addAll(DivisionNames.namesNotTaken(c));
        boolean reject = rejected.count() > 0 && !request.skipBadRows();
        long inserted = 0;
        long updated = 0;
        long moved = 0;
        CreatedDivisions created = CreatedDivisions.NONE;
        if (!reject) {
          created = DivisionNames.register(c, rejected.rows());
          long reshaped;
          try (PreparedStatement ps = RESHAPED.prepare(c, Map.of("rejected", rejected.rows().toArray(new Long[0])))) {
            reshaped = ps.executeLargeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("""
              WITH up AS (
                INSERT INTO community AS c (code, name, kind, street_code, population, workers, smart, ref_point, geom)
                SELECT code, name, kind, street_code, coalesce(population, 0), coalesce(workers, 0), smart, ref, geom
                FROM community_stage WHERE NOT (row = ANY (?))
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
                  street_code = EXCLUDED.street_code, population = EXCLUDED.population, workers = EXCLUDED.workers,
                  smart = EXCLUDED.smart, ref_point = EXCLUDED.ref_point, geom = EXCLUDED.geom
                WHERE (c.name, c.kind, c.street_code, c.population, c.workers, c.smart, ST_AsBinary(c.ref_point),
                       ST_AsBinary(c.geom))
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.street_code, EXCLUDED.population,
                       EXCLUDED.workers, EXCLUDED.smart, ST_AsBinary(EXCLUDED.ref_point), ST_AsBinary(EXCLUDED.geom))
                RETURNING (xmax = 0) AS inserted)
              SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up""")) {
            ps.setArray(1, c.createArrayOf("int8", rejected.rows().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              inserted = rs.getLong(1);
              updated = rs.getLong(2);
            }
          }
          if (reshaped > 0) {
            try (Statement s = c.createStatement()) {
              s.execute(PIECES);
              s.execute("ANALYZE community_reshaped");
            }
            try (PreparedStatement ps = RELOCATE.prepare(c, Map.of("by", request.by()))) {
              moved = ps.executeLargeUpdate();
            }
          }
        }
        boolean commit = ImportSession.end(c, !reject && !request.dryRun());
        long unchanged = reject ? 0 : total - rejected.count() - inserted - updated;
        warnings.removeIf(w -> rejected.rows().contains(w.row()));
        return new ImportReport(total, reject ? 0 : inserted, reject ? 0 : updated, unchanged, rejected.count(),
            rejected.list(), commit, warnings, 0, created, reject ? 0 : moved);
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Map<String, String> fields(Map<String, String> attributes) {
    Map<String, String> out = new java.util.HashMap<>();
    attributes.forEach((k, v) -> {
      String field = FIELDS.get(k.strip().toLowerCase(Locale.ROOT));
      if (field != null && v != null && !v.isBlank()) {
        out.put(field, v.strip());
      }
    });
    return out;
  }

  private static Map<String, String> fields() {
    Map<String, String> m = new java.util.LinkedHashMap<>(Catalog.importHeaders(Catalog.COMMUNITIES));
    m.put("wkt", "wkt");
    m.put("geometry", "wkt");
    return Map.copyOf(m);
  }

  /** community or village, from the column or, failing that, the name (…村 / …村委会 is a village). */
  private static String kind(String given, String name) {
    String k = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
    if (k.equals("village") || k.contains("村")) {
      return "village";
    }
    if (!k.isEmpty()) {
      return "community";
    }
    return name != null && (name.endsWith("村") || name.contains("村委会") || name.contains("村民委员会")) ? "village" : "community";
  }

  private static Integer whole(String value, String field, long row, List<Violation> errors) {
    if (value == null) {
      return null;
    }
    try {
      int n = TextValues.wholeNumber(value);
      if (n < 0) {
        errors.add(new Violation(row, field, "must not be negative"));
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(new Violation(row, field, "'" + value + "' is not a whole number"));
      return null;
    }
  }

  private static Double number(String value, String field, long row, List<Violation> errors) {
    if (value == null) {
      return null;
    }
    try {
      return TextValues.number(value);
    } catch (NumberFormatException e) {
      errors.add(new Violation(row, field, "'" + value + "' is not a number"));
      return null;
    }
  }
}
