package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

class XlsxWriterTest {
  @TempDir
  Path dir;

  @Test
  void headerNumbersDatesAndText() throws Exception {
    byte[] bytes = WriterRun.bytes(ExportFormat.XLSX, Samples.facilitiesSchema(CoordinateSystem.CGCS2000),
        Samples.facilities(CoordinateSystem.CGCS2000));
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
      Sheet sheet = wb.getSheet("facilities");
      Row header = sheet.getRow(0);
      assertThat(header.getCell(0).getStringCellValue()).isEqualTo("category");
      assertThat(header.getCell(16).getStringCellValue()).isEqualTo("lon");
      assertThat(header.getCell(17).getStringCellValue()).isEqualTo("lat");
      Row first = sheet.getRow(1);
      assertThat(first.getCell(1).getStringCellValue()).isEqualTo(Samples.NAME);
      assertThat(first.getCell(6).getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(first.getCell(6).getNumericCellValue()).isEqualTo(1200);
      assertThat(first.getCell(7).getNumericCellValue()).isEqualTo(1800.5);
      assertThat(DateUtil.isCellDateFormatted(first.getCell(9))).isTrue();
      assertThat(first.getCell(9).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2021, 6, 1, 0, 0));
      assertThat(first.getCell(14).getLocalDateTimeCellValue()).as("Beijing time")
          .isEqualTo(LocalDateTime.of(2024, 5, 1, 10, 20, 30, 500_000_000));
      assertThat(first.getCell(16).getNumericCellValue()).isEqualTo(120.3168123);
      assertThat(sheet.getRow(2).getCell(6)).as("null: no cell").isNull();
      assertThat(sheet.getLastRowNum()).isEqualTo(2);
    }
    Path file = WriterRun.file(ExportFormat.XLSX, Samples.facilitiesSchema(CoordinateSystem.CGCS2000),
        Samples.facilities(CoordinateSystem.CGCS2000), dir.resolve("facilities.xlsx"));
    Gdal.Summary s = Gdal.summary(file.toString());
    assertThat(s.featureCount()).isEqualTo(2);
    // Numeric cells are numbers to GDAL (SXSSF writes 1200 as "1200.0", which GDAL types Real, not Integer).
    assertThat(s.fieldTypes()).containsEntry("name", "String").containsEntry("area_m2", "Real")
        .containsEntry("opened_on", "Date").containsEntry("updated_at", "DateTime").containsEntry("lon", "Real");
    assertThat(s.type("capacity")).isIn("Integer", "Real");
    assertThat(Gdal.features(file.toString()).get(0).get("name")).isEqualTo(Samples.NAME);
  }

  @Test
  void polygonsAsWktAndBooleans() throws Exception {
    byte[] bytes = WriterRun.bytes(ExportFormat.XLSX, Samples.communitiesSchema(CoordinateSystem.CGCS2000), Samples.communities());
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
      Sheet sheet = wb.getSheet("communities");
      assertThat(sheet.getRow(0).getCell(12).getStringCellValue()).isEqualTo("wkt");
      assertThat(sheet.getRow(1).getCell(9).getBooleanCellValue()).isTrue();
      assertThat(sheet.getRow(1).getCell(12).getStringCellValue()).startsWith("MULTIPOLYGON (((120.3 36.1, 120.31 36.1,");
    }
  }

  @Test
  void aHugePolygonIsReducedToFitACell() {
    StringBuilder wkt = new StringBuilder("POLYGON ((");
    int n = 5000;
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      wkt.append(120.3 + 0.01 * Math.cos(a) + 1.234e-7).append(' ').append(36.1 + 0.01 * Math.sin(a) + 4.321e-7).append(", ");
    }
    wkt.append(120.3 + 0.01 + 1.234e-7).append(' ').append(36.1 + 4.321e-7).append("))");
    Geometry g = Samples.geometry(wkt.toString(), 4490);
    assertThat(GeometryText.wkt(g, 7).length()).isGreaterThan(32_767);
    String fitted = XlsxWriter.wktThatFits(g, 7);
    assertThat(fitted.length()).isLessThanOrEqualTo(32_767);
    Geometry back = Samples.geometry(fitted, 4490);
    assertThat(back.getArea()).isCloseTo(g.getArea(), within(g.getArea() * 0.01));
  }

  @Test
  void gdalReadsTheCommunities() throws Exception {
    Path file = WriterRun.file(ExportFormat.XLSX, Samples.communitiesSchema(CoordinateSystem.CGCS2000), Samples.communities(),
        dir.resolve("communities.xlsx"));
    List<Gdal.Feature> f = Gdal.features(file.toString());
    assertThat(f).hasSize(2);
    assertThat(f.get(1).get("name")).isEqualTo("团岛村");
    assertThat(f.get(0).get("population")).isEqualTo("4200");
  }
}
