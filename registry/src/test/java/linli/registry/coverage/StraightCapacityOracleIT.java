package linli.registry.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import linli.registry.Database;
import linli.registry.city.CityData;
import linli.registry.city.CityLoader;
import linli.registry.testing.FixtureCity;
import linli.registry.testing.PostgisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Straight-line capacity (2SFCA) against {@link BruteForceCatchment} over all pairs with
 * GeographicLib, on three randomised cities (seeds 7, 8, 9) side by side, each with communities on,
 * 1 cm inside and 1 cm outside the distance of some shelters.
 */
@ExtendWith(PostgisExtension.class)
class StraightCapacityOracleIT {
  private static final double DISTANCE = 500;
  private static final long[] SEEDS = {7, 8, 9};
  private static CityData city;
  private static CoverageAnalyzer analyzer;
  private static final Map<Long, String> sourceIds = new HashMap<>();

  @BeforeAll
  static void load(Database db) throws SQLException {
    List<CityData> parts = new ArrayList<>();
    for (int k = 0; k < SEEDS.length; k++) {
      parts.add(RandomCity.build(SEEDS[k], k, 250, 40, DISTANCE, 120.20 + 0.1 * k, 36.05, 0.05, 0.04, List.of()));
    }
    city = RandomCity.merge(parts);
    new CityLoader(db.dataSource()).load(city);
    analyzer = new CoverageAnalyzer(db.dataSource());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, source_id FROM facility")) {
      while (rs.next()) {
        sourceIds.put(rs.getLong(1), rs.getString(2));
      }
    }
  }

  private static CoverageQuery query(String district) {
    return new CoverageQuery(RandomCity.CATEGORY, DISTANCE, CoverageMode.STRAIGHT, district, List.of("open"));
  }

  /**
   * The brute force over all pairs. A pair exactly at the distance (within 1 µm: the planted ones,
   * equal to 500 m to ~1e-9 m) is a floating-point tie that PostGIS decides either way; there, and
   * only there, the oracle follows the engine's catchment. Every other pair it decides itself.
   */
  private static BruteForceCatchment.Answer oracle() throws SQLException {
    Set<String> enginePairs = new HashSet<>();
    analyzer.capacity(query(null)).catchments().forEach((id, codes) ->
        codes.forEach(code -> enginePairs.add(sourceIds.get(id) + "/" + code)));
    return BruteForceCatchment.compute(city, DISTANCE, (f, c) -> {
      double d = FixtureCity.distance(f.geom(), c.refPoint());
      if (Math.abs(d - DISTANCE) < 1e-6) {
        return enginePairs.contains(f.sourceId() + "/" + c.code()) ? DISTANCE : DISTANCE + 1;
      }
      return d;
    });
  }

  @Test
  void ratiosAndAccessMatchTheBruteForce() throws SQLException {
    BruteForceCatchment.Answer expected = oracle();
    Capacity capacity = analyzer.capacity(query(null));
    assertThat(capacity.facilities()).hasSize(expected.ratio().size());
    Map<String, CityData.Facility> facilities = new HashMap<>();
    city.facilities().forEach(f -> facilities.put(f.sourceId(), f));
    int withRatio = 0;
    for (Capacity.FacilityRatio r : capacity.facilities()) {
      String id = sourceIds.get(r.id());
      CityData.Facility f = facilities.get(id);
      assertThat(r.demand()).as(id).isEqualTo(expected.demand().get(id));
      if (f.capacity() == null && f.areaM2() == null) {
        assertThat(r.supply()).as(id).isNull();
        assertThat(r.ratio()).as(id).isNull();
      } else if (r.demand() == 0) {
        assertThat(r.ratio()).as(id).isNull();
      } else {
        assertThat(r.ratio()).as(id).isCloseTo(expected.ratio().get(id), within(1e-12));
        withRatio++;
      }
    }
    assertThat(withRatio).isGreaterThan(50);
    int overcrowded = 0;
    int adequate = 0;
    for (CommunityCoverage c : analyzer.communities(query(null))) {
      double access = expected.access().get(c.code());
      boolean reached = expected.reached().get(c.code());
      assertThat(c.covered()).as(c.code()).isEqualTo(reached);
      assertThat(capacity.access().get(c.code())).as(c.code()).isCloseTo(access, within(1e-9));
      assertThat(capacity.overcrowded(c)).as(c.code()).isEqualTo(reached && access < 1);
      overcrowded += reached && access < 1 ? 1 : 0;
      adequate += reached && access >= 1 ? 1 : 0;
    }
    // The fixture must exercise both outcomes.
    System.out.printf("straight 2SFCA: %d ratios, %d overcrowded, %d adequate%n", withRatio, overcrowded, adequate);
    assertThat(overcrowded).isGreaterThan(10);
    assertThat(adequate).isGreaterThan(10);
  }

  @Test
  void communitiesOnAndNextToTheDistanceFallOnTheRightSide() throws SQLException {
    BruteForceCatchment.Answer expected = oracle();
    Map<String, Long> demandOfFirst = new HashMap<>();
    Capacity capacity = analyzer.capacity(query(null));
    capacity.facilities().forEach(r -> demandOfFirst.put(sourceIds.get(r.id()), r.demand()));
    for (int k = 0; k < SEEDS.length; k++) {
      for (int j = 0; j < 4; j++) {
        String shelter = k + "-" + j;
        CityData.Facility f = city.facilities().stream().filter(x -> x.sourceId().equals(shelter)).findFirst()
            .orElseThrow();
        if (!f.status().equals("open")) {
          continue;
        }
        List<String> catchment = capacity.catchments().getOrDefault(idOf(shelter), List.of());
        // The three planted offices: exactly at 500 m (a tie, either side; see oracle()), 1 cm
        // inside (in the catchment), 1 cm outside (not).
        List<CityData.Community> planted = city.communities().stream()
            .filter(c -> Math.abs(FixtureCity.distance(f.geom(), c.refPoint()) - DISTANCE) <= 0.011).toList();
        assertThat(planted).hasSizeGreaterThanOrEqualTo(3);
        for (CityData.Community c : planted) {
          double d = FixtureCity.distance(f.geom(), c.refPoint());
          if (Math.abs(d - DISTANCE) > 1e-6) {
            assertThat(catchment.contains(c.code())).as("%s at %.4f m", c.code(), d).isEqualTo(d < DISTANCE);
          }
        }
        assertThat(demandOfFirst.get(shelter)).isEqualTo(expected.demand().get(shelter));
      }
    }
  }

  @Test
  void theSummaryAddsUpPerDistrict() throws SQLException {
    BruteForceCatchment.Answer expected = oracle();
    for (String district : new String[] {null, "370211", "370214"}) {
      CoverageReport report = analyzer.report(query(district), true);
      CapacitySummary s = report.capacity();
      long covered = 0;
      long crowded = 0;
      Set<String> selected = new HashSet<>();
      for (CommunityCoverage c : analyzer.communities(query(district))) {
        selected.add(c.code());
        boolean reached = expected.reached().get(c.code());
        covered += reached ? c.population() : 0;
        crowded += reached && expected.access().get(c.code()) < 1 ? c.population() : 0;
      }
      assertThat(s.population().covered()).isEqualTo(report.population().covered()).isEqualTo(covered);
      assertThat(s.population().overcrowded()).as(district).isEqualTo(crowded);
      assertThat(s.overcrowded()).extracting(CapacitySummary.Overcrowded::code).allMatch(selected::contains);
      assertThat(s.overcrowded().stream().mapToLong(CapacitySummary.Overcrowded::population).sum()).isEqualTo(crowded);
      // The facilities listed are those with someone of the selection within reach.
      Capacity capacity = analyzer.capacity(query(null));
      Set<Long> serving = new HashSet<>();
      capacity.catchments().forEach((id, codes) -> {
        if (codes.stream().anyMatch(selected::contains)) {
          serving.add(id);
        }
      });
      if (district == null) {
        assertThat(s.facilities().total()).isEqualTo(capacity.facilities().size());
      } else {
        assertThat(s.facilityRatios()).extracting(Capacity.FacilityRatio::id).containsExactlyInAnyOrderElementsOf(serving);
      }
    }
  }

  private static long idOf(String sourceId) {
    return sourceIds.entrySet().stream().filter(e -> e.getValue().equals(sourceId)).findFirst().orElseThrow().getKey();
  }
}
