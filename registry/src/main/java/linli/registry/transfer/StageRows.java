package linli.registry.transfer;

import java.io.IOException;
import java.io.Writer;
import linli.registry.CopyText;

/**
 * The COPY rows going into a stage, in its COPY column order ({@link ImportProfile#copyColumns}). A row
 * of the wrong length is a mistake in the profile, caught here rather than as a COPY error naming
 * no field.
 */
final class StageRows {
  private final Writer out;
  private final int columns;
  private long written;

  StageRows(Writer out, int columns) {
    this.out = out;
    this.columns = columns;
  }

  void row(Object... values) throws IOException {
    if (values.length != columns) {
      throw new IllegalStateException("a staged row has " + values.length + " values for " + columns + " columns");
    }
    CopyText.writeRow(out, values);
    written++;
  }

  /** How many rows went into the stage. */
  long written() {
    return written;
  }
}
