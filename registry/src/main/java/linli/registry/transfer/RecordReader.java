package linli.registry.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import linli.registry.Violation;

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

  /**
   * What the file holds that the reader left out without making it an error that rejects the
   * import (an OpenStreetMap way whose nodes the file lacks), each with why: at most
   * {@link ImportReport#MAX_ERRORS}, and complete once {@link #next()} has returned empty.
   */
  default List<Violation> skipped() {
    return List.of();
  }

  /** How many records were left out, every one counted (beyond the list {@link #skipped()} keeps). */
  default long skippedCount() {
    return skipped().size();
  }
}
