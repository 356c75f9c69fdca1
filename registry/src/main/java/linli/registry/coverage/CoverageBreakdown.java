package linli.registry.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Coverage per district and per street: the same counts as the whole report, grouped, by code. */
final class CoverageBreakdown {
  private CoverageBreakdown() {}

  static List<CoverageReport.District> byDistrict(List<CommunityCoverage> communities) {
    List<CoverageReport.District> out = new ArrayList<>();
    for (List<CommunityCoverage> group : grouped(communities, CommunityCoverage::districtCode).values()) {
      CommunityCoverage first = group.get(0);
      CoverageSummary s = summary(group);
      out.add(new CoverageReport.District(first.districtCode(), first.district(), s.communities(), s.population()));
    }
    return out;
  }

  static List<CoverageReport.Street> byStreet(List<CommunityCoverage> communities) {
    List<CoverageReport.Street> out = new ArrayList<>();
    for (List<CommunityCoverage> group : grouped(communities, CommunityCoverage::streetCode).values()) {
      CommunityCoverage first = group.get(0);
      CoverageSummary s = summary(group);
      out.add(new CoverageReport.Street(first.streetCode(), first.street(), first.districtCode(), s.communities(), s.population()));
    }
    return out;
  }

  private static Map<String, List<CommunityCoverage>> grouped(List<CommunityCoverage> communities,
      Function<CommunityCoverage, String> key) {
    Map<String, List<CommunityCoverage>> groups = new TreeMap<>();
    for (CommunityCoverage c : communities) {
      groups.computeIfAbsent(String.valueOf(key.apply(c)), k -> new ArrayList<>()).add(c);
    }
    return groups;
  }

  private static CoverageSummary summary(List<CommunityCoverage> group) {
    return CoverageSummary.of(group, CommunityCoverage::population, CommunityCoverage::covered);
  }
}
