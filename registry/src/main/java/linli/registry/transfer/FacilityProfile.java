package linli.registry.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import linli.registry.SqlResource;
import linli.registry.Violation;
import linli.registry.catalog.Catalog;
import linli.registry.catalog.Layer;
import linli.registry.catalog.WrittenColumns;

/**
 * How a facility record is staged on the staged path of {@link FacilityImporter}: mapped and checked
 * by {@link FacilityRowMapper} on the reading thread; then, on the importing thread, points already
 * in CGCS2000 get the registry checks ({@link FacilityCopy#check}) and their community, and every
 * staged source_id is noted ({@link SourceIdFingerprints}). Points in other CRSs are placed and
 * checked in SQL once staged.
 */
final class FacilityProfile implements ImportProfile<StagedFacility> {
  private static final String STAGE =
      WrittenColumns.fill(Catalog.FACILITIES, SqlResource.load(FacilityProfile.class, "facility_stage.sql"));
  /** In facility_stage.sql's column order: the catalogue's properties written as given sit after the status. */
  private static final List<String> COPY_COLUMNS = copyColumns(Catalog.FACILITIES);

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
    out.row(FacilityCopy.rowValues(f, Arrays.asList(f.row(), f.category(), f.status()), community, locate,
        f.sourceId(), f.extraJson(), f.x(), f.y(), geographic ? FacilityCopy.pointEwkb(f.x(), f.y()) : null));
    return List.of();
  }

  private static List<String> copyColumns(Layer facilities) {
    List<String> columns = new ArrayList<>(List.of("row", "category", "status"));
    facilities.written().forEach(p -> columns.add(p.name()));
    columns.addAll(List.of("community_code", "located", "source_id", "extra", "x", "y", "geom"));
    return List.copyOf(columns);
  }
}
