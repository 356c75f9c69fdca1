package linli.registry.transfer.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import linli.registry.Violation;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Streams the first sheet of an .xlsx with POI's SAX event API: the sheet XML is never held in
 * memory (XSSFWorkbook would need ~1 KiB per cell). The first non-empty row names the columns.
 *
 * <p>SAX pushes, {@link RecordReader} pulls, so the parse runs on its own thread and hands rows
 * over through a small bounded queue: it can never run more than {@value #QUEUE} rows ahead.
 *
 * <p>Values: numbers as plain text (12.0 → "12", rounded to Excel's 15 significant digits, never
 * the cell's display format such as "1,234"), date-formatted numbers as ISO dates (the workbook's
 * 1900/1904 date system honoured, the locale irrelevant), booleans "true"/"false", text as is,
 * formulas by their cached result. Error cells (#N/A...) are left out and reported.
 */
public final class XlsxRecordReader implements RecordReader {
  private static final int QUEUE = 256;
  private static final Object END = new Object();

  private final OPCPackage pkg;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread parserThread;
  private final String sheetName;
  private volatile boolean closed;
  private boolean finished;

  public XlsxRecordReader(Path file) throws IOException {
    pkg = openPackage(file);
    try {
      XSSFReader reader = new XSSFReader(pkg);
      boolean date1904 = date1904(reader);
      // Phonetic runs (furigana/pinyin guides) are not part of the text.
      SharedStrings strings = new ReadOnlySharedStringsTable(pkg, false);
      StylesTable styles = reader.getStylesTable();
      if (styles == null) {
        styles = new StylesTable(); // so unstyled numbers still go through our formatter
      }
      XSSFReader.SheetIterator sheets = reader.getSheetIterator();
      if (!sheets.hasNext()) {
        throw new ImportFileException("the workbook has no sheet");
      }
      InputStream sheet = sheets.next();
      sheetName = sheets.getSheetName();
      Rows rows = new Rows();
      TypedHandler handler = new TypedHandler(styles, strings, rows, new IsoDataFormatter(date1904));
      rows.types = handler;
      parserThread = new Thread(() -> parse(sheet, handler), "xlsx-reader");
      parserThread.setDaemon(true);
      parserThread.start();
    } catch (ImportFileException e) {
      pkg.revert();
      throw e;
    } catch (Exception e) {
      pkg.revert();
      throw translate(e);
    }
  }

  /** The name of the sheet being read (the workbook's first). */
  public String sheetName() {
    return sheetName;
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    if (finished) {
      return Optional.empty();
    }
    Object o;
    try {
      o = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the workbook");
    }
    if (o == END) {
      finished = true;
      return Optional.empty();
    }
    if (o instanceof RuntimeException e) {
      finished = true;
      throw e;
    }
    return Optional.of((SourceRecord) o);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    parserThread.interrupt();
    queue.clear();
    try {
      parserThread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pkg.revert(); // a READ package is closed by revert(); close() would try to save it
  }

  private void parse(InputStream sheet, TypedHandler handler) {
    try (sheet) {
      XMLReader xml = XMLHelper.newXMLReader(); // POI's hardened parser: no external entities
      xml.setContentHandler(handler);
      xml.parse(new InputSource(sheet));
      handOver(END);
    } catch (Stop e) {
      // the reader was closed early
    } catch (ImportFileException e) {
      offerFailure(e);
    } catch (Exception e) {
      offerFailure(translate(e));
    } catch (Throwable t) {
      // An Error (out of memory...) must still reach the reader, or next() would wait forever.
      offerFailure(new IllegalStateException("reading the workbook failed: " + t, t));
    }
  }

  private void offerFailure(RuntimeException e) {
    try {
      handOver(e);
    } catch (Stop ignored) {
      // closed: nobody is waiting
    }
  }

  private void handOver(Object o) {
    try {
      while (!queue.offer(o, 200, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new Stop();
        }
      }
    } catch (InterruptedException e) {
      throw new Stop();
    }
  }

  private static OPCPackage openPackage(Path file) {
    try {
      return OPCPackage.open(file.toFile(), PackageAccess.READ);
    } catch (Exception e) {
      throw translate(e);
    }
  }

  private static RuntimeException translate(Exception e) {
    if (e instanceof OLE2NotOfficeXmlFileException) {
      return new ImportFileException("this is an old Excel .xls file; save it as .xlsx and upload again", e);
    }
    if (e instanceof NotOfficeXmlFileException) {
      return new ImportFileException("not an Excel .xlsx workbook", e);
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("Zip bomb")) {
      return new ImportFileException("the workbook expands too much when unpacked (a zip bomb?)", e);
    }
    if (e instanceof SAXException || e instanceof POIXMLException) {
      return new ImportFileException("the workbook's sheet is damaged: " + m, e);
    }
    return new ImportFileException("the workbook cannot be read: " + m, e);
  }

  /** Reads workbookPr@date1904: Mac-era workbooks count days from 1904, not 1900. */
  private static boolean date1904(XSSFReader reader) throws Exception {
    boolean[] result = {false};
    try (InputStream in = reader.getWorkbookData()) {
      XMLReader xml = XMLHelper.newXMLReader();
      xml.setContentHandler(new DefaultHandler() {
        @Override
        public void startElement(String uri, String local, String qName, Attributes a) throws SAXException {
          if ("workbookPr".equals(local)) {
            String v = a.getValue("date1904");
            result[0] = "1".equals(v) || "true".equalsIgnoreCase(v);
          } else if ("sheets".equals(local)) {
            throw new Stop(); // workbookPr comes before the sheet list; stop reading
          }
        }
      });
      xml.parse(new InputSource(in));
    } catch (Stop expected) {
      // done
    }
    return result[0];
  }

  /** Unwinds the SAX parse when the reader is closed. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  /** Remembers each cell's declared type (t="s|b|e|str|inlineStr|n|d") for {@link Rows}. */
  private static final class TypedHandler extends XSSFSheetXMLHandler {
    String cellType;

    TypedHandler(StylesTable styles, SharedStrings strings, SheetContentsHandler rows, DataFormatter formatter) {
      super(styles, strings, rows, formatter, false);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
      if ("c".equals(localName)) {
        cellType = attributes.getValue("t");
      }
      super.startElement(uri, localName, qName, attributes);
    }
  }

  /** Formats numbers plainly and date-formatted numbers as ISO, whatever the JVM locale. */
  private static final class IsoDataFormatter extends DataFormatter {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final boolean date1904;

    IsoDataFormatter(boolean date1904) {
      super(Locale.ROOT);
      this.date1904 = date1904;
    }

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString) {
      return formatRawCellContents(value, formatIndex, formatString, date1904);
    }

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
      if (formatString != null && DateUtil.isADateFormat(formatIndex, formatString)
          && DateUtil.isValidExcelDate(value)) {
        LocalDateTime t = DateUtil.getLocalDateTime(value, date1904, true).truncatedTo(ChronoUnit.SECONDS);
        if (value < 1 && !hasDatePart(formatString)) {
          return t.toLocalTime().format(TIME); // a time of day ("h:mm")
        }
        if (t.toLocalTime().toSecondOfDay() == 0) {
          return t.toLocalDate().toString();
        }
        return t.format(DATE_TIME);
      }
      return ValueText.number(value);
    }

    private static boolean hasDatePart(String format) {
      String f = format.toLowerCase(Locale.ROOT).replaceAll("\"[^\"]*\"|\\[[^]]*]", "");
      return f.contains("y") || f.contains("d") || f.contains("年") || f.contains("日");
    }
  }

  /** Collects the cells of each row and hands finished records over to the reading thread. */
  private final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
    TypedHandler types;
    private List<String> header;
    private final List<String> cells = new ArrayList<>();
    private final List<Violation> problems = new ArrayList<>();
    private int lastColumn;
    private int rowNum;

    @Override
    public void startRow(int rowNum) {
      if (closed) {
        throw new Stop();
      }
      this.rowNum = rowNum;
      cells.clear();
      problems.clear();
      lastColumn = -1;
    }

    @Override
    public void cell(String ref, String value, XSSFComment comment) {
      int col = ref != null ? new CellReference(ref).getCol() : lastColumn + 1;
      lastColumn = col;
      if (value == null) {
        return; // a comment on an empty cell
      }
      String type = types.cellType;
      String text;
      if ("b".equals(type)) {
        text = "TRUE".equals(value) ? "true" : "false";
      } else if ("e".equals(type)) {
        problems.add(new Violation(Long.valueOf(rowNum + 1L), columnName(col),
            "the cell holds the Excel error " + value.substring(value.indexOf(':') + 1) + "; left empty"));
        return;
      } else if ("d".equals(type)) {
        text = value.endsWith("T00:00:00") || value.endsWith("T00:00:00Z") ? value.substring(0, 10) : value;
      } else if (type == null || "n".equals(type)) {
        // Already plain or ISO from IsoDataFormatter; this catches a number POI passed through raw.
        text = ValueText.numberText(value);
      } else {
        text = value; // s, inlineStr, str: text as typed
      }
      while (cells.size() <= col) {
        cells.add(null);
      }
      cells.set(col, text.isEmpty() ? null : text);
    }

    @Override
    public void endRow(int rowNum) {
      boolean empty = cells.stream().allMatch(v -> v == null || v.isBlank());
      if (empty && problems.isEmpty()) {
        return; // formatted but empty rows are common below the data
      }
      if (header == null) {
        header = headerNames();
        return;
      }
      long row = rowNum + 1L; // the row number Excel shows (POI counts from 0)
      Map<String, String> values = new LinkedHashMap<>();
      List<Violation> rowProblems = new ArrayList<>(problems);
      for (int c = 0; c < cells.size(); c++) {
        String v = cells.get(c);
        if (v == null) {
          continue;
        }
        if (c < header.size()) {
          values.put(header.get(c), v);
        } else if (!v.isBlank()) {
          rowProblems.add(new Violation(Long.valueOf(row), columnName(c),
              "cell " + new CellReference(rowNum, c).formatAsString(false) + " has a value but column "
                  + CellReference.convertNumToColString(c) + " has no header; ignored"));
        }
      }
      handOver(new SourceRecord(row, ValueText.freeze(values), null, rowProblems));
    }

    private String columnName(int col) {
      return header != null && col < header.size() ? header.get(col)
          : "column " + CellReference.convertNumToColString(col);
    }

    private List<String> headerNames() {
      int width = cells.size();
      while (width > 0 && (cells.get(width - 1) == null || cells.get(width - 1).isBlank())) {
        width--;
      }
      List<String> names = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int c = 0; c < width; c++) {
        String v = cells.get(c);
        String name = v == null || v.isBlank() ? "column " + CellReference.convertNumToColString(c) : v.strip();
        Integer before = seen.putIfAbsent(name, c);
        if (before != null) {
          throw new ImportFileException("the header row names the column '" + name + "' twice (columns "
              + CellReference.convertNumToColString(before) + " and " + CellReference.convertNumToColString(c)
              + "); rename one of them");
        }
        names.add(name);
      }
      return List.copyOf(names);
    }
  }
}
