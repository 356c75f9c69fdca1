package linli.registry.coverage;

/**
 * How many places a facility offers, for the capacity (floating catchment) analysis. {@code capacity}
 * (people) counts as recorded, for every category. Where the category has an area standard, a
 * facility without a recorded capacity offers {@code area_m2 / m2PerPerson} places instead. Only
 * emergency shelters have one: GB 50413-2007 §8.2 asks at least 1 m² of effective area per person
 * for an emergency (紧急) shelter, the kind within the 500 m default distance (shared DOMAIN.md).
 * A facility with neither offers no counted place: it is reported as without supply and adds
 * nothing to anyone's access.
 */
public record CapacityRule(String category, Double m2PerPerson) {
  public static final String SHELTER = "emergency_shelter";
  static final double SHELTER_M2_PER_PERSON = 1.0;

  public static CapacityRule of(String category) {
    return new CapacityRule(category, SHELTER.equals(category) ? SHELTER_M2_PER_PERSON : null);
  }

  /** Places offered, or null when neither the capacity nor (for this category) the area is known. */
  public Double supply(Integer capacity, Double areaM2) {
    if (capacity != null) {
      return capacity.doubleValue();
    }
    if (areaM2 != null && m2PerPerson != null) {
      return areaM2 / m2PerPerson;
    }
    return null;
  }

  /** The rule in words, as the summary reports it. */
  public String describe() {
    return m2PerPerson == null
        ? "capacity (people) as recorded; facilities without one offer no counted place"
        : "capacity (people) as recorded, else area_m2 / " + m2PerPerson + " m² per person (GB 50413-2007 §8.2)";
  }
}
