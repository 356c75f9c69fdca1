package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import linli.registry.crs.CoordinateSystem;
import linli.registry.testing.Gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class KmlWriterTest {
  @TempDir
  Path dir;

  @Test
  void wellFormedKml22WithTypedExtendedData() throws Exception {
    byte[] bytes = WriterRun.bytes(ExportFormat.KML, Samples.facilitiesSchema(CoordinateSystem.WGS84),
        Samples.facilities(CoordinateSystem.WGS84));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.opengis.net/kml/2.2");
    assertThat(doc.getElementsByTagName("Placemark").getLength()).isEqualTo(2);
    assertThat(doc.getElementsByTagName("name").item(2).getTextContent()).isEqualTo(Samples.NAME);

    Path file = WriterRun.file(ExportFormat.KML, Samples.facilitiesSchema(CoordinateSystem.WGS84),
        Samples.facilities(CoordinateSystem.WGS84), dir.resolve("facilities.kml"));
    Gdal.Summary s = Gdal.summary(file.toString());
    assertThat(s.featureCount()).isEqualTo(2);
    assertThat(s.epsg()).isEqualTo(4326);
    assertThat(s.fieldTypes()).containsEntry("Name", "String").containsEntry("capacity", "Integer")
        .containsEntry("area_m2", "Real").containsEntry("address", "String").containsEntry("extra", "String");
    List<Gdal.Feature> features = Gdal.features(file.toString());
    assertThat(features.get(0).get("Name")).isEqualTo(Samples.NAME);
    assertThat(features.get(0).get("address")).isEqualTo(Samples.ADDRESS);
    assertThat(features.get(0).get("capacity")).isEqualTo("1200");
    assertThat(features.get(0).get("extra")).isEqualTo(Samples.EXTRA);
    assertThat(features.get(1).get("Name")).isEqualTo("Police <1> & co");
    assertThat(features.get(1).values()).doesNotContainKey("capacity");
    double[] xy = Gdal.numbers(features.get(0).wkt());
    assertThat(xy[0]).isCloseTo(120.3168123, within(1e-9));
    assertThat(xy[1]).isCloseTo(36.0645456, within(1e-9));
  }

  @Test
  void polygonsWithHolesAndMultiGeometry() throws Exception {
    Path file = WriterRun.file(ExportFormat.KML, Samples.communitiesSchema(CoordinateSystem.WGS84), Samples.communities(),
        dir.resolve("communities.kml"));
    List<Gdal.Feature> features = Gdal.features(file.toString());
    assertThat(features).hasSize(2);
    assertThat(features.get(0).get("Name")).isEqualTo("八大关社区");
    assertThat(features.get(0).get("smart")).isEqualTo("1");
    assertThat(features.get(1).get("smart")).isEqualTo("0");
    assertThat(features.get(0).wkt()).contains("),(").as("the hole is kept");
    assertThat(features.get(1).wkt()).startsWith("MULTIPOLYGON (((").contains(")),((");
  }

  @Test
  void refusesProjectedCoordinates() {
    assertThatThrownBy(() -> WriterRun.bytes(ExportFormat.KML, Samples.facilitiesSchema(CoordinateSystem.WEB_MERCATOR), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void xmlEscaping() {
    assertThat(KmlWriter.escape(new StringBuilder(), "a<b>&\"c'\u0001青😀").toString())
        .isEqualTo("a&lt;b&gt;&amp;&quot;c&apos;青😀");
  }
}
