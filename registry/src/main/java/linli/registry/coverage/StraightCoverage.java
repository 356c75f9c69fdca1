package linli.registry.coverage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import linli.registry.coverage.straight.CategoryFacilities;
import linli.registry.coverage.straight.NearestIndex;
import linli.registry.coverage.straight.PostgisGeodesic;

/**
 * Straight-line coverage from the in-memory index ({@link FacilityIndex}): for each community's
 * anchor, the nearest facility whose status counts, on the ellipsoid, and covered when it is within
 * the distance. The answer is the one the KNN SQL gave (kept as a test oracle,
 * {@code StraightCoverageInMemoryIT}): its distance is PostGIS's ST_Distance to the nearest facility
 * ({@link PostgisGeodesic}), rounded as {@code round(m::numeric, 1)}, covered decided on the unrounded
 * distance. The SQL took the minimum over the eight nearest in Web Mercator; the true nearest is
 * among them unless eight facilities lie, in Mercator, nearer than it while farther on the ground,
 * which Mercator's smoothly varying scale (under 0.01 % across 1 km here) cannot arrange outside
 * contrived ties.
 *
 * <p>Three tiers, cheapest first: the chord bounds settle the covered flag and the decimetre for
 * almost every community; else the exact distance in Java; and where even that lies within
 * {@link PostgisGeodesic#DISAGREEMENT} of the distance or of a decimetre's half (a community placed
 * exactly at the distance, say), the {@link Referee} asks PostGIS, in one query for the whole answer.
 */
final class StraightCoverage {
  private StraightCoverage() {}

  /** PostGIS's own ST_Distance for pairs (facility lon/lat, place lon/lat). */
  interface Referee {
    double[] distances(List<double[]> facilities, List<double[]> places) throws SQLException;
  }

  /** A community whose answer waits for the referee: its place and its nearly nearest facilities. */
  private record Pending(Answer answer, int at, double[] place, List<double[]> facilities) {}

  static List<CommunityCoverage> communities(CoverageQuery query, FacilityIndex.Snapshot snapshot, Referee referee)
      throws SQLException {
    return communities(List.of(query), snapshot.communities(), Map.of(query.category(), snapshot.facilities()),
        referee).get(0);
  }

  /**
   * Several questions in one walk over the communities' anchors, each asking its category's index,
   * and one referee query for all of them: per question the answer {@link #communities(CoverageQuery,
   * FacilityIndex.Snapshot, Referee)} gives, in the order of {@code queries}.
   */
  static List<List<CommunityCoverage>> communities(List<CoverageQuery> queries, FacilityIndex.Communities communities,
      Map<String, CategoryFacilities> facilities, Referee referee) throws SQLException {
    List<Answer> answers = new ArrayList<>(queries.size());
    for (CoverageQuery q : queries) {
      answers.add(new Answer(q, facilities.get(q.category()).index(q.statuses()).search()));
    }
    // Each question walks the anchors on its own search (a search is not shared between threads), so
    // several questions use every core; the close calls of all of them go to the referee at once.
    List<List<Pending>> pendingPerAnswer = (answers.size() == 1 ? answers.stream() : answers.parallelStream())
        .map(answer -> answer.walk(communities)).toList();
    List<Pending> pending = new ArrayList<>();
    pendingPerAnswer.forEach(pending::addAll);
    referee(pending, referee);
    return answers.stream().map(Answer::communities).toList();
  }

  /**
   * Several questions of one scope (district, statuses), asked only whether each community is
   * covered: each community's flag is the {@code covered} of {@link #communities}, decided by
   * {@link NearestIndex.Search#within} (which stops at the first facility surely within the
   * distance) and, for a facility at the distance to within {@link PostgisGeodesic#DISAGREEMENT},
   * by the referee (one query for all of them).
   */
  static CoveredCommunities covered(List<CoverageQuery> queries, FacilityIndex.Communities communities,
      Map<String, CategoryFacilities> facilities, Referee referee) throws SQLException {
    CoveredCommunities.Scope scope =
        CoveredCommunities.Scope.of(communities.anchors(), queries.isEmpty() ? null : queries.get(0).district());
    int[] selected = scope.selected();
    List<boolean[]> covered = new ArrayList<>(queries.size());
    queries.forEach(q -> covered.add(new boolean[selected.length]));
    // Each question on its own search (a search is not shared between threads), on every core.
    List<AtTheLimit> unsure = new ArrayList<>();
    IntStream.range(0, queries.size()).parallel().mapToObj(k -> {
      CoverageQuery q = queries.get(k);
      NearestIndex.Search search = facilities.get(q.category()).index(q.statuses()).search();
      return flag(search, q.distanceM(), communities, selected, covered.get(k));
    }).toList().forEach(unsure::addAll);
    if (!unsure.isEmpty()) {
      List<double[]> points = new ArrayList<>();
      List<double[]> places = new ArrayList<>();
      for (AtTheLimit u : unsure) {
        for (double[] f : u.facilities()) {
          points.add(f);
          places.add(u.place());
        }
      }
      double[] d = referee.distances(points, places);
      int j = 0;
      for (AtTheLimit u : unsure) {
        for (int m = 0; m < u.facilities().size(); m++) {
          u.covered()[u.at()] |= d[j++] <= u.limit();
        }
      }
    }
    return new CoveredCommunities(scope.communities(), covered);
  }

  /** A community ({@code at} in its question's flags) that only PostGIS can tell: its facilities at about the limit. */
  private record AtTheLimit(boolean[] covered, int at, double limit, double[] place, List<double[]> facilities) {}

  /** Sets the flag of every selected community within {@code limit} of a facility; returns those left to the referee. */
  private static List<AtTheLimit> flag(NearestIndex.Search search, double limit, FacilityIndex.Communities communities,
      int[] selected, boolean[] covered) {
    List<AtTheLimit> unsure = new ArrayList<>();
    double[] place = new double[3];
    for (int k = 0; k < selected.length; k++) {
      int i = selected[k];
      NetworkCoverage.Anchor a = communities.anchors().get(i);
      System.arraycopy(communities.xyz(), 3 * i, place, 0, 3);
      NearestIndex.Reach reach = search.within(a.lon(), a.lat(), place, limit);
      if (reach == NearestIndex.Reach.WITHIN) {
        covered[k] = true;
      } else if (reach == NearestIndex.Reach.UNSURE) {
        unsure.add(new AtTheLimit(covered, k, limit, new double[] {a.lon(), a.lat()}, search.atTheLimit(limit)));
      }
    }
    return unsure;
  }

  /** One question's answer as the walk builds it. */
  private static final class Answer {
    private final CoverageQuery query;
    private final NearestIndex.Search search;
    private final List<NetworkCoverage.Anchor> selected = new ArrayList<>();
    private final List<Double> nearest = new ArrayList<>();
    private final List<Boolean> covered = new ArrayList<>();

    Answer(CoverageQuery query, NearestIndex.Search search) {
      this.query = query;
      this.search = search;
    }

    /** Every community of the question's district in code order; returns the close calls. */
    List<Pending> walk(FacilityIndex.Communities communities) {
      List<Pending> pending = new ArrayList<>();
      double[] place = new double[3];
      for (int i = 0; i < communities.anchors().size(); i++) {
        NetworkCoverage.Anchor a = communities.anchors().get(i);
        if (inDistrict(a, query.district())) {
          System.arraycopy(communities.xyz(), 3 * i, place, 0, 3);
          add(a, place, pending);
        }
      }
      return pending;
    }

    /** The community of anchor {@code a} at ECEF {@code place}; a close call goes to {@code pending}. */
    void add(NetworkCoverage.Anchor a, double[] place, List<Pending> pending) {
      double limit = query.distanceM();
      NearestIndex.Nearest n = search.nearest(a.lon(), a.lat(), place, null, false);
      Double metres = null;
      boolean within = false;
      if (!n.none()) {
        double lo = n.lo() - PostgisGeodesic.SLACK;
        double hi = n.hi() + PostgisGeodesic.SLACK;
        double rounded = PostgisGeodesic.roundToDecimetre(lo, hi);
        within = hi <= limit;
        if (Double.isNaN(rounded) || (lo <= limit && hi > limit)) {
          double exact = search.exactAgain(a.lon(), a.lat()).lo();
          if (tooClose(exact, limit)) {
            pending.add(new Pending(this, selected.size(), new double[] {a.lon(), a.lat()},
                search.nearlyNearest(2 * PostgisGeodesic.DISAGREEMENT)));
          }
          rounded = PostgisGeodesic.roundToDecimetre(exact);
          within = exact <= limit;
        }
        metres = rounded;
      }
      selected.add(a);
      nearest.add(metres);
      covered.add(within);
    }

    /** PostGIS's distance for a pending community settles it. */
    void settle(int at, double metres) {
      nearest.set(at, PostgisGeodesic.roundToDecimetre(metres));
      covered.set(at, metres <= query.distanceM());
    }

    List<CommunityCoverage> communities() {
      List<CommunityCoverage> out = new ArrayList<>(selected.size());
      for (int i = 0; i < selected.size(); i++) {
        NetworkCoverage.Anchor a = selected.get(i);
        out.add(new CommunityCoverage(a.code(), a.name(), a.districtCode(), a.district(), a.streetCode(),
            a.street(), a.population(), nearest.get(i), covered.get(i), a.lon(), a.lat()));
      }
      return out;
    }
  }

  /** Whether PostGIS's value could fall on the other side of the distance or of a decimetre's half. */
  private static boolean tooClose(double exact, double limit) {
    return Math.abs(exact - limit) <= PostgisGeodesic.DISAGREEMENT
        || Double.isNaN(PostgisGeodesic.roundToDecimetre(exact - PostgisGeodesic.DISAGREEMENT,
            exact + PostgisGeodesic.DISAGREEMENT));
  }

  /** Asks PostGIS for every pending pair at once and hands each community its minimum. */
  private static void referee(List<Pending> pending, Referee referee) throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    List<double[]> facilities = new ArrayList<>();
    List<double[]> places = new ArrayList<>();
    for (Pending p : pending) {
      for (double[] f : p.facilities()) {
        facilities.add(f);
        places.add(p.place());
      }
    }
    double[] d = referee.distances(facilities, places);
    int k = 0;
    for (Pending p : pending) {
      double min = Double.POSITIVE_INFINITY;
      for (int j = 0; j < p.facilities().size(); j++) {
        min = Math.min(min, d[k++]);
      }
      p.answer().settle(p.at(), min);
    }
  }

  /** {@code d.code = :district OR d.name = :district}, as the SQL filtered. */
  static boolean inDistrict(NetworkCoverage.Anchor a, String district) {
    return district == null || district.equals(a.districtCode()) || district.equals(a.district());
  }

  /**
   * Whether a facility not skipped lies within {@code limit} of the place on the ellipsoid, decided
   * as {@link #communities} decides covered.
   */
  static boolean withinFacility(NearestIndex.Search search, double lon, double lat, double[] place,
      IntPredicate skip, double limit, Referee referee) throws SQLException {
    NearestIndex.Nearest n = search.nearest(lon, lat, place, skip, false);
    if (n.none()) {
      return false;
    }
    if (n.hi() + PostgisGeodesic.SLACK <= limit) {
      return true;
    }
    if (n.lo() - PostgisGeodesic.SLACK > limit) {
      return false;
    }
    double exact = search.exactAgain(lon, lat).lo();
    if (Math.abs(exact - limit) > PostgisGeodesic.DISAGREEMENT) {
      return exact <= limit;
    }
    List<double[]> candidates = search.nearlyNearest(2 * PostgisGeodesic.DISAGREEMENT);
    double[] d = referee.distances(candidates, candidates.stream().map(c -> new double[] {lon, lat}).toList());
    return java.util.Arrays.stream(d).min().orElse(Double.POSITIVE_INFINITY) <= limit;
  }

  /** Whether one of the sites ({@code xyz} their ECEF positions) lies within {@code limit}, decided the same way. */
  static boolean withinSite(List<double[]> sites, double[] xyz, double lon, double lat, double[] place, double limit,
      Referee referee) throws SQLException {
    for (int j = 0; j < sites.size(); j++) {
      double dx = xyz[3 * j] - place[0];
      double dy = xyz[3 * j + 1] - place[1];
      double dz = xyz[3 * j + 2] - place[2];
      double chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (chord - PostgisGeodesic.SLACK > limit) {
        continue;
      }
      if (PostgisGeodesic.upperBound(chord) + PostgisGeodesic.SLACK <= limit) {
        return true;
      }
      double[] site = sites.get(j);
      double exact = PostgisGeodesic.distance(site[0], site[1], lon, lat);
      if (Math.abs(exact - limit) <= PostgisGeodesic.DISAGREEMENT) {
        exact = referee.distances(List.of(site), List.of(new double[] {lon, lat}))[0];
      }
      if (exact <= limit) {
        return true;
      }
    }
    return false;
  }

  /** The ECEF positions of lon/lat sites, three numbers each. */
  static double[] ecef(List<double[]> sites) {
    double[] xyz = new double[3 * sites.size()];
    for (int j = 0; j < sites.size(); j++) {
      PostgisGeodesic.ecef(sites.get(j)[0], sites.get(j)[1], xyz, 3 * j);
    }
    return xyz;
  }
}
