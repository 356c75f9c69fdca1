package linli.registry.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linli.registry.city.CityData;
import linli.registry.testing.FixtureCity;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;

/**
 * A randomised city for oracle tests: two districts, six streets, communities at random offices
 * (some with nobody living there), shelters with a capacity, only an area, or neither, and for a few
 * shelters communities placed exactly at, 1 cm inside and 1 cm outside the distance.
 */
public final class RandomCity {
  public static final String CATEGORY = "emergency_shelter";

  private RandomCity() {}

  /**
   * Communities and shelters scattered over [lon0, lon0 + width] x [lat0, lat0 + height] degrees;
   * {@code part} numbers the districts (3702xx), so several such cities can be loaded side by side.
   */
  public static CityData build(long seed, int part, int communities, int shelters, double distance, double lon0, double lat0,
      double width, double height, List<LineString> roads) {
    Random random = new Random(seed);
    MultiPolygon west = box(lon0 - 0.05, lat0 - 0.05, lon0 + width / 2, lat0 + height + 0.05);
    MultiPolygon east = box(lon0 + width / 2, lat0 - 0.05, lon0 + width + 0.05, lat0 + height + 0.05);
    String westCode = "3702" + (11 + 2 * part);
    String eastCode = "3702" + (12 + 2 * part);
    List<CityData.District> districts = List.of(new CityData.District(westCode, "西区" + part, west),
        new CityData.District(eastCode, "东区" + part, east));
    List<CityData.Street> streets = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      String district = s < 3 ? westCode : eastCode;
      streets.add(new CityData.Street(district + "00" + (s + 1), "街道" + s, "街道", district, s < 3 ? west : east));
    }
    List<Point> shelterPoints = new ArrayList<>();
    List<CityData.Facility> facilities = new ArrayList<>();
    for (int j = 0; j < shelters; j++) {
      Point p = FixtureCity.point(lon0 + random.nextDouble() * width, lat0 + random.nextDouble() * height);
      shelterPoints.add(p);
      double kind = random.nextDouble();
      Integer capacity = kind < 0.5 ? 200 + random.nextInt(25_000) : null;
      Double area = kind < 0.3 ? null : kind < 0.9 ? 100 + random.nextDouble() * 30_000 : null;
      String status = random.nextInt(6) == 0 ? "closed" : "open";
      facilities.add(new CityData.Facility(CATEGORY, "避难场所" + j, null, status, capacity, area, null, null, "random",
          part + "-" + j, p));
    }
    List<Point> offices = new ArrayList<>();
    for (int i = 0; i < communities; i++) {
      offices.add(FixtureCity.point(lon0 + random.nextDouble() * width, lat0 + random.nextDouble() * height));
    }
    // On, just inside and just outside the distance of the first few shelters.
    for (int j = 0; j < Math.min(4, shelters); j++) {
      double azimuth = random.nextDouble() * 360;
      for (double metres : new double[] {distance, distance - 0.01, distance + 0.01}) {
        offices.add(FixtureCity.offset(shelterPoints.get(j), azimuth, metres));
        azimuth += 120;
      }
    }
    List<CityData.Community> out = new ArrayList<>();
    for (int i = 0; i < offices.size(); i++) {
      Point office = offices.get(i);
      boolean westSide = office.getX() < lon0 + width / 2;
      String street = streets.get((westSide ? 0 : 3) + random.nextInt(3)).code();
      int population = random.nextInt(10) == 0 ? 0 : 100 + random.nextInt(4000);
      double half = 0.0004;
      out.add(new CityData.Community(street + String.format("%03d", i + 1), "社区" + i,
          "community", street, population, 3, false, office,
          box(office.getX() - half, office.getY() - half, office.getX() + half, office.getY() + half)));
    }
    List<CityData.Road> roadRows = roads.stream()
        .map(r -> new CityData.Road("residential", true, FixtureCity.GEOMETRY.createLineString(r.getCoordinates())))
        .toList();
    return new CityData(districts, streets, out, facilities, roadRows);
  }

  /** Several cities as one, to be loaded at once. */
  public static CityData merge(List<CityData> cities) {
    List<CityData.District> d = new ArrayList<>();
    List<CityData.Street> s = new ArrayList<>();
    List<CityData.Community> c = new ArrayList<>();
    List<CityData.Facility> f = new ArrayList<>();
    List<CityData.Road> r = new ArrayList<>();
    for (CityData city : cities) {
      d.addAll(city.districts());
      s.addAll(city.streets());
      c.addAll(city.communities());
      f.addAll(city.facilities());
      r.addAll(city.roads());
    }
    return new CityData(d, s, c, f, r);
  }

  private static MultiPolygon box(double x0, double y0, double x1, double y1) {
    Coordinate[] ring = {new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1), new Coordinate(x0, y1),
        new Coordinate(x0, y0)};
    MultiPolygon mp = FixtureCity.GEOMETRY.createMultiPolygon(
        new org.locationtech.jts.geom.Polygon[] {FixtureCity.GEOMETRY.createPolygon(ring)});
    mp.setSRID(4490);
    return mp;
  }
}
