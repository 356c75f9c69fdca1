package linli.registry.catalog;

import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Makes the SQL function {@code facility_as_feature(facility)} (the GeoJSON of a facility that the
 * REST API answers and the history freezes) from {@link Catalog#FACILITIES}, so that it cannot
 * disagree with OGC, exports and tiles. A repeatable migration: Flyway runs it after the versioned
 * ones whenever the generated text, and so its checksum, changes.
 */
public final class FacilityFeatureFunction implements JavaMigration {

  /** The {@code CREATE OR REPLACE FUNCTION} statement for the catalogue as declared. */
  public static String sql() {
    Layer l = Catalog.FACILITIES;
    return """
        CREATE OR REPLACE FUNCTION facility_as_feature(f facility) RETURNS jsonb LANGUAGE sql STABLE AS $$
          SELECT jsonb_build_object(
            'type', 'Feature',
            'id', %s,
            'geometry', ST_AsGeoJSON(%s, 7, 0)::jsonb, -- 0: no "crs" member (RFC 7946)
            'properties', %s)
        $$""".formatted(l.idSql(), l.geometrySql(), l.propertiesJsonSql("jsonb_build_object"));
  }

  @Override
  public MigrationVersion getVersion() {
    return null; // repeatable
  }

  @Override
  public String getDescription() {
    return "facility feature from the catalogue";
  }

  @Override
  public Integer getChecksum() {
    CRC32 crc = new CRC32();
    crc.update(sql().getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    try (Statement s = context.getConnection().createStatement()) {
      s.execute(sql());
    }
  }
}
