package linli.registry.coverage;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The capacity part of GET /api/coverage for the selected communities: who is covered but
 * overcrowded (access below one place per resident), and every facility serving them with its
 * ratio, most crowded first.
 */
public record CapacitySummary(
    String supply,
    Facilities facilities,
    double places,
    Population population,
    int communitiesOvercrowded,
    List<Overcrowded> overcrowded,
    List<Capacity.FacilityRatio> facilityRatios) {

  public record Facilities(int total, int withoutSupply) {}

  /** Residents of covered communities, of those with access below 1, and that share of the covered. */
  public record Population(long covered, long overcrowded, double overcrowdedShare) {}

  public record Overcrowded(String code, String name, String district, long population, double access) {}

  public static CapacitySummary of(Capacity capacity, List<CommunityCoverage> selected, boolean wholeCity) {
    Set<String> codes = new HashSet<>();
    long covered = 0;
    long crowded = 0;
    for (CommunityCoverage c : selected) {
      codes.add(c.code());
      if (c.covered()) {
        covered += c.population();
      }
      if (capacity.overcrowded(c)) {
        crowded += c.population();
      }
    }
    List<Overcrowded> overcrowded = selected.stream()
        .filter(capacity::overcrowded)
        .sorted(Comparator.comparingLong(CommunityCoverage::population).reversed().thenComparing(CommunityCoverage::code))
        .map(c -> new Overcrowded(c.code(), c.name(), c.district(), c.population(),
            round(capacity.access().getOrDefault(c.code(), 0.0))))
        .toList();
    // With a district, the facilities that serve at least one of its communities (wherever they stand).
    List<Capacity.FacilityRatio> serving = capacity.facilities().stream()
        .filter(f -> wholeCity || capacity.catchments().getOrDefault(f.id(), List.of()).stream().anyMatch(codes::contains))
        .sorted(Comparator.comparing((Capacity.FacilityRatio f) -> f.ratio() == null ? Double.POSITIVE_INFINITY : f.ratio())
            .thenComparingLong(Capacity.FacilityRatio::id))
        .toList();
    double places = serving.stream().mapToDouble(f -> f.supply() == null ? 0 : f.supply()).sum();
    int withoutSupply = (int) serving.stream().filter(f -> f.supply() == null).count();
    double share = covered == 0 ? 0 : Math.round(crowded * 10_000.0 / covered) / 10_000.0;
    return new CapacitySummary(capacity.rule().describe(), new Facilities(serving.size(), withoutSupply), places,
        new Population(covered, crowded, share), overcrowded.size(), overcrowded, serving);
  }

  /** Places per resident as reported: 4 decimals (decisions use the unrounded value). */
  static double round(double access) {
    return Math.round(access * 10_000.0) / 10_000.0;
  }
}
