package linli.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceIdFingerprintsTest {
  @Test
  void aMillionDistinctIdsAreNotTakenForRepeats() {
    SourceIdFingerprints ids = new SourceIdFingerprints();
    for (int i = 0; i < 1_000_000; i++) {
      ids.add("P" + i);
    }
    assertThat(ids.maybeRepeated()).isFalse();
  }

  @Test
  void aRepeatIsNoticedWhereverItComes() {
    for (int repeatAt : new int[] {1, 4_095, 100_000}) {
      SourceIdFingerprints ids = new SourceIdFingerprints();
      for (int i = 0; i <= repeatAt; i++) {
        ids.add("设施-" + i);
      }
      assertThat(ids.maybeRepeated()).isFalse();
      ids.add("设施-" + (repeatAt / 2));
      assertThat(ids.maybeRepeated()).as("repeat after %d ids", repeatAt).isTrue();
    }
  }

  @Test
  void pastTheLimitEveryFileMayRepeat() {
    SourceIdFingerprints ids = new SourceIdFingerprints();
    for (int i = 0; i <= SourceIdFingerprints.MAX_TRACKED; i++) {
      ids.add(Integer.toString(i));
    }
    assertThat(ids.maybeRepeated()).isTrue();
  }
}
