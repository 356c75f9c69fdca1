package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser refuses what the exposition format refuses, and the Prometheus client's output passes it. */
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
      "# TYPE s summary\ns_sum 1\ns_count 2\ns 3\n",                              // no quantile label
    };
    for (String text : bad) {
      assertThatThrownBy(() -> PrometheusText.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** What Linli's /metrics is written with (the Prometheus client's text writer) passes the parser. */
  @Test
  void theClientWritesWhatTheParserAccepts() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter c = Counter.builder().name("t_total").help("a \\ help\nline").labelNames("path").register(registry);
    c.labelValues("/a\"b\\c\nd").inc();
    c.labelValues("/a\"b\\c\nd").inc(2);
    Histogram h = Histogram.builder().name("t_seconds").help("latency").labelNames("route").classicOnly()
        .classicUpperBounds(0.1, 1).register(registry);
    for (double v : new double[] {0.05, 0.5, 0.5, 7}) {
      h.labelValues("/r").observe(v);
    }
    GaugeWithCallback.builder().name("t_gauge").help("g").callback(cb -> cb.call(2.5)).register(registry);
    JvmMetrics.builder().register(registry);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    PrometheusText p = PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    assertThat(p.value("t_total", Map.of("path", "/a\"b\\c\nd"))).isEqualTo(3);
    assertThat(p.help.get("t_total")).isEqualTo("a \\\\ help\\nline");
    assertThat(p.value("t_seconds_bucket", Map.of("route", "/r", "le", "0.1"))).isEqualTo(1);
    assertThat(p.value("t_seconds_bucket", Map.of("route", "/r", "le", "1.0"))).isEqualTo(3);
    assertThat(p.value("t_seconds_bucket", Map.of("route", "/r", "le", "+Inf"))).isEqualTo(4);
    assertThat(p.value("t_seconds_sum", Map.of("route", "/r"))).isEqualTo(8.05);
    assertThat(p.value("t_gauge", Map.of())).isEqualTo(2.5);
    assertThat(p.types).containsEntry("t_total", "counter").containsEntry("t_seconds", "histogram")
        .containsEntry("jvm_memory_used_bytes", "gauge").containsEntry("process_cpu_seconds_total", "counter");
  }
}
