package linli.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import linli.data.DivisionCsv.CommunityRow;
import linli.data.DivisionCsv.Divisions;
import linli.data.DivisionCsv.StreetRow;
import linli.data.FacilityPlanter.Place;
import linli.registry.city.CityData;
import linli.registry.city.CityData.Community;
import linli.registry.city.CityData.District;
import linli.registry.city.CityData.Street;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The deterministic demo city: real Qingdao district outlines and real NBS street/community codes
 * and names, with synthetic street/community geometry, population, staffing, facilities and
 * roads. The same seed always gives the same city, coordinate for coordinate.
 */
public final class QingdaoDemo {
  public static final long DEFAULT_SEED = 3702L;

  /** The city the demo is of: the map's name for it when LINLI_CITY_NAME does not give one. */
  public static final String CITY_NAME = "青岛市";

  /** Districts with a town-and-country mix, where 社区 cluster around the town centre. */
  static final Set<String> RURAL =
      Set.of("370211", "370214", "370215", "370281", "370283", "370285");

  /** Island units whose street seed goes on their island (灵山岛, 田横岛). */
  private static final Map<String, Coordinate> ISLAND_STREETS =
      Map.of(
          "370211401", new Coordinate(120.17, 35.766),
          "370215402", new Coordinate(120.966, 36.421));

  private static final double REF_POINT_SHARE = 0.85;

  private QingdaoDemo() {}

  public static CityData generate() {
    return generate(DEFAULT_SEED);
  }

  public static CityData generate(long seed) {
    // One stream drives everything, consumed in code order, so output depends only on the seed.
    Random rnd = new Random(seed);
    List<District> districts = DistrictOutlines.read();
    Divisions div = DivisionCsv.read();
    Map<String, List<StreetRow>> streetsOf = new TreeMap<>();
    div.streets().forEach(s -> streetsOf.computeIfAbsent(s.districtCode(), k -> new ArrayList<>()).add(s));
    Map<String, List<CommunityRow>> communitiesOf = new TreeMap<>();
    div.communities()
        .forEach(c -> communitiesOf.computeIfAbsent(c.streetCode(), k -> new ArrayList<>()).add(c));

    // Streets: Voronoi partition of each district.
    List<Street> streets = new ArrayList<>();
    Map<String, Coordinate> streetSeed = new TreeMap<>();
    for (District d : districts) {
      List<StreetRow> rows = streetsOf.getOrDefault(d.code(), List.of());
      List<Coordinate> seeds = streetSeeds(d.geom(), rows, rnd);
      List<MultiPolygon> pieces = Partitioner.partition(d.geom(), seeds);
      for (int i = 0; i < rows.size(); i++) {
        StreetRow r = rows.get(i);
        streets.add(new Street(r.code(), r.name(), r.kind(), r.districtCode(), pieces.get(i)));
        streetSeed.put(r.code(), seeds.get(i));
      }
    }

    // Communities: Voronoi partition of each street.
    Map<String, MultiPolygon> communityGeom = new TreeMap<>();
    Map<String, Coordinate> communitySeed = new TreeMap<>();
    for (Street s : streets) {
      List<CommunityRow> rows = communitiesOf.getOrDefault(s.code(), List.of());
      if (rows.isEmpty()) {
        continue;
      }
      List<Coordinate> seeds =
          communitySeeds(s.geom(), rows, streetSeed.get(s.code()), RURAL.contains(s.districtCode()), rnd);
      List<MultiPolygon> pieces = Partitioner.partition(s.geom(), seeds);
      for (int i = 0; i < rows.size(); i++) {
        communityGeom.put(rows.get(i).code(), pieces.get(i));
        communitySeed.put(rows.get(i).code(), seeds.get(i));
      }
    }

    // Population per district, then per-community attributes in code order.
    Map<String, Integer> population = new TreeMap<>();
    Map<String, List<CommunityRow>> byDistrict = new TreeMap<>();
    div.communities()
        .forEach(c -> byDistrict.computeIfAbsent(c.districtCode(), k -> new ArrayList<>()).add(c));
    for (Map.Entry<String, List<CommunityRow>> e : byDistrict.entrySet()) {
      int[] pops =
          PopulationModel.populations(
              e.getValue(), PopulationModel.DISTRICT_TOTALS.get(e.getKey()), rnd);
      for (int i = 0; i < pops.length; i++) {
        population.put(e.getValue().get(i).code(), pops[i]);
      }
    }
    Set<String> smart = PopulationModel.smart(div.communities(), rnd);

    Map<String, StreetRow> streetRow = new TreeMap<>();
    div.streets().forEach(s -> streetRow.put(s.code(), s));
    Map<String, String> districtName = new TreeMap<>();
    districts.forEach(d -> districtName.put(d.code(), d.name()));

    List<Community> communities = new ArrayList<>();
    List<Place> places = new ArrayList<>();
    for (CommunityRow r : div.communities()) {
      MultiPolygon geom = communityGeom.get(r.code());
      PreparedGeometry area = PreparedGeometryFactory.prepare(geom);
      int pop = population.get(r.code());
      int workers = PopulationModel.workers(pop, rnd);
      // The office stands in the part holding the seed: a coastal cell can also take in an
      // islet bigger than its mainland share, and the office belongs on the mainland.
      Coordinate centre = Geo.interior(homePart(geom, communitySeed.get(r.code())));
      Point ref =
          rnd.nextDouble() < REF_POINT_SHARE ? Geo.point(officeSite(geom, area, centre, rnd)) : null;
      Coordinate anchor = ref != null ? ref.getCoordinate() : centre;
      communities.add(
          new Community(
              r.code(), r.name(), r.kind(), r.streetCode(), pop, workers, smart.contains(r.code()),
              ref, geom));
      places.add(
          new Place(
              r, streetRow.get(r.streetCode()), districtName.get(r.districtCode()), geom, area,
              anchor, pop));
    }

    var facilities = FacilityPlanter.plant(places, rnd);
    var roads = RoadGrid.build(districts, places, rnd);
    return new CityData(districts, streets, communities, facilities, roads);
  }

  private static List<Coordinate> streetSeeds(MultiPolygon district, List<StreetRow> rows, Random rnd) {
    SeedSampler sampler = new SeedSampler(district, rnd);
    Coordinate[] seeds = new Coordinate[rows.size()];
    List<Coordinate> placed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Coordinate island = ISLAND_STREETS.get(rows.get(i).code());
      if (island != null) {
        for (int p = 0; p < district.getNumGeometries(); p++) {
          Polygon part = (Polygon) district.getGeometryN(p);
          if (part.contains(Geo.GF.createPoint(island))) {
            seeds[i] = Geo.interior(part);
            placed.add(seeds[i]);
          }
        }
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      if (seeds[i] == null) {
        sampler.spread(placed, 1, sampler::uniform);
        seeds[i] = placed.get(placed.size() - 1);
      }
    }
    return List.of(seeds);
  }

  /**
   * Community seeds. In the town-and-country districts the 社区 are drawn first, spread within a
   * compact core disk around the street's own seed (the town centre); villages then spread over
   * the rest of the street, keeping clear of the core.
   */
  private static List<Coordinate> communitySeeds(
      MultiPolygon street, List<CommunityRow> rows, Coordinate centre, boolean rural, Random rnd) {
    SeedSampler sampler = new SeedSampler(street, rnd);
    Coordinate[] seeds = new Coordinate[rows.size()];
    List<Coordinate> placed = new ArrayList<>();
    if (rural) {
      long urban = rows.stream().filter(r -> !r.village()).count();
      double share = (double) urban / rows.size();
      double streetKm2 = Geo.areaKm2(street);
      // A town of a few 社区 among many villages gets a tight core; a street that is mostly
      // 社区 gets a core over most of its area, else the few villages could not fill the rest
      // and the outer 社区 would become long wedges.
      double coreKm2 =
          Math.min(streetKm2, Math.max(urban * 0.5, streetKm2 * (0.05 + 0.6 * share * share)));
      double radiusM = Math.sqrt(coreKm2 * 1e6 / Math.PI);
      for (int i = 0; i < rows.size(); i++) {
        if (!rows.get(i).village()) {
          sampler.spread(placed, 1, () -> sampler.inDisk(centre, radiusM));
          seeds[i] = placed.get(placed.size() - 1);
        }
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      if (seeds[i] == null) {
        sampler.spread(placed, 1, sampler::uniform);
        seeds[i] = placed.get(placed.size() - 1);
      }
    }
    return List.of(seeds);
  }

  private static Polygon homePart(MultiPolygon geom, Coordinate seed) {
    for (int i = 0; i < geom.getNumGeometries(); i++) {
      if (geom.getGeometryN(i).contains(Geo.GF.createPoint(seed))) {
        return (Polygon) geom.getGeometryN(i);
      }
    }
    return (Polygon) geom.getGeometryN(0); // unreachable: every piece contains its seed
  }

  /** The committee office: near {@code interior}, verified to lie inside the community. */
  private static Coordinate officeSite(
      MultiPolygon geom, PreparedGeometry area, Coordinate interior, Random rnd) {
    double maxM = Math.min(150, 0.3 * Math.sqrt(Geo.areaKm2(geom) * 1e6));
    for (int i = 0; i < 20; i++) {
      Coordinate c = Geo.jitter(interior, maxM, rnd);
      if (area.contains(Geo.GF.createPoint(c))) {
        return c;
      }
    }
    return interior;
  }
}
