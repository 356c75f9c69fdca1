package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The REST lists' own filters (category, status, district by code or name, street, q, bbox,
 * paging), now conditions on the OGC items query: each answer is compared with the same filter
 * worked out in Java over the fixture's values (JTS for polygons against a box), never through the
 * code under test.
 */
@ExtendWith(PostgisExtension.class)
class RestListsIT {
  private static OgcFixture fx;
  private static Map<String, CityData.Street> streets;
  private static Map<String, String> districtNames;

  @BeforeAll
  static void load(Database db) throws Exception {
    fx = OgcFixture.load(db);
    CityData city = FixtureCity.build();
    streets = city.streets().stream().collect(Collectors.toMap(CityData.Street::code, Function.identity()));
    districtNames = city.districts().stream()
        .collect(Collectors.toMap(CityData.District::code, CityData.District::name));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void facilityFiltersSelectWhatTheFixtureSays() throws Exception {
    String district = streets.values().iterator().next().districtCode();
    String districtName = districtNames.get(district);
    assertFacilities("category=emergency_shelter", f -> f.data().category().equals("emergency_shelter"));
    assertFacilities("status=closed", f -> f.data().status().equals("closed"));
    assertFacilities("district=" + district, f -> district.equals(districtOf(f)));
    assertFacilities("district=" + OgcFixture.enc(districtName), f -> district.equals(districtOf(f)));
    assertFacilities("q=" + OgcFixture.enc("台东"), f -> contains(f, "台东"));
    // Letters match in any case; % is a plain character, not a wildcard.
    assertFacilities("q=" + OgcFixture.enc("o'neil"), f -> contains(f, "o'neil"));
    assertFacilities("q=" + OgcFixture.enc("%"), f -> contains(f, "%"));
    assertFacilities("bbox=120.3,36.1,120.37,36.11", f -> OgcFixture.inBox(f, 120.3, 36.1, 120.37, 36.11));
    assertFacilities("status=open&bbox=119.9,35.8,120.5,36.3&q=" + OgcFixture.enc("号"),
        f -> f.data().status().equals("open") && OgcFixture.inBox(f, 119.9, 35.8, 120.5, 36.3) && contains(f, "号"));
  }

  @Test
  void facilityPagesFollowOneAnotherWithoutGapsOrRepeats() throws Exception {
    Set<Long> expected = fx.expect(f -> f.data().status().equals("open"));
    List<Long> seen = new ArrayList<>();
    for (int offset = 0; ; offset += 7) {
      JsonNode page = fx.json("/api/facilities?status=open&limit=7&offset=" + offset);
      assertThat(page.get("numberMatched").asLong()).isEqualTo(expected.size());
      assertThat(page.get("numberReturned").asInt()).isEqualTo(page.get("features").size());
      page.get("features").forEach(f -> seen.add(f.get("id").asLong()));
      if (page.get("numberReturned").asInt() < 7) {
        assertThat(page.has("links")).as("no next link on the last page").isFalse();
        break;
      }
      assertThat(page.get("links").get(0).get("href").asText()).endsWith("offset=" + (offset + 7));
    }
    assertThat(seen).isSorted().doesNotHaveDuplicates();
    assertThat(new TreeSet<>(seen)).isEqualTo(expected);
  }

  @Test
  void communityFiltersSelectWhatTheFixtureSays() throws Exception {
    CityData.Street street = streets.values().iterator().next();
    assertCommunities("district=" + street.districtCode(),
        c -> streets.containsKey(c.streetCode()) && streets.get(c.streetCode()).districtCode().equals(street.districtCode()));
    assertCommunities("district=" + OgcFixture.enc(districtNames.get(street.districtCode())),
        c -> streets.containsKey(c.streetCode()) && streets.get(c.streetCode()).districtCode().equals(street.districtCode()));
    assertCommunities("street=" + street.code(), c -> c.streetCode().equals(street.code()));
    assertCommunities("street=" + OgcFixture.enc(street.name()), c -> c.streetCode().equals(street.code()));
    String word = fx.communities.get(0).name().substring(0, 2);
    assertCommunities("q=" + OgcFixture.enc(word), c -> c.name().contains(word));
    // The polygon decides, not its bounding box: a box inside the village's hole finds no village.
    double[][] boxes = {{120.3, 36.1, 120.32, 36.104}, {120.61, 36.205, 120.63, 36.22}, {0, 0, 1, 1},
        {120.607, 36.203, 120.613, 36.207}};
    for (double[] b : boxes) {
      Geometry box = FixtureCity.GEOMETRY.toGeometry(new Envelope(b[0], b[2], b[1], b[3]));
      assertCommunities("bbox=%s,%s,%s,%s".formatted(b[0], b[1], b[2], b[3]), c -> c.geom().intersects(box));
    }
    assertThat(fx.json("/api/communities?bbox=120.607,36.203,120.613,36.207").get("numberMatched").asInt()).isZero();
    JsonNode one = fx.json("/api/communities/" + OgcFixture.VILLAGE_CODE);
    assertThat(one.get("id").asText()).isEqualTo(OgcFixture.VILLAGE_CODE);
    assertThat(one.get("properties").get("name").asText()).isEqualTo(OgcFixture.VILLAGE_NAME);
  }

  private static boolean contains(OgcFixture.Fac f, String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    return f.name().toLowerCase(Locale.ROOT).contains(needle)
        || (f.data().address() != null && f.data().address().toLowerCase(Locale.ROOT).contains(needle));
  }

  /** The district of a facility's community, as the fixture declares it; null without one. */
  private static String districtOf(OgcFixture.Fac f) {
    String community = f.data().communityCode();
    if (community == null) {
      return null;
    }
    return fx.communities.stream().filter(c -> c.code().equals(community)).findFirst()
        .map(c -> streets.get(c.streetCode()).districtCode()).orElse(null);
  }

  private static void assertFacilities(String query, Predicate<OgcFixture.Fac> test) throws Exception {
    Set<Long> expected = fx.expect(test);
    JsonNode page = fx.json("/api/facilities?limit=10000&" + query);
    Set<Long> got = new TreeSet<>(OgcFixture.idList(toList(page.get("features"))));
    assertThat(got).as(query).isEqualTo(expected);
    assertThat(page.get("numberMatched").asLong()).as(query).isEqualTo(expected.size());
  }

  private static void assertCommunities(String query, Predicate<CityData.Community> test) throws Exception {
    Set<String> expected = fx.communities.stream().filter(test).map(CityData.Community::code)
        .collect(Collectors.toCollection(TreeSet::new));
    JsonNode page = fx.json("/api/communities?limit=10000&" + query);
    List<String> got = toList(page.get("features")).stream().map(f -> f.get("id").asText()).toList();
    assertThat(got).as(query).isSorted().doesNotHaveDuplicates();
    assertThat(new TreeSet<>(got)).as(query).isEqualTo(expected);
    assertThat(page.get("numberMatched").asLong()).as(query).isEqualTo(expected.size());
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
