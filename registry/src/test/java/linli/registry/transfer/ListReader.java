package linli.registry.transfer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A reader over records made in the test: the pipeline tested apart from any file format. */
final class ListReader implements RecordReader {
  private final Iterator<SourceRecord> records;
  private final String crs;

  ListReader(List<SourceRecord> records, String crs) {
    this.records = records.iterator();
    this.crs = crs;
  }

  /** Rows of a table: the first array is the header. */
  static ListReader table(String[]... rows) {
    List<SourceRecord> out = new ArrayList<>();
    for (int r = 1; r < rows.length; r++) {
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 0; i < rows[0].length; i++) {
        attributes.put(rows[0][i], rows[r][i]);
      }
      out.add(new SourceRecord(r, attributes, null, List.of()));
    }
    return new ListReader(out, null);
  }

  @Override
  public Optional<SourceRecord> next() {
    return records.hasNext() ? Optional.of(records.next()) : Optional.empty();
  }

  @Override
  public String declaredCrs() {
    return crs;
  }

  @Override
  public void close() {}
}
