package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser refuses what the exposition format refuses, and the registry's output passes it. */
class PrometheusTextTest {
  @Test
  void refusesMalformedExpositions() {
    String[] bad = {
      "x 1\n",                                                   // no TYPE
      "# TYPE x counter\nx 1",                                   // no final line feed
      "# TYPE x counter\nx{a=\"1\"} 1\n# TYPE y gauge\ny 2\nx{a=\"2\"} 1\n", // family split
      "# TYPE x counter\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n",          // repeated series
      "# TYPE x counter\nx{a=\"\\t\"} 1\n",                      // bad escape
      "# TYPE x counter\nx{1a=\"v\"} 1\n",                       // bad label name
      "# TYPE x counter\nx -1\n",                                // negative counter
      "# TYPE x gauge\nx one\n",                                 // bad value
      "# TYPE 1x gauge\n",                                       // bad name
      "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n",
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",           // no +Inf
      "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 2\n",         // +Inf is not the count
    };
    for (String text : bad) {
      assertThatThrownBy(() -> PrometheusText.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theRegistryWritesWhatTheParserAccepts() {
    MetricsRegistry registry = new MetricsRegistry();
    MetricsRegistry.Counter c = registry.counter("t_total", "a \\ help\nline", "path");
    c.inc(1, "/a\"b\\c\nd");
    c.inc(2, "/a\"b\\c\nd");
    MetricsRegistry.Histogram h = registry.histogram("t_seconds", "latency", new double[] {0.1, 1}, "route");
    for (double v : new double[] {0.05, 0.5, 0.5, 7}) {
      h.observe(v, "/r");
    }
    registry.callback("t_gauge", "g", "gauge", () -> 2.5);
    PrometheusText p = PrometheusText.parse(registry.scrape());
    assertThat(p.value("t_total", Map.of("path", "/a\"b\\c\nd"))).isEqualTo(3);
    assertThat(p.value("t_seconds_bucket", Map.of("route", "/r", "le", "0.1"))).isEqualTo(1);
    assertThat(p.value("t_seconds_bucket", Map.of("route", "/r", "le", "1"))).isEqualTo(3);
    assertThat(p.value("t_seconds_bucket", Map.of("route", "/r", "le", "+Inf"))).isEqualTo(4);
    assertThat(p.value("t_seconds_sum", Map.of("route", "/r"))).isEqualTo(8.05);
    assertThat(p.value("t_gauge", Map.of())).isEqualTo(2.5);
    assertThat(p.types).containsEntry("t_total", "counter").containsEntry("t_seconds", "histogram");
  }
}
