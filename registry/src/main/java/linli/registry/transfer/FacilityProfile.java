package linli.registry.transfer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.SqlResource;
import linli.registry.Violation;

/**
 * How a facility record is staged on the staged path of {@link FacilityImporter}: mapped and checked
 * by {@link FacilityRowMapper} on the reading thread; then, on the importing thread, points already
 * in CGCS2000 get the registry checks ({@link FacilityCopy#check}) and their community, and every
 * staged source_id is noted ({@link SourceIdFingerprints}). Points in other CRSs are placed and
 * checked in SQL once staged.
 */
final class FacilityProfile implements ImportProfile<StagedFacility> {
  private static final String STAGE = SqlResource.load(FacilityProfile.class, "facility_stage.sql");
  private static final List<String> COPY_COLUMNS = List.of("row", "category", "name", "address", "phone", "status",
      "capacity", "area_m2", "community_code", "located", "opened_on", "source_id", "extra", "x", "y", "geom");

  private final FacilityRowMapper mapper;
  private final CommunityLocator communities;
  private final Optional<FacilityCopy.Area> area;
  private final SourceIdFingerprints sourceIds;

  /** {@code communities} null: the points are not in CGCS2000 yet, SQL places and checks them. */
  FacilityProfile(FacilityRowMapper mapper, CommunityLocator communities, Optional<FacilityCopy.Area> area,
      SourceIdFingerprints sourceIds) {
    this.mapper = mapper;
    this.communities = communities;
    this.area = area;
    this.sourceIds = sourceIds;
  }

  @Override
  public String createStage() {
    return STAGE;
  }

  @Override
  public String stageName() {
    return "import_stage";
  }

  @Override
  public List<String> copyColumns() {
    return COPY_COLUMNS;
  }

  @Override
  public Map<String, String> headers() {
    return FacilityColumns.ALIASES;
  }

  @Override
  public MappedRow<StagedFacility> map(SourceRecord record) {
    FacilityRowMapper.Result r = mapper.map(record);
    return r.staged() == null ? MappedRow.rejected(r.violations()) : MappedRow.staged(r.staged());
  }

  /**
   * One COPY row; {@code located} tells SQL the community was already looked up (found or not).
   * Points already in CGCS2000 are staged as geometry (communities known), others are placed in SQL.
   */
  @Override
  public List<Violation> stage(StagedFacility f, StageRows out) throws IOException {
    boolean geographic = communities != null;
    List<Violation> bad = geographic ? FacilityCopy.check(f, communities, area) : List.of();
    if (!bad.isEmpty()) {
      return bad;
    }
    sourceIds.add(f.sourceId());
    boolean locate = f.communityCode() == null && geographic;
    String community = locate ? communities.locate(f.x(), f.y()) : f.communityCode();
    out.row(f.row(), f.category(), f.name(), f.address(), f.phone(), f.status(), f.capacity(), f.areaM2(), community,
        locate, f.openedOn(), f.sourceId(), f.extraJson(), f.x(), f.y(),
        geographic ? FacilityCopy.pointEwkb(f.x(), f.y()) : null);
    return List.of();
  }
}
