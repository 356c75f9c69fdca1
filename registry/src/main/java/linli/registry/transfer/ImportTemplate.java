package linli.registry.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Property;
import linli.registry.catalog.ValueType;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The facility list a clerk fills in: an XLSX whose first sheet has one header row with the
 * catalogue's Chinese label of every property an import reads, then 经度 and 纬度; a second sheet
 * (which an import does not read) says what each column takes. Made from the catalogue, so a new
 * property appears here as it does in the import's header mapping.
 */
public final class ImportTemplate {
  public static final String SHEET = "设施";
  public static final String LONGITUDE = "经度";
  public static final String LATITUDE = "纬度";

  private ImportTemplate() {}

  /** The column headers, in order: the catalogue's facility properties, then the location. */
  public static List<String> headers() {
    List<String> out = new ArrayList<>();
    for (Property p : columns()) {
      out.add(p.labelZh());
    }
    out.add(LONGITUDE);
    out.add(LATITUDE);
    return out;
  }

  /** The properties a clerk writes: read by an import and not a JSON object. */
  private static List<Property> columns() {
    return Catalog.FACILITIES.properties().stream()
        .filter(p -> p.importRole() == Property.ImportRole.READ && p.type() != ValueType.JSON)
        .toList();
  }

  public static void write(OutputStream out) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      CellStyle bold = wb.createCellStyle();
      Font font = wb.createFont();
      font.setBold(true);
      bold.setFont(font);
      Sheet sheet = wb.createSheet(SHEET);
      Row header = sheet.createRow(0);
      List<String> headers = headers();
      for (int i = 0; i < headers.size(); i++) {
        header.createCell(i).setCellValue(headers.get(i));
        header.getCell(i).setCellStyle(bold);
        sheet.setColumnWidth(i, 16 * 256);
      }
      sheet.createFreezePane(0, 1);
      Sheet help = wb.createSheet("说明");
      String[][] lines = help();
      for (int r = 0; r < lines.length; r++) {
        Row row = help.createRow(r);
        for (int c = 0; c < lines[r].length; c++) {
          row.createCell(c).setCellValue(lines[r][c]);
          if (r == 0) {
            row.getCell(c).setCellStyle(bold);
          }
        }
      }
      help.setColumnWidth(0, 14 * 256);
      help.setColumnWidth(1, 24 * 256);
      help.setColumnWidth(2, 70 * 256);
      wb.write(out);
    }
  }

  /** Column, meaning (English), what it takes; docs/IMPORT.md says the same at length. */
  private static String[][] help() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"列", "Column", "填写说明 / What to write"});
    for (Property p : columns()) {
      rows.add(new String[] {p.labelZh(), p.labelEn(), hint(p.name())});
    }
    rows.add(new String[] {LONGITUDE, "Longitude", "度，如 120.38（坐标来源在导入页选择：GPS/天地图、高德/腾讯、百度）"});
    rows.add(new String[] {LATITUDE, "Latitude", "度，如 36.07"});
    rows.add(new String[] {"", "", "只读取第一个工作表；表头在第 1 行，数据从第 2 行起。Only the first sheet is read."});
    return rows.toArray(String[][]::new);
  }

  private static String hint(String property) {
    return switch (property) {
      case "category" -> "类别代码或中文名称；可留空并在导入页选择默认类别";
      case "name" -> "必填 required";
      case "status" -> "规划、在建、开放、关闭（留空为开放）";
      case "capacity" -> "整数，如 1200";
      case "area_m2" -> "平方米，如 3500";
      case "community_code" -> "12 位代码；留空则按位置确定";
      case "opened_on" -> "日期，如 2021-06-01";
      case "source_id" -> "本单位的编号；再次导入时据此更新而不重复";
      default -> "";
    };
  }
}
