package linli.registry.transfer.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a writer over rows, as {@link LayerExporter} does. */
final class WriterRun {
  private WriterRun() {}

  static byte[] bytes(ExportFormat format, ExportSchema schema, List<ExportRow> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(format, schema, rows, out);
    return out.toByteArray();
  }

  static Path file(ExportFormat format, ExportSchema schema, List<ExportRow> rows, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(format, schema, rows, out);
    }
    return file;
  }

  static void write(ExportFormat format, ExportSchema schema, List<ExportRow> rows, OutputStream out) throws IOException {
    try (FeatureWriter w = format.writer(out)) {
      w.begin(schema);
      for (ExportRow r : rows) {
        w.write(r);
      }
      w.finish();
    }
  }
}
