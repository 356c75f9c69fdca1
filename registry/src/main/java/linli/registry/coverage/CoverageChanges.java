package linli.registry.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import linli.registry.coverage.network.Geodesy;

/**
 * What changed in one coverage question between two instants: the difference of the two
 * {@code as_of} answers, nothing else. A community is <em>gained</em> when it is covered at
 * {@code to} and was not covered (or did not exist) at {@code from}, <em>lost</em> the other way
 * round; {@code populationGained} counts the gained communities' residents at {@code to},
 * {@code populationLost} the lost ones' at {@code from}. The facility lists compare the two sets of
 * facilities of the category whose status counts: {@code facilitiesAdded} entered it (created,
 * opened, recategorised), {@code facilitiesRemoved} left it, {@code facilitiesMoved} are in both
 * at another place. {@code before} and {@code after} are the two answers' totals, so the covered
 * population's change reads off them.
 *
 * <p>Per community, {@code facilities} names the facilities that made the difference: for a gained
 * one the added or moved facilities within the distance of it at {@code to}, for a lost one the
 * removed or moved ones that were within it at {@code from} (straight mode, on the ellipsoid; in
 * network mode, where walking distances from single facilities are not computed, it is null).
 * Empty when the community's own change (new, moved, or its anchor moved) made the difference.
 */
public record CoverageChanges(
    String category,
    double distanceM,
    String mode,
    String district,
    Instant from,
    Instant to,
    List<String> gained,
    List<String> lost,
    long populationGained,
    long populationLost,
    List<Long> facilitiesAdded,
    List<Long> facilitiesRemoved,
    List<Long> facilitiesMoved,
    Totals before,
    Totals after,
    List<Community> communities) {

  /** One answer's totals. */
  public record Totals(CoverageReport.Counts communities, CoverageReport.Population population) {}

  /** A community that was gained or lost. */
  public record Community(String code, String name, String district, String change, long populationFrom,
      long populationTo, Double nearestMFrom, Double nearestMTo, List<Long> facilities) {}

  public static final String GAINED = "gained";
  public static final String LOST = "lost";

  static CoverageChanges of(CoverageQuery from, CoverageQuery to, List<CommunityCoverage> before,
      List<CommunityCoverage> after, List<HistoricalCoverage.Facility> facilitiesBefore,
      List<HistoricalCoverage.Facility> facilitiesAfter) {
    Map<String, CommunityCoverage> was = byCode(before, CommunityCoverage::code);
    Map<String, CommunityCoverage> is = byCode(after, CommunityCoverage::code);
    Map<Long, HistoricalCoverage.Facility> fWas = byCode(facilitiesBefore, HistoricalCoverage.Facility::id);
    Map<Long, HistoricalCoverage.Facility> fIs = byCode(facilitiesAfter, HistoricalCoverage.Facility::id);
    List<Long> added = fIs.keySet().stream().filter(id -> !fWas.containsKey(id)).sorted().toList();
    List<Long> removed = fWas.keySet().stream().filter(id -> !fIs.containsKey(id)).sorted().toList();
    List<Long> moved = fIs.keySet().stream().filter(fWas::containsKey)
        .filter(id -> fIs.get(id).lon() != fWas.get(id).lon() || fIs.get(id).lat() != fWas.get(id).lat())
        .sorted().toList();
    boolean straight = from.mode() == CoverageMode.STRAIGHT;

    List<Community> changed = new ArrayList<>();
    for (CommunityCoverage now : after) {
      CommunityCoverage then = was.get(now.code());
      if (now.covered() && (then == null || !then.covered())) {
        List<Long> made = straight ? within(now, from.distanceM(), added, moved, fIs) : null;
        changed.add(change(GAINED, then, now, made));
      }
    }
    for (CommunityCoverage then : before) {
      CommunityCoverage now = is.get(then.code());
      if (then.covered() && (now == null || !now.covered())) {
        List<Long> made = straight ? within(then, from.distanceM(), removed, moved, fWas) : null;
        changed.add(change(LOST, then, now, made));
      }
    }
    changed.sort(Comparator.comparing(Community::code));
    List<String> gained = changed.stream().filter(c -> c.change().equals(GAINED)).map(Community::code).toList();
    List<String> lost = changed.stream().filter(c -> c.change().equals(LOST)).map(Community::code).toList();
    long populationGained = changed.stream().filter(c -> c.change().equals(GAINED))
        .mapToLong(Community::populationTo).sum();
    long populationLost = changed.stream().filter(c -> c.change().equals(LOST))
        .mapToLong(Community::populationFrom).sum();
    return new CoverageChanges(from.category(), from.distanceM(), from.mode().code(), from.district(), from.asOf(),
        to.asOf(), gained, lost, populationGained, populationLost, added, removed, moved, totals(before),
        totals(after), changed);
  }

  private static Community change(String change, CommunityCoverage then, CommunityCoverage now, List<Long> made) {
    CommunityCoverage named = now != null ? now : then;
    return new Community(named.code(), named.name(), named.district(), change,
        then == null ? 0 : then.population(), now == null ? 0 : now.population(),
        then == null ? null : then.nearestM(), now == null ? null : now.nearestM(), made);
  }

  /** Of the facilities {@code ids} (and the moved ones), those within {@code metres} of the community's anchor. */
  private static List<Long> within(CommunityCoverage community, double metres, List<Long> ids, List<Long> moved,
      Map<Long, HistoricalCoverage.Facility> at) {
    List<Long> out = new ArrayList<>();
    for (List<Long> list : List.of(ids, moved)) {
      for (long id : list) {
        HistoricalCoverage.Facility f = at.get(id);
        if (Geodesy.distance(community.anchorLon(), community.anchorLat(), f.lon(), f.lat()) <= metres) {
          out.add(id);
        }
      }
    }
    return out.stream().sorted().toList();
  }

  private static Totals totals(List<CommunityCoverage> communities) {
    CoverageSummary summary =
        CoverageSummary.of(communities, CommunityCoverage::population, CommunityCoverage::covered);
    return new Totals(summary.communities(), summary.population());
  }

  private static <K, T> Map<K, T> byCode(List<T> items, Function<T, K> key) {
    return items.stream().collect(Collectors.toMap(key, Function.identity()));
  }
}
