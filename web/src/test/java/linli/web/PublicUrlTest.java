package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** LINLI_PUBLIC_URL as LinliConfig reads it, and the paths written under its base path. */
class PublicUrlTest {
  @Test
  void aBaseUrlWithAPathLosesItsTrailingSlash() {
    assertThat(LinliConfig.from(Map.of("LINLI_PUBLIC_URL", " https://gis.example.cn/linli/ ")).publicUrl())
        .isEqualTo("https://gis.example.cn/linli");
    assertThat(LinliConfig.from(Map.of("LINLI_PUBLIC_URL", "http://10.0.0.5:8080")).publicUrl())
        .isEqualTo("http://10.0.0.5:8080");
    assertThat(LinliConfig.from(Map.of()).publicUrl()).isNull();
  }

  @Test
  void locationsCarryTheBasePath() {
    assertThat(new PublicUrl("https://gis.example.cn/linli").path("/api/facilities/7")).isEqualTo("/linli/api/facilities/7");
    assertThat(new PublicUrl("https://gis.example.cn").path("/api/facilities/7")).isEqualTo("/api/facilities/7");
    assertThat(new PublicUrl(null).path("/api/facilities/7")).isEqualTo("/api/facilities/7");
  }

  @Test
  void anythingButAnHttpBaseUrlIsRefused() {
    for (String bad : new String[] {"gis.example.cn/linli", "ftp://gis.example.cn", "https://gis.example.cn/?a=1",
        "https://gis.example.cn/#x", "https://user:pw@gis.example.cn", "https:///linli", "https://gis example.cn"}) {
      assertThatThrownBy(() -> LinliConfig.from(Map.of("LINLI_PUBLIC_URL", bad))).as(bad)
          .hasMessageContaining("LINLI_PUBLIC_URL").hasMessageNotContaining("pw@");
    }
  }
}
