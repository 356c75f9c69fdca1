package linli.registry.transfer.write;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes one layer in one file format to the output stream it was made with: {@link #begin} once,
 * {@link #write} for each feature, {@link #finish} once. Memory stays bounded whatever the number of
 * features: text formats write as they go; formats that need sizes or indexes up front (Shapefile,
 * GeoPackage, XLSX) spool to temporary files and copy them out in {@link #finish}. A writer flushes
 * the stream but never closes it; {@link #close} removes its temporary files, also after a failure.
 */
public interface FeatureWriter extends Closeable {
  void begin(ExportSchema schema) throws IOException;

  void write(ExportRow row) throws IOException;

  void finish() throws IOException;

  @Override
  default void close() throws IOException {}
}
