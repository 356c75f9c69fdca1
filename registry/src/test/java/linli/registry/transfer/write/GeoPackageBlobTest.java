package linli.registry.transfer.write;

import static org.assertj.core.api.Assertions.assertThat;

import mil.nga.geopackage.geom.GeoPackageGeometryData;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTWriter;

/** The blobs read back by NGA's GeoPackage reader: SRS id, envelope, empty flag and the geometry itself. */
class GeoPackageBlobTest {
  private static GeoPackageGeometryData read(Geometry g) {
    return GeoPackageGeometryData.create(GeoPackageBlob.of(4490, g, new WKBWriter().write(g)));
  }

  @Test
  void pointsHaveNoEnvelope() {
    Geometry p = Samples.geometry("POINT (120.3168123 36.0645456)", 4490);
    GeoPackageGeometryData d = read(p);
    assertThat(d.getSrsId()).isEqualTo(4490);
    assertThat(d.getEnvelope()).isNull();
    assertThat(d.isEmpty()).isFalse();
    assertThat(d.getWkt()).isEqualTo("POINT (120.3168123 36.0645456)");
  }

  @Test
  void polygonsCarryTheirEnvelope() {
    String wkt = "MULTIPOLYGON (((120.1 36.0, 120.4 36.0, 120.4 36.3, 120.1 36.3, 120.1 36.0)),"
        + " ((121.0 35.5, 121.2 35.5, 121.2 35.6, 121.0 35.5)))";
    Geometry g = Samples.geometry(wkt, 4490);
    GeoPackageGeometryData d = read(g);
    assertThat(d.getEnvelope().getMinX()).isEqualTo(g.getEnvelopeInternal().getMinX());
    assertThat(d.getEnvelope().getMaxX()).isEqualTo(g.getEnvelopeInternal().getMaxX());
    assertThat(d.getEnvelope().getMinY()).isEqualTo(g.getEnvelopeInternal().getMinY());
    assertThat(d.getEnvelope().getMaxY()).isEqualTo(g.getEnvelopeInternal().getMaxY());
    assertThat(Samples.geometry(d.getWkt(), 4490).equalsExact(g)).as(new WKTWriter().write(g)).isTrue();
  }

  @Test
  void emptyGeometriesAreFlaggedEmpty() {
    GeoPackageGeometryData d = read(Samples.geometry("LINESTRING EMPTY", 4490));
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.getEnvelope()).isNull();
  }
}
