package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;
import linli.registry.coverage.CoverageMode;
import linli.registry.coverage.CoverageQuery;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;

class ExportFileNameTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

  @Test
  void aFacilityExportIsNamedByItsCategoryAndDay() {
    ExportQuery q = new ExportQuery(ExportLayer.FACILITIES, null, "emergency_shelter", null, null);
    ExportFileName name = ExportFileName.of(q, ExportFormat.GEOPACKAGE, null, DAY);
    assertThat(name.utf8()).isEqualTo("facilities_emergency_shelter_2026-12-03.gpkg");
    assertThat(name.ascii()).isEqualTo(name.utf8());
  }

  @Test
  void coverageDistrictCrsAndEncodingAreInTheName() {
    CoverageQuery question = new CoverageQuery("emergency_shelter", 500, CoverageMode.NETWORK, null, List.of("open"));
    ExportQuery q = new ExportQuery(ExportLayer.COMMUNITIES, CoordinateSystem.CGCS2000_GK_CM_120E, null, "市南区", null,
        question, Charset.forName("GBK"));
    ExportFileName name = ExportFileName.of(q, ExportFormat.SHAPEFILE, new ExportFileName.District("370202", "市南区"), DAY);
    assertThat(name.utf8()).isEqualTo("communities_emergency_shelter_500m_network_市南区_2026-12-03_EPSG4549_GBK.shp.zip");
    assertThat(name.ascii()).isEqualTo("communities_emergency_shelter_500m_network_370202_2026-12-03_EPSG4549_GBK.shp.zip");
  }

  @Test
  void theUnservedCommunitiesSayTheyAreTheUnservedOnes() {
    CoverageQuery question = new CoverageQuery("emergency_shelter", 500, CoverageMode.STRAIGHT, null, List.of("open"));
    ExportQuery q = new ExportQuery(ExportLayer.COMMUNITIES, null, null, null, null, question, null).withCovered(false);
    assertThat(ExportFileName.of(q, ExportFormat.GEOJSON, null, DAY).utf8())
        .isEqualTo("unserved_communities_emergency_shelter_500m_2026-12-03.geojson");
  }

  @Test
  void theFormatsDefaultCrsIsNotNamedButAnOffsetDatumIs() {
    ExportQuery wgs84 = new ExportQuery(ExportLayer.ROADS, CoordinateSystem.WGS84, null, null, null);
    assertThat(ExportFileName.of(wgs84, ExportFormat.GEOJSON, null, DAY).utf8()).isEqualTo("roads_2026-12-03.geojson");
    // KML is always WGS84: CGCS2000 asked for is written as WGS84, the default.
    ExportQuery cgcs = new ExportQuery(ExportLayer.FACILITIES, CoordinateSystem.CGCS2000, null, null, null);
    assertThat(ExportFileName.of(cgcs, ExportFormat.KML, null, DAY).utf8()).isEqualTo("facilities_2026-12-03.kml");
    ExportQuery gcj = new ExportQuery(ExportLayer.ROADS, CoordinateSystem.GCJ02, null, null, null);
    assertThat(ExportFileName.of(gcj, ExportFormat.KML, null, DAY).utf8()).isEqualTo("roads_2026-12-03_GCJ02.kml");
    ExportQuery shelters = new ExportQuery(ExportLayer.SHELTERS_PROVINCE, null, null, null, List.of("open", "building"));
    assertThat(ExportFileName.of(shelters, ExportFormat.XLSX, null, DAY).utf8())
        .isEqualTo("shelters_province_open+building_2026-12-03.xlsx");
  }

  @Test
  void aNameFromTheRegistryCannotBreakOutOfTheHeader() {
    ExportQuery q = new ExportQuery(ExportLayer.STREETS, null, null, "x", null);
    ExportFileName name = ExportFileName.of(q, ExportFormat.CSV, new ExportFileName.District("370202", "a/\"b\"\r\n区"), DAY);
    assertThat(name.utf8()).isEqualTo("streets_a_b_区_2026-12-03.csv");
    assertThat(name.ascii()).isEqualTo("streets_370202_2026-12-03.csv");
  }
}
