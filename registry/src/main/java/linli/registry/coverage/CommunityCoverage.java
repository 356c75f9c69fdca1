package linli.registry.coverage;

/** Whether one community is served; {@code nearestM} is null when no facility can be reached. */
public record CommunityCoverage(
    String code,
    String name,
    String districtCode,
    String district,
    long population,
    Double nearestM,
    boolean covered) {}
