package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentDispositionTest {
  @Test
  void theUtf8NameIsPercentEncodedBesideAnAsciiFallback() {
    String header = ContentDisposition.attachment("facilities_市南区_2026-12-03.csv", "facilities_370202_2026-12-03.csv");
    assertThat(header).isEqualTo("attachment; filename=\"facilities_370202_2026-12-03.csv\"; "
        + "filename*=UTF-8''facilities_%E5%B8%82%E5%8D%97%E5%8C%BA_2026-12-03.csv");
    // A space is %20, never '+' (RFC 8187 is not form encoding).
    assertThat(ContentDisposition.percentEncoded("a b+c")).isEqualTo("a%20b+c");
    String encoded = header.substring(header.indexOf("''") + 2);
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("facilities_市南区_2026-12-03.csv");
  }
}
