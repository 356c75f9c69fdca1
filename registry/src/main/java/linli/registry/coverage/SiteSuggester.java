package linli.registry.coverage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Where {@code k} new facilities would cover the most residents: greedy maximal covering over
 * candidate sites (uncovered communities' anchors and road vertices near them). Each pick's gain is
 * exact: the population of the still-uncovered communities it reaches, decided on the ellipsoid in
 * a straight line ({@link StraightCandidates}) and by a bounded search on the road graph along the
 * network ({@link NetworkCandidates}), with the same arithmetic as the what-if of added sites.
 */
public final class SiteSuggester {
  public static final int MAX_K = 50;

  private final CoverageAnalyzer coverage;
  private final NetworkCandidates network;
  private final StraightCandidates straight;

  public SiteSuggester(CoverageAnalyzer coverage) {
    this.coverage = coverage;
    this.network = new NetworkCandidates(coverage.network());
    this.straight = new StraightCandidates(coverage.network());
  }

  public record Site(double lon, double lat, long gainPopulation, List<String> newlyCovered) {}

  public record Suggestion(List<Site> sites, long populationCoveredAfter) {}

  /** A place a new site could go, and the uncovered communities it would reach. */
  record Candidate(double lon, double lat, List<String> codes) {}

  public Suggestion suggest(CoverageQuery query, int k) throws SQLException {
    return suggest(query, k, () -> false);
  }

  /**
   * As {@link #suggest(CoverageQuery, int)}, stopping with a {@link CancellationException} soon after
   * {@code abandoned} says true (it is asked between the candidates' searches and the greedy picks,
   * so a caller can make it cheap: e.g. whether the client is still there). Nothing is kept from
   * the stopped work.
   */
  public Suggestion suggest(CoverageQuery query, int k, BooleanSupplier abandoned) throws SQLException {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be 1.." + MAX_K);
    }
    List<CommunityCoverage> communities = coverage.communities(query);
    Map<String, Long> uncovered = new HashMap<>();
    List<CommunityCoverage> uncoveredCommunities = new ArrayList<>();
    long covered = 0;
    for (CommunityCoverage c : communities) {
      if (c.covered()) {
        covered += c.population();
      } else {
        uncovered.put(c.code(), c.population());
        uncoveredCommunities.add(c);
      }
    }
    List<Candidate> candidates = uncovered.isEmpty() ? List.of()
        : query.mode() == CoverageMode.NETWORK ? network.candidates(query, uncovered.keySet(), abandoned)
        : straight.candidates(query, uncoveredCommunities);
    List<Site> sites = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < k; i++) {
      if (abandoned.getAsBoolean()) {
        throw new CancellationException("abandoned after " + i + " of " + k + " picks");
      }
      Candidate best = null;
      long bestGain = 0;
      for (Candidate c : candidates) {
        long gain = 0;
        for (String code : c.codes()) {
          if (!taken.contains(code)) {
            gain += uncovered.get(code);
          }
        }
        if (gain > bestGain) {
          best = c;
          bestGain = gain;
        }
      }
      if (best == null) {
        break; // nobody left that a new site could reach
      }
      List<String> won = best.codes().stream().filter(code -> !taken.contains(code)).toList();
      taken.addAll(won);
      covered += bestGain;
      sites.add(new Site(best.lon(), best.lat(), bestGain, won));
    }
    return new Suggestion(sites, covered);
  }
}
