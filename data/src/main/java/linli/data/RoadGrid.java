package linli.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import linli.registry.city.CityData.District;
import linli.registry.city.CityData.Road;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * A synthetic walkable network: per district a jittered square grid whose spacing follows
 * density, plus short connectors where two districts' grids meet (so walking distance does not
 * stop at district lines) and access roads to committee offices the grid misses. Segments are
 * 2-point lines sharing exact end coordinates at nodes.
 */
final class RoadGrid {
  static final double DROP_RATE = 0.08;
  static final double MOTORWAY_RATE = 0.02;
  private static final double MIN_PART_KM2 = 3.0;
  static final double ACCESS_M = 400;

  private record Node(int id, int district, Coordinate c) {}

  /** Grid spacing in metres: dense core, suburban 崂山/城阳, then countryside. */
  static double spacingM(String districtCode) {
    return switch (districtCode) {
      case "370202", "370203", "370213" -> 300;
      case "370212", "370214" -> 600;
      default -> 1_200;
    };
  }

  /**
   * {@code districts} sorted by code; {@code places} (by community code) get an access road from
   * their office to the grid when the grid passes farther than {@link #ACCESS_M} away.
   */
  static List<Road> build(List<District> districts, List<FacilityPlanter.Place> places, Random rnd) {
    RoadGrid g = new RoadGrid(rnd);
    for (int d = 0; d < districts.size(); d++) {
      District district = districts.get(d);
      double s = spacingM(district.code());
      for (int p = 0; p < district.geom().getNumGeometries(); p++) {
        Polygon part = (Polygon) district.geom().getGeometryN(p);
        double km2 = Geo.areaKm2(part);
        // Islets get no roads (no community seed lands there); islands like 灵山岛 get a finer grid so a
        // coarse rural grid does not miss them.
        if (km2 >= MIN_PART_KM2) {
          g.grid(part, d, km2 >= 50 ? s : Math.min(s, 300), s);
        }
      }
    }
    g.roads.addAll(connectors(districts, g.border, g.index));
    g.roads.addAll(g.access(districts, places));
    return List.copyOf(g.roads);
  }

  private final Random rnd;
  private final List<Road> roads = new ArrayList<>();
  private final List<Node> border = new ArrayList<>();
  private final STRtree index = new STRtree();
  private int nextId;

  private RoadGrid(Random rnd) {
    this.rnd = rnd;
  }

  /** A jittered grid over one polygon; {@code classSpacing} (the district's) sets road classes. */
  private void grid(Polygon part, int district, double s, double classSpacing) {
    PreparedGeometry area = PreparedGeometryFactory.prepare(part);
    double dx = Geo.metersToLon(s);
    double dy = Geo.metersToLat(s);
    Envelope env = part.getEnvelopeInternal();
    int nx = (int) Math.ceil(env.getWidth() / dx) + 2;
    int ny = (int) Math.ceil(env.getHeight() / dy) + 2;
    double x0 = env.getMinX() - rnd.nextDouble() * dx;
    double y0 = env.getMinY() - rnd.nextDouble() * dy;

    Node[][] grid = new Node[nx][ny];
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        // Jitter up to 20% of the spacing, drawn for every slot to keep the stream simple.
        double x = x0 + (i + 0.4 * (rnd.nextDouble() - 0.5)) * dx;
        double y = y0 + (j + 0.4 * (rnd.nextDouble() - 0.5)) * dy;
        Coordinate c = new Coordinate(x, y);
        if (area.contains(Geo.GF.createPoint(c))) {
          grid[i][j] = new Node(nextId++, district, c);
          index.insert(new Envelope(c), grid[i][j]);
        }
      }
    }
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        Node a = grid[i][j];
        if (a == null) {
          continue;
        }
        boolean edge = false;
        for (int[] o : new int[][] {{1, 0}, {0, 1}, {-1, 0}, {0, -1}}) {
          int ii = i + o[0];
          int jj = j + o[1];
          Node b = ii >= 0 && jj >= 0 && ii < nx && jj < ny ? grid[ii][jj] : null;
          edge |= b == null;
          // Each undirected edge once (right and up neighbours); no road across the sea.
          if (b != null && (o[0] == 1 || o[1] == 1)) {
            LineString line = line(a.c(), b.c());
            if (area.covers(line) && rnd.nextDouble() >= DROP_RATE) {
              roads.add(road(line, classSpacing, rnd));
            }
          }
        }
        if (edge) {
          border.add(a);
        }
      }
    }
  }

  /**
   * Access roads: a committee office on a coastal fringe or where edges were dropped can sit far
   * from the grid; link it to the nearest grid node reachable over land, so every office is on
   * the walkable network.
   */
  private List<Road> access(List<District> districts, List<FacilityPlanter.Place> places) {
    STRtree walkable = new STRtree();
    roads.stream().filter(Road::walkable).forEach(r -> walkable.insert(r.geom().getEnvelopeInternal(), r));
    Map<String, Integer> districtIndex = new TreeMap<>();
    Map<Integer, PreparedGeometry> land = new TreeMap<>();
    for (int d = 0; d < districts.size(); d++) {
      districtIndex.put(districts.get(d).code(), d);
    }
    List<Road> out = new ArrayList<>();
    for (FacilityPlanter.Place p : places) {
      Coordinate a = p.anchor();
      if (nearestM(walkable, a, ACCESS_M) <= ACCESS_M) {
        continue;
      }
      int d = districtIndex.get(p.row().districtCode());
      PreparedGeometry area =
          land.computeIfAbsent(d, k -> PreparedGeometryFactory.prepare(districts.get(k).geom()));
      Envelope query = new Envelope(a);
      query.expandBy(Geo.metersToLon(3_000), Geo.metersToLat(3_000));
      List<Node> near = new ArrayList<>();
      for (Object o : index.query(query)) {
        near.add((Node) o);
      }
      near.sort(Comparator.<Node>comparingDouble(n -> Geo.distanceM(a, n.c())).thenComparingInt(Node::id));
      for (Node n : near.subList(0, Math.min(10, near.size()))) {
        LineString line = line(a, n.c());
        if (area.covers(line)) {
          boolean urban = spacingM(districts.get(d).code()) <= 600;
          out.add(new Road(urban ? "residential" : "unclassified", true, line, FacilityPlanter.SOURCE));
          break;
        }
      }
    }
    return out;
  }

  /** Distance in metres to the nearest segment in {@code tree}, searching {@code radiusM}. */
  static double nearestM(STRtree tree, Coordinate p, double radiusM) {
    Envelope e = new Envelope(p);
    e.expandBy(Geo.metersToLon(radiusM), Geo.metersToLat(radiusM));
    double best = Double.MAX_VALUE;
    for (Object o : tree.query(e)) {
      Coordinate[] cs = ((Road) o).geom().getCoordinates();
      best = Math.min(best, segmentDistanceM(p, cs[0], cs[1]));
    }
    return best;
  }

  /** Point-to-segment distance in the local metric approximation. */
  static double segmentDistanceM(Coordinate p, Coordinate a, Coordinate b) {
    double ax = (a.x - p.x) * Geo.M_PER_DEG_LON;
    double ay = (a.y - p.y) * Geo.M_PER_DEG_LAT;
    double dx = (b.x - p.x) * Geo.M_PER_DEG_LON - ax;
    double dy = (b.y - p.y) * Geo.M_PER_DEG_LAT - ay;
    double len2 = dx * dx + dy * dy;
    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    return Math.hypot(ax + t * dx, ay + t * dy);
  }

  private static Road road(LineString line, double spacing, Random rnd) {
    if (rnd.nextDouble() < MOTORWAY_RATE) {
      return new Road("motorway", false, line, FacilityPlanter.SOURCE);
    }
    String highway;
    if (spacing <= 300) {
      highway = "residential";
    } else if (spacing <= 600) {
      highway = rnd.nextDouble() < 0.5 ? "residential" : "unclassified";
    } else {
      highway = rnd.nextDouble() < 0.55 ? "unclassified" : "track";
    }
    return new Road(highway, true, line, FacilityPlanter.SOURCE);
  }

  /**
   * Links each grid-border node to the nearest node of a neighbouring district when that is no
   * farther than the coarser of the two spacings and the link stays on land (both districts,
   * with 100 m slack for the generalised shared boundary).
   */
  private static List<Road> connectors(List<District> districts, List<Node> border, STRtree index) {
    Map<String, PreparedGeometry> landOfPair = new TreeMap<>();
    TreeSet<Long> seen = new TreeSet<>();
    List<Road> out = new ArrayList<>();
    for (Node a : border) {
      double reach = 1_200;
      Envelope query = new Envelope(a.c());
      query.expandBy(Geo.metersToLon(reach), Geo.metersToLat(reach));
      Node best = null;
      double bestD = Double.MAX_VALUE;
      for (Object o : index.query(query)) {
        Node b = (Node) o;
        if (b.district() == a.district()) {
          continue;
        }
        double limit =
            Math.max(
                spacingM(districts.get(a.district()).code()),
                spacingM(districts.get(b.district()).code()));
        double dist = Geo.distanceM(a.c(), b.c());
        if (dist <= limit && (dist < bestD || (dist == bestD && b.id() < best.id()))) {
          best = b;
          bestD = dist;
        }
      }
      if (best == null) {
        continue;
      }
      long key = (long) Math.min(a.id(), best.id()) << 32 | Math.max(a.id(), best.id());
      if (!seen.add(key)) {
        continue;
      }
      int lo = Math.min(a.district(), best.district());
      int hi = Math.max(a.district(), best.district());
      PreparedGeometry land =
          landOfPair.computeIfAbsent(
              lo + "-" + hi,
              k -> {
                Geometry u =
                    OverlayNGRobust.union(
                        List.of(districts.get(lo).geom(), districts.get(hi).geom()));
                return PreparedGeometryFactory.prepare(u.buffer(Geo.metersToLat(100)));
              });
      LineString line = line(a.c(), best.c());
      if (land.covers(line)) {
        boolean urban =
            spacingM(districts.get(lo).code()) <= 600 && spacingM(districts.get(hi).code()) <= 600;
        out.add(new Road(urban ? "residential" : "unclassified", true, line, FacilityPlanter.SOURCE));
      }
    }
    return out;
  }

  private static LineString line(Coordinate a, Coordinate b) {
    return Geo.GF.createLineString(
        new Coordinate[] {new Coordinate(a.x, a.y), new Coordinate(b.x, b.y)});
  }
}
