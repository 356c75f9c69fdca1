package linli.registry.facility;

import java.time.LocalDate;

/**
 * A facility as a client submits it, before validation. {@code extraJson} is a JSON object as
 * text; {@code source}/{@code sourceId} may be null (the registry then assigns them); {@code lon}
 * and {@code lat} are CGCS2000 degrees.
 */
public record FacilityDraft(
    String category,
    String name,
    String address,
    String phone,
    String status,
    Integer capacity,
    Double areaM2,
    String communityCode,
    LocalDate openedOn,
    String source,
    String sourceId,
    String extraJson,
    double lon,
    double lat) {}
