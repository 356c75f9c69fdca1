package linli.registry.transfer.write;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * An Excel workbook written with POI's streaming SXSSF (only a window of rows in memory, the rest
 * in a compressed temporary file). One sheet named after the layer: a bold, frozen header row of
 * property names, then one row per feature with numbers as numeric cells, booleans as boolean
 * cells, dates as date cells (yyyy-mm-dd), {@code updated_at} as a date-time cell in Beijing time
 * (UTC+8, Excel has no time zones), text as (inline) text. Location as in CSV: lon/lat (x/y when
 * projected) numeric columns for points, a wkt text column for polygons. Past Excel's 1,048,576
 * rows the features continue on a second sheet (facilities_2) with the same header.
 *
 * <p>An Excel cell holds at most 32,767 characters. A polygon whose WKT is longer is written with
 * fewer decimals, then simplified (topology preserved) until it fits: XLSX is for reading
 * attributes, use GeoPackage or Shapefile for exact large geometries.
 */
public final class XlsxWriter implements FeatureWriter {
  static final ZoneId LOCAL_TIME = ZoneId.of("Asia/Shanghai");
  private static final int MAX_CELL = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
  private static final int MAX_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows();

  private final OutputStream out;
  private SXSSFWorkbook workbook;
  private SXSSFSheet sheet;
  private ExportSchema schema;
  private List<String> header;
  private CellStyle headerStyle;
  private CellStyle dateStyle;
  private CellStyle dateTimeStyle;
  private int sheets;
  private int nextRow;

  public XlsxWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public void begin(ExportSchema schema) {
    this.schema = schema;
    workbook = new SXSSFWorkbook(null, 200, true, false);
    Font bold = workbook.createFont();
    bold.setBold(true);
    headerStyle = workbook.createCellStyle();
    headerStyle.setFont(bold);
    dateStyle = workbook.createCellStyle();
    dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
    dateTimeStyle = workbook.createCellStyle();
    dateTimeStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
    header = new ArrayList<>();
    schema.fields().forEach(f -> header.add(f.name()));
    header.addAll(CsvWriter.locationColumns(schema));
    newSheet();
  }

  private void newSheet() {
    sheets++;
    sheet = workbook.createSheet(schema.layer().id() + (sheets == 1 ? "" : "_" + sheets));
    Row row = sheet.createRow(0);
    for (int i = 0; i < header.size(); i++) {
      Cell c = row.createCell(i);
      c.setCellValue(header.get(i));
      c.setCellStyle(headerStyle);
      sheet.setColumnWidth(i, 256 * width(i));
    }
    sheet.createFreezePane(0, 1);
    nextRow = 1;
  }

  /** Column width in characters: enough for typical values, not computed (that would need all rows). */
  private int width(int column) {
    if (column >= schema.fields().size()) {
      return schema.geometry() == ExportLayer.Geometry.POINT ? 14 : 40;
    }
    ExportField f = schema.fields().get(column);
    return switch (f.type()) {
      case DATE -> 12;
      case DATETIME -> 20;
      case INTEGER, REAL, BOOLEAN -> Math.max(10, f.name().length() + 2);
      default -> f.name().equals("name") || f.name().equals("address") ? 30 : Math.max(14, f.name().length() + 2);
    };
  }

  @Override
  public void write(ExportRow feature) {
    if (nextRow >= MAX_ROWS) {
      newSheet();
    }
    Row row = sheet.createRow(nextRow++);
    List<ExportField> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      Object v = feature.value(i);
      if (v == null) {
        continue;
      }
      Cell c = row.createCell(i);
      if (v instanceof Long n) {
        c.setCellValue(n.doubleValue());
      } else if (v instanceof Double d) {
        c.setCellValue(d);
      } else if (v instanceof Boolean b) {
        c.setCellValue(b);
      } else if (v instanceof LocalDate d) {
        c.setCellValue(d);
        c.setCellStyle(dateStyle);
      } else if (v instanceof OffsetDateTime t) {
        c.setCellValue(t.atZoneSameInstant(LOCAL_TIME).toLocalDateTime());
        c.setCellStyle(dateTimeStyle);
      } else {
        c.setCellValue(fit(v.toString()));
      }
    }
    int col = fields.size();
    Geometry g = feature.geometry();
    if (g == null || g.isEmpty() || !schema.locationColumns()) {
      return;
    }
    if (schema.geometry() == ExportLayer.Geometry.POINT) {
      Point p = (Point) g;
      row.createCell(col).setCellValue(p.getX());
      row.createCell(col + 1).setCellValue(p.getY());
    } else {
      row.createCell(col).setCellValue(wktThatFits(g, schema.crs().decimals()));
    }
  }

  /** Text longer than a cell can hold is cut (only possible for extra, which has no length limit). */
  private static String fit(String s) {
    if (s.length() <= MAX_CELL) {
      return s;
    }
    int end = MAX_CELL - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }

  static String wktThatFits(Geometry g, int decimals) {
    String wkt = GeometryText.wkt(g, decimals);
    for (int d = decimals - 1; wkt.length() > MAX_CELL && d >= decimals - 2; d--) {
      wkt = GeometryText.wkt(g, d);
    }
    double tolerance = Math.pow(10, -(decimals - 2));
    while (wkt.length() > MAX_CELL) {
      wkt = GeometryText.wkt(TopologyPreservingSimplifier.simplify(g, tolerance), decimals - 2);
      tolerance *= 2;
    }
    return wkt;
  }

  @Override
  public void finish() throws IOException {
    workbook.write(out);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (workbook != null) {
      try {
        workbook.dispose(); // removes the temporary sheet files
      } finally {
        workbook.close();
        workbook = null;
      }
    }
  }
}
