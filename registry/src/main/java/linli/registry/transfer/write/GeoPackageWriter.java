package linli.registry.transfer.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.contents.Contents;
import mil.nga.geopackage.contents.ContentsDao;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTable;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.geopackage.srs.SpatialReferenceSystemDao;
import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Envelope;
import linli.registry.catalog.ValueType;

/**
 * An OGC GeoPackage in a temporary file, then copied to the stream. The NGA library makes the
 * metadata tables; the rows go in by one prepared, batched INSERT inside a single transaction
 * (the file is new and only published when complete, so SQLite runs without journal or fsync),
 * with the geometry blob written here ({@link GeoPackageBlob}). The R-tree is built from each
 * feature's envelope alongside, in a background thread ({@link GeoPackageRTree}), and its triggers
 * (which keep it in step with later edits) are added after the bulk fill.
 *
 * <p>The file has the CRS in gpkg_spatial_ref_sys (EPSG organisation and code, OGC WKT definition;
 * CGCS2000 and the Gauss-Krüger zone are not in the default table, so they are added), one feature
 * table named after the layer with a geometry column {@code geom} (POINT, LINESTRING or MULTIPOLYGON), typed
 * columns (TEXT, INTEGER, DOUBLE, BOOLEAN, DATE, DATETIME in UTC; extra as JSON TEXT), the extent in
 * gpkg_contents and an R-tree spatial index. A facility's or road's feature id ({@code fid}) is its registry id.
 */
public final class GeoPackageWriter implements FeatureWriter {
  private static final DateTimeFormatter GPKG_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final int BATCH = 1_000;
  /** SQLite page cache in KiB: rows are appended in fid order, so a modest cache does (the R-tree has its own). */
  private static final int CACHE_KIB = 16_384;

  private final OutputStream out;
  private ExportSchema schema;
  private Path dir;
  private Path file;
  private GeoPackage gpkg;
  private FeatureTable table;
  private Connection connection;
  private PreparedStatement insert;
  private GeoPackageRTree rtree;
  private int srsId;
  private final Envelope extent = new Envelope();
  private long written;
  private int pending;

  public GeoPackageWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public void begin(ExportSchema schema) throws IOException {
    this.schema = schema;
    dir = Files.createTempDirectory("linli-gpkg-");
    file = dir.resolve(schema.layer().id() + ".gpkg");
    try {
      GeoPackageManager.create(file.toFile());
      gpkg = GeoPackageManager.open(file.toFile());
      SpatialReferenceSystem srs = srs(schema.crs());
      srsId = (int) srs.getSrsId();
      GeometryColumns geometry = new GeometryColumns();
      geometry.setId(new TableColumnKey(schema.layer().id(), "geom"));
      geometry.setGeometryType(switch (schema.geometry()) {
        case POINT -> GeometryType.POINT;
        case LINESTRING -> GeometryType.LINESTRING;
        case MULTIPOLYGON -> GeometryType.MULTIPOLYGON;
      });
      geometry.setZ((byte) 0);
      geometry.setM((byte) 0);
      geometry.setSrs(srs);
      List<FeatureColumn> columns = new ArrayList<>();
      for (ExportField f : schema.fields()) {
        columns.add(FeatureColumn.createColumn(f.name(), type(f.type())));
      }
      table = gpkg.createFeatureTable(FeatureTableMetadata.create(geometry, "fid", columns));
      connection = gpkg.getConnection().getConnection();
      try (Statement st = connection.createStatement()) {
        st.execute("PRAGMA journal_mode = OFF");
        st.execute("PRAGMA synchronous = OFF");
        st.execute("PRAGMA cache_size = -" + CACHE_KIB);
      }
      // The extension row goes in through NGA's DAO connection, so before this connection's transaction.
      RTreeIndexExtension index = new RTreeIndexExtension(gpkg);
      index.getOrCreate(table);
      index.createRTreeIndex(table);
      rtree = new GeoPackageRTree("rtree_" + schema.layer().id() + "_geom", dir.resolve("rtree.sqlite"), pageSize());
      connection.setAutoCommit(false);
      insert = connection.prepareStatement(insertSql());
    } catch (SQLException | RuntimeException e) {
      throw new IOException("cannot create the GeoPackage: " + e.getMessage(), e);
    }
  }

  private int pageSize() throws SQLException {
    try (Statement st = connection.createStatement(); var rs = st.executeQuery("PRAGMA page_size")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The SRS row of {@code crs}, added when the default table lacks it. */
  private SpatialReferenceSystem srs(CoordinateSystem crs) throws SQLException {
    SpatialReferenceSystemDao dao = gpkg.getSpatialReferenceSystemDao();
    SpatialReferenceSystem existing = dao.queryForOrganizationCoordsysId("EPSG", crs.srid());
    if (existing != null) {
      return existing;
    }
    SpatialReferenceSystem srs = new SpatialReferenceSystem();
    srs.setSrsName(crs.title());
    srs.setSrsId(crs.srid());
    srs.setOrganization("EPSG");
    srs.setOrganizationCoordsysId(crs.srid());
    srs.setDefinition(crs.ogcWkt());
    srs.setDescription(crs.title());
    dao.create(srs);
    return srs;
  }

  private static GeoPackageDataType type(ValueType type) {
    return switch (type) {
      case INTEGER -> GeoPackageDataType.INTEGER;
      case REAL -> GeoPackageDataType.DOUBLE;
      case BOOLEAN -> GeoPackageDataType.BOOLEAN;
      case DATE -> GeoPackageDataType.DATE;
      case DATETIME -> GeoPackageDataType.DATETIME;
      default -> GeoPackageDataType.TEXT;
    };
  }

  private String insertSql() {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(schema.layer().id())).append(" (\"fid\", \"geom\"");
    StringBuilder marks = new StringBuilder("?, ?");
    for (ExportField f : schema.fields()) {
      sql.append(", ").append(quote(f.name()));
      marks.append(", ?");
    }
    return sql.append(") VALUES (").append(marks).append(')').toString();
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public void write(ExportRow row) throws IOException {
    try {
      // The fid is the registry id, or the row number for layers keyed by a code (as SQLite would number them).
      long fid = schema.layer().hasNumericId() ? (Long) row.id() : written + 1;
      int p = 1;
      insert.setLong(p++, fid);
      if (row.wkb() == null) {
        insert.setNull(p++, Types.BLOB);
      } else {
        insert.setBytes(p++, GeoPackageBlob.of(srsId, row.geometry(), row.wkb()));
        index(fid, row.geometry().getEnvelopeInternal());
      }
      for (int i = 0; i < schema.fields().size(); i++, p++) {
        Object v = row.value(i);
        if (v == null) {
          insert.setNull(p, Types.NULL);
        } else if (v instanceof Long n) {
          insert.setLong(p, n);
        } else if (v instanceof Double d) {
          insert.setDouble(p, d);
        } else if (v instanceof Boolean b) {
          insert.setInt(p, b ? 1 : 0);
        } else if (v instanceof LocalDate d) {
          insert.setString(p, d.toString());
        } else if (v instanceof OffsetDateTime t) {
          insert.setString(p, GPKG_DATETIME.format(t.withOffsetSameInstant(ZoneOffset.UTC)));
        } else {
          insert.setString(p, v.toString());
        }
      }
      insert.addBatch();
      written++;
      if (++pending >= BATCH) {
        flush();
      }
    } catch (SQLException e) {
      throw new IOException("cannot write to the GeoPackage: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the GeoPackage", e);
    }
  }

  /** The R-tree row of a non-empty geometry (the spec's triggers leave empty ones out as well). */
  private void index(long fid, Envelope e) throws InterruptedException {
    if (e.isNull()) {
      return;
    }
    extent.expandToInclude(e);
    rtree.add(fid, e);
  }

  private void flush() throws SQLException {
    insert.executeBatch();
    pending = 0;
  }

  @Override
  public void finish() throws IOException {
    try {
      flush();
      insert.close();
      connection.commit();
      connection.setAutoCommit(true);
      rtree.copyInto(connection);
      ContentsDao contentsDao = gpkg.getContentsDao();
      Contents contents = contentsDao.queryForId(schema.layer().id());
      if (!extent.isNull()) {
        contents.setMinX(extent.getMinX());
        contents.setMinY(extent.getMinY());
        contents.setMaxX(extent.getMaxX());
        contents.setMaxY(extent.getMaxY());
      }
      contents.setIdentifier(schema.layer().id());
      contents.setDescription("Linli registry: " + schema.layer().id() + " in " + schema.crs().code());
      contents.setLastChange(new Date());
      contentsDao.update(contents);
      new RTreeIndexExtension(gpkg).createAllTriggers(table);
    } catch (SQLException | RuntimeException e) {
      throw new IOException("cannot finish the GeoPackage: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while finishing the GeoPackage", e);
    }
    gpkg.close();
    gpkg = null;
    Files.copy(file, out);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (rtree != null) {
      try {
        rtree.close();
      } catch (SQLException ignored) {
        // only the scratch file, which goes with the directory
      }
      rtree = null;
    }
    if (gpkg != null) {
      try {
        gpkg.close();
      } catch (RuntimeException ignored) {
        // failing already; the file goes anyway
      }
      gpkg = null;
    }
    TempFiles.deleteTree(dir);
    dir = null;
  }
}
