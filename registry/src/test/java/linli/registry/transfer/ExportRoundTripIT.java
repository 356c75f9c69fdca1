package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import linli.registry.transfer.read.RecordReaders;
import linli.registry.transfer.write.ExportFormat;
import linli.registry.transfer.write.ExportLayer;
import linli.registry.transfer.write.ExportQuery;
import linli.registry.transfer.write.LayerExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Export then import: every facility exported in a format and imported back through the import
 * pipeline (dry run, then commit) is reported unchanged, and the facility table and its history
 * are byte for byte what they were (an md5 over every row's text, in id order).
 *
 * <p>The text formats write degrees with 7 decimals (about a centimetre), so the registry's points
 * are put on that grid first; the binary formats (Shapefile, GeoPackage) would round-trip any
 * double. Rows come back under the import's {@code source}, so all facilities share one source.
 */
@ExtendWith(PostgisExtension.class)
class ExportRoundTripIT {
  private static final String SOURCE = "fixture";
  private static Database db;
  private static LayerExporter exporter;
  private static FacilityImporter importer;

  @TempDir
  static Path dir;

  @BeforeAll
  static void load(Database database) throws SQLException {
    db = database;
    CityData city = FixtureCity.build();
    List<CityData.Facility> facilities = new ArrayList<>(city.facilities());
    facilities.add(new CityData.Facility("police_office", "八大峡广场警务室", "青岛市市南区四川路\"八大峡\"广场, 东侧\t二楼",
        "open", null, 1800.5, FixtureCity.communityCode(1), LocalDate.of(2021, 6, 1), SOURCE, "BN-1",
        FixtureCity.offset(FixtureCity.anchor(1), 45, 120)));
    facilities.add(new CityData.Facility("police_office", "团岛警务室", null, "building", 12, 0.1,
        FixtureCity.communityCode(4), LocalDate.of(2023, 1, 15), SOURCE, "BN-2",
        FixtureCity.offset(FixtureCity.anchor(4), 0, 50)));
    facilities.add(new CityData.Facility("elderly_care_station", "湛山街道老年人日间照料中心（二期）", "市南区湛山一路 12 号",
        "planned", 2147483647, 123456.789, FixtureCity.communityCode(5), LocalDate.of(1999, 12, 31), SOURCE,
        "编号-003", FixtureCity.offset(FixtureCity.anchor(4), 90, 300)));
    facilities.add(new CityData.Facility("elderly_care_station", "closed; \"quoted\", comma", null, "closed", 0, 0.0,
        FixtureCity.communityCode(2), null, SOURCE, "BN 4", FixtureCity.offset(FixtureCity.anchor(2), 0, 10)));
    new CityLoader(db.dataSource()).load(new CityData(city.districts(), city.streets(), city.communities(), facilities,
        city.roads()));
    // Points on the 7-decimal grid the text formats write (numeric -> float8 is correctly rounded).
    execute("UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(round(ST_X(geom)::numeric, 7)::float8,"
        + " round(ST_Y(geom)::numeric, 7)::float8), 4490), version = version + 1");
    execute("UPDATE facility SET extra = '{\"管理单位\": \"市南区公安分局\", \"level\": 2, \"open\": true,"
        + " \"tags\": [\"24h\", \"值班\"], \"note\": \"a \\\"b\\\"\\nc\"}'::jsonb, updated_by = '测试员', version = version + 1 WHERE source_id = 'BN-1'");
    execute("UPDATE facility SET extra = '{\"联系电话\": \"0532-8288 0000\"}'::jsonb, version = version + 1 WHERE source_id = '编号-003'");
    execute("UPDATE facility SET deleted = true, version = version + 1 WHERE source_id = 'd'");
    exporter = new LayerExporter(db.dataSource());
    importer = new FacilityImporter(db.dataSource());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ExportFormat.class, names = {"GEOJSON", "CSV", "XLSX", "SHAPEFILE", "GEOPACKAGE"})
  void anExportImportedBackChangesNothing(ExportFormat format) throws Exception {
    long exported = count("SELECT count(*) FROM facility WHERE NOT deleted");
    String before = checksum();
    Path file = dir.resolve("facilities-" + format.name() + "." + format.extension());
    try (OutputStream out = Files.newOutputStream(file)) {
      assertThat(exporter.export(ExportQuery.all(ExportLayer.FACILITIES), format, out)).isEqualTo(exported);
    }

    for (boolean dryRun : new boolean[] {true, false}) {
      ImportReport report;
      try (RecordReader reader = RecordReaders.open(file, RecordReaders.detect(file), null)) {
        report = importer.run(new ImportRequest(ImportRequest.Layer.FACILITIES, null, dryRun, false, null, SOURCE,
            "round-trip"), reader, ImportProgress.NONE, "linli-round-trip-test");
      }
      assertThat(report.errors()).as("%s, dry run %s", format, dryRun).isEmpty();
      assertThat(report.total()).isEqualTo(exported);
      assertThat(report.inserted()).as("inserted").isZero();
      assertThat(report.updated()).as("updated (%s, dry run %s)", format, dryRun).isZero();
      assertThat(report.unchanged()).isEqualTo(exported);
      assertThat(checksum()).as("facility and facility_history after %s, dry run %s", format, dryRun)
          .isEqualTo(before);
    }
  }

  /** Row counts and an md5 over the text of every row of facility and facility_history, in a fixed order. */
  private static String checksum() throws SQLException {
    return string("SELECT (SELECT count(*) FROM facility) || ' ' || (SELECT count(*) FROM facility_history) || ' '"
        + " || (SELECT md5(string_agg(f::text, E'\\n' ORDER BY f.id)) FROM facility f) || ' '"
        + " || (SELECT md5(string_agg(h::text, E'\\n' ORDER BY h::text)) FROM facility_history h)");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(string(sql));
  }

  private static String string(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
