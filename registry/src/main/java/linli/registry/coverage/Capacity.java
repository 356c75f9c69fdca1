package linli.registry.coverage;

import java.util.List;
import java.util.Map;

/**
 * The floating catchment answer for a category and distance, city-wide (a facility's catchment does
 * not stop at a district line): each facility's places per resident within its reach, each
 * community's access (places per resident summed over the facilities within its reach).
 *
 * @param access     community code -> places per resident; 0 where no facility is within reach
 * @param catchments facility id -> codes of the communities within its reach
 */
public record Capacity(CapacityRule rule, List<FacilityRatio> facilities, Map<String, Double> access,
    Map<Long, List<String>> catchments) {

  /**
   * @param supply places (null when unknown)
   * @param demand residents of the communities within reach
   * @param ratio  supply / demand, null when nobody is within reach or the supply is unknown
   */
  public record FacilityRatio(long id, String name, double lon, double lat, Double supply, long demand,
      int communities, Double ratio) {}

  /** Fewer places than residents: covered (some facility within reach) but access below 1. */
  public boolean overcrowded(CommunityCoverage c) {
    return c.covered() && access.getOrDefault(c.code(), 0.0) < 1;
  }
}
