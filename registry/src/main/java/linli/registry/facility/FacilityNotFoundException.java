package linli.registry.facility;

/** No live facility has this id (it never existed, or it was deleted). */
public final class FacilityNotFoundException extends RuntimeException {
  public FacilityNotFoundException(long id) {
    super("no facility " + id);
  }

  public FacilityNotFoundException(long id, int version) {
    super("facility " + id + " never had a version " + version);
  }
}
