package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.SourceRecord;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxRecordReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsTypedCellsAsPlainText() throws Exception {
    Path file = dir.resolve("facilities.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      CellStyle isoDate = style(wb, "yyyy-mm-dd");
      CellStyle chineseDate = style(wb, "yyyy\"年\"m\"月\"d\"日\"");
      CellStyle builtinDate = wb.createCellStyle();
      builtinDate.setDataFormat((short) 14); // m/d/yy, shown per the viewer's locale
      CellStyle dateTime = style(wb, "yyyy-mm-dd hh:mm");
      CellStyle thousands = style(wb, "#,##0.00");
      CellStyle time = style(wb, "h:mm");
      Sheet s = wb.createSheet("设施");
      Row h = s.createRow(0);
      String[] header = {"名称", "地址", "容纳人数", "面积", "启用日期", "开放", "编号", "合计", "备注"};
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      Row r1 = s.createRow(1);
      r1.createCell(0).setCellValue("八大关应急避难场所");
      r1.createCell(1).setCellValue("青岛市市南区香港西路");
      r1.createCell(2).setCellValue(12);
      r1.createCell(3).setCellValue(12.5);
      date(r1, 4, LocalDate.of(2019, 5, 1), isoDate);
      r1.createCell(5).setCellValue(true);
      r1.createCell(6).setCellValue("00123"); // text that looks like a number stays text
      r1.createCell(7).setCellFormula("C2*2");
      Row r2 = s.createRow(2);
      r2.createCell(0).setCellValue("五四广场");
      // r2 column B left empty on purpose
      r2.createCell(2).setCellValue(1234.5);
      r2.getCell(2).setCellStyle(thousands);
      r2.createCell(3).setCellValue(0.1 + 0.2);
      date(r2, 4, LocalDate.of(2020, 10, 1), chineseDate);
      r2.createCell(5).setCellValue(false);
      r2.createCell(6).setCellValue(123456789012.0);
      r2.createCell(7).setCellErrorValue(FormulaError.NA.getCode());
      Row r3 = s.createRow(4); // row 4 (Excel 5): a gap at Excel row 4
      r3.createCell(0).setCellValue("李村公园");
      date(r3, 4, LocalDate.of(2021, 1, 2), builtinDate);
      r3.createCell(3).setCellValue(-0.000012);
      r3.createCell(8).setCellValue(LocalDateTime.of(2021, 1, 2, 8, 30));
      r3.getCell(8).setCellStyle(dateTime);
      r3.createCell(9).setCellValue("无表头");
      Row r4 = s.createRow(5);
      r4.createCell(0).setCellValue("时间");
      r4.createCell(8).setCellValue(0.75);
      r4.getCell(8).setCellStyle(time);
      s.createRow(6).createCell(0).setCellStyle(isoDate); // formatted but empty: not a record
      wb.createSheet("第二页").createRow(0).createCell(0).setCellValue("ignored");
      wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
      wb.write(out);
    }

    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY); // dates and decimals must not follow the JVM locale
    List<SourceRecord> rows;
    try (XlsxRecordReader reader = new XlsxRecordReader(file)) {
      assertThat(reader.sheetName()).isEqualTo("设施");
      rows = TestFiles.readAll(reader);
    } finally {
      Locale.setDefault(before);
    }
    assertThat(rows).hasSize(4);
    SourceRecord a = rows.get(0);
    assertThat(a.row()).as("Excel's row: the header is row 1").isEqualTo(2);
    assertThat(a.attributes()).containsExactly(Map.entry("名称", "八大关应急避难场所"),
        Map.entry("地址", "青岛市市南区香港西路"), Map.entry("容纳人数", "12"), Map.entry("面积", "12.5"),
        Map.entry("启用日期", "2019-05-01"), Map.entry("开放", "true"), Map.entry("编号", "00123"),
        Map.entry("合计", "24"));
    assertThat(a.problems()).isEmpty();
    SourceRecord b = rows.get(1);
    assertThat(b.attributes()).doesNotContainKey("地址").containsEntry("容纳人数", "1234.5")
        .containsEntry("面积", "0.3").containsEntry("启用日期", "2020-10-01").containsEntry("开放", "false")
        .containsEntry("编号", "123456789012").doesNotContainKey("合计");
    assertThat(b.problems()).singleElement().satisfies(v -> {
      assertThat(v.row()).isEqualTo(3L);
      assertThat(v.field()).isEqualTo("合计");
      assertThat(v.message()).contains("#N/A");
    });
    SourceRecord c = rows.get(2);
    assertThat(c.row()).as("Excel row 5, after an empty row 4").isEqualTo(5);
    assertThat(c.attributes()).containsEntry("启用日期", "2021-01-02").containsEntry("面积", "-0.000012")
        .containsEntry("备注", "2021-01-02T08:30:00");
    assertThat(c.problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("J5 has a value but column J has no header"));
    assertThat(rows.get(3).attributes()).containsEntry("备注", "18:00:00");
    assertThat(rows).allSatisfy(r -> assertThat(r.geometry()).isNull());
  }

  @Test
  void honoursThe1904DateSystem() throws Exception {
    Path file = dir.resolve("mac.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      var pr = wb.getCTWorkbook().isSetWorkbookPr() ? wb.getCTWorkbook().getWorkbookPr()
          : wb.getCTWorkbook().addNewWorkbookPr();
      pr.setDate1904(true);
      Sheet s = wb.createSheet();
      s.createRow(0).createCell(0).setCellValue("启用日期");
      date(s.createRow(1), 0, LocalDate.of(2019, 5, 1), style(wb, "yyyy-mm-dd"));
      assertThat(wb.isDate1904()).isTrue();
      wb.write(out);
    }
    assertThat(TestFiles.readAll(new XlsxRecordReader(file)).get(0).attributes())
        .containsEntry("启用日期", "2019-05-01");
  }

  @Test
  void aLargeSheetIsStreamedInASmallHeap() throws Exception {
    Path file = dir.resolve("large.xlsx");
    int rows = 100_000;
    // Shared strings, as Excel itself saves text: 200,000 distinct texts in xl/sharedStrings.xml.
    try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 200, false, true); OutputStream out = Files.newOutputStream(file)) {
      CellStyle iso = style(wb, "yyyy-mm-dd");
      Sheet s = wb.createSheet("大表");
      Row h = s.createRow(0);
      String[] header = {"名称", "地址", "经度", "纬度", "容纳人数", "启用日期"};
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      for (int i = 1; i <= rows; i++) {
        Row r = s.createRow(i);
        r.createCell(0).setCellValue("社区服务站" + i);
        r.createCell(1).setCellValue("青岛市某区某路" + i + "号");
        r.createCell(2).setCellValue(120 + i * 1e-6);
        r.createCell(3).setCellValue(36 + i * 1e-6);
        r.createCell(4).setCellValue(i % 500);
        date(r, 5, LocalDate.of(2000, 1, 1).plusDays(i % 9000), iso);
      }
      wb.write(out);
      wb.dispose();
    }
    // In this JVM: everything arrives, in order.
    long n = 0;
    SourceRecord last = null;
    try (XlsxRecordReader reader = new XlsxRecordReader(file)) {
      for (Optional<SourceRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
        n++;
        assertThat(r.get().row()).as("below the header row").isEqualTo(n + 1);
        last = r.get();
      }
    }
    assertThat(n).isEqualTo(rows);
    assertThat(last.attributes()).containsEntry("名称", "社区服务站100000").containsEntry("经度", "120.1")
        .containsEntry("容纳人数", "0").containsEntry("启用日期", LocalDate.of(2000, 1, 1).plusDays(100_000 % 9000).toString());
    // In a 64 MiB JVM: a DOM read (XSSFWorkbook) of 600,000 cells needs several hundred MiB; the
    // streaming read holds only the shared strings and a queue of rows.
    assertThat(TestFiles.countInSmallHeap(file, "xlsx", 64)).isEqualTo(rows);
  }

  @Test
  void closingEarlyStopsTheParserThread() throws Exception {
    Path file = dir.resolve("early.xlsx");
    try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
      Sheet s = wb.createSheet();
      s.createRow(0).createCell(0).setCellValue("名称");
      for (int i = 1; i <= 20_000; i++) {
        s.createRow(i).createCell(0).setCellValue("x" + i);
      }
      wb.write(out);
      wb.dispose();
    }
    XlsxRecordReader reader = new XlsxRecordReader(file);
    assertThat(reader.next()).isPresent();
    reader.close();
    Thread.sleep(100);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("xlsx-reader") && t.isAlive());
  }

  @Test
  void brokenWorkbooksAreFileErrors() throws Exception {
    Path csv = Files.writeString(dir.resolve("fake.xlsx"), "名称,地址\n");
    assertThatThrownBy(() -> new XlsxRecordReader(csv))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("not an Excel .xlsx workbook");
    Path whole = dir.resolve("whole.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(whole)) {
      wb.createSheet().createRow(0).createCell(0).setCellValue("名称");
      wb.write(out);
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.xlsx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> TestFiles.readAll(new XlsxRecordReader(cut))).isInstanceOf(ImportFileException.class);
    Path dup = dir.resolve("dup.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(dup)) {
      Row h = wb.createSheet().createRow(0);
      h.createCell(0).setCellValue("名称");
      h.createCell(2).setCellValue("名称");
      wb.write(out);
    }
    assertThatThrownBy(() -> TestFiles.readAll(new XlsxRecordReader(dup)))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("'名称' twice (columns A and C)");
  }

  private static CellStyle style(Workbook wb, String format) {
    CellStyle s = wb.createCellStyle();
    s.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat(format));
    return s;
  }

  private static void date(Row r, int col, LocalDate d, CellStyle style) {
    r.createCell(col).setCellValue(d);
    r.getCell(col).setCellStyle(style);
  }
}
