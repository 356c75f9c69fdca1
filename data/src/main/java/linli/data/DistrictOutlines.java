package linli.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import linli.registry.city.CityData.District;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Reads {@code qingdao_districts.geojson} (10 district outlines, WGS84 ≈ CGCS2000 at this
 * resolution). json-simple (a dependency of jts-io-common) splits the features so that the
 * {code, name} properties survive; GeoJsonReader itself drops feature properties.
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
      JSONObject fc =
          (JSONObject) new JSONParser().parse(new InputStreamReader(in, StandardCharsets.UTF_8));
      GeoJsonReader reader = new GeoJsonReader(Geo.GF);
      List<District> out = new ArrayList<>();
      for (Object o : (List<?>) fc.get("features")) {
        Map<?, ?> feature = (Map<?, ?>) o;
        Map<?, ?> props = (Map<?, ?>) feature.get("properties");
        JSONObject geometry = (JSONObject) feature.get("geometry");
        Geometry g = reader.read(geometry.toJSONString());
        MultiPolygon mp = Geo.multiPolygon(g);
        if (mp.isEmpty() || !mp.isValid()) {
          throw new IllegalStateException("bad outline for district " + props.get("code"));
        }
        out.add(new District((String) props.get("code"), (String) props.get("name"), mp));
      }
      out.sort(Comparator.comparing(District::code));
      return List.copyOf(out);
    } catch (IOException | org.json.simple.parser.ParseException
        | org.locationtech.jts.io.ParseException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }
}
