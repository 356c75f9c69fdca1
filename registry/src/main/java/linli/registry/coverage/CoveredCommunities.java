package linli.registry.coverage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The communities of one scope, in code order, and per question asked of them (in the order asked)
 * whether each has a facility within the question's distance: all a life circle needs of coverage,
 * without the nearest distances and per-community records of a coverage answer.
 */
public record CoveredCommunities(List<Community> communities, List<boolean[]> covered) {
  public CoveredCommunities {
    communities = List.copyOf(communities);
    covered = List.copyOf(covered);
  }

  /** A community as an area summary counts it. */
  public record Community(String code, String name, String districtCode, String district, String streetCode,
      String street, long population) {}

  /** The positions of the anchors (in code order) in a district (null: all of them), and their communities. */
  record Scope(int[] selected, List<Community> communities) {
    static Scope of(List<NetworkCoverage.Anchor> anchors, String district) {
      int[] selected = java.util.stream.IntStream.range(0, anchors.size())
          .filter(i -> StraightCoverage.inDistrict(anchors.get(i), district)).toArray();
      List<Community> communities = new ArrayList<>(selected.length);
      for (int i : selected) {
        NetworkCoverage.Anchor a = anchors.get(i);
        communities.add(new Community(a.code(), a.name(), a.districtCode(), a.district(), a.streetCode(), a.street(),
            a.population()));
      }
      return new Scope(selected, communities);
    }
  }

  /** Read from coverage answers (one per question, in the order of {@code queries}), which may list the communities in any order. */
  static CoveredCommunities of(List<CoverageQuery> queries, Map<CoverageQuery, List<CommunityCoverage>> answers) {
    Map<String, CommunityCoverage> byCode = new HashMap<>();
    for (CoverageQuery q : queries) {
      for (CommunityCoverage c : answers.get(q)) {
        byCode.putIfAbsent(c.code(), c);
      }
    }
    List<CommunityCoverage> ordered = byCode.values().stream().sorted(Comparator.comparing(CommunityCoverage::code))
        .toList();
    Map<String, Integer> position = new HashMap<>();
    List<Community> communities = new ArrayList<>(ordered.size());
    for (CommunityCoverage c : ordered) {
      position.put(c.code(), communities.size());
      communities.add(new Community(c.code(), c.name(), c.districtCode(), c.district(), c.streetCode(), c.street(),
          c.population()));
    }
    List<boolean[]> covered = new ArrayList<>(queries.size());
    for (CoverageQuery q : queries) {
      boolean[] flags = new boolean[communities.size()];
      for (CommunityCoverage c : answers.get(q)) {
        flags[position.get(c.code())] = c.covered();
      }
      covered.add(flags);
    }
    return new CoveredCommunities(communities, covered);
  }
}
