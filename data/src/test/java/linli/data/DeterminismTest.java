package linli.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import linli.registry.city.CityData;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

class DeterminismTest {
  @Test
  void sameSeedGivesIdenticalCity() {
    CityData a = CityFixture.city();
    CityData b = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED);
    List<String> fa = fingerprint(a);
    List<String> fb = fingerprint(b);
    assertThat(fb).hasSameSizeAs(fa);
    for (int i = 0; i < fa.size(); i++) {
      assertThat(fb.get(i)).as("record %d", i).isEqualTo(fa.get(i));
    }
  }

  @Test
  void otherSeedGivesOtherGeometryButSameUnits() {
    CityData a = CityFixture.city();
    CityData c = QingdaoDemo.generate(QingdaoDemo.DEFAULT_SEED + 1);
    assertThat(c.communities()).extracting(CityData.Community::code)
        .containsExactlyElementsOf(a.communities().stream().map(CityData.Community::code).toList());
    assertThat(c.districts().get(0).geom().equalsExact(a.districts().get(0).geom())).isTrue();
    assertThat(wkb(c.streets().get(0).geom())).isNotEqualTo(wkb(a.streets().get(0).geom()));
    assertThat(wkb(c.communities().get(0).geom())).isNotEqualTo(wkb(a.communities().get(0).geom()));
  }

  /** Every attribute and the exact WKB of every geometry, one string per record. */
  static List<String> fingerprint(CityData city) {
    List<String> out = new ArrayList<>();
    city.districts().forEach(d -> out.add(d.code() + d.name() + wkb(d.geom())));
    city.streets().forEach(
        s -> out.add(s.code() + s.name() + s.kind() + s.districtCode() + wkb(s.geom())));
    city.communities().forEach(
        c -> out.add(String.join("|", c.code(), c.name(), c.kind(), c.streetCode(),
            "" + c.population(), "" + c.workers(), "" + c.smart(), wkb(c.refPoint()), wkb(c.geom()))));
    city.facilities().forEach(
        f -> out.add(String.join("|", f.category(), f.name(), f.address(), f.status(),
            "" + f.capacity(), "" + f.areaM2(), f.communityCode(), "" + f.openedOn(), f.source(),
            f.sourceId(), wkb(f.geom()))));
    city.roads().forEach(r -> out.add(r.highway() + r.walkable() + wkb(r.geom())));
    return out;
  }

  static String wkb(Geometry g) {
    return g == null ? "null" : g.getSRID() + ":" + WKBWriter.toHex(new WKBWriter(2).write(g));
  }
}
