package linli.registry.transfer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import linli.registry.Violation;

/**
 * What one layer brings to the import pipeline ({@link StagingLoop}): its stage, the header →
 * field mapping it reads records with, and how a record becomes staged rows. The loop does the
 * rest the same way for every layer: a reading thread, COPY, rejected rows, progress. What is left
 * to each importer is its own: the checks it makes in SQL once the file is staged, and its write.
 *
 * @param <R> what {@link #map} makes of a record that passes the row checks
 */
interface ImportProfile<R> {
  /** The statement creating the stage (a temporary table dropped on commit). */
  String createStage();

  /** The stage's table name. */
  String stageName();

  /** The columns COPY fills, in the order of a staged row's values ({@link StageRows#row}). */
  List<String> copyColumns();

  /**
   * Header (trimmed, lower case) → field: the catalogue's import headers of the layer
   * ({@link linli.registry.catalog.Catalog#importHeaders}) and the import's own (a WKT column; a
   * facility's lon/lat).
   */
  Map<String, String> headers();

  /**
   * One record mapped and checked on its own, or the violations that keep it out, each naming the
   * row and the field. Runs on the reading thread ({@link MappedRecords}): pure, or state of its own.
   */
  MappedRow<R> map(SourceRecord record);

  /**
   * Stages a mapped row on the importing thread: writes its COPY rows (none, one or several), or
   * returns the violations only found now (then writes nothing).
   */
  List<Violation> stage(R mapped, StageRows out) throws IOException;
}
