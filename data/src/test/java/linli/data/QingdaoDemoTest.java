package linli.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import linli.data.DivisionCsv.Divisions;
import linli.registry.city.CityData;
import linli.registry.city.CityData.Community;
import linli.registry.city.CityData.District;
import linli.registry.city.CityData.Facility;
import linli.registry.city.CityData.Road;
import linli.registry.city.CityData.Street;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

class QingdaoDemoTest {
  static CityData city;
  static Divisions csv;
  static Map<String, District> districts;
  static Map<String, Street> streets;
  static Map<String, Community> communities;

  @BeforeAll
  static void generate() {
    city = CityFixture.city();
    csv = DivisionCsv.read();
    districts = index(city.districts(), District::code);
    streets = index(city.streets(), Street::code);
    communities = index(city.communities(), Community::code);
  }

  static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    Map<String, T> m = new TreeMap<>();
    items.forEach(i -> assertThat(m.put(key.apply(i), i)).as("duplicate %s", key.apply(i)).isNull());
    return m;
  }

  @Test
  void countsAndRealCodes() {
    assertThat(city.districts()).hasSize(10);
    assertThat(city.streets()).hasSize(141);
    assertThat(city.communities()).hasSize(2120);
    assertThat(districts).containsKeys(
        "370202", "370203", "370211", "370212", "370213", "370214", "370215", "370281", "370283",
        "370285");
    for (DivisionCsv.StreetRow r : csv.streets()) {
      Street s = streets.get(r.code());
      assertThat(s).as(r.code()).isNotNull();
      assertThat(s.name()).isEqualTo(r.name());
      assertThat(s.kind()).isIn("街道", "镇", "其他");
      assertThat(s.districtCode()).isEqualTo(r.districtCode()).isEqualTo(r.code().substring(0, 6));
    }
    for (DivisionCsv.CommunityRow r : csv.communities()) {
      Community c = communities.get(r.code());
      assertThat(c).as(r.code()).isNotNull();
      assertThat(c.name()).isEqualTo(r.name());
      assertThat(c.streetCode()).isEqualTo(r.streetCode()).isEqualTo(r.code().substring(0, 9));
      assertThat(c.kind()).isIn("community", "village");
    }
    assertThat(city.streets().stream().filter(s -> s.kind().equals("镇"))).hasSize(36);
    assertThat(city.communities().stream().filter(c -> c.kind().equals("village"))).hasSize(917);
  }

  @Test
  void everyGeometryValidNonEmptyAndCgcs2000() {
    List<Geometry> all = new ArrayList<>();
    city.districts().forEach(d -> all.add(d.geom()));
    city.streets().forEach(s -> all.add(s.geom()));
    city.communities().forEach(c -> all.add(c.geom()));
    for (Geometry g : all) {
      assertThat(g).isInstanceOf(MultiPolygon.class);
      assertThat(g.isEmpty()).isFalse();
      assertThat(g.isValid()).as("valid").isTrue();
      assertThat(g.getSRID()).isEqualTo(4490);
      Envelope e = g.getEnvelopeInternal();
      assertThat(e.getMinX()).isGreaterThan(119.4);
      assertThat(e.getMaxX()).isLessThan(121.5);
      assertThat(e.getMinY()).isGreaterThan(35.5);
      assertThat(e.getMaxY()).isLessThan(37.2);
    }
    city.facilities().forEach(f -> assertThat(f.geom().getSRID()).isEqualTo(4490));
    city.roads().forEach(r -> {
      assertThat(r.geom().getSRID()).isEqualTo(4490);
      assertThat(r.geom().getNumPoints()).isEqualTo(2);
    });
  }

  @Test
  void streetsPartitionTheirDistrict() {
    Map<String, Double> sum = new TreeMap<>();
    for (Street s : city.streets()) {
      PreparedGeometry d = slightlyBuffered(districts.get(s.districtCode()).geom());
      assertThat(d.covers(s.geom())).as("street %s in its district", s.code()).isTrue();
      sum.merge(s.districtCode(), s.geom().getArea(), Double::sum);
    }
    for (District d : city.districts()) {
      assertThat(sum.get(d.code())).isCloseTo(d.geom().getArea(), withinPercent(d.geom().getArea(), 0.5));
    }
  }

  @Test
  void communitiesPartitionTheirStreetAndDistrict() {
    Map<String, PreparedGeometry> streetArea = new TreeMap<>();
    Map<String, PreparedGeometry> districtArea = new TreeMap<>();
    Map<String, Double> sum = new TreeMap<>();
    for (Community c : city.communities()) {
      Street s = streets.get(c.streetCode());
      PreparedGeometry sg = streetArea.computeIfAbsent(s.code(), k -> slightlyBuffered(s.geom()));
      PreparedGeometry dg =
          districtArea.computeIfAbsent(
              s.districtCode(), k -> slightlyBuffered(districts.get(k).geom()));
      assertThat(sg.covers(c.geom())).as("community %s in its street", c.code()).isTrue();
      assertThat(dg.covers(c.geom())).as("community %s in its district", c.code()).isTrue();
      sum.merge(s.districtCode(), c.geom().getArea(), Double::sum);
    }
    for (District d : city.districts()) {
      double area = d.geom().getArea();
      assertThat(sum.get(d.code())).as(d.name()).isCloseTo(area, withinPercent(area, 0.5));
    }
  }

  @Test
  void communitiesDoNotOverlap() {
    STRtree tree = new STRtree();
    city.communities().forEach(c -> tree.insert(c.geom().getEnvelopeInternal(), c));
    double worst = 0;
    for (Community a : city.communities()) {
      for (Object o : tree.query(a.geom().getEnvelopeInternal())) {
        Community b = (Community) o;
        if (a.code().compareTo(b.code()) < 0) {
          double overlap = a.geom().intersection(b.geom()).getArea();
          worst = Math.max(worst, overlap / Math.min(a.geom().getArea(), b.geom().getArea()));
        }
      }
    }
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void populationSumsExactlyPerDistrict() {
    Map<String, Long> sum = new TreeMap<>();
    for (Community c : city.communities()) {
      assertThat(c.population()).isGreaterThanOrEqualTo(50);
      assertThat(c.workers()).isGreaterThanOrEqualTo(3);
      sum.merge(c.code().substring(0, 6), (long) c.population(), Long::sum);
    }
    PopulationModel.DISTRICT_TOTALS.forEach(
        (code, total) -> assertThat(sum.get(code)).as(code).isEqualTo(total.longValue()));
    assertThat(sum.get("370202")).isEqualTo(590_000L);
    assertThat(sum.get("370211")).isEqualTo(1_900_000L);
    double villageMean = mean(city.communities().stream().filter(c -> c.kind().equals("village")).toList());
    double urbanMean = mean(city.communities().stream().filter(c -> c.kind().equals("community")).toList());
    assertThat(villageMean).isLessThan(urbanMean);
  }

  @Test
  void workersSmartAndRefPoints() {
    long under =
        city.communities().stream()
            .filter(c -> (long) c.workers() * 10_000 < (long) c.population() * 18)
            .count();
    assertThat(under).isBetween(2120L * 15 / 100, 2120L * 35 / 100);
    long smart = city.communities().stream().filter(Community::smart).count();
    assertThat(smart).isBetween(120L, 180L);
    long refs = city.communities().stream().filter(c -> c.refPoint() != null).count();
    assertThat(refs).isBetween(2120L * 80 / 100, 2120L * 90 / 100);
    for (Community c : city.communities()) {
      if (c.refPoint() != null) {
        assertThat(c.refPoint().getSRID()).isEqualTo(4490);
        assertThat(c.geom().contains(c.refPoint())).as("refPoint of %s", c.code()).isTrue();
      }
    }
  }

  @Test
  void facilitiesLieInTheirCommunity() {
    Map<String, PreparedGeometry> prepared = new TreeMap<>();
    for (Facility f : city.facilities()) {
      Community c = communities.get(f.communityCode());
      assertThat(c).as(f.sourceId()).isNotNull();
      PreparedGeometry g = prepared.computeIfAbsent(c.code(), k -> PreparedGeometryFactory.prepare(c.geom()));
      assertThat(g.covers(f.geom())).as("%s in %s", f.sourceId(), c.code()).isTrue();
    }
  }

  @Test
  void facilityAttributes() {
    Set<String> ids = new HashSet<>();
    for (Facility f : city.facilities()) {
      assertThat(f.source()).isEqualTo("demo");
      assertThat(ids.add(f.source() + "/" + f.sourceId())).as(f.sourceId()).isTrue();
      assertThat(f.sourceId()).startsWith(f.category() + "-");
      assertThat(f.name()).isNotBlank();
      assertThat(f.address()).endsWith("号");
      assertThat(f.status()).isIn("open", "building", "planned", "closed");
      if (f.status().equals("open") || f.status().equals("closed")) {
        assertThat(f.openedOn()).isBetween("2005-01-01", "2022-12-31");
      } else {
        assertThat(f.openedOn()).isNull();
      }
      if (f.category().equals("emergency_shelter")) {
        assertThat(f.areaM2()).isBetween(2_000.0, 30_000.0);
        assertThat(f.capacity()).isEqualTo((int) Math.floor(f.areaM2() / 1.5));
      }
      if (f.category().equals("elderly_care_station")) {
        assertThat(f.capacity()).isBetween(10, 60);
      }
    }
    long open = city.facilities().stream().filter(f -> f.status().equals("open")).count();
    assertThat((double) open / city.facilities().size()).isBetween(0.84, 0.92);
    Facility first = city.facilities().get(0);
    Community c = communities.get(first.communityCode());
    assertThat(first.name()).startsWith(DivisionCsv.shortName(c.name()));
    assertThat(city.facilities()).noneMatch(f -> f.name().contains("社区社区"));
  }

  @Test
  void everyCategoryPresentWithDeliberateGaps() {
    Map<String, Long> byCategory =
        city.facilities().stream().collect(Collectors.groupingBy(Facility::category, Collectors.counting()));
    assertThat(byCategory.keySet()).containsExactlyInAnyOrderElementsOf(FacilityPlanter.CATEGORIES);
    assertThat(byCategory).containsKeys(
        "emergency_shelter", "police_office", "science_site", "fitness_venue", "culture_room",
        "community_school", "health_station", "community_hospital", "psych_service",
        "employment_service", "disability_home", "minors_station", "children_venue",
        "elderly_care_center", "elderly_care_station", "meal_point", "legal_service",
        "party_service_center");

    Set<String> withShelter = communitiesWith("emergency_shelter");
    assertThat(withShelter.size()).isGreaterThan(2120 / 2).isLessThan(2120 * 8 / 10);
    long urbanWith = city.communities().stream()
        .filter(c -> c.kind().equals("community") && withShelter.contains(c.code())).count();
    long urban = city.communities().stream().filter(c -> c.kind().equals("community")).count();
    assertThat((double) urbanWith / urban).isGreaterThan(0.6);

    assertThat(communitiesWith("party_service_center")).hasSize(2120);
    assertThat(byCategory.get("party_service_center")).isEqualTo(2120L);
    Set<String> hospitalDistricts = new HashSet<>();
    city.facilities().stream().filter(f -> f.category().equals("community_hospital"))
        .forEach(f -> hospitalDistricts.add(f.communityCode().substring(0, 6)));
    assertThat(hospitalDistricts).hasSize(10);
    assertThat(byCategory.get("disability_home")).isBetween(110L, 141L);
  }

  @Test
  void policeOfficesMostlyShareTheCommitteeBuilding() {
    // The party service centre stands exactly at the committee office (refPoint or interior).
    Map<String, Coordinate> office = new TreeMap<>();
    for (Facility f : city.facilities()) {
      if (f.category().equals("party_service_center")) {
        office.put(f.communityCode(), f.geom().getCoordinate());
        Community c = communities.get(f.communityCode());
        if (c.refPoint() != null) {
          assertThat(f.geom().getCoordinate()).isEqualTo(c.refPoint().getCoordinate());
        }
      }
    }
    long police = 0;
    long colocated = 0;
    for (Facility f : city.facilities()) {
      if (!f.category().equals("police_office")) {
        continue;
      }
      police++;
      if (Geo.distanceM(office.get(f.communityCode()), f.geom().getCoordinate()) <= 30) {
        colocated++;
      }
    }
    assertThat((double) police / 2120).isBetween(0.75, 0.95);
    assertThat((double) colocated / police).isBetween(0.72, 0.88);
  }

  @Test
  void roadsReachEveryCommunity() {
    assertThat(city.roads().size()).isBetween(20_000, 40_000);
    long motorways = city.roads().stream().filter(r -> !r.walkable()).count();
    assertThat(motorways).isBetween(city.roads().size() / 100L, city.roads().size() * 3L / 100);
    city.roads().stream().filter(r -> !r.walkable())
        .forEach(r -> assertThat(r.highway()).isEqualTo("motorway"));
    STRtree walkable = new STRtree();
    for (Road r : city.roads()) {
      if (r.walkable()) {
        walkable.insert(r.geom().getEnvelopeInternal(), r);
      }
    }
    // Every committee office (party service centre) is on or near the walkable network ...
    double worst = 0;
    for (Facility f : city.facilities()) {
      if (f.category().equals("party_service_center")) {
        worst = Math.max(worst, RoadGrid.nearestM(walkable, f.geom().getCoordinate(), 2_000));
      }
    }
    assertThat(worst).as("farthest office from a walkable road, m").isLessThanOrEqualTo(1_000);
    // ... and so is practically every other facility.
    long far = city.facilities().stream()
        .filter(f -> RoadGrid.nearestM(walkable, f.geom().getCoordinate(), 1_000) > 1_000).count();
    assertThat(far).isLessThan(city.facilities().size() / 100);
  }

  private static Set<String> communitiesWith(String category) {
    return city.facilities().stream().filter(f -> f.category().equals(category))
        .map(Facility::communityCode).collect(Collectors.toSet());
  }

  private static double mean(List<Community> cs) {
    return cs.stream().mapToInt(Community::population).average().orElseThrow();
  }

  private static PreparedGeometry slightlyBuffered(Geometry g) {
    return PreparedGeometryFactory.prepare(g.buffer(1e-9));
  }

  private static org.assertj.core.data.Offset<Double> withinPercent(double of, double percent) {
    return org.assertj.core.data.Offset.offset(of * percent / 100);
  }
}
