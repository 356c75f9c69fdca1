package linli.registry.lifecircle;

import java.util.ArrayList;
import java.util.List;
import linli.registry.coverage.CoveredCommunities;

/**
 * Every community's life circles as flags: per level, per required category (in the definition's
 * order), which communities it covers. The per-community answer and the summary are both read from
 * it, so a summary builds no per-community lists.
 */
record LifeCircleTable(List<LifeCircle> levels, List<CoveredCommunities.Community> communities,
    List<List<boolean[]>> covered) {

  int size() {
    return communities.size();
  }

  /** Whether the {@code k}th required category of the {@code l}th level covers community {@code i}. */
  boolean covered(int l, int k, int i) {
    return covered.get(l).get(k)[i];
  }

  /** The communities whose circle of the {@code l}th level is complete. */
  boolean[] complete(int l) {
    boolean[] out = new boolean[size()];
    java.util.Arrays.fill(out, true);
    for (boolean[] category : covered.get(l)) {
      for (int i = 0; i < out.length; i++) {
        out[i] &= category[i];
      }
    }
    return out;
  }

  /** Each community with its circle of each level. */
  List<CommunityCircles> circles() {
    List<CommunityCircles> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      List<CircleResult> circles = new ArrayList<>(levels.size());
      for (int l = 0; l < levels.size(); l++) {
        LifeCircle level = levels.get(l);
        List<String> reachable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < level.categories().size(); k++) {
          (covered(l, k, i) ? reachable : missing).add(level.categories().get(k));
        }
        circles.add(LifeCircleAnalyzer.result(level.level(), reachable, missing));
      }
      CoveredCommunities.Community c = communities.get(i);
      out.add(new CommunityCircles(c.code(), c.name(), c.districtCode(), c.district(), c.streetCode(), c.street(),
          c.population(), circles));
    }
    return out;
  }

  /** The flags of communities' circles (each carrying a circle of every level). */
  static LifeCircleTable of(List<LifeCircle> levels, List<CommunityCircles> circles) {
    List<CoveredCommunities.Community> communities = circles.stream().map(c -> new CoveredCommunities.Community(
        c.code(), c.name(), c.districtCode(), c.district(), c.streetCode(), c.street(), c.population())).toList();
    List<List<boolean[]>> covered = new ArrayList<>();
    for (LifeCircle level : levels) {
      List<boolean[]> byCategory = new ArrayList<>();
      for (String category : level.categories()) {
        boolean[] flags = new boolean[circles.size()];
        for (int i = 0; i < flags.length; i++) {
          flags[i] = circles.get(i).circle(level.level()).reachable().contains(category);
        }
        byCategory.add(flags);
      }
      covered.add(byCategory);
    }
    return new LifeCircleTable(levels, communities, covered);
  }
}
