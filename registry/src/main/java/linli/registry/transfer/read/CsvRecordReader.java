package linli.registry.transfer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.Violation;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a CSV (or tab/semicolon separated text) one row at a time. The first row names the
 * columns. The encoding is the one asked for, else detected from the first 64 KiB (UTF-8 or
 * GB18030); a UTF-8 BOM is dropped. No geometry: the import maps lon/lat or WKT columns itself.
 */
public final class CsvRecordReader implements RecordReader {
  private final Charset charset;
  /** The user named the encoding: it is taken as is, no mixed-encoding guesses. */
  private final boolean asked;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;

  public CsvRecordReader(Path file, String encoding) throws IOException {
    this(Files.newInputStream(file), encoding);
  }

  /** Takes ownership of {@code in}: {@link #close()} closes it. */
  public CsvRecordReader(InputStream in, String encoding) throws IOException {
    try {
      BufferedInputStream buffered = new BufferedInputStream(in, EncodingDetector.PREFIX_BYTES + 1);
      buffered.mark(EncodingDetector.PREFIX_BYTES + 1);
      byte[] prefix = buffered.readNBytes(EncodingDetector.PREFIX_BYTES);
      buffered.reset();
      Charset given = EncodingDetector.forName(encoding);
      asked = given != null;
      charset = asked ? given : EncodingDetector.detect(prefix, 0, prefix.length);
      buffered.skipNBytes(EncodingDetector.bomLength(prefix, prefix.length, charset));
      char delimiter = sniffDelimiter(new String(prefix, 0, Math.min(prefix.length, 8192), charset));
      Reader reader = new InputStreamReader(buffered, charset);
      CSVFormat format = CSVFormat.DEFAULT.builder()
          .setDelimiter(delimiter)
          // Blank lines are records (skipped below) so that record numbers are the rows a spreadsheet shows.
          .setIgnoreEmptyLines(false)
          .get();
      parser = CSVParser.parse(reader, format);
      records = parser.iterator();
      CSVRecord first = null;
      while (hasNext() && (first == null || isBlank(first))) {
        first = records.next();
      }
      if (first == null || isBlank(first)) {
        throw new ImportFileException("the file is empty: there is no header row");
      }
      if (first.stream().anyMatch(h -> h.indexOf('\uFFFD') >= 0)) {
        throw new ImportFileException("the header row is not valid " + charset.name()
            + " text: the file is in another encoding (choose UTF-8 or GBK)");
      }
      header = headerNames(first);
    } catch (RuntimeException | IOException e) {
      in.close();
      throw e;
    }
  }

  public List<String> header() {
    return header;
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    while (hasNext()) {
      CSVRecord r = records.next();
      // The row as Excel or WPS shows the file: the header is row 1, the first data row 2 (a quoted
      // value over several lines is one row there too).
      long row = r.getRecordNumber();
      if (isBlank(r)) {
        continue; // Excel leaves rows of bare commas ",,,,," at the end of exports
      }
      Map<String, String> values = new LinkedHashMap<>();
      List<Violation> problems = new ArrayList<>();
      int n = Math.min(r.size(), header.size());
      for (int i = 0; i < n; i++) {
        String v = r.get(i);
        if (!v.isEmpty()) {
          values.put(header.get(i), v);
        }
      }
      if (r.size() < header.size()) {
        problems.add(new Violation(Long.valueOf(row), null,
            "the row has " + r.size() + " values but the header has " + header.size() + " columns"));
      } else if (r.size() > header.size()) {
        boolean extraValues = false;
        for (int i = header.size(); i < r.size(); i++) {
          extraValues |= !r.get(i).isBlank();
        }
        if (extraValues) {
          problems.add(new Violation(Long.valueOf(row), null, "the row has " + r.size()
              + " values but the header has " + header.size() + " columns; the extra values were ignored"));
        }
      }
      ValueText.checkDecoding(row, values, charset, asked, problems);
      return Optional.of(new SourceRecord(row, ValueText.freeze(values), null, problems));
    }
    return Optional.empty();
  }

  @Override
  public String encoding() {
    return charset.name();
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /** commons-csv reports a broken quote as an unchecked exception from the iterator. */
  private boolean hasNext() {
    try {
      return records.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ImportFileException("the CSV is malformed near line " + parser.getCurrentLineNumber()
          + " (check its quotes): " + cause.getMessage(), e);
    }
  }

  private static boolean isBlank(CSVRecord r) {
    for (String v : r) {
      if (!v.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> headerNames(CSVRecord r) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < r.size(); i++) {
      String name = r.get(i).strip();
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1).strip(); // a BOM that survived (e.g. encoding given as UTF-8 by name)
      }
      if (name.isEmpty()) {
        name = "column " + (i + 1);
      }
      Integer before = seen.putIfAbsent(name, i + 1);
      if (before != null) {
        throw new ImportFileException("the header names the column '" + name + "' twice (columns "
            + before + " and " + (i + 1) + "); rename one of them");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** Comma unless the header line clearly uses tabs or semicolons (European/Excel "text" exports). */
  static char sniffDelimiter(String start) {
    int comma = 0;
    int tab = 0;
    int semi = 0;
    boolean quoted = false;
    for (int i = 0; i < start.length(); i++) {
      char c = start.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        break;
      } else if (!quoted && c == ',') {
        comma++;
      } else if (!quoted && c == '\t') {
        tab++;
      } else if (!quoted && c == ';') {
        semi++;
      }
    }
    if (tab > comma && tab >= semi) {
      return '\t';
    }
    if (semi > comma && semi > tab) {
      return ';';
    }
    return ',';
  }
}
