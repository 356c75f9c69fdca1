package linli.registry.transfer;

import linli.registry.catalog.PropertyValues;

/**
 * A facility row that passed the row checks, ready to be staged; x/y in its staging CRS.
 * {@code values} holds the catalogue's properties written as given (name, address, capacity, ...).
 */
record StagedFacility(
    long row,
    String category,
    String status,
    PropertyValues values,
    String communityCode,
    String sourceId,
    String extraJson,
    double x,
    double y) {}
