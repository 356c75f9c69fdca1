package linli.registry.indicator;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.communityCode;
import static linli.registry.testing.FixtureCity.offset;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Plan indicators on the fixture, whose values are counted by hand in each test. */
@ExtendWith(PostgisExtension.class)
class IndicatorsIT {
  private static Map<String, Indicator> indicators;

  @BeforeAll
  static void load(Database db) throws SQLException {
    CityData fixture = FixtureCity.build();
    List<CityData.Facility> facilities = new ArrayList<>(fixture.facilities());
    // Police: one at community 0's office (co-located), one 100 m away from community 2's.
    facilities.add(facility("police_office", 0, offset(anchor(0), 45, 10), null, "p1"));
    facilities.add(facility("police_office", 2, offset(anchor(2), 45, 100), null, "p2"));
    // Fitness: two opened in 2022, one in 2021.
    facilities.add(facility("fitness_venue", 1, anchor(1), LocalDate.of(2022, 3, 1), "f1"));
    facilities.add(facility("fitness_venue", 2, anchor(2), LocalDate.of(2022, 9, 1), "f2"));
    facilities.add(facility("fitness_venue", 3, anchor(3), LocalDate.of(2021, 9, 1), "f3"));
    // A community hospital in district 370202 only.
    facilities.add(facility("community_hospital", 0, anchor(0), LocalDate.of(2015, 1, 1), "h1"));
    new CityLoader(db.dataSource()).load(new CityData(fixture.districts(), fixture.streets(), fixture.communities(),
        facilities, List.of()));
    indicators = new IndicatorCalculator(db.dataSource()).forYear(2022).stream()
        .collect(Collectors.toMap(Indicator::id, Function.identity()));
  }

  private static CityData.Facility facility(String category, int community, org.locationtech.jts.geom.Point at,
      LocalDate opened, String id) {
    return new CityData.Facility(category, id, null, "open", null, null, communityCode(community), opened, "it", id, at);
  }

  @Test
  void everyMeasurableTargetIsReported() {
    assertThat(indicators.keySet()).containsExactlyInAnyOrder("workers_per_10k", "rural_care_stations_new",
        "urban_care_stations_improved", "community_hospital_per_district", "health_institutions_new", "fitness_new",
        "science_sites_new", "police_colocation_rate", "shelter_database", "smart_communities");
  }

  @Test
  void workersPerTenThousandUrbanResidents() {
    // Urban communities 0, 2, 4: 5 workers each, 1,000 + 3,000 + 5,000 residents.
    assertThat(indicators.get("workers_per_10k").value()).isEqualTo(Math.round(15 * 10_000.0 / 9_000 * 100) / 100.0);
    assertThat(indicators.get("workers_per_10k").met()).isFalse();
  }

  @Test
  void policeColocationIsTheShareWithin50Metres() {
    assertThat(indicators.get("police_colocation_rate").value()).isEqualTo(50.0);
    assertThat(indicators.get("police_colocation_rate").met()).isFalse();
  }

  @Test
  void newFitnessVenuesCountOnlyThePlanYear() {
    assertThat(indicators.get("fitness_new").value()).isEqualTo(2.0);
  }

  @Test
  void hospitalsPerDistrict() {
    Indicator h = indicators.get("community_hospital_per_district");
    assertThat(h.value()).isEqualTo(1.0);
    assertThat(h.target()).isEqualTo(2.0);
    assertThat(h.met()).isFalse();
  }

  @Test
  void everyShelterHasItsCapacity() {
    assertThat(indicators.get("shelter_database").value()).isEqualTo(100.0);
    assertThat(indicators.get("shelter_database").met()).isTrue();
    assertThat(indicators.get("smart_communities").value()).isZero();
  }
}
