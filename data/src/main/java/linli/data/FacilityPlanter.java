package linli.data;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import linli.data.DivisionCsv.CommunityRow;
import linli.data.DivisionCsv.StreetRow;
import linli.registry.city.CityData.Facility;
import linli.registry.overview.RegistryOverview;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * Plants synthetic facilities into communities. Presence is random per community (with a
 * per-street "service level" so gaps cluster a little, as they do in real coverage maps), so a
 * share of communities is deliberately left without a given service.
 */
final class FacilityPlanter {
  static final String SOURCE = RegistryOverview.DEMO_SOURCE;

  /**
   * A generated community as the planter needs it; {@code anchor} is the committee office: the
   * refPoint, or when there is none the interior point of the community's main part.
   */
  record Place(
      CommunityRow row,
      StreetRow street,
      String districtName,
      MultiPolygon geom,
      PreparedGeometry area,
      Coordinate anchor,
      int population) {}

  private record PerCommunity(String code, String zh, double urbanRate, double villageRate) {}

  /** Per-community categories: presence probability for 社区 and for 村. */
  private static final List<PerCommunity> PER_COMMUNITY =
      List.of(
          new PerCommunity("emergency_shelter", "应急避难场所", 0.70, 0.35),
          new PerCommunity("police_office", "警务室", 0.85, 0.85),
          new PerCommunity("science_site", "科普活动站", 0.20, 0.20),
          new PerCommunity("fitness_venue", "全民健身场地", 0.75, 0.50),
          new PerCommunity("culture_room", "文化活动室", 0.70, 0.70),
          new PerCommunity("community_school", "社区学校", 0.25, 0.25),
          new PerCommunity("health_station", "卫生服务站", 0.60, 0.40),
          new PerCommunity("psych_service", "心理服务站", 0.15, 0.15),
          new PerCommunity("employment_service", "就业服务站", 0.25, 0.25),
          new PerCommunity("children_venue", "儿童之家", 0.45, 0.45),
          new PerCommunity("elderly_care_station", "养老服务站", 0.55, 0.30),
          new PerCommunity("meal_point", "长者助餐点", 0.40, 0.40),
          new PerCommunity("legal_service", "公共法律服务工作室", 0.50, 0.50));

  /** Every category code the demo produces, in output order. */
  static final List<String> CATEGORIES;

  static {
    List<String> c = new ArrayList<>();
    PER_COMMUNITY.forEach(p -> c.add(p.code()));
    c.addAll(
        List.of(
            "community_hospital", "disability_home", "minors_station", "elderly_care_center",
            "party_service_center"));
    CATEGORIES = List.copyOf(c);
  }

  private static final LocalDate FIRST_OPENING = LocalDate.of(2005, 1, 1);
  private static final int OPENING_DAYS =
      (int) ChronoUnit.DAYS.between(FIRST_OPENING, LocalDate.of(2022, 12, 31)) + 1;

  private final Random rnd;
  private final List<Facility> out = new ArrayList<>();
  private final Map<String, Integer> serial = new TreeMap<>();

  private FacilityPlanter(Random rnd) {
    this.rnd = rnd;
  }

  /** Places sorted by community code. */
  static List<Facility> plant(List<Place> places, Random rnd) {
    FacilityPlanter p = new FacilityPlanter(rnd);
    p.run(places);
    return List.copyOf(p.out);
  }

  private void run(List<Place> places) {
    Map<String, List<Place>> byStreet = new TreeMap<>();
    for (Place pl : places) {
      byStreet.computeIfAbsent(pl.street().code(), k -> new ArrayList<>()).add(pl);
    }
    // Some streets are simply better served than others.
    Map<String, Double> level = new TreeMap<>();
    for (String street : byStreet.keySet()) {
      level.put(street, 0.8 + 0.4 * rnd.nextDouble());
    }

    for (PerCommunity cat : PER_COMMUNITY) {
      for (Place pl : places) {
        double base = pl.row().village() ? cat.villageRate() : cat.urbanRate();
        if (rnd.nextDouble() < Math.min(0.97, base * level.get(pl.street().code()))) {
          perCommunity(cat, pl);
        }
      }
    }
    hospitals(byStreet);
    for (List<Place> street : byStreet.values()) {
      if (rnd.nextDouble() < 0.90) {
        Place p = mostPopulous(street);
        add("disability_home", streetName(p, "残疾人之家"), p, near(p), null, null);
      }
    }
    for (List<Place> street : byStreet.values()) {
      if (rnd.nextDouble() < 0.85) {
        Place p = mostPopulous(street);
        add("minors_station", streetName(p, "未成年人保护工作站"), p, near(p), null, null);
      }
    }
    for (List<Place> street : byStreet.values()) {
      if (rnd.nextDouble() < 0.92) {
        Place p = street.get(weightedPick(street, new TreeSet<>()));
        add("elderly_care_center", streetName(p, "综合养老服务中心"), p, near(p),
            40 + rnd.nextInt(161), null);
      }
    }
    // Every community has a committee with its 党群服务中心 in the office building.
    for (Place pl : places) {
      add("party_service_center", pl.row().shortName() + "党群服务中心", pl, pl.anchor(), null, null,
          "open");
    }
  }

  private void perCommunity(PerCommunity cat, Place pl) {
    String name = join(pl.row().shortName(), cat.zh());
    switch (cat.code()) {
      case "emergency_shelter" -> {
        double area = 2_000 + Math.round(rnd.nextDouble() * 2_800) * 10;
        add(cat.code(), name, pl, near(pl), (int) Math.floor(area / 1.5), area);
      }
      case "police_office" -> {
        // Most 警务室 share the committee building: within 25 m of its office.
        Coordinate at = rnd.nextDouble() < 0.80 ? coLocated(pl) : near(pl);
        add(cat.code(), name, pl, at, null, null);
      }
      case "health_station" -> {
        String zh = pl.row().village() ? "卫生室" : cat.zh();
        add(cat.code(), join(pl.row().shortName(), zh), pl, near(pl), null, null);
      }
      case "elderly_care_station" -> add(cat.code(), name, pl, near(pl), 10 + rnd.nextInt(51), null);
      default -> add(cat.code(), name, pl, near(pl), null, null);
    }
  }

  /** 0–3 per street (mostly 1), and at least one in every district. */
  private void hospitals(Map<String, List<Place>> byStreet) {
    Map<String, List<Place>> byDistrict = new TreeMap<>();
    Map<String, Integer> perDistrict = new TreeMap<>();
    for (List<Place> street : byStreet.values()) {
      String district = street.get(0).row().districtCode();
      byDistrict.computeIfAbsent(district, k -> new ArrayList<>()).addAll(street);
      double u = rnd.nextDouble();
      int n = u < 0.15 ? 0 : u < 0.65 ? 1 : u < 0.90 ? 2 : 3;
      TreeSet<Integer> used = new TreeSet<>();
      for (int k = 0; k < Math.min(n, street.size()); k++) {
        int i = weightedPick(street, used);
        used.add(i);
        hospital(street.get(i), k == 0);
      }
      perDistrict.merge(district, used.size(), Integer::sum);
    }
    for (Map.Entry<String, List<Place>> d : byDistrict.entrySet()) {
      if (perDistrict.get(d.getKey()) == 0) {
        hospital(mostPopulous(d.getValue()), true);
      }
    }
  }

  private void hospital(Place p, boolean main) {
    String name;
    if (main) {
      name = streetName(p, "镇".equals(p.street().kind()) ? "卫生院" : "社区卫生服务中心");
    } else {
      name = join(p.row().shortName(), "社区医院");
    }
    add("community_hospital", name, p, near(p), null, null);
  }

  private void add(
      String category, String name, Place p, Coordinate at, Integer capacity, Double areaM2) {
    add(category, name, p, at, capacity, areaM2, status());
  }

  private void add(
      String category, String name, Place p, Coordinate at, Integer capacity, Double areaM2,
      String status) {
    int n = serial.merge(category, 1, Integer::sum);
    LocalDate opened =
        "open".equals(status) || "closed".equals(status)
            ? FIRST_OPENING.plusDays(rnd.nextInt(OPENING_DAYS))
            : null;
    String address =
        p.districtName() + p.street().name() + p.row().shortName() + (1 + rnd.nextInt(299)) + "号";
    out.add(
        new Facility(
            category, name, address, status, capacity, areaM2, p.row().code(), opened, SOURCE,
            category + "-" + String.format("%05d", n), Geo.point(at)));
  }

  private String status() {
    double u = rnd.nextDouble();
    return u < 0.88 ? "open" : u < 0.93 ? "building" : u < 0.97 ? "planned" : "closed";
  }

  /**
   * A spot in the inner part of the community (within half its equivalent radius of the
   * committee office), since services cluster where people live; uniform as a fallback.
   */
  private Coordinate near(Place p) {
    double radiusM = 0.5 * Math.sqrt(Geo.areaKm2(p.geom()) * 1e6 / Math.PI);
    for (int i = 0; i < 100; i++) {
      Coordinate c = Geo.jitter(p.anchor(), radiusM, rnd);
      if (p.area().contains(Geo.GF.createPoint(c))) {
        return c;
      }
    }
    Coordinate c = Geo.randomInside(p.area(), rnd, 10_000);
    return c != null ? c : p.anchor();
  }

  private Coordinate coLocated(Place p) {
    for (int i = 0; i < 50; i++) {
      Coordinate c = Geo.jitter(p.anchor(), 25, rnd);
      if (p.area().contains(Geo.GF.createPoint(c))) {
        return c;
      }
    }
    return p.anchor();
  }

  /** 八大峡社区 + 社区学校 → 八大峡社区学校, not 八大峡社区社区学校. */
  static String join(String shortName, String zh) {
    return shortName.endsWith("社区") && zh.startsWith("社区")
        ? shortName + zh.substring(2)
        : shortName + zh;
  }

  private static String streetName(Place p, String suffix) {
    return p.street().name() + suffix;
  }

  private static Place mostPopulous(List<Place> places) {
    return places.stream()
        .max(Comparator.comparingInt(Place::population)
            .thenComparing(pl -> pl.row().code(), Comparator.reverseOrder()))
        .orElseThrow();
  }

  /** Index of a population-weighted random place not in {@code exclude}. */
  private int weightedPick(List<Place> places, TreeSet<Integer> exclude) {
    double total = 0;
    for (int i = 0; i < places.size(); i++) {
      if (!exclude.contains(i)) {
        total += places.get(i).population();
      }
    }
    double u = rnd.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < places.size(); i++) {
      if (exclude.contains(i)) {
        continue;
      }
      last = i;
      u -= places.get(i).population();
      if (u < 0) {
        return i;
      }
    }
    return last;
  }

  /** Facility counts per category in {@link #CATEGORIES} order, for summaries. */
  static Map<String, Integer> countByCategory(List<Facility> facilities) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    CATEGORIES.forEach(c -> counts.put(c, 0));
    facilities.forEach(f -> counts.merge(f.category(), 1, Integer::sum));
    return counts;
  }
}
