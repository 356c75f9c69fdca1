package linli.registry.lifecircle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import linli.registry.coverage.CoveredCommunities;

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
    return of(mode, LifeCircleTable.of(levels, communities));
  }

  /** From the flags, in one pass over the communities per level (no per-community lists). */
  static LifeCircleSummary of(String mode, LifeCircleTable table) {
    List<LifeCircle> levels = table.levels();
    boolean[][] complete = new boolean[levels.size()][];
    for (int l = 0; l < levels.size(); l++) {
      complete[l] = table.complete(l);
    }
    Tally city = new Tally(null, null, null, levels.size());
    // Hashed while counting, ordered by code once at the end (a tree compared codes twice per community).
    Map<String, Tally> districts = new HashMap<>();
    Map<String, Tally> streets = new HashMap<>();
    for (int i = 0; i < table.size(); i++) {
      CoveredCommunities.Community c = table.communities().get(i);
      city.add(c, complete, i);
      districts.computeIfAbsent(String.valueOf(c.districtCode()), k -> new Tally(k, c.district(), null, levels.size()))
          .add(c, complete, i);
      streets.computeIfAbsent(String.valueOf(c.streetCode()),
          k -> new Tally(k, c.street(), c.districtCode(), levels.size())).add(c, complete, i);
    }
    return new LifeCircleSummary(mode, levels, city.area(levels), areas(districts, levels), areas(streets, levels),
        mostMissing(table));
  }

  private static List<Area> areas(Map<String, Tally> byCode, List<LifeCircle> levels) {
    return new TreeMap<>(byCode).values().stream().map(t -> t.area(levels)).toList();
  }

  /** An area's communities, residents and, per level, those with a complete circle, as counted so far. */
  private static final class Tally {
    private final String code;
    private final String name;
    private final String districtCode;
    private int communities;
    private long population;
    private final int[] completeCommunities;
    private final long[] completePopulation;

    Tally(String code, String name, String districtCode, int levels) {
      this.code = code;
      this.name = name;
      this.districtCode = districtCode;
      this.completeCommunities = new int[levels];
      this.completePopulation = new long[levels];
    }

    void add(CoveredCommunities.Community c, boolean[][] complete, int i) {
      communities++;
      population += c.population();
      for (int l = 0; l < complete.length; l++) {
        if (complete[l][i]) {
          completeCommunities[l]++;
          completePopulation[l] += c.population();
        }
      }
    }

    Area area(List<LifeCircle> levels) {
      List<LevelShare> shares = new ArrayList<>(levels.size());
      for (int l = 0; l < levels.size(); l++) {
        shares.add(new LevelShare(levels.get(l).level(), completeCommunities[l], completePopulation[l],
            share(completePopulation[l], population)));
      }
      return new Area(code, name, districtCode, communities, population, shares);
    }
  }

  private static List<Missing> mostMissing(LifeCircleTable table) {
    List<Missing> out = new ArrayList<>();
    for (int l = 0; l < table.levels().size(); l++) {
      LifeCircle level = table.levels().get(l);
      for (int k = 0; k < level.categories().size(); k++) {
        int communities = 0;
        long people = 0;
        for (int i = 0; i < table.size(); i++) {
          if (!table.covered(l, k, i)) {
            communities++;
            people += table.communities().get(i).population();
          }
        }
        out.add(new Missing(level.level(), level.categories().get(k), communities, people));
      }
    }
    out.sort(Comparator.comparingLong(Missing::population).reversed().thenComparingInt(Missing::level)
        .thenComparing(Missing::category));
    return out;
  }

  static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }
}
