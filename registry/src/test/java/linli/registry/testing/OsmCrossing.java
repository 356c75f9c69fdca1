package linli.registry.testing;

import static linli.registry.testing.FixtureCity.anchor;
import static linli.registry.testing.FixtureCity.offset;
import static linli.registry.testing.FixtureCity.point;

import java.nio.file.Path;
import org.locationtech.jts.geom.Point;

/**
 * An OpenStreetMap file over {@link FixtureCity}: footway 1 runs west to east through the offices
 * of communities 0, 1 and 2 (nodes A, M, X, P, C); footway 2 runs south to north through X, from
 * shelter b (650 m south of office 1) to 650 m north of it. Left out on import: a motorway from C
 * straight to shelter b (a shortcut, were it walkable), a foot=no residential from M, a footway
 * from P to a node the file lacks, and an area=yes pedestrian triangle at P.
 */
public final class OsmCrossing {
  public static final long FOOTWAY_EAST = 1;
  public static final long FOOTWAY_NORTH = 2;
  public static final long MOTORWAY = 3;
  public static final long NO_FOOT_RESIDENTIAL = 4;
  public static final long MISSING_NODE = 5;
  public static final long AREA = 6;

  private OsmCrossing() {}

  /** The junction of the two footways: office 1. */
  public static Point junction() {
    return anchor(1);
  }

  public static Path pbf(Path dir, String name) throws Exception {
    Point m = between(anchor(0), anchor(1));
    Point p = between(anchor(1), anchor(2));
    return new Osmium()
        .node(1, anchor(0)).node(2, m).node(3, anchor(1)).node(4, p).node(5, anchor(2))
        .node(6, offset(anchor(1), 180, 650)).node(7, offset(anchor(1), 0, 650))
        .node(8, offset(m, 0, 500)).node(9, offset(p, 45, 100)).node(10, offset(p, 315, 100))
        .way(FOOTWAY_EAST, new long[] {1, 2, 3, 4, 5}, "highway", "footway")
        .way(FOOTWAY_NORTH, new long[] {6, 3, 7}, "highway", "footway")
        .way(MOTORWAY, new long[] {5, 6}, "highway", "motorway")
        .way(NO_FOOT_RESIDENTIAL, new long[] {2, 8}, "highway", "residential", "foot", "no")
        .way(MISSING_NODE, new long[] {4, 99}, "highway", "footway")
        .way(AREA, new long[] {4, 9, 10, 4}, "highway", "pedestrian", "area", "yes")
        .pbf(dir, name);
  }

  private static Point between(Point a, Point b) {
    return point((a.getX() + b.getX()) / 2, (a.getY() + b.getY()) / 2);
  }
}
