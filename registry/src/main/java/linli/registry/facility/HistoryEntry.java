package linli.registry.facility;

import java.time.OffsetDateTime;

/** One version of a facility: who did what when, and the Feature as it was then. */
public record HistoryEntry(int version, OffsetDateTime at, String by, String action, String featureJson) {}
