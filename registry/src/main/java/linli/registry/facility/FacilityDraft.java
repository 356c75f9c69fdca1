package linli.registry.facility;

import linli.registry.catalog.Catalog;
import linli.registry.catalog.PropertyValues;

/**
 * A facility as a client submits it, before validation. {@code values} holds the properties
 * written as given (name, address, phone, capacity, ...: the catalogue's, {@link Catalog#FACILITIES});
 * the fields are the ones a write treats on its own. {@code extraJson} is a JSON object as text;
 * {@code source}/{@code sourceId} may be null (the registry then assigns them); {@code lon} and
 * {@code lat} are CGCS2000 degrees.
 */
public record FacilityDraft(
    String category,
    String status,
    PropertyValues values,
    String communityCode,
    String source,
    String sourceId,
    String extraJson,
    double lon,
    double lat) {}
