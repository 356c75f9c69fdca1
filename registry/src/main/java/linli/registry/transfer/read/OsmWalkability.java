package linli.registry.transfer.read;

import java.util.Map;
import java.util.Set;

/**
 * Which OpenStreetMap ways a person may walk along, from their tags: the table in docs/IMPORT.md
 * ("OpenStreetMap roads"). Only these ways are imported; everything else is left out, since the
 * coverage engine walks on {@code road.walkable} rows only and a road that nobody walks on would
 * only make the table larger.
 */
final class OsmWalkability {
  /** Walkable unless the access tags say otherwise. */
  static final Set<String> WALKABLE = Set.of(
      "footway", "pedestrian", "path", "steps", "corridor", "platform", "bridleway", "cycleway",
      "living_street", "residential", "service", "unclassified", "road", "track",
      "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link");

  /** Built for motor traffic only: walkable only where foot= explicitly allows it. */
  static final Set<String> MOTOR_ONLY = Set.of("motorway", "motorway_link", "trunk", "trunk_link");

  /** foot= values that allow walking whatever highway= and access= say. */
  static final Set<String> FOOT_ALLOWED = Set.of("yes", "designated", "permissive");

  /** foot= values that forbid it; use_sidepath: walkers must take the separately mapped sidewalk. */
  static final Set<String> FOOT_FORBIDDEN = Set.of("no", "private", "use_sidepath");

  /** access= values that forbid everyone, walkers too, unless foot= allows them. */
  static final Set<String> ACCESS_FORBIDDEN = Set.of("no", "private");

  private OsmWalkability() {}

  /** Whether a way with these tags is imported as a walkable road. */
  static boolean walkable(Map<String, String> tags) {
    String highway = tags.get("highway");
    if (highway == null || "yes".equals(tags.get("area"))) {
      return false; // an area's outline (a square, a car park) is no line to walk along
    }
    // "" for an absent tag: Set.of's sets refuse to look up null
    String foot = tags.getOrDefault("foot", "");
    boolean footAllowed = FOOT_ALLOWED.contains(foot);
    if (MOTOR_ONLY.contains(highway)) {
      return footAllowed;
    }
    if (!WALKABLE.contains(highway)) {
      return false; // proposed, construction, raceway, bus_guideway, ... and values this table does not know
    }
    if (footAllowed) {
      return true;
    }
    return !FOOT_FORBIDDEN.contains(foot) && !ACCESS_FORBIDDEN.contains(tags.getOrDefault("access", ""));
  }
}
