package linli.registry.transfer.read;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateXY;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Streams one feature table of a GeoPackage (the first, or the one named) through the NGA library,
 * over a single SQLite cursor. Attributes are the table's columns except its integer primary key
 * (the row id, what GDAL calls the FID) and the geometry column; the geometry goes library → WKB →
 * JTS, 2D (Z and M dropped). The CRS comes from the table's spatial reference system.
 */
public final class GeoPackageRecordReader implements RecordReader {
  private final GeoPackage gpkg;
  private final String table;
  private final FeatureResultSet rows;
  private final String crs;
  private final WKBReader wkb;
  private long row;

  public GeoPackageRecordReader(Path file, String tableName) {
    try {
      // Validation off: the upload's temp file need not end in .gpkg.
      gpkg = GeoPackageManager.open(file.getFileName().toString(), file.toFile(), false);
    } catch (RuntimeException e) {
      throw new ImportFileException("not a readable GeoPackage: " + e.getMessage(), e);
    }
    try {
      List<String> tables = gpkg.getFeatureTables();
      if (tables.isEmpty()) {
        throw new ImportFileException("the GeoPackage has no feature table");
      }
      if (tableName == null) {
        table = tables.get(0);
      } else if (tables.contains(tableName)) {
        table = tableName;
      } else {
        throw new ImportFileException("the GeoPackage has no feature table named '" + tableName + "' (it has: "
            + String.join(", ", tables) + ")");
      }
      FeatureDao dao = gpkg.getFeatureDao(table);
      crs = crs(dao.getSrs());
      int srid = crs == null ? 0 : Integer.parseInt(crs.substring(5));
      wkb = new WKBReader(new GeometryFactory(new PrecisionModel(), srid));
      rows = dao.queryForAll();
    } catch (ImportFileException e) {
      gpkg.close();
      throw e;
    } catch (RuntimeException e) {
      gpkg.close();
      throw new ImportFileException("the GeoPackage cannot be read: " + e.getMessage(), e);
    }
  }

  /** The feature table being read. */
  public String table() {
    return table;
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    FeatureRow r;
    try {
      if (!rows.moveToNext()) {
        return Optional.empty();
      }
      r = rows.getRow();
    } catch (RuntimeException e) {
      throw new ImportFileException("the GeoPackage is damaged at feature " + (row + 1) + ": " + e.getMessage(), e);
    }
    row++;
    Map<String, String> values = new LinkedHashMap<>();
    List<Violation> problems = new ArrayList<>();
    int pk = r.getPkColumnIndex();
    int geomIndex = r.getGeometryColumnIndex();
    String[] names = r.getColumnNames();
    for (int i = 0; i < names.length; i++) {
      if (i == pk || i == geomIndex) {
        continue;
      }
      String v = text(r.getValue(i), r.getColumn(i).getDataType());
      if (v != null && !v.isEmpty()) {
        values.put(names[i], v);
      }
    }
    Geometry geometry = null;
    try {
      GeoPackageGeometryData data = r.getGeometry();
      if (data == null || data.isEmpty() || data.getGeometry() == null) {
        problems.add(new Violation(Long.valueOf(row), "geometry", "the feature has no geometry"));
      } else {
        geometry = wkb.read(data.getWkb());
        if (data.getGeometry().hasZ() || data.getGeometry().hasM()) {
          geometry = flatten(geometry); // Z/M dropped, as for Shapefiles and GeoJSON
        }
      }
    } catch (ParseException | IOException | RuntimeException e) {
      problems.add(new Violation(Long.valueOf(row), "geometry", "the geometry cannot be read: " + e.getMessage()));
    }
    return Optional.of(new SourceRecord(row, ValueText.freeze(values), geometry, problems));
  }

  @Override
  public String declaredCrs() {
    return crs;
  }

  @Override
  public void close() {
    try {
      rows.close();
    } finally {
      gpkg.close();
    }
  }

  private static Geometry flatten(Geometry g) {
    return new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence coords, Geometry parent) {
        Coordinate[] xy = new Coordinate[coords.size()];
        for (int i = 0; i < xy.length; i++) {
          xy[i] = new CoordinateXY(coords.getX(i), coords.getY(i));
        }
        return factory.getCoordinateSequenceFactory().create(xy);
      }
    }.transform(g);
  }

  private static String text(Object v, GeoPackageDataType type) {
    if (v == null || v instanceof byte[]) {
      return null; // BLOBs have no text form worth importing
    }
    if (v instanceof Double || v instanceof Float) {
      return ValueText.number(((Number) v).doubleValue());
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof Date d) {
      // The library may hand DATE/DATETIME columns back as java.util.Date (UTC in the file).
      // (via getTime(): java.sql.Date.toInstant() throws)
      java.time.Instant t = java.time.Instant.ofEpochMilli(d.getTime());
      return type == GeoPackageDataType.DATE ? t.atOffset(ZoneOffset.UTC).toLocalDate().toString() : t.toString();
    }
    return v.toString();
  }

  /**
   * "EPSG:nnnn" from the SRS's organization; the GeoPackage "undefined" systems (ids 0 and -1)
   * declare nothing; another organization is accepted when its WKT is one {@link PrjCrs} knows.
   */
  private static String crs(SpatialReferenceSystem srs) {
    if (srs == null || srs.getId() == 0 || srs.getId() == -1) {
      return null;
    }
    String org = srs.getOrganization() == null ? "" : srs.getOrganization().toUpperCase(Locale.ROOT);
    if (org.equals("EPSG") && srs.getOrganizationCoordsysId() > 0) {
      return "EPSG:" + srs.getOrganizationCoordsysId();
    }
    return PrjCrs.epsg(srs.getDefinition(), "in the GeoPackage");
  }
}
