package linli.registry.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Gcj02Test {
  /** Metres between two lon/lat points near Qingdao (equirectangular: fine at these distances). */
  private static double metres(double[] a, double[] b) {
    double k = Math.PI / 180 * 6378137;
    double dx = (a[0] - b[0]) * k * Math.cos(Math.toRadians(a[1]));
    double dy = (a[1] - b[1]) * k;
    return Math.hypot(dx, dy);
  }

  @Test
  void theShiftInQingdaoIsAbout460MetresEastward() {
    // shared DOMAIN.md: in Qingdao about 450-465 m, almost all eastward.
    double[] wgs = {120.38, 36.07};
    double[] gcj = Gcj02.fromWgs84(wgs[0], wgs[1]);
    assertThat(metres(wgs, gcj)).isBetween(440.0, 480.0);
    assertThat(gcj[0]).isGreaterThan(wgs[0]);
    assertThat(Math.abs(gcj[1] - wgs[1]) * 111_000).isLessThan(60);
  }

  @Test
  void theInverseLandsWithinAMillimetreOfTheOriginal() {
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      double[] wgs = {119.5 + random.nextDouble() * 1.5, 35.5 + random.nextDouble() * 1.7};
      double[] gcj = Gcj02.fromWgs84(wgs[0], wgs[1]);
      double[] back = Gcj02.toWgs84(gcj[0], gcj[1]);
      assertThat(metres(wgs, back)).isLessThan(0.001);
    }
  }

  @Test
  void outsideChinaNothingMoves() {
    assertThat(Gcj02.fromWgs84(2.35, 48.85)).containsExactly(2.35, 48.85);
    assertThat(Gcj02.toWgs84(2.35, 48.85)[0]).isCloseTo(2.35, within(1e-12));
  }
}
