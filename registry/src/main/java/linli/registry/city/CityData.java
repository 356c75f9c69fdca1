package linli.registry.city;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;

/**
 * A whole city as plain values, ready to be loaded into an empty registry in one transaction.
 * Every geometry is lon/lat in CGCS2000 (SRID 4490).
 */
public record CityData(
    List<District> districts,
    List<Street> streets,
    List<Community> communities,
    List<Facility> facilities,
    List<Road> roads) {

  public CityData {
    districts = List.copyOf(districts);
    streets = List.copyOf(streets);
    communities = List.copyOf(communities);
    facilities = List.copyOf(facilities);
    roads = List.copyOf(roads);
  }

  /** A district or county-level city (区/市), 6-digit code. */
  public record District(String code, String name, MultiPolygon geom) {
    public District {
      Objects.requireNonNull(code);
      Objects.requireNonNull(geom);
    }
  }

  /** A street or town (街道/镇), 9-digit code; {@code geom} may be null. */
  public record Street(String code, String name, String kind, String districtCode, MultiPolygon geom) {}

  /**
   * A community or village committee (社区/村), 12-digit code. {@code kind} is {@code community} or
   * {@code village}; {@code refPoint} (the committee office) may be null.
   */
  public record Community(
      String code,
      String name,
      String kind,
      String streetCode,
      int population,
      int workers,
      boolean smart,
      Point refPoint,
      MultiPolygon geom) {}

  /** A facility as it enters the registry; {@code source} + {@code sourceId} identify it. */
  public record Facility(
      String category,
      String name,
      String address,
      String status,
      Integer capacity,
      Double areaM2,
      String communityCode,
      LocalDate openedOn,
      String source,
      String sourceId,
      Point geom) {}

  /**
   * A road segment; walkable ones carry network walking distance. {@code source} is what removing a
   * source matches (roads of the same source are replaced or removed together).
   */
  public record Road(String highway, boolean walkable, LineString geom, String source) {
    /** Roads with no source of their own: the road column's default. */
    public static final String NO_SOURCE = "registry";

    public Road {
      Objects.requireNonNull(source);
    }

    public Road(String highway, boolean walkable, LineString geom) {
      this(highway, walkable, geom, NO_SOURCE);
    }
  }
}
