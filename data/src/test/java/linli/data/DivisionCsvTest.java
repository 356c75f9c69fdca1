package linli.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivisionCsvTest {
  @Test
  void readsAllRowsSortedByCode() {
    DivisionCsv.Divisions d = DivisionCsv.read();
    assertThat(d.streets()).hasSize(141);
    assertThat(d.communities()).hasSize(2120);
    assertThat(d.streets()).isSortedAccordingTo((a, b) -> a.code().compareTo(b.code()));
    assertThat(d.communities()).isSortedAccordingTo((a, b) -> a.code().compareTo(b.code()));
    assertThat(d.streets().stream().filter(s -> s.kind().equals("其他"))).hasSize(7);
    assertThat(d.communities().stream().filter(DivisionCsv.CommunityRow::village)).hasSize(917);
  }

  @Test
  void shortNames() {
    assertThat(DivisionCsv.shortName("八大峡社区居民委员会")).isEqualTo("八大峡社区");
    assertThat(DivisionCsv.shortName("江西路社区")).isEqualTo("江西路社区");
    assertThat(DivisionCsv.shortName("振华路居委会")).isEqualTo("振华路社区");
    assertThat(DivisionCsv.shortName("双岭村村民委员会")).isEqualTo("双岭村");
    assertThat(DivisionCsv.shortName("北马连村村委会")).isEqualTo("北马连村");
    assertThat(DivisionCsv.shortName("甲瑞社区村民委会")).isEqualTo("甲瑞社区村");
    assertThat(DivisionCsv.shortName("五四农场生活区")).isEqualTo("五四农场生活区");
  }

  @Test
  void districtOutlinesAreValidMultiPolygons() {
    var districts = DistrictOutlines.read();
    assertThat(districts).hasSize(10);
    districts.forEach(d -> {
      assertThat(d.geom().isValid()).isTrue();
      assertThat(d.geom().getSRID()).isEqualTo(4490);
    });
    assertThat(districts.get(0).name()).isEqualTo("市南区");
  }
}
