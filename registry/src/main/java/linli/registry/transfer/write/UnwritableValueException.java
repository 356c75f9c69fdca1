package linli.registry.transfer.write;

/**
 * A value the chosen file cannot hold as it is (a character the DBF's encoding lacks). Thrown while
 * the file is still spooled, before anything is sent, so the caller can answer with a problem that
 * names the feature and the field.
 */
public final class UnwritableValueException extends IllegalArgumentException {
  private final Object featureId;
  private final String field;

  public UnwritableValueException(Object featureId, String field, String message) {
    super(message);
    this.featureId = featureId;
    this.field = field;
  }

  /** The id of the feature (facility or road id, community code). */
  public Object featureId() {
    return featureId;
  }

  /** The property name of the field. */
  public String field() {
    return field;
  }
}
