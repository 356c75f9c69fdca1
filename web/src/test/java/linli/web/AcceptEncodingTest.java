package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Accept-Encoding headers take a gzipped tile (RFC 9110 12.5.3). */
class AcceptEncodingTest {
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL | false",
      "'' | false",
      "identity | false",
      "br | false",
      "gzip | true",
      "GZip | true",
      "x-gzip | true",
      "'gzip, deflate, br, zstd' | true",  // Chromium
      "'br;q=1.0, gzip;q=0.8, *;q=0.1' | true",
      "'gzip;q=0' | false",
      "'gzip; q=0.000, br' | false",
      "'*' | true",
      "'*;q=0' | false",
      "'*, gzip;q=0' | false",  // refused by name, whatever * says
      "'gzip;q=0, *' | false",
      "'identity, *;q=0.5' | true",
      "'gzip;q=abc' | false",  // an unreadable weight is not taken as yes
      "'deflate, gzip ;q=0.5' | true",
  })
  void gzipIsTakenWhenNamedOrWildcardedWithAWeight(String header, boolean expected) {
    assertThat(TileHandlers.acceptsGzip(header)).isEqualTo(expected);
  }
}
