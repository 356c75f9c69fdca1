package linli.registry.transfer;

import java.util.List;

/**
 * The districts and streets an import registered because its rows named them (in a dry run: would
 * register), each by code and name, in code order.
 */
public record CreatedDivisions(List<Division> districts, List<Division> streets) {
  public static final CreatedDivisions NONE = new CreatedDivisions(List.of(), List.of());

  public record Division(String code, String name) {}

  public CreatedDivisions {
    districts = List.copyOf(districts);
    streets = List.copyOf(streets);
  }
}
