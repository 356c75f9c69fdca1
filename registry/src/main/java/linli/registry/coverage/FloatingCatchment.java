package linli.registry.coverage;

/**
 * Two-step floating catchment (2SFCA) over given catchment pairs. Step 1: each facility j's ratio
 * R_j = supply_j / (population of the communities within the distance of j). Step 2: each community
 * i's access A_i = the sum of R_j over the facilities within the distance of i: places per resident.
 * A facility with unknown supply (NaN) counts as 0 places; one with nobody within reach has no
 * ratio (NaN) and adds to no one's access.
 */
final class FloatingCatchment {
  private FloatingCatchment() {}

  /** demand[j], ratio[j] per facility; access[i] per community. */
  record Result(long[] demand, double[] ratio, double[] access) {}

  /**
   * @param supply      places per facility, NaN when unknown
   * @param population  residents per community
   * @param facilityOf  pair k joins facility facilityOf[k] ...
   * @param communityOf ... and community communityOf[k] (each pair at most once)
   */
  static Result compute(double[] supply, long[] population, int[] facilityOf, int[] communityOf) {
    long[] demand = new long[supply.length];
    for (int k = 0; k < facilityOf.length; k++) {
      demand[facilityOf[k]] += population[communityOf[k]];
    }
    double[] ratio = new double[supply.length];
    for (int j = 0; j < supply.length; j++) {
      double places = Double.isNaN(supply[j]) ? 0 : supply[j];
      ratio[j] = demand[j] > 0 ? places / demand[j] : Double.NaN;
    }
    double[] access = new double[population.length];
    for (int k = 0; k < facilityOf.length; k++) {
      double r = ratio[facilityOf[k]];
      if (!Double.isNaN(r)) { // NaN only where everyone in reach has population 0
        access[communityOf[k]] += r;
      }
    }
    return new Result(demand, ratio, access);
  }
}
