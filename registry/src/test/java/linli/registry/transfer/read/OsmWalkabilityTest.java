package linli.registry.transfer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table of docs/IMPORT.md ("OpenStreetMap roads"), row by row. */
class OsmWalkabilityTest {
  @ParameterizedTest(name = "highway={0} foot={1} access={2} area={3}: {4}")
  @CsvSource(nullValues = "-", value = {
      "footway, -, -, -, true",
      "path, -, -, -, true",
      "pedestrian, -, -, -, true",
      "steps, -, -, -, true",
      "living_street, -, -, -, true",
      "residential, -, -, -, true",
      "service, -, -, -, true",
      "unclassified, -, -, -, true",
      "tertiary, -, -, -, true",
      "secondary_link, -, -, -, true",
      "primary, -, -, -, true",
      "track, -, -, -, true",
      "cycleway, -, -, -, true",
      "cycleway, no, -, -, false",
      "motorway, -, -, -, false",
      "motorway_link, -, -, -, false",
      "trunk, -, -, -, false",
      "trunk_link, -, -, -, false",
      "trunk, yes, -, -, true",
      "motorway, designated, -, -, true",
      "residential, no, -, -, false",
      "residential, private, -, -, false",
      "residential, use_sidepath, -, -, false",
      "service, -, private, -, false",
      "service, -, no, -, false",
      "service, permissive, private, -, true",
      "service, -, destination, -, true",
      "footway, designated, no, -, true",
      "pedestrian, -, -, yes, false",
      "pedestrian, yes, -, yes, false",
      "footway, -, -, no, true",
      "construction, -, -, -, false",
      "proposed, yes, -, -, false",
      "bus_guideway, -, -, -, false",
      "raceway, -, -, -, false",
      "something_new, -, -, -, false"})
  void theTableDecides(String highway, String foot, String access, String area, boolean walkable) {
    Map<String, String> tags = new HashMap<>();
    tags.put("highway", highway);
    if (foot != null) {
      tags.put("foot", foot);
    }
    if (access != null) {
      tags.put("access", access);
    }
    if (area != null) {
      tags.put("area", area);
    }
    assertThat(OsmWalkability.walkable(tags)).isEqualTo(walkable);
  }

  @ParameterizedTest
  @CsvSource({"building, yes", "railway, rail", "waterway, river"})
  void aWayWithoutHighwayIsNoRoad(String key, String value) {
    assertThat(OsmWalkability.walkable(Map.of(key, value, "foot", "yes"))).isFalse();
  }
}
