package linli.registry.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import org.locationtech.jts.geom.Point;

/**
 * The plan indicators of a random registry (facilities of every category they count, in random
 * states, then edited, soft-deleted and restored) against a brute-force count in Java over the
 * tables' plain rows: each indicator as DOMAIN.md defines it, with the committee offices' distances
 * on the ellipsoid (GeographicLib), independent of the SQL's joins and indexes.
 */
@ExtendWith(PostgisExtension.class)
class IndicatorsOracleIT {
  private static final int YEAR = Year.now().getValue();
  private static final List<String> CATEGORIES = List.of("elderly_care_station", "community_hospital",
      "health_station", "police_office", "party_service_center", "science_site", "emergency_shelter",
      "fitness_venue");
  private static final List<String> STATUSES = List.of("open", "planned", "closed", "building");
  private static final int COMMUNITIES = 14;

  private static Map<String, Indicator> indicators;
  private static Map<String, Double> expected;

  @BeforeAll
  static void liveThroughEdits(Database db) throws SQLException {
    Random random = new Random(41);
    // Three districts: the fixture's two, and one with a street but (maybe) no hospital.
    List<CityData.District> districts = List.of(
        new CityData.District("370202", "市南区", FixtureCity.square(0, 5)),
        new CityData.District("370203", "市北区", FixtureCity.square(5, 5)),
        new CityData.District("370211", "黄岛区", FixtureCity.square(10, 4)));
    List<CityData.Street> streets = List.of(
        new CityData.Street("370202001", "甲街道", "街道", "370202", FixtureCity.square(0, 5)),
        new CityData.Street("370203001", "乙街道", "街道", "370203", FixtureCity.square(5, 5)),
        new CityData.Street("370211001", "丙街道", "街道", "370211", FixtureCity.square(10, 4)));
    List<CityData.Community> communities = new ArrayList<>();
    for (int i = 0; i < COMMUNITIES; i++) {
      communities.add(new CityData.Community(code(i), "社区" + i, random.nextInt(3) == 0 ? "village" : "community",
          code(i).substring(0, 9), 500 + random.nextInt(5000), random.nextInt(12), random.nextInt(4) == 0,
          i % 4 == 3 ? null : anchor(i), FixtureCity.square(i, 1)));
    }
    List<CityData.Facility> facilities = new ArrayList<>();
    for (int i = 0; i < 360; i++) {
      String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
      int community = random.nextInt(COMMUNITIES);
      // Party-masses service centres and police offices close to the community's centre, so that
      // both sides of 50 m occur (a community without a reference point has its first centre as office).
      double metres = category.equals("police_office") || category.equals("party_service_center")
          ? random.nextInt(110) : random.nextInt(400);
      facilities.add(new CityData.Facility(category, "设施" + i, null, STATUSES.get(random.nextInt(STATUSES.size())),
          random.nextBoolean() ? null : 10 + random.nextInt(500), null,
          random.nextInt(20) == 0 ? null : code(community), openedOn(random), "oracle-it", "f" + i,
          near(anchor(community), metres, random.nextInt(360))));
    }
    new CityLoader(db.dataSource()).load(new CityData(districts, streets, communities, facilities, List.of()));
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      List<Long> ids = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM facility ORDER BY id")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      try (Statement s = c.createStatement()) {
        for (int edit = 0; edit < 150; edit++) {
          long id = ids.get(random.nextInt(ids.size()));
          String bump = ", version = version + 1, updated_at = now(), updated_by = 'oracle-it' WHERE id = " + id;
          String set = switch (random.nextInt(7)) {
            case 0 -> "status = '" + STATUSES.get(random.nextInt(STATUSES.size())) + "'";
            case 1 -> "opened_on = " + sqlDate(openedOn(random));
            case 2 -> "capacity = " + (random.nextBoolean() ? "NULL" : String.valueOf(random.nextInt(300)));
            case 3 -> "category = '" + CATEGORIES.get(random.nextInt(CATEGORIES.size())) + "'";
            case 4 -> {
              Point p = near(anchor(random.nextInt(COMMUNITIES)), random.nextInt(110), random.nextInt(360));
              yield "geom = ST_SetSRID(ST_MakePoint(" + p.getX() + ", " + p.getY() + "), 4490)";
            }
            case 5 -> "deleted = true";
            default -> "deleted = false";
          };
          s.execute("UPDATE facility SET " + set + bump);
        }
        s.execute("UPDATE community SET smart = NOT smart WHERE code = '" + code(2) + "'");
        // District 370211 without an open community hospital, so the district count is not simply all.
        s.execute("UPDATE facility SET status = 'closed', version = version + 1, updated_at = now(),"
            + " updated_by = 'oracle-it' WHERE category = 'community_hospital' AND community_code LIKE '370211%'");
      }
      c.commit();
    }
    indicators = new IndicatorCalculator(db.dataSource()).forYear(YEAR).stream()
        .collect(Collectors.toMap(Indicator::id, Function.identity()));
    expected = bruteForce(db);
  }

  @Test
  void everyIndicatorIsTheBruteForceCount() {
    assertThat(indicators.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      Double value = indicators.get(e.getKey()).value();
      if (e.getValue() == null) {
        assertThat(value).as(e.getKey()).isNull();
      } else {
        // The calculator rounds to two decimals.
        assertThat(value).as(e.getKey()).isNotNull();
        assertThat(Math.abs(value - e.getValue())).as(e.getKey() + ": " + value + " vs " + e.getValue())
            .isLessThanOrEqualTo(0.005 + 1e-9);
      }
    }
  }

  @Test
  void theRandomRegistryExercisesEveryIndicator() {
    // Counts that are zero, or rates at 0 or 100 %, would let a wrong join pass unseen.
    for (String id : List.of("rural_care_stations_new", "urban_care_stations_improved", "health_institutions_new",
        "fitness_new", "science_sites_new", "smart_communities")) {
      assertThat(expected.get(id)).as(id).isPositive();
    }
    assertThat(expected.get("police_colocation_rate")).isStrictlyBetween(0.0, 100.0);
    assertThat(expected.get("shelter_database")).isStrictlyBetween(0.0, 100.0);
    assertThat(expected.get("community_hospital_per_district")).isStrictlyBetween(0.0, 3.0);
  }

  private record Row(long id, String category, String status, Integer capacity, String community, LocalDate opened,
      Point geom, boolean deleted) {
    boolean openedInYear() {
      return opened != null && opened.getYear() == YEAR;
    }
  }

  private record Community(String code, String kind, int population, int workers, boolean smart, Point ref) {}

  /** Each indicator counted from the rows, as DOMAIN.md states it. */
  private static Map<String, Double> bruteForce(Database db) throws SQLException {
    List<Row> live = new ArrayList<>();
    Map<String, Community> communities = new HashMap<>();
    Map<String, String> streetDistrict = new HashMap<>();
    Set<String> districts = new HashSet<>();
    Map<Long, List<String>> history = new HashMap<>(); // per facility: "action year"
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, category, status, capacity, community_code, opened_on,"
          + " ST_X(geom), ST_Y(geom), deleted FROM facility")) {
        while (rs.next()) {
          Row r = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4), rs.getString(5),
              rs.getObject(6, LocalDate.class), FixtureCity.point(rs.getDouble(7), rs.getDouble(8)), rs.getBoolean(9));
          if (!r.deleted()) {
            live.add(r);
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT code, kind, population, workers, smart, ST_X(ref_point),"
          + " ST_Y(ref_point) FROM community")) {
        while (rs.next()) {
          double x = rs.getDouble(6);
          Point ref = rs.wasNull() ? null : FixtureCity.point(x, rs.getDouble(7));
          communities.put(rs.getString(1), new Community(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
              rs.getBoolean(5), ref));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT code, district_code FROM street")) {
        while (rs.next()) {
          streetDistrict.put(rs.getString(1), rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT code FROM district")) {
        while (rs.next()) {
          districts.add(rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT facility_id, action, extract(year FROM at)::int FROM facility_history")) {
        while (rs.next()) {
          history.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2) + " " + rs.getInt(3));
        }
      }
    }
    Function<Row, String> kind = r -> r.community() == null || !communities.containsKey(r.community()) ? null
        : communities.get(r.community()).kind();
    Map<String, Double> out = new HashMap<>();
    long workers = 0;
    long population = 0;
    for (Community c : communities.values()) {
      if (c.kind().equals("community")) {
        workers += c.workers();
        population += c.population();
      }
    }
    out.put("workers_per_10k", population == 0 ? null : 10_000.0 * workers / population);
    out.put("rural_care_stations_new", (double) live.stream()
        .filter(r -> r.category().equals("elderly_care_station") && "village".equals(kind.apply(r)) && r.openedInYear())
        .count());
    // Opened this year, or updated this year (a history row of this year's update), and recorded in the history.
    out.put("urban_care_stations_improved", (double) live.stream()
        .filter(r -> r.category().equals("elderly_care_station") && "community".equals(kind.apply(r)))
        .filter(r -> {
          List<String> h = history.getOrDefault(r.id(), List.of());
          return !h.isEmpty() && (r.openedInYear() || h.contains("update " + YEAR));
        }).count());
    Set<String> withHospital = new HashSet<>();
    for (Row r : live) {
      if (r.category().equals("community_hospital") && r.status().equals("open") && r.community() != null) {
        String district = streetDistrict.get(r.community().substring(0, 9));
        if (district != null) {
          withHospital.add(district);
        }
      }
    }
    withHospital.retainAll(districts);
    out.put("community_hospital_per_district", districts.isEmpty() ? null : (double) withHospital.size());
    out.put("health_institutions_new", (double) live.stream()
        .filter(r -> (r.category().equals("health_station") || r.category().equals("community_hospital"))
            && r.openedInYear()).count());
    out.put("fitness_new", (double) live.stream()
        .filter(r -> r.category().equals("fitness_venue") && r.openedInYear()).count());
    out.put("science_sites_new", (double) live.stream()
        .filter(r -> r.category().equals("science_site") && r.openedInYear() && r.community() != null)
        .map(Row::community).distinct().count());
    // The committee office: the reference point, else the community's first live party-masses service centre.
    Map<String, Point> firstCentre = new HashMap<>();
    live.stream().filter(r -> r.category().equals("party_service_center") && r.community() != null)
        .sorted(Comparator.comparingLong(Row::id))
        .forEach(r -> firstCentre.putIfAbsent(r.community(), r.geom()));
    int police = 0;
    int colocated = 0;
    for (Row r : live) {
      if (!r.category().equals("police_office") || r.status().equals("closed") || r.community() == null
          || !communities.containsKey(r.community())) {
        continue;
      }
      Point ref = communities.get(r.community()).ref();
      Point office = ref != null ? ref : firstCentre.get(r.community());
      if (office == null) {
        continue;
      }
      police++;
      colocated += FixtureCity.distance(r.geom(), office) <= 50 ? 1 : 0;
    }
    out.put("police_colocation_rate", police == 0 ? null : 100.0 * colocated / police);
    long shelters = live.stream().filter(r -> r.category().equals("emergency_shelter")).count();
    long withCapacity = live.stream().filter(r -> r.category().equals("emergency_shelter") && r.capacity() != null)
        .count();
    out.put("shelter_database", shelters == 0 ? null : 100.0 * withCapacity / shelters);
    out.put("smart_communities", (double) communities.values().stream().filter(Community::smart).count());
    return out;
  }

  private static String code(int i) {
    String street = i < 5 ? "370202001" : i < 10 ? "370203001" : "370211001";
    return street + String.format("%03d", i + 1);
  }

  private static Point anchor(int i) {
    return FixtureCity.anchor(i);
  }

  private static LocalDate openedOn(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> LocalDate.of(YEAR, 1 + random.nextInt(12), 1 + random.nextInt(28));
      case 2 -> LocalDate.of(YEAR - 1, 1 + random.nextInt(12), 1 + random.nextInt(28));
      default -> LocalDate.of(YEAR + 1, 1 + random.nextInt(12), 1 + random.nextInt(28));
    };
  }

  private static String sqlDate(LocalDate d) {
    return d == null ? "NULL" : "'" + d + "'";
  }

  /** {@code metres} from {@code from}, to six decimals as a registry keeps coordinates. */
  private static Point near(Point from, double metres, double azimuth) {
    Point p = FixtureCity.offset(from, azimuth, metres);
    return FixtureCity.point(FixtureCity.microdegrees(p.getX()), FixtureCity.microdegrees(p.getY()));
  }
}
