package linli.registry.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Bd09Test {
  @Test
  void aPublishedPairIsReproduced() {
    // wandergis/coordtransform's test (test/app.js), the reference most BD-09 ports check against:
    // GCJ-02 (116.404, 39.915) is BD-09 (116.41036949371029, 39.92133699351021).
    double[] bd = Bd09.fromGcj02(116.404, 39.915);
    assertThat(bd[0]).isCloseTo(116.41036949371029, within(1e-12));
    assertThat(bd[1]).isCloseTo(39.92133699351021, within(1e-12));
    // Its BD-09 (116.404, 39.915) is GCJ-02 (116.39762729119315, 39.90865673957631) by the published,
    // approximate inverse; ours refines it, so it agrees to the inverse's own error (about 1e-6°).
    double[] gcj = Bd09.toGcj02(116.404, 39.915);
    assertThat(gcj[0]).isCloseTo(116.39762729119315, within(2e-6));
    assertThat(gcj[1]).isCloseTo(39.90865673957631, within(2e-6));
  }

  @Test
  void gcj02ToBd09AndBackIsExact() {
    Random random = new Random(11);
    for (int i = 0; i < 1000; i++) {
      double lon = 119.5 + random.nextDouble() * 1.5;
      double lat = 35.5 + random.nextDouble() * 1.5;
      double[] bd = Bd09.fromGcj02(lon, lat);
      double[] back = Bd09.toGcj02(bd[0], bd[1]);
      assertThat(back[0]).isCloseTo(lon, within(1e-6));
      assertThat(back[1]).isCloseTo(lat, within(1e-6));
      assertThat(Math.hypot(back[0] - lon, back[1] - lat)).isLessThan(1e-9);
    }
  }

  @Test
  void inQingdaoBd09LiesAbout0065EastAnd0006NorthOfGcj02AndAboutAKilometreFromTheTruth() {
    double[] wgs = {120.38, 36.07};
    double[] gcj = Gcj02.fromWgs84(wgs[0], wgs[1]);
    double[] bd = Bd09.fromGcj02(gcj[0], gcj[1]);
    assertThat(bd[0] - gcj[0]).isBetween(0.0060, 0.0070);
    assertThat(bd[1] - gcj[1]).isBetween(0.0055, 0.0065);
    double k = Math.PI / 180 * 6378137;
    double metres = Math.hypot((bd[0] - wgs[0]) * k * Math.cos(Math.toRadians(wgs[1])), (bd[1] - wgs[1]) * k);
    assertThat(metres).as("docs/IMPORT.md: about 1.3 km").isBetween(1200.0, 1350.0);
    double[] back = Bd09.toWgs84(bd[0], bd[1]);
    assertThat(back[0]).isCloseTo(wgs[0], within(1e-8));
    assertThat(back[1]).isCloseTo(wgs[1], within(1e-8));
  }
}
