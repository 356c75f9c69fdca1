package linli.registry.transfer.write;

import org.locationtech.jts.geom.Geometry;
import linli.registry.catalog.ValueType;

/**
 * One feature to write: its id (a {@link Long} facility id or a {@link String} community code),
 * its attribute values in the order of {@link ExportSchema#fields()} (null when absent; the Java
 * types are those of {@link ValueType}), and its geometry in the export's CRS, both as JTS
 * and as the WKB it was read from (x = easting/longitude).
 */
public record ExportRow(Object id, Object[] values, Geometry geometry, byte[] wkb) {
  public Object value(int field) {
    return values[field];
  }
}
