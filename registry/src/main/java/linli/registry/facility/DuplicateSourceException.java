package linli.registry.facility;

/** Another facility already has this (source, source_id) pair. */
public final class DuplicateSourceException extends RuntimeException {
  public DuplicateSourceException(String source, String sourceId, long existingId) {
    super("facility " + existingId + " already has source '" + source + "' and source_id '" + sourceId + "'");
  }
}
