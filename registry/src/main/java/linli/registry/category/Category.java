package linli.registry.category;

/** A facility category of the plan: its contract code, names, plan action and default distance. */
public record Category(
    String code, String nameZh, String nameEn, String action, int defaultDistanceM, String standard) {}
