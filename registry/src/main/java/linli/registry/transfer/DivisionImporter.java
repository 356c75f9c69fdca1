package linli.registry.transfer;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import linli.registry.catalog.Layer;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/**
 * Imports districts (6-digit codes) or streets (9-digit codes, each in a district) in one
 * transaction, upserting by code. The boundary is optional: a row without one keeps the boundary
 * registered, and a new division without one (or a row saying {@code boundary_derived} true) has the
 * union of its communities. A street's district must be registered or named in the file (its
 * district_name), which registers it.
 */
public final class DivisionImporter {
  private static final String PREPARE = SqlResource.load(DivisionImporter.class, "division_prepare.sql");
  private static final String PREPARE_STREETS =
      SqlResource.load(DivisionImporter.class, "division_prepare_streets.sql");
  private static final String CHECKS = SqlResource.load(DivisionImporter.class, "division_checks.sql");
  private static final NamedSql UPSERT_DISTRICTS =
      NamedSql.parse(SqlResource.load(DivisionImporter.class, "division_upsert_districts.sql"));
  private static final NamedSql UPSERT_STREETS =
      NamedSql.parse(SqlResource.load(DivisionImporter.class, "division_upsert_streets.sql"));
  private static final Set<String> YES = Set.of("true", "t", "yes", "y", "1", "是");
  private static final Set<String> NO = Set.of("false", "f", "no", "n", "0", "否");

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
    Layer layer = streets ? Catalog.STREETS : Catalog.DISTRICTS;
    int digits = streets ? 9 : 6;
    Map<String, String> headers = headers(layer);
    CoordinateSystem crs = ImportCrs.of(request, reader);
    try (Connection c = dataSource.getConnection()) {
      ImportSession.begin(c, applicationName);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TEMP TABLE division_stage (row bigint, code text, name text, kind text, district_code text,"
              + " district_given boolean, district_name text, derived boolean, ewkb text,"
              + " geom geometry(MultiPolygon, 4490)) ON COMMIT DROP");
        }
        DivisionNames.createStage(c);
        RejectedRows rejected = new RejectedRows();
        long total = 0;
        long valid = 0;
        WKBWriter wkb = new WKBWriter(2, true);
        WKTReader wkt = new WKTReader();
        try (Writer out = ImportSession.copy(c, "COPY division_stage (row, code, name, kind, district_code,"
            + " district_name, derived, ewkb) FROM STDIN")) {
          for (Optional<SourceRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
            total++;
            SourceRecord r = next.get();
            long row = r.row();
            List<Violation> e = new ArrayList<>(r.problems());
            // A boundary is optional: a feature without geometry is a division without one.
            e.removeIf(v -> "geometry".equals(v.field()) && v.message().startsWith("the feature has no geometry"));
            Map<String, String> f = fields(r.attributes(), headers);
            String code = f.get("code");
            if (code == null || !code.matches("[0-9]{" + digits + "}")) {
              e.add(new Violation(row, "code", "must be a " + digits + "-digit statistical code"));
            }
            String name = f.get("name");
            if (name == null || name.length() > 200) {
              e.add(new Violation(row, "name", "is required (at most 200 characters)"));
            }
            String district = f.get("district_code");
            if (streets && district != null && !district.matches("[0-9]{6}")) {
              e.add(new Violation(row, "district_code", "must be a 6-digit district code"));
            }
            for (String text : List.of("kind", "district_name")) {
              if (f.containsKey(text) && f.get(text).length() > 200) {
                e.add(new Violation(row, text, "is longer than 200 characters"));
              }
            }
            Boolean derived = yesNo(f.get("boundary_derived"), row, e);
            Geometry g = r.geometry();
            if (g == null && f.containsKey("wkt")) {
              try {
                g = wkt.read(f.get("wkt"));
              } catch (ParseException ex) {
                e.add(new Violation(row, "wkt", "is not WKT: " + ex.getMessage()));
              }
            }
            if (g != null && g.isEmpty()) {
              g = null;
            }
            if (g != null && !g.getGeometryType().endsWith("Polygon")) {
              e.add(new Violation(row, "geometry", "a boundary must be a Polygon or MultiPolygon, was "
                  + g.getGeometryType()));
            }
            if (!e.isEmpty()) {
              rejected.addAll(e);
              continue;
            }
            valid++;
            String hex = null;
            if (g != null && !Boolean.TRUE.equals(derived)) {
              Geometry shape = crs.staged(g);
              hex = WKBWriter.toHex(wkb.write(shape));
            }
            CopyText.writeRow(out, row, code, name, streets ? f.get("kind") : null, streets ? district : null,
                streets ? f.get("district_name") : null, derived, hex);
            if ((total & 0xFFF) == 0) {
              progress.rows(total, valid);
            }
          }
        }
        progress.rows(total, valid);
        try (Statement s = c.createStatement()) {
          s.execute("UPDATE division_stage SET geom = ST_Multi(" + crs.stagedToStorageSql(
              "ST_GeomFromEWKB(decode(ewkb, 'hex'))") + ") WHERE ewkb IS NOT NULL");
          s.execute(PREPARE.replace("{{table}}", streets ? "street" : "district"));
          if (streets) {
            s.execute(PREPARE_STREETS);
            s.execute("INSERT INTO division_names (row, district_code, district_given, district_name)"
                + " SELECT row, district_code, district_given, district_name FROM division_stage");
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
        boolean commit = ImportSession.end(c, !reject && !request.dryRun());
        long unchanged = reject ? 0 : total - rejected.count() - inserted - updated;
        return new ImportReport(total, reject ? 0 : inserted, reject ? 0 : updated, unchanged, rejected.count(),
            rejected.list(), commit, warnings, created);
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Header (lower case) → field: the catalogue's import headers of the layer, and the geometry's. */
  private static Map<String, String> headers(Layer layer) {
    Map<String, String> m = new LinkedHashMap<>(Catalog.importHeaders(layer));
    m.put("wkt", "wkt");
    m.put("geometry", "wkt");
    return Map.copyOf(m);
  }

  private static Map<String, String> fields(Map<String, String> attributes, Map<String, String> headers) {
    Map<String, String> out = new HashMap<>();
    attributes.forEach((k, v) -> {
      String field = headers.get(k.strip().toLowerCase(Locale.ROOT));
      if (field != null && v != null && !v.isBlank()) {
        out.put(field, v.strip());
      }
    });
    return out;
  }

  private static Boolean yesNo(String value, long row, List<Violation> errors) {
    if (value == null) {
      return null;
    }
    String v = value.toLowerCase(Locale.ROOT);
    if (YES.contains(v)) {
      return true;
    }
    if (NO.contains(v)) {
      return false;
    }
    errors.add(new Violation(row, "boundary_derived", "'" + value + "' is not true or false"));
    return null;
  }
}
