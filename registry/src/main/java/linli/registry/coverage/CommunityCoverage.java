package linli.registry.coverage;

/**
 * Whether one community is served; {@code nearestM} is null when no facility can be reached. The
 * anchor is the point it is measured from (committee office, or a point on its surface).
 */
public record CommunityCoverage(
    String code,
    String name,
    String districtCode,
    String district,
    String streetCode,
    String street,
    long population,
    Double nearestM,
    boolean covered,
    double anchorLon,
    double anchorLat) {}
