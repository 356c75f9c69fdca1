package linli.registry.transfer;

import java.time.LocalDate;

/** A facility row that passed the row checks, ready to be staged; x/y in its staging CRS. */
record StagedFacility(
    long row,
    String category,
    String name,
    String address,
    String phone,
    String status,
    Integer capacity,
    Double areaM2,
    String communityCode,
    LocalDate openedOn,
    String sourceId,
    String extraJson,
    double x,
    double y) {}
