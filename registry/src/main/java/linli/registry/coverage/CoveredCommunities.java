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
