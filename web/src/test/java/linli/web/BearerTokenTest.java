package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One reading of the Authorization header, for Auth and read-your-writes routing alike. */
class BearerTokenTest {
  @Test
  void aTokenIsReadHoweverItsHeaderIsWritten() {
    assertThat(Auth.bearerToken("Bearer s3cret")).isEqualTo("s3cret");
    assertThat(Auth.bearerToken("bearer s3cret")).isEqualTo("s3cret");
    assertThat(Auth.bearerToken("BEARER   s3cret  ")).isEqualTo("s3cret");
  }

  @Test
  void noBearerTokenIsNone() {
    assertThat(Auth.bearerToken(null)).isNull();
    assertThat(Auth.bearerToken("Bearer   ")).isNull();
    assertThat(Auth.bearerToken("Basic czNjcmV0")).isNull();
  }
}
