package linli.registry.transfer.write;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import linli.registry.Violation;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.category.CategoryStore;
import linli.registry.coverage.CommunityCoverage;
import linli.registry.coverage.CoverageAnalyzer;
import linli.registry.lifecircle.CircleResult;
import linli.registry.lifecircle.CommunityCircles;
import linli.registry.lifecircle.LifeCircle;
import linli.registry.lifecircle.LifeCircles;
import linli.registry.division.DivisionStore;
import linli.registry.crs.CoordinateSystem;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import linli.registry.catalog.ValueType;

/**
 * Exports a layer of the registry as a file: runs the {@link ExportSql} query with a cursor (auto-
 * commit off, a fetch size, so the driver holds one batch of rows at a time, never the layer) and
 * hands each row to the format's {@link FeatureWriter}. The connection is returned before the
 * writer's {@link FeatureWriter#finish()}, so formats that spool (Shapefile, GeoPackage, XLSX) hold
 * it only while reading. A few exports run at once (each holds a connection from the shared pool);
 * beyond that {@link ExportBusyException}. Communities asked with a coverage question get covered
 * and nearest_m from the {@link CoverageAnalyzer} (its cached answer for the whole city, joined by
 * code), and asked for life circles each level's circle from {@link LifeCircles} (built on the same
 * engine); GCJ-02 exports are read as WGS84 and shifted here, vertex by vertex.
 */
public final class LayerExporter {
  /** Rows the driver fetches per round trip. */
  public static final int FETCH_SIZE = 1_000;
  /** Exports at once by default: the pool has 8 connections and the API needs some. */
  public static final int DEFAULT_MAX_CONCURRENT = 3;
  private static final long WAIT_FOR_SLOT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(LayerExporter.class);

  private final DataSource dataSource;
  private final CategoryStore categories;
  private final DivisionStore divisions;
  private final Semaphore slots;
  private final CoverageAnalyzer coverage;
  private final LifeCircles lifeCircles;

  public LayerExporter(DataSource dataSource) {
    this(dataSource, DEFAULT_MAX_CONCURRENT);
  }

  public LayerExporter(DataSource dataSource, int maxConcurrent) {
    this(dataSource, maxConcurrent, new CoverageAnalyzer(dataSource));
  }

  /** With the application's coverage engine, so exports share its cache and road graph. */
  public LayerExporter(DataSource dataSource, int maxConcurrent, CoverageAnalyzer coverage) {
    this.dataSource = dataSource;
    this.categories = new CategoryStore(dataSource);
    this.divisions = new DivisionStore(dataSource);
    this.slots = new Semaphore(maxConcurrent, true);
    this.coverage = coverage;
    this.lifeCircles = new LifeCircles(dataSource, coverage);
  }

  /** The attributes covered and nearest_m that a coverage question adds to the communities. */
  public static final List<ExportField> COVERAGE_FIELDS = List.of(
      ExportField.of("covered", ValueType.BOOLEAN),
      ExportField.of("nearest_m", ValueType.REAL));

  /**
   * The attributes life circles add to the communities, per level (5, 10, 15): complete, score and
   * the missing categories' codes separated by commas (text, so every format carries them).
   */
  public static final List<ExportField> LIFE_CIRCLE_FIELDS = LifeCircle.LEVELS.stream().flatMap(level -> Stream.of(
      new ExportField("lc" + level + "_complete", "lc" + level + "_full", ValueType.BOOLEAN),
      new ExportField("lc" + level + "_score", "lc" + level + "_score", ValueType.REAL),
      new ExportField("lc" + level + "_missing", "lc" + level + "_miss", ValueType.TEXT))).toList();

  /** The schema of {@code query}, whose CRS must be resolved. */
  static ExportSchema schema(ExportQuery query) {
    List<ExportField> fields = new ArrayList<>(query.layer().fields());
    if (query.coverage() != null) {
      fields.addAll(COVERAGE_FIELDS);
    }
    if (query.lifeCircles() != null) {
      fields.addAll(LIFE_CIRCLE_FIELDS);
    }
    return new ExportSchema(query.layer(), query.crs(), fields, query.textEncoding());
  }

  /** What the coverage question needs to know of the registry: read by {@link ExportParameters#toQuery}. */
  public CoverageQuestion.Context registry() {
    return CoverageQuestion.Context.of(categories, divisions);
  }

  /**
   * What is wrong with the query's values against the registry: an unknown category (facilities)
   * or district. The coverage question's were checked as it was read.
   */
  public List<Violation> check(ExportQuery query) throws SQLException {
    List<Violation> out = new ArrayList<>();
    if (query.category() != null && categories.find(query.category()).isEmpty()) {
      out.add(Violation.of("category", "unknown category '" + query.category() + "' (see /api/categories)"));
    }
    if (query.district() != null && divisions.district(query.district()).isEmpty()) {
      out.add(Violation.of("district", "unknown district '" + query.district()
          + "' (a 6-digit code or a name, see /api/districts)"));
    }
    return out;
  }

  /**
   * The name {@code query}'s file is saved under on {@code day}: the district, when one is asked
   * for, by its registered name and code (see {@link ExportFileName}). The query was checked.
   */
  public ExportFileName fileName(ExportQuery query, ExportFormat format, LocalDate day) throws SQLException {
    ExportFileName.District district = query.district() == null ? null : divisions.district(query.district())
        .map(d -> new ExportFileName.District(d.code(), d.name()))
        .orElse(new ExportFileName.District(query.district(), query.district()));
    return ExportFileName.of(query, format, district, day);
  }

  /**
   * Writes the layer in {@code format} ("geojson", "csv", "shp.zip", "gpkg", "kml", "xlsx") to
   * {@code out}, which is flushed, not closed. Returns the number of features.
   *
   * @throws IllegalArgumentException for an unknown format, or a CRS the format cannot carry
   */
  public long export(ExportQuery query, String format, OutputStream out) throws SQLException, IOException {
    ExportFormat f = ExportFormat.fromExtension(format).orElseThrow(() -> new IllegalArgumentException(
        "unknown export format '" + format + "': one of " + String.join(", ", ExportFormat.extensions())));
    return export(query, f, out);
  }

  public long export(ExportQuery query, ExportFormat format, OutputStream out) throws SQLException, IOException {
    if (query.encoding() != null && !format.choosesEncoding()) {
      throw new IllegalArgumentException("encoding applies to shp.zip and csv only; " + format.extension() + " is always UTF-8");
    }
    ExportQuery resolved = query.withCrs(format.resolveCrs(query.crs()));
    ExportSchema schema = schema(resolved);
    ExportSql sql = ExportSql.of(resolved);
    acquireSlot();
    long started = System.nanoTime();
    long count = 0;
    try (FeatureWriter writer = format.writer(out)) {
      List<Joined> joined = joinedAttributes(resolved);
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false); // a cursor: without it the driver reads every row into memory
        c.setReadOnly(true);
        try (PreparedStatement ps = sql.prepare(c)) {
          ps.setFetchSize(FETCH_SIZE);
          try (ResultSet rs = ps.executeQuery()) {
            RowReader rows = new RowReader(schema, rs, joined);
            writer.begin(schema);
            // covered=true/false keeps the rows the coverage answer (joined by code) says so of.
            int coveredAt = resolved.covered() == null ? -1 : fieldIndex(schema, COVERAGE_FIELDS.get(0).name());
            while (rs.next()) {
              ExportRow row = rows.read(rs);
              if (coveredAt >= 0 && !resolved.covered().equals(row.value(coveredAt))) {
                continue;
              }
              writer.write(row);
              count++;
            }
          }
          c.rollback(); // read only: nothing to commit
        } catch (SQLException | IOException | RuntimeException e) {
          try {
            c.rollback();
          } catch (SQLException suppressed) {
            e.addSuppressed(suppressed); // a broken connection: the pool discards it
          }
          throw e;
        }
      }
      writer.finish();
    } finally {
      slots.release();
    }
    log.info("Exported {} {} as {} in {} ({} ms)", count, schema.layer().id(), format.extension(),
        schema.crs().code(), (System.nanoTime() - started) / 1_000_000);
    return count;
  }

  /**
   * The attributes computed for communities, joined to the rows by code, in the schema's order:
   * the coverage engine's answer for every community (with a coverage question), then every
   * level's life circle (when asked).
   */
  private List<Joined> joinedAttributes(ExportQuery query) throws SQLException {
    List<Joined> out = new ArrayList<>();
    if (query.coverage() != null) {
      Map<String, Object[]> byCode = new HashMap<>();
      for (CommunityCoverage c : coverage.communities(query.coverage())) {
        byCode.put(c.code(), new Object[] {c.covered(), c.nearestM()});
      }
      out.add(new Joined(COVERAGE_FIELDS.size(), byCode));
    }
    if (query.lifeCircles() != null) {
      Map<String, Object[]> byCode = new HashMap<>();
      for (CommunityCircles c : lifeCircles.communities(query.lifeCircles())) {
        Object[] values = new Object[LIFE_CIRCLE_FIELDS.size()];
        for (CircleResult r : c.circles()) {
          int at = 3 * LifeCircle.LEVELS.indexOf(r.level());
          values[at] = r.complete();
          values[at + 1] = r.score();
          values[at + 2] = String.join(",", r.missing());
        }
        byCode.put(c.code(), values);
      }
      out.add(new Joined(LIFE_CIRCLE_FIELDS.size(), byCode));
    }
    return out;
  }

  private static int fieldIndex(ExportSchema schema, String name) {
    for (int i = 0; i < schema.fields().size(); i++) {
      if (schema.fields().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no field " + name + " in the " + schema.layer().id() + " export");
  }

    /** {@code width} computed attributes per community code (null values where a code is absent). */
  private record Joined(int width, Map<String, Object[]> byCode) {}

  private void acquireSlot() {
    try {
      if (!slots.tryAcquire(WAIT_FOR_SLOT_SECONDS, TimeUnit.SECONDS)) {
        throw new ExportBusyException("too many exports are running; try again in a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExportBusyException("interrupted while waiting for an export slot");
    }
  }

  /** Turns result rows into {@link ExportRow}s: columns looked up once, by name. */
  private static final class RowReader {
    private final List<ExportField> fields;
    private final int[] columns;
    private final int idColumn;
    private final ValueType idType;
    private final int wkbColumn;
    private final WKBReader wkb;
    /** Computed attributes by community code, filling the fields after the stored ones, in turn. */
    private final List<Joined> joined;
    private final int stored;
    private final CoordinateSequenceFilter toOffset;

    RowReader(ExportSchema schema, ResultSet rs, List<Joined> joined) throws SQLException {
      fields = schema.fields();
      this.joined = joined;
      stored = fields.size() - joined.stream().mapToInt(Joined::width).sum();
      toOffset = schema.crs().isOffset() ? toOffset(schema.crs()) : null;
      columns = new int[stored];
      for (int i = 0; i < stored; i++) {
        columns[i] = rs.findColumn(fields.get(i).name());
      }
      idColumn = rs.findColumn(schema.layer().hasNumericId() ? "id" : "code");
      idType = schema.layer().hasNumericId() ? ValueType.INTEGER : ValueType.TEXT;
      wkbColumn = rs.findColumn("wkb");
      wkb = new WKBReader(new GeometryFactory(new PrecisionModel(), schema.crs().srid()));
    }

    ExportRow read(ResultSet rs) throws SQLException {
      Object[] values = new Object[fields.size()];
      for (int i = 0; i < stored; i++) {
        values[i] = value(rs, columns[i], fields.get(i).type());
      }
      Object id = value(rs, idColumn, idType);
      int at = stored;
      for (Joined j : joined) {
        Object[] computed = j.byCode().get((String) id);
        if (computed != null) {
          System.arraycopy(computed, 0, values, at, j.width());
        }
        at += j.width();
      }
      byte[] bytes = rs.getBytes(wkbColumn);
      Geometry geometry = null;
      if (bytes != null) {
        try {
          geometry = wkb.read(bytes);
        } catch (ParseException e) {
          throw new SQLException("unreadable WKB from the database: " + e.getMessage(), e);
        }
        if (toOffset != null) {
          geometry.apply(toOffset);
          geometry.geometryChanged();
          bytes = new WKBWriter(2).write(geometry);
        }
      }
      return new ExportRow(id, values, geometry, bytes);
    }

    /** WGS84 to GCJ-02 (or another offset datum) in place, every vertex (GCJ-02 leaves points outside China). */
    private static CoordinateSequenceFilter toOffset(CoordinateSystem crs) {
      return new CoordinateSequenceFilter() {
        @Override
        public void filter(CoordinateSequence seq, int i) {
          double[] shifted = crs.wgs84ToOffset(seq.getX(i), seq.getY(i));
          seq.setOrdinate(i, 0, shifted[0]);
          seq.setOrdinate(i, 1, shifted[1]);
        }

        @Override
        public boolean isDone() {
          return false;
        }

        @Override
        public boolean isGeometryChanged() {
          return true;
        }
      };
    }

    private static Object value(ResultSet rs, int column, ValueType type) throws SQLException {
      Object v = switch (type) {
        case INTEGER -> rs.getLong(column);
        case REAL -> rs.getDouble(column);
        case BOOLEAN -> rs.getBoolean(column);
        case DATE -> rs.getObject(column, LocalDate.class);
        case DATETIME -> rs.getObject(column, OffsetDateTime.class);
        default -> rs.getString(column);
      };
      return rs.wasNull() ? null : v;
    }
  }
}
