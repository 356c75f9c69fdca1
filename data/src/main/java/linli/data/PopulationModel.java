package linli.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import linli.data.DivisionCsv.CommunityRow;

/** Synthetic population, community-worker and smart-community attributes. */
final class PopulationModel {
  /** Resident population per district, rounded 2020-census-like figures. */
  static final Map<String, Integer> DISTRICT_TOTALS =
      Map.of(
          "370202", 590_000,
          "370203", 1_100_000,
          "370211", 1_900_000,
          "370212", 550_000,
          "370213", 740_000,
          "370214", 1_100_000,
          "370215", 1_340_000,
          "370281", 1_010_000,
          "370283", 1_200_000,
          "370285", 700_000);

  static final int MIN_POPULATION = 50;
  static final int MIN_WORKERS = 3;
  /** The staffing norm the workers figures are generated around: 18 per 10,000 residents. */
  static final int WORKERS_PER_10K = 18;
  static final int SMART_COUNT = 150;

  private static final Set<String> CORE = Set.of("370202", "370203", "370212", "370213");
  private static final Set<String> SUBURBAN = Set.of("370211", "370214");

  private PopulationModel() {}

  /**
   * Splits a district total over its communities with lognormal weights; a village weighs on
   * average a third of an urban community. Sums exactly to {@code total}.
   */
  static int[] populations(List<CommunityRow> rows, int total, Random rnd) {
    double[] w = new double[rows.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(0.55 * rnd.nextGaussian()) * (rows.get(i).village() ? 1.0 / 3 : 1.0);
    }
    return largestRemainder(total, w, MIN_POPULATION);
  }

  /**
   * Hamilton apportionment: every share gets {@code min}, the rest is split by weight, floors
   * first, then the leftover units go to the largest fractional remainders (ties by index).
   */
  static int[] largestRemainder(int total, double[] weights, int min) {
    int n = weights.length;
    long rest = (long) total - (long) n * min;
    if (rest < 0) {
      throw new IllegalArgumentException(total + " cannot give " + n + " shares of " + min);
    }
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    int[] out = new int[n];
    double[] frac = new double[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      double quota = rest * weights[i] / sum;
      long floor = (long) Math.floor(quota);
      out[i] = (int) (min + floor);
      frac[i] = quota - floor;
      given += floor;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> -frac[i]).thenComparingInt(i -> i));
    for (int k = 0; k < rest - given; k++) {
      out[order.get(k % n)]++;
    }
    return out;
  }

  /**
   * Community workers around the 18-per-10,000 norm: three in four are at or a bit above it,
   * one in four is deliberately understaffed (45–90% of the norm).
   */
  static int workers(int population, Random rnd) {
    double norm = population * (double) WORKERS_PER_10K / 10_000;
    int w;
    if (rnd.nextDouble() < 0.25) {
      w = (int) Math.floor(norm * (0.45 + 0.45 * rnd.nextDouble()));
    } else {
      w = (int) Math.ceil(norm * (1.0 + 0.35 * rnd.nextDouble()));
    }
    return Math.max(MIN_WORKERS, w);
  }

  /**
   * Picks exactly {@link #SMART_COUNT} smart communities by weighted sampling without replacement
   * (Efraimidis–Spirakis keys), favouring the urban core districts and urban communities.
   */
  static Set<String> smart(List<CommunityRow> rows, Random rnd) {
    record Keyed(String code, double key) {}
    List<Keyed> keyed = new ArrayList<>();
    for (CommunityRow r : rows) {
      double w = CORE.contains(r.districtCode()) ? 4 : SUBURBAN.contains(r.districtCode()) ? 2 : 1;
      w *= r.village() ? 0.5 : 1.5;
      keyed.add(new Keyed(r.code(), Math.pow(rnd.nextDouble(), 1 / w)));
    }
    keyed.sort(Comparator.comparingDouble(Keyed::key).reversed().thenComparing(Keyed::code));
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < Math.min(SMART_COUNT, keyed.size()); i++) {
      out.add(keyed.get(i).code());
    }
    return out;
  }
}
