package linli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import linli.registry.city.CityData.District;
import linli.registry.transfer.read.GeoJsonGeometry;
import org.locationtech.jts.geom.MultiPolygon;

/**
 * Reads {@code qingdao_districts.geojson} (10 district outlines, WGS84 ≈ CGCS2000 at this
 * resolution) with Jackson, keeping each feature's {code, name} properties beside its geometry.
 */
final class DistrictOutlines {
  static final String RESOURCE = "/linli/data/qingdao/qingdao_districts.geojson";

  private DistrictOutlines() {}

  /** The districts sorted by code, each a valid SRID-4490 MultiPolygon. */
  static List<District> read() {
    try (InputStream in = DistrictOutlines.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      JsonNode fc = new ObjectMapper().readTree(in);
      List<District> out = new ArrayList<>();
      for (JsonNode feature : fc.path("features")) {
        JsonNode props = feature.path("properties");
        String code = props.path("code").textValue();
        MultiPolygon mp = Geo.multiPolygon(GeoJsonGeometry.toJts(feature.path("geometry"), Geo.GF));
        if (code == null || mp.isEmpty() || !mp.isValid()) {
          throw new IllegalStateException("bad outline for district " + code);
        }
        out.add(new District(code, props.path("name").textValue(), mp));
      }
      out.sort(Comparator.comparing(District::code));
      return List.copyOf(out);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }
}
