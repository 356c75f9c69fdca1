package linli.data;

import java.util.ArrayList;
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
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * A synthetic walkable network: per district a jittered square grid whose spacing follows
 * density, plus short connectors where two districts' grids meet, so walking distance does not
 * stop at district lines. Segments are 2-point lines sharing exact end coordinates at nodes.
 */
final class RoadGrid {
  static final double DROP_RATE = 0.08;
  static final double MOTORWAY_RATE = 0.02;

  private record Node(int id, int district, Coordinate c) {}

  private RoadGrid() {}

  /** Grid spacing in metres: dense core, suburban 崂山/城阳, then countryside. */
  static double spacingM(String districtCode) {
    return switch (districtCode) {
      case "370202", "370203", "370213" -> 300;
      case "370212", "370214" -> 600;
      default -> 1_200;
    };
  }

  /** {@code districts} sorted by code. */
  static List<Road> build(List<District> districts, Random rnd) {
    List<Road> roads = new ArrayList<>();
    List<Node> border = new ArrayList<>();
    STRtree index = new STRtree();
    int nextId = 0;
    for (int d = 0; d < districts.size(); d++) {
      District district = districts.get(d);
      PreparedGeometry area = PreparedGeometryFactory.prepare(district.geom());
      double s = spacingM(district.code());
      double dx = Geo.metersToLon(s);
      double dy = Geo.metersToLat(s);
      Envelope env = district.geom().getEnvelopeInternal();
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
            grid[i][j] = new Node(nextId++, d, c);
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
                roads.add(road(line, s, rnd));
              }
            }
          }
          if (edge) {
            border.add(a);
          }
        }
      }
    }
    roads.addAll(connectors(districts, border, index));
    return List.copyOf(roads);
  }

  private static Road road(LineString line, double spacing, Random rnd) {
    if (rnd.nextDouble() < MOTORWAY_RATE) {
      return new Road("motorway", false, line);
    }
    String highway;
    if (spacing <= 300) {
      highway = "residential";
    } else if (spacing <= 600) {
      highway = rnd.nextDouble() < 0.5 ? "residential" : "unclassified";
    } else {
      highway = rnd.nextDouble() < 0.55 ? "unclassified" : "track";
    }
    return new Road(highway, true, line);
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
        out.add(new Road(urban ? "residential" : "unclassified", true, line));
      }
    }
    return out;
  }

  private static LineString line(Coordinate a, Coordinate b) {
    return Geo.GF.createLineString(
        new Coordinate[] {new Coordinate(a.x, a.y), new Coordinate(b.x, b.y)});
  }
}
