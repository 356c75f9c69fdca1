package linli.web;

import static linli.web.MapBrowserIT.open;
import static linli.web.MapBrowserIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import linli.registry.Database;
import linli.registry.testing.PostgisExtension;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The import page as an emergency-bureau clerk uses it, in Chinese, in Chromium against the real app
 * over an empty registry: the template downloaded from the page's link, filled in (without a category
 * column: the page's default category supplies it) and imported with its coordinates said to come
 * from AMap; a file with a wrong latitude, whose error names Excel's row and the 纬度 column in Chinese;
 * and the same list uploaded again under another source name, which the dry run warns about.
 */
@ExtendWith(PostgisExtension.class)
class ImportClerkBrowserIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Database database;
  @RegisterExtension
  static final BrowserSession session = BrowserSession.consoleChecked();
  private static RunningApp app;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(Database db) throws Exception {
    database = db;
    app = session.serve(new RunningApp(db));
    browser = session.chromium();
  }

  @Test
  void theTemplateRoundTripsWithTheDefaultCategoryAndAmapCoordinates() throws Exception {
    openImport();
    WebElement link = browser.findElement(By.id("import-template"));
    assertThat(link.getText()).contains("模板");
    HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(link.getAttribute("href"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");

    // The clerk fills in name, address, 经度 and 纬度 under the template's own headers and leaves 类别 empty.
    List<String> headers;
    Path filled = Files.createTempFile("linli-template-filled", ".xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(download.body()))) {
      Sheet sheet = wb.getSheetAt(0);
      headers = new ArrayList<>();
      sheet.getRow(0).forEach(c -> headers.add(c.getStringCellValue()));
      assertThat(headers).startsWith("类别", "名称").contains("地址", "容纳人数", "编号", "经度", "纬度");
      String[][] rows = {{"T-1", "八大关避难场所", "120.3575", "36.0610"}, {"T-2", "汇泉广场避难场所", "120.3395", "36.0600"}};
      for (int i = 0; i < rows.length; i++) {
        Row r = sheet.createRow(i + 1);
        r.createCell(headers.indexOf("编号")).setCellValue(rows[i][0]);
        r.createCell(headers.indexOf("名称")).setCellValue(rows[i][1]);
        r.createCell(headers.indexOf("经度")).setCellValue(Double.parseDouble(rows[i][2]));
        r.createCell(headers.indexOf("纬度")).setCellValue(Double.parseDouble(rows[i][3]));
      }
      try (OutputStream out = Files.newOutputStream(filled)) {
        wb.write(out);
      }
    }

    // Without a category the dry run names the 类别 column and Excel's row 2 and asks for a default.
    chooseFile(filled, "tourism");
    dryRun();
    assertThat(errorRows()).first().satisfies(r -> {
      assertThat(r.get(0)).isEqualTo("2");
      assertThat(r.get(1)).isEqualTo("类别");
      assertThat(r.get(2)).contains("默认类别");
    });
    // The default category field fills the gap.
    new Select(browser.findElement(By.id("import-category"))).selectByValue("emergency_shelter");
    new Select(browser.findElement(By.id("import-origin"))).selectByValue("amap");
    assertThat(new Select(browser.findElement(By.id("import-crs"))).getFirstSelectedOption().getAttribute("value"))
        .as("the origin question sets the coordinate system").isEqualTo("GCJ02");
    dryRun();
    waitFor(browser).until(d -> status().startsWith("检查通过"));
    // The preview shows the rows as read, each header with the field it is read as.
    List<WebElement> previewHeads = browser.findElements(By.cssSelector("#import-preview table thead th"));
    assertThat(previewHeads.stream().map(WebElement::getText).toList()).anySatisfy(h -> assertThat(h).contains("纬度"));
    assertThat(browser.findElement(By.cssSelector("#import-preview [data-field='lat']")).getText()).contains("纬度");
    assertThat(browser.findElements(By.cssSelector("#import-preview tbody tr"))).hasSize(2);
    assertThat(browser.findElement(By.cssSelector("#import-preview tbody tr td")).getText()).isEqualTo("2");
    // And the offset the AMap choice makes at the first point (GCJ-02 moves Qingdao by some 300-700 m).
    String offset = browser.findElement(By.id("import-offset")).getText();
    assertThat(offset).contains("第 2 行").contains("GCJ-02");
    int metres = Integer.parseInt(offset.replaceAll(".*移动 ([0-9,]+) 米.*", "$1").replace(",", ""));
    assertThat(metres).isBetween(300, 700);

    browser.findElement(By.id("import-commit")).click();
    waitFor(browser).until(d -> status().startsWith("已提交"));
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'tourism' AND category = 'emergency_shelter'"))
        .isEqualTo(2);
    // Converted from GCJ-02: stored some hundreds of metres from where the file's numbers are.
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'tourism' AND source_id = 'T-1'"
        + " AND ST_DistanceSphere(geom, ST_SetSRID(ST_MakePoint(120.3575, 36.0610), 4490)) BETWEEN 300 AND 700"))
        .isEqualTo(1);

    // The same list under another source name: the dry run says it looks like a copy.
    chooseFile(filled, "copy-of-tourism");
    new Select(browser.findElement(By.id("import-category"))).selectByValue("emergency_shelter");
    new Select(browser.findElement(By.id("import-origin"))).selectByValue("amap");
    dryRun();
    waitFor(browser).until(d -> status().contains("其他来源"));
    List<List<String>> warnings = tableRows("#import-errors table.warnings tbody tr");
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0).get(0)).isEqualTo("2");
    assertThat(warnings.get(0).get(2)).contains("八大关避难场所").contains("tourism");
  }

  @Test
  void aWrongLatitudeIsNamedByItsColumnAndExcelsRow() throws Exception {
    openImport();
    Path csv = Files.createTempFile("linli-bad-latitude", ".csv");
    Files.writeString(csv, """
        名称,类别,经度,纬度,容纳人数
        中山公园避难场所,应急避难场所,120.3440,36.0710,800
        错纬度避难场所,应急避难场所,120.3520,360.71,500
        坏人数避难场所,应急避难场所,120.3530,36.0720,很多
        """, StandardCharsets.UTF_8);
    chooseFile(csv, "bad-latitude");
    dryRun();
    waitFor(browser).until(d -> status().startsWith("有 2 行有错误"));
    List<List<String>> errors = errorRows();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).get(0)).as("Excel's row: the header is row 1").isEqualTo("3");
    assertThat(errors.get(0).get(1)).isEqualTo("纬度");
    assertThat(errors.get(0).get(2)).contains("纬度").contains("不是经纬度").doesNotContain("geometry");
    assertThat(errors.get(1).get(0)).isEqualTo("4");
    assertThat(errors.get(1).get(1)).isEqualTo("容纳人数");
    assertThat(errors.get(1).get(2)).isEqualTo("“容纳人数”的值“很多”不是整数。");
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bad-latitude'")).isZero();

    // In English the message is the server's own, still under the clerk's column.
    new Select(browser.findElement(By.id("lang"))).selectByValue("en");
    waitFor(browser).until(d -> errorRows().get(0).get(2).contains("is not a longitude/latitude"));
    assertThat(errorRows().get(0).get(1)).isEqualTo("纬度");
  }

  private static void openImport() {
    open(browser, app, "?lang=zh");
    browser.findElement(By.id("tab-import")).click();
    assertThat(browser.findElement(By.id("import")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("import-category")).isDisplayed()).isTrue();
    // The default-category choices come from /api/categories, in the page's language.
    waitFor(browser).until(d -> !d.findElements(By.cssSelector("#import-category option[value='emergency_shelter']"))
        .isEmpty());
    assertThat(browser.findElement(By.cssSelector("#import-category option[value='emergency_shelter']")).getText())
        .isEqualTo("应急避难场所");
  }

  private static void chooseFile(Path file, String source) {
    new Select(browser.findElement(By.id("import-layer"))).selectByValue("facilities");
    browser.findElement(By.id("token")).clear();
    browser.findElement(By.id("token")).sendKeys(RunningApp.ADMIN_TOKEN);
    browser.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
    WebElement sourceField = browser.findElement(By.id("import-source"));
    sourceField.clear();
    sourceField.sendKeys(source);
  }

  /** Runs a dry run and waits until the page has its report (the button is disabled while it runs). */
  private static void dryRun() {
    browser.findElement(By.id("import-dry-run")).click();
    waitFor(browser).until(d -> d.findElement(By.id("import-dry-run")).isEnabled());
  }

  private static String status() {
    return browser.findElement(By.id("import-status")).getText();
  }

  private static List<List<String>> errorRows() {
    return tableRows("#import-errors table.errors:not(.warnings) tbody tr");
  }

  private static List<List<String>> tableRows(String css) {
    return browser.findElements(By.cssSelector(css)).stream()
        .map(r -> r.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
  }

  private static long count(String sql) throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
