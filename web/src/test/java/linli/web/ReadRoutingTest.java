package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key a writer's position is kept under is its token, read as Auth reads it. */
class ReadRoutingTest {
  @Test
  void aTokenIsOneClientHoweverItsHeaderIsWritten() {
    String client = ReadRouting.client("Bearer s3cret");
    assertThat(client).hasSize(64).doesNotContain("s3cret");
    assertThat(ReadRouting.client("bearer s3cret")).isEqualTo(client);
    assertThat(ReadRouting.client("BEARER   s3cret  ")).isEqualTo(client);
    assertThat(ReadRouting.client("Bearer other")).isNotEqualTo(client);
  }

  @Test
  void noBearerTokenIsNoClient() {
    assertThat(ReadRouting.client(null)).isNull();
    assertThat(ReadRouting.client("Bearer   ")).isNull();
    assertThat(ReadRouting.client("Basic czNjcmV0")).isNull();
  }
}
