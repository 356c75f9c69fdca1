package linli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PopulationModelTest {
  @Test
  void largestRemainderSumsExactlyAndRespectsMinimum() {
    Random rnd = new Random(1);
    for (int round = 0; round < 200; round++) {
      int n = 1 + rnd.nextInt(400);
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = Math.exp(rnd.nextGaussian());
      }
      int total = n * 50 + rnd.nextInt(2_000_000);
      int[] shares = PopulationModel.largestRemainder(total, w, 50);
      assertThat(Arrays.stream(shares).asLongStream().sum()).isEqualTo(total);
      assertThat(Arrays.stream(shares).min().orElseThrow()).isGreaterThanOrEqualTo(50);
    }
  }

  @Test
  void largestRemainderGivesLeftoversToBiggestFractions() {
    // quotas 3.5, 2.25, 1.25 (+0 min): floors 6, one leftover to the .5
    assertThat(PopulationModel.largestRemainder(7, new double[] {14, 9, 5}, 0))
        .containsExactly(4, 2, 1);
  }

  @Test
  void largestRemainderRejectsImpossibleMinimum() {
    assertThatThrownBy(() -> PopulationModel.largestRemainder(99, new double[] {1, 1}, 50))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workersNeverBelowThree() {
    Random rnd = new Random(7);
    for (int pop : new int[] {50, 200, 1_000, 10_000, 60_000}) {
      for (int i = 0; i < 100; i++) {
        assertThat(PopulationModel.workers(pop, rnd)).isGreaterThanOrEqualTo(3);
      }
    }
  }
}
