package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import linli.registry.catalog.Catalog;
import linli.registry.transfer.read.XlsxRecordReader;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facility template: the catalogue's Chinese headers, each one the import reads as its property. */
class ImportTemplateTest {
  @TempDir
  Path dir;

  @Test
  void everyHeaderIsReadBackAsTheFieldItStandsFor() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImportTemplate.write(bytes);
    Path filled = dir.resolve("filled.xlsx");
    List<String> headers = ImportTemplate.headers();
    assertThat(headers).startsWith("类别", "名称", "地址").endsWith("经度", "纬度").doesNotContain("来源", "其他属性");
    try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(wb.getSheetName(0)).isEqualTo(ImportTemplate.SHEET);
      Row header = wb.getSheetAt(0).getRow(0);
      for (int i = 0; i < headers.size(); i++) {
        assertThat(header.getCell(i).getStringCellValue()).isEqualTo(headers.get(i));
      }
      Row row = wb.getSheetAt(0).createRow(1);
      for (int i = 0; i < headers.size(); i++) {
        row.createCell(i).setCellValue("v" + i);
      }
      try (var out = Files.newOutputStream(filled)) {
        wb.write(out);
      }
    }
    try (XlsxRecordReader reader = new XlsxRecordReader(filled)) {
      Optional<SourceRecord> first = reader.next();
      assertThat(first).isPresent();
      assertThat(first.get().row()).as("Excel's row 2").isEqualTo(2);
      assertThat(first.get().attributes().keySet()).containsExactlyElementsOf(headers);
      assertThat(reader.next()).as("the help sheet is not read").isEmpty();
    }
    for (String h : headers) {
      String field = FacilityColumns.fieldOf(h);
      assertThat(field).as(h).isNotNull();
      if (!List.of("lon", "lat").contains(field)) {
        assertThat(Catalog.FACILITIES.properties()).anySatisfy(p -> assertThat(p.name()).isEqualTo(field));
      }
    }
  }
}
