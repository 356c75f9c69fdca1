package linli.registry.coverage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linli.registry.city.CityData;

/**
 * Independent two-step floating catchment over all pairs, straight from the definition: for every
 * open facility j, R_j = supply_j / (population within the distance); for every community i,
 * A_i = sum of R_j over the facilities within the distance. Supply: capacity, else area_m2 at 1 m²
 * per person for shelters, else 0 (unknown).
 */
public final class BruteForceCatchment {
  /** Walking or straight distance from facility j to community i, in metres (NaN: unreachable). */
  public interface Distance {
    double metres(CityData.Facility facility, CityData.Community community);
  }

  /** ratio per facility source id (NaN when nobody in reach), access per community code. */
  public record Answer(Map<String, Double> ratio, Map<String, Long> demand, Map<String, Double> access,
      Map<String, Boolean> reached) {}

  private BruteForceCatchment() {}

  public static Answer compute(CityData city, double distance, Distance metres) {
    List<CityData.Facility> open = city.facilities().stream().filter(f -> f.status().equals("open")).toList();
    List<CityData.Community> communities = city.communities();
    boolean[][] within = new boolean[open.size()][communities.size()];
    Map<String, Double> ratio = new HashMap<>();
    Map<String, Long> demand = new HashMap<>();
    for (int j = 0; j < open.size(); j++) {
      long people = 0;
      for (int i = 0; i < communities.size(); i++) {
        double d = metres.metres(open.get(j), communities.get(i));
        within[j][i] = d <= distance; // NaN compares false: unreachable
        if (within[j][i]) {
          people += communities.get(i).population();
        }
      }
      CityData.Facility f = open.get(j);
      double supply = f.capacity() != null ? f.capacity() : f.areaM2() != null ? f.areaM2() / 1.0 : 0;
      ratio.put(f.sourceId(), people == 0 ? Double.NaN : supply / people);
      demand.put(f.sourceId(), people);
    }
    Map<String, Double> access = new HashMap<>();
    Map<String, Boolean> reached = new HashMap<>();
    for (int i = 0; i < communities.size(); i++) {
      double sum = 0;
      boolean any = false;
      for (int j = 0; j < open.size(); j++) {
        if (within[j][i]) {
          any = true;
          double r = ratio.get(open.get(j).sourceId());
          sum += Double.isNaN(r) ? 0 : r;
        }
      }
      access.put(communities.get(i).code(), sum);
      reached.put(communities.get(i).code(), any);
    }
    return new Answer(ratio, demand, access, reached);
  }
}
