package linli.web.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFontTest {
  @Test
  void withoutAFontTheErrorSaysWhatToInstall(@TempDir Path dir) {
    assertThatThrownBy(() -> ReportFont.find(List.of(dir.resolve("none.ttc"))))
        .isInstanceOf(ReportFont.Missing.class)
        .hasMessageContaining("apt-get install fonts-wqy-zenhei")
        .hasMessageContaining(dir.resolve("none.ttc").toString());
  }

  @Test
  void theFirstReadableCandidateWins(@TempDir Path dir) throws Exception {
    Path second = Files.writeString(dir.resolve("b.ttc"), "x");
    Path third = Files.writeString(dir.resolve("c.ttf"), "x");
    assertThat(ReportFont.find(List.of(dir.resolve("a.ttc"), second, third)).file()).isEqualTo(second);
  }

  @Test
  void aScaleBarIsOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(MapDrawing.niceLength(730)).isEqualTo(500);
    assertThat(MapDrawing.niceLength(4_999)).isEqualTo(2_000);
    assertThat(MapDrawing.niceLength(1_000)).isEqualTo(1_000);
    assertThat(MapDrawing.niceLength(0.3)).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
  }
}
