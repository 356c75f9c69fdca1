package linli.registry.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * Streams the records of one uploaded file, one at a time, so memory stays bounded whatever the
 * file's size. A file that cannot be read at all throws {@link ImportFileException}; a record
 * that is partly unreadable comes back with its {@link SourceRecord#problems()}.
 */
public interface RecordReader extends Closeable {
  /** The next record, or empty at the end. */
  Optional<SourceRecord> next() throws IOException;

  /**
   * The CRS the file declares (a .prj or a GeoPackage SRS), as {@code EPSG:nnnn}, or null when it
   * declares none. A declared CRS Linli does not know is an {@link ImportFileException}.
   */
  default String declaredCrs() {
    return null;
  }

  /** The text encoding used to read it (null for formats without one). */
  default String encoding() {
    return null;
  }
}
