package linli.registry.lifecircle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Life circles by area: for the city, each district and each street, per level the communities and
 * residents whose circle is complete and their share of the residents; then, per level, the required
 * categories by how many residents miss them (most first), which is what a plan should add first.
 */
public record LifeCircleSummary(
    String mode, List<LifeCircle> levels, Area city, List<Area> byDistrict, List<Area> byStreet,
    List<Missing> mostMissing) {

  /** An area's residents and, per level, how many of them have a complete circle. */
  public record Area(String code, String name, String districtCode, int communities, long population,
      List<LevelShare> circles) {}

  /** {@code share} is the complete population over the area's population, 4 decimals (0 for no residents). */
  public record LevelShare(int level, int communitiesComplete, long populationComplete, double share) {}

  /** A required category of a level and the communities (and their residents) whose circle lacks it. */
  public record Missing(int level, String category, int communities, long population) {}

  public static LifeCircleSummary of(String mode, List<LifeCircle> levels, List<CommunityCircles> communities) {
    List<Area> districts = new ArrayList<>();
    grouped(communities, CommunityCircles::districtCode).forEach((code, group) ->
        districts.add(area(code, group.get(0).district(), null, group, levels)));
    List<Area> streets = new ArrayList<>();
    grouped(communities, CommunityCircles::streetCode).forEach((code, group) ->
        streets.add(area(code, group.get(0).street(), group.get(0).districtCode(), group, levels)));
    return new LifeCircleSummary(mode, levels, area(null, null, null, communities, levels), districts, streets,
        mostMissing(levels, communities));
  }

  private static Area area(String code, String name, String districtCode, List<CommunityCircles> group,
      List<LifeCircle> levels) {
    long population = group.stream().mapToLong(CommunityCircles::population).sum();
    List<LevelShare> shares = new ArrayList<>();
    for (LifeCircle level : levels) {
      int count = 0;
      long people = 0;
      for (CommunityCircles c : group) {
        if (c.circle(level.level()).complete()) {
          count++;
          people += c.population();
        }
      }
      shares.add(new LevelShare(level.level(), count, people, share(people, population)));
    }
    return new Area(code, name, districtCode, group.size(), population, shares);
  }

  private static List<Missing> mostMissing(List<LifeCircle> levels, List<CommunityCircles> communities) {
    List<Missing> out = new ArrayList<>();
    for (LifeCircle level : levels) {
      // One pass over the communities per level, counting what each one misses ({count, people} per category).
      Map<String, long[]> counts = new LinkedHashMap<>();
      level.categories().forEach(category -> counts.put(category, new long[2]));
      for (CommunityCircles c : communities) {
        for (String category : c.circle(level.level()).missing()) {
          long[] n = counts.get(category);
          n[0]++;
          n[1] += c.population();
        }
      }
      counts.forEach((category, n) -> out.add(new Missing(level.level(), category, (int) n[0], n[1])));
    }
    out.sort(Comparator.comparingLong(Missing::population).reversed().thenComparingInt(Missing::level)
        .thenComparing(Missing::category));
    return out;
  }

  static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }

  private static Map<String, List<CommunityCircles>> grouped(List<CommunityCircles> communities,
      Function<CommunityCircles, String> key) {
    Map<String, List<CommunityCircles>> groups = new TreeMap<>();
    for (CommunityCircles c : communities) {
      groups.computeIfAbsent(String.valueOf(key.apply(c)), k -> new ArrayList<>()).add(c);
    }
    return groups;
  }
}
