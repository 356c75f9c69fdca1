package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeoPackageWriterTest {
  @TempDir
  Path dir;

  @Test
  void typedFeatureTableWithCgcs2000AndFacilityIds() throws Exception {
    Path file = WriterRun.file(ExportFormat.GEOPACKAGE, Samples.facilitiesSchema(CoordinateSystem.CGCS2000),
        Samples.facilities(CoordinateSystem.CGCS2000), dir.resolve("facilities.gpkg"));
    Gdal.Summary s = Gdal.summary(file.toString());
    assertThat(s.text()).contains("Layer name: facilities");
    assertThat(s.featureCount()).isEqualTo(2);
    assertThat(s.geometry()).isEqualTo("Point");
    assertThat(s.epsg()).isEqualTo(4490);
    assertThat(s.fieldTypes()).containsEntry("name", "String").containsEntry("capacity", "Integer64")
        .containsEntry("area_m2", "Real").containsEntry("community_code", "String").containsEntry("opened_on", "Date")
        .containsEntry("updated_at", "DateTime").containsEntry("extra", "String");
    assertThat(s.text()).contains("FID Column = fid").contains("Geometry Column = geom");
    List<Gdal.Feature> f = Gdal.features(file.toString());
    assertThat(f).extracting(Gdal.Feature::fid).containsExactly(7L, 9L);
    assertThat(f.get(0).get("name")).isEqualTo(Samples.NAME);
    assertThat(f.get(0).get("opened_on")).isEqualTo("2021/06/01");
    assertThat(f.get(0).get("updated_at")).isEqualTo("2024/05/01 02:20:30.500+00");
    assertThat(f.get(1).values()).doesNotContainKeys("capacity", "address", "opened_on");
    double[] xy = Gdal.numbers(f.get(0).wkt());
    assertThat(xy[0]).isCloseTo(120.3168123, within(1e-12));
    assertThat(xy[1]).isCloseTo(36.0645456, within(1e-12));

    // The SRS table holds CGCS2000 as EPSG:4490, the extent is in gpkg_contents, the R-tree exists.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys"
          + " WHERE srs_id = 4490")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("EPSG");
        assertThat(rs.getInt(2)).isEqualTo(4490);
        assertThat(rs.getString(3)).contains("AUTHORITY[\"EPSG\",\"4490\"]");
      }
      try (ResultSet rs = st.executeQuery("SELECT min_x, max_y, srs_id FROM gpkg_contents WHERE table_name = 'facilities'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getDouble(1)).isEqualTo(120.31);
        assertThat(rs.getDouble(2)).isEqualTo(36.07);
        assertThat(rs.getInt(3)).isEqualTo(4490);
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM rtree_facilities_geom")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("linli.registry.transfer.write.Samples#exportCrss")
  void everyCrsIsNamedByItsEpsgCode(CoordinateSystem crs) throws Exception {
    Path file = WriterRun.file(ExportFormat.GEOPACKAGE, Samples.facilitiesSchema(crs), Samples.facilities(crs),
        dir.resolve("f" + crs.srid() + ".gpkg"));
    Gdal.Summary s = Gdal.summary(file.toString());
    assertThat(s.epsg()).isEqualTo(crs.srid());
    assertThat(s.featureCount()).isEqualTo(2);
  }

  @Test
  void multiPolygonsWithHolesAndBooleans() throws Exception {
    Path file = WriterRun.file(ExportFormat.GEOPACKAGE, Samples.communitiesSchema(CoordinateSystem.CGCS2000), Samples.communities(),
        dir.resolve("communities.gpkg"));
    Gdal.Summary s = Gdal.summary(file.toString());
    assertThat(s.geometry()).isEqualTo("Multi Polygon");
    assertThat(s.fieldTypes()).containsEntry("smart", "Integer(Boolean)").containsEntry("population", "Integer64");
    List<Gdal.Feature> f = Gdal.features(file.toString());
    assertThat(f.get(0).get("smart")).isEqualTo("1");
    assertThat(f.get(0).get("name")).isEqualTo("八大关社区");
    assertThat(f.get(0).wkt()).startsWith("MULTIPOLYGON (((").contains("),(");
    assertThat(f.get(1).wkt()).contains(")),((");
  }
}
