package linli.web;

import static linli.web.RunningApp.admin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import linli.registry.Database;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.OsmCrossing;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.ImportJobs;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/imports with real files in every format, made here (Shapefile and GeoPackage by GDAL). */
@ExtendWith(PostgisExtension.class)
class ImportApiIT {
  private static RunningApp app;
  private static Database db;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    new CityLoader(db.dataSource()).load(FixtureCity.build());
    app = new RunningApp(db);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static final String CSV = """
      编号,名称,类别,经度,纬度,容纳人数,启用日期,状态
      BN-001,八大峡广场避难场所,应急避难场所,120.3105,36.1041,1200,2021/6/1,开放
      BN-002,团岛小学操场,emergency_shelter,120.3208,36.1043,800,2020年9月1日,open
      """;

  private static HttpResponse<String> upload(String query, byte[] body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url("/api/imports?" + query)))
        .headers(admin("Content-Type", "application/octet-stream"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String name(String source, String sourceId) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM facility WHERE source = '" + source + "' AND source_id = '"
            + sourceId + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void gbkCsvWithChineseHeadersIsDetectedAndImported() throws Exception {
    HttpResponse<String> r = upload("layer=facilities&source=gbk", CSV.getBytes(Charset.forName("GBK")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = RunningApp.json(r);
    assertThat(j.get("state").asText()).isEqualTo("done");
    assertThat(j.at("/report/inserted").asInt()).isEqualTo(2);
    assertThat(r.headers().firstValue("Location").orElse("")).startsWith("/api/imports/");
    assertThat(name("gbk", "BN-001")).isEqualTo("八大峡广场避难场所");
    // The job stays readable.
    JsonNode again = RunningApp.json(app.get(r.headers().firstValue("Location").orElseThrow(), admin()));
    assertThat(again.at("/report/inserted").asInt()).isEqualTo(2);
  }

  @Test
  void utf8WithBomAndAReimportIsUnchanged() throws Exception {
    byte[] bom = ("\uFEFF" + CSV).getBytes(StandardCharsets.UTF_8);
    assertThat(RunningApp.json(upload("source=bom", bom)).at("/report/inserted").asInt()).isEqualTo(2);
    JsonNode again = RunningApp.json(upload("source=bom", bom));
    assertThat(again.at("/report/unchanged").asInt()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'bom'")).isEqualTo(2);
  }

  @Test
  void dryRunReportsRowErrorsAndWritesNothing() throws Exception {
    String bad = CSV + "BN-003,坏行,不存在的类别,abc,36.10,-5,2021-02-30,开放\n";
    HttpResponse<String> r = upload("source=dry&mode=dry-run", bad.getBytes(StandardCharsets.UTF_8));
    JsonNode j = RunningApp.json(r);
    assertThat(j.at("/report/rejected").asInt()).isEqualTo(1);
    assertThat(j.at("/report/errors").findValuesAsText("field")).contains("category", "lon", "capacity", "opened_on");
    assertThat(j.at("/report/errors/0/row").asInt()).as("the spreadsheet's row: header row 1, two good rows").isEqualTo(4);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'dry'")).isZero();
    JsonNode skip = RunningApp.json(upload("source=skip&on-error=skip", bad.getBytes(StandardCharsets.UTF_8)));
    assertThat(skip.at("/report/inserted").asInt()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'skip'")).isEqualTo(2);
  }

  @Test
  void aDryRunReportsTheFileAsReadAndTheTemplateIsAnXlsx() throws Exception {
    JsonNode sample = RunningApp.json(upload("source=sample&mode=dry-run", CSV.getBytes(StandardCharsets.UTF_8)))
        .at("/report/sample");
    assertThat(sample.at("/columns/纬度").asText()).isEqualTo("lat");
    assertThat(sample.at("/columns/容纳人数").asText()).isEqualTo("capacity");
    assertThat(sample.at("/preview/0/row").asInt()).isEqualTo(2);
    assertThat(sample.at("/preview/1/values/名称").asText()).isEqualTo("团岛小学操场");
    assertThat(sample.at("/first_point/row").asInt()).isEqualTo(2);
    assertThat(sample.at("/first_point/x").asDouble()).isEqualTo(120.3105);
    assertThat(sample.at("/first_point/offsets_m/GCJ02").asDouble()).isBetween(300.0, 700.0);
    assertThat(sample.at("/first_point/offsets_m/BD09").asDouble())
        .isGreaterThan(sample.at("/first_point/offsets_m/GCJ02").asDouble());

    HttpResponse<byte[]> template = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(app.url("/api/imports/template.xlsx"))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(template.statusCode()).isEqualTo(200);
    assertThat(template.headers().firstValue("Content-Disposition").orElse(""))
        .contains("attachment", "facilities-template.xlsx");
    assertThat(new String(template.body(), 0, 2, StandardCharsets.ISO_8859_1)).as("a zip (XLSX)").isEqualTo("PK");
  }

  @Test
  void xlsxWithRealDateCells() throws Exception {
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      XSSFSheet sheet = wb.createSheet("避难场所");
      String[] header = {"编号", "名称", "类别", "经度", "纬度", "容纳人数", "启用日期"};
      Row h = sheet.createRow(0);
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      CellStyle dateStyle = wb.createCellStyle();
      dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
      Row r = sheet.createRow(1);
      r.createCell(0).setCellValue("X-1");
      r.createCell(1).setCellValue("西镇广场");
      r.createCell(2).setCellValue("应急避难场所");
      r.createCell(3).setCellValue(120.3111);
      r.createCell(4).setCellValue(36.1042);
      r.createCell(5).setCellValue(1500);
      r.createCell(6).setCellValue(LocalDate.of(2019, 5, 4));
      r.getCell(6).setCellStyle(dateStyle);
      wb.write(out);
      JsonNode j = RunningApp.json(upload("source=xlsx&format=xlsx", out.toByteArray()));
      assertThat(j.at("/report/inserted").asInt()).as(j.toString()).isEqualTo(1);
    }
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'xlsx' AND opened_on = '2019-05-04'"
        + " AND capacity = 1500")).isEqualTo(1);
  }

  @Test
  void geoJsonFeatures() throws Exception {
    String geojson = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "geometry": {"type": "Point", "coordinates": [120.3105, 36.1041]},
          "properties": {"name": "鲁迅公园", "category": "fitness_venue", "source_id": "G1"}}]}""";
    JsonNode j = RunningApp.json(upload("source=gj", geojson.getBytes(StandardCharsets.UTF_8)));
    assertThat(j.at("/report/inserted").asInt()).as(j.toString()).isEqualTo(1);
    assertThat(name("gj", "G1")).isEqualTo("鲁迅公园");
  }

  @Test
  void gbkShapefileAndGeoPackageMadeByGdal() throws Exception {
    Path dir = Files.createTempDirectory("linli-gdal");
    Path csv = dir.resolve("shelters.csv");
    Files.writeString(csv, "source_id,name,category,capacity,WKT\nS1,小港湾避难场所,emergency_shelter,300,"
        + "\"POINT (120.3105 36.1041)\"\n", StandardCharsets.UTF_8);
    Path shpDir = dir.resolve("shp");
    gdal("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-a_srs", "EPSG:4326", shpDir.toString(),
        csv.toString(), "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO");
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      try (var files = Files.list(shpDir)) {
        for (Path f : files.toList()) {
          z.putNextEntry(new ZipEntry(f.getFileName().toString()));
          z.write(Files.readAllBytes(f));
          z.closeEntry();
        }
      }
    }
    JsonNode shp = RunningApp.json(upload("source=shp", zip.toByteArray()));
    assertThat(shp.at("/report/inserted").asInt()).as(shp.toString()).isEqualTo(1);
    assertThat(name("shp", "S1")).isEqualTo("小港湾避难场所");

    Path gpkg = dir.resolve("shelters.gpkg");
    gdal("ogr2ogr", "-f", "GPKG", "-a_srs", "EPSG:4326", gpkg.toString(), csv.toString(),
        "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO");
    JsonNode gp = RunningApp.json(upload("source=gpkg", Files.readAllBytes(gpkg)));
    assertThat(gp.at("/report/inserted").asInt()).as(gp.toString()).isEqualTo(1);
    assertThat(name("gpkg", "S1")).isEqualTo("小港湾避难场所");
  }

  @Test
  void gcj02FromTheRequest() throws Exception {
    String csv = "编号,名称,类别,经度,纬度\nA1,高德坐标点,应急避难场所,120.3156,36.1042\n";
    JsonNode j = RunningApp.json(upload("source=amap&crs=GCJ02", csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(j.at("/report/inserted").asInt()).isEqualTo(1);
    // GCJ-02 lies about 460 m east of the truth in Qingdao: stored longitude is west of what was sent.
    assertThat(count("SELECT count(*) FROM facility WHERE source = 'amap' AND ST_X(geom) < 120.3110")).isEqualTo(1);
  }

  @Test
  void repairIsAskedForAndEachRepairIsAWarning() throws Exception {
    String csv = "社区代码,名称,常住人口,wkt\n370202001093,蝴蝶社区,100,"
        + "\"POLYGON((120.30 36.10, 120.31 36.11, 120.31 36.10, 120.30 36.11, 120.30 36.10))\"\n";
    byte[] body = csv.getBytes(StandardCharsets.UTF_8);
    JsonNode refused = RunningApp.json(upload("layer=communities&source=census", body));
    assertThat(refused.at("/report/committed").asBoolean()).isFalse();
    assertThat(refused.at("/report/errors/0/message").asText()).contains("Self-intersection");
    JsonNode repaired = RunningApp.json(upload("layer=communities&source=census&repair=true", body));
    assertThat(repaired.at("/report/committed").asBoolean()).as(repaired.toString()).isTrue();
    assertThat(repaired.at("/report/warnings/0/row").asInt()).as("the CSV row under the header").isEqualTo(2);
    assertThat(repaired.at("/report/warnings/0/field").asText()).isEqualTo("geometry");
    assertThat(repaired.at("/report/warnings/0/message").asText()).contains("Self-intersection");
    assertThat(count("SELECT count(*) FROM community WHERE code = '370202001093' AND ST_IsValid(geom)")).isEqualTo(1);
    HttpResponse<String> bad = upload("layer=communities&repair=maybe", body);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("repair");
  }

  @Test
  void badRequestsAreProblems() throws Exception {
    assertThat(upload("layer=parks", CSV.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    assertThat(upload("crs=EPSG:9999", CSV.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    assertThat(upload("mode=maybe", CSV.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    assertThat(upload("", new byte[0]).statusCode()).isEqualTo(400);
    HttpResponse<String> truncated = upload("format=shp", new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    assertThat(truncated.statusCode()).as(truncated.body()).isEqualTo(400);
    assertThat(truncated.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(app.url("/api/imports"))).POST(HttpRequest.BodyPublishers.ofString(CSV)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void anOpenStreetMapFileIsARoadImport(@TempDir Path dir) throws Exception {
    byte[] pbf = Files.readAllBytes(OsmCrossing.pbf(dir, "crossing.osm.pbf"));
    HttpResponse<String> r = upload("layer=roads&source=osm", pbf);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = RunningApp.json(r).get("report");
    assertThat(report.get("committed").asBoolean()).isTrue();
    assertThat(report.get("total").asInt()).isEqualTo(3);
    assertThat(report.get("inserted").asInt()).isEqualTo(4);
    assertThat(report.get("skipped").asInt()).isEqualTo(1);
    assertThat(report.at("/warnings/0/row").asLong()).isEqualTo(OsmCrossing.MISSING_NODE);
    assertThat(count("SELECT count(*) FROM road WHERE source = 'osm' AND highway = 'footway'")).isEqualTo(4);

    HttpResponse<String> facilities = upload("layer=facilities&source=osm-facilities", pbf);
    assertThat(facilities.statusCode()).as(facilities.body()).isEqualTo(400);
    assertThat(RunningApp.json(facilities).get("detail").asText()).contains("layer=roads");
  }

  @Test
  void randomBytesAsAnOpenStreetMapFileAreAProblemAndWriteNothing() throws Exception {
    byte[] noise = new byte[8192];
    new java.util.Random(9).nextBytes(noise);
    HttpResponse<String> r = upload("layer=roads&format=osm.pbf&source=noise", noise);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(RunningApp.json(r).get("detail").asText())
        .startsWith("this is not a readable OpenStreetMap .osm.pbf file");
    assertThat(count("SELECT count(*) FROM road WHERE source = 'noise'")).isZero();
  }

  @Test
  void uploadsOverTheLimitAre413() throws Exception {
    try (RunningApp small = new RunningApp(db, Map.of("LINLI_MAX_UPLOAD_MB", "1"))) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(small.url("/api/imports?source=" + URLEncoder.encode("big", StandardCharsets.UTF_8))))
          .headers(admin()).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
    }
  }

  /**
   * An import that committed and then failed (here writing its report) is done, as its job's row says:
   * the upload answers 200 with the row (state done, why the end failed), as a poll does, not 400 with
   * "nothing was written" from the instance's own view of the job.
   */
  @Test
  void anImportThatFailsAfterItsCommitIsAnsweredAsItsJobRowSays() throws Exception {
    try (RunningApp failing = new RunningApp(db, Map.of(), services -> {
      services.imports().close();
      ImportJobs reportless = new ImportJobs(db.dataSource(), 1, report -> {
        throw new IllegalStateException("no room left for the report");
      });
      return new Services(services.database(), services.categories(), services.divisions(), services.facilities(),
          services.sources(), services.coverage(), services.nearest(), services.whatIf(), services.suggester(),
          services.indicators(), services.features(), services.tiles(), reportless, services.tokens(),
          services.writeBuckets(), services.audit(), services.exports(), services.changes(), services.overview(),
          services.lifeCircles(), services.serviceAreas());
    })) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(failing.url("/api/imports?source=after-commit")))
          .headers(admin("Content-Type", "application/octet-stream"))
          .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode answered = RunningApp.json(r);
      assertThat(answered.get("state").asText()).isEqualTo("done");
      assertThat(answered.get("error").asText()).startsWith("the import was written, but the service failed after"
          + " its commit").contains("no room left for the report");
      assertThat(count("SELECT count(*) FROM facility WHERE source = 'after-commit'")).isEqualTo(2);
      JsonNode polled = RunningApp.json(failing.get(r.headers().firstValue("Location").orElseThrow(), admin()));
      assertThat(polled).isEqualTo(answered);
    }
  }

  private static void gdal(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
