package linli.registry.lifecircle;

import java.util.List;

/** A community and its life circles, one per level asked (5, 10, 15 in that order). */
public record CommunityCircles(
    String code,
    String name,
    String districtCode,
    String district,
    String streetCode,
    String street,
    long population,
    List<CircleResult> circles) {
  public CommunityCircles {
    circles = List.copyOf(circles);
  }

  public CircleResult circle(int level) {
    // A plain loop: the per-community GeoJSON asks this for every community and level.
    for (CircleResult c : circles) {
      if (c.level() == level) {
        return c;
      }
    }
    throw new java.util.NoSuchElementException("no circle of level " + level);
  }
}
