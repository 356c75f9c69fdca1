package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import linli.registry.crs.CoordinateSystem;
import org.junit.jupiter.api.Test;

class ExportFormatTest {
  @Test
  void fileNamesNameALayerAndAFormat() {
    assertThat(ExportFile.parse("facilities.geojson")).contains(new ExportFile(ExportLayer.FACILITIES, ExportFormat.GEOJSON));
    assertThat(ExportFile.parse("communities.shp.zip")).contains(new ExportFile(ExportLayer.COMMUNITIES, ExportFormat.SHAPEFILE));
    assertThat(ExportFile.parse("facilities.GPKG")).contains(new ExportFile(ExportLayer.FACILITIES, ExportFormat.GEOPACKAGE));
    assertThat(ExportFile.parse("communities.xlsx").map(ExportFile::format)).contains(ExportFormat.XLSX);
    assertThat(ExportFile.parse("facilities.kml").map(ExportFile::format)).contains(ExportFormat.KML);
    assertThat(ExportFile.parse("facilities.csv").map(ExportFile::format)).contains(ExportFormat.CSV);
    assertThat(ExportFile.parse("roads.geojson")).contains(new ExportFile(ExportLayer.ROADS, ExportFormat.GEOJSON));
    assertThat(ExportFile.parse("shelters-province.shp.zip"))
        .contains(new ExportFile(ExportLayer.SHELTERS_PROVINCE, ExportFormat.SHAPEFILE));
    assertThat(ExportFile.parse("streets.geojson")).contains(new ExportFile(ExportLayer.STREETS, ExportFormat.GEOJSON));
    assertThat(ExportFile.parse("districts.gpkg")).contains(new ExportFile(ExportLayer.DISTRICTS, ExportFormat.GEOPACKAGE));
    for (String bad : new String[] {"villages.geojson", "shelters.xlsx", "facilities.shp", "facilities.zip", "facilities", ".geojson",
        "facilities.geojson.zip", "facilities.json", ""}) {
      assertThat(ExportFile.parse(bad)).as(bad).isEqualTo(Optional.empty());
    }
    assertThat(ExportFile.parse(null)).isEmpty();
  }

  @Test
  void crsDefaultsPerFormat() {
    assertThat(ExportFormat.GEOJSON.resolveCrs(null)).isEqualTo(CoordinateSystem.WGS84);
    assertThat(ExportFormat.GEOJSON.resolveCrs(CoordinateSystem.CGCS2000_GK_CM_120E)).isEqualTo(CoordinateSystem.CGCS2000_GK_CM_120E);
    assertThat(ExportFormat.SHAPEFILE.resolveCrs(null)).isEqualTo(CoordinateSystem.CGCS2000);
    assertThat(ExportFormat.CSV.resolveCrs(CoordinateSystem.WEB_MERCATOR)).isEqualTo(CoordinateSystem.WEB_MERCATOR);
    assertThat(ExportFormat.KML.resolveCrs(null)).isEqualTo(CoordinateSystem.WGS84);
    assertThat(ExportFormat.KML.resolveCrs(CoordinateSystem.CGCS2000)).isEqualTo(CoordinateSystem.WGS84);
    assertThat(ExportFormat.KML.accepts(CoordinateSystem.CGCS2000_GK_CM_120E)).isFalse();
    assertThatThrownBy(() -> ExportFormat.KML.resolveCrs(CoordinateSystem.WEB_MERCATOR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KML");
  }

  @Test
  void everyExportCrsHasItsWkt() {
    // (the names an export accepts: CoordinateSystemTest)
    assertThat(CoordinateSystem.GCJ02.srid()).as("GCJ-02 has no EPSG code: files claim WGS84").isEqualTo(4326);
    assertThat(ExportFormat.KML.resolveCrs(CoordinateSystem.GCJ02)).isEqualTo(CoordinateSystem.GCJ02);
    assertThat(ExportFormat.KML.accepts(CoordinateSystem.parse("EPSG:4528", CoordinateSystem.Use.EXPORT).orElseThrow()))
        .isFalse();
    for (CoordinateSystem crs : CoordinateSystem.offered(CoordinateSystem.Use.EXPORT)) {
      assertThat(crs.esriWkt()).doesNotContain("\n").doesNotContain("AUTHORITY");
      assertThat(crs.ogcWkt()).contains("AUTHORITY[\"EPSG\",\"" + crs.srid() + "\"]]");
    }
  }

  @Test
  void mediaTypes() {
    assertThat(ExportFormat.GEOJSON.mediaType()).isEqualTo("application/geo+json");
    assertThat(ExportFormat.CSV.mediaType()).isEqualTo("text/csv; charset=utf-8");
    assertThat(ExportFormat.SHAPEFILE.mediaType()).isEqualTo("application/zip");
    assertThat(ExportFormat.GEOPACKAGE.mediaType()).isEqualTo("application/geopackage+sqlite3");
    assertThat(ExportFormat.KML.mediaType()).isEqualTo("application/vnd.google-earth.kml+xml");
    assertThat(ExportFormat.XLSX.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }

  @Test
  void numbersAsText() {
    assertThat(Numbers.fixed(120.30000004, 7)).isEqualTo("120.3");
    assertThat(Numbers.fixed(120.31681234, 7)).isEqualTo("120.3168123");
    assertThat(Numbers.fixed(120.31681235, 7)).isEqualTo("120.3168124");
    assertThat(Numbers.fixed(-0.00000001, 7)).isEqualTo("0");
    assertThat(Numbers.fixed(-1.05, 1)).isEqualTo("-1.1");
    assertThat(Numbers.fixed(3991093.4564, 3)).isEqualTo("3991093.456");
    assertThat(Numbers.fixed(-20037508.3427892, 3)).isEqualTo("-20037508.343");
    assertThat(Numbers.fixed(0.0000012, 7)).isEqualTo("0.0000012");
    assertThat(Numbers.fixed(1e20, 3)).isEqualTo("100000000000000000000");
    assertThat(Numbers.appendFixed(new StringBuilder(), 12.5, 3, false).toString()).isEqualTo("12.500");
    assertThat(Numbers.appendFixed(new StringBuilder(), 0, 2, false).toString()).isEqualTo("0.00");
    assertThat(Numbers.plain(750)).isEqualTo("750.0");
    assertThat(Numbers.plain(1800.5)).isEqualTo("1800.5");
    assertThat(Numbers.plain(1e-7)).isEqualTo("0.0000001");
    assertThat(Numbers.plain(1.5e20)).isEqualTo("150000000000000000000");
    assertThatThrownBy(() -> Numbers.plain(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
