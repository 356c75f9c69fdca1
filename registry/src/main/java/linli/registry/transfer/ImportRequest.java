package linli.registry.transfer;

import java.util.Objects;
import linli.registry.crs.CoordinateSystem;

/**
 * What to import and how. {@code crs} null means: as the file declares, else EPSG:4326.
 *
 * @param dryRun validate and count, write nothing
 * @param skipBadRows write the good rows and report the bad ones; false: any bad row and nothing is written
 * @param source the {@code source} of every row (rows are matched by source + source_id)
 * @param by who asked, recorded in each facility's history with the import's id
 * @param repair communities: repair invalid polygons with ST_MakeValid (each reported as a warning)
 *     instead of rejecting them
 */
public record ImportRequest(
    Layer layer,
    CoordinateSystem crs,
    boolean dryRun,
    boolean skipBadRows,
    String defaultCategory,
    String source,
    String by,
    boolean repair) {

  /** What an import writes; {@link #id()} is how requests and the CLI name it. */
  public enum Layer {
    FACILITIES, COMMUNITIES, DISTRICTS, STREETS, ROADS;

    /** "facilities", "communities", "districts", "streets", "roads". */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<Layer> fromId(String id) {
      return java.util.Arrays.stream(values()).filter(l -> l.id().equals(id)).findFirst();
    }

    /** The ids, comma-separated, for messages. */
    public static String ids() {
      return String.join(", ", java.util.Arrays.stream(values()).map(Layer::id).toList());
    }
  }

  public ImportRequest {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(by, "by");
  }

  /** A request that repairs nothing. */
  public ImportRequest(Layer layer, CoordinateSystem crs, boolean dryRun, boolean skipBadRows, String defaultCategory,
      String source, String by) {
    this(layer, crs, dryRun, skipBadRows, defaultCategory, source, by, false);
  }
}
