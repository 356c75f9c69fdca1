package linli.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A small Prometheus registry: labelled counters, histograms and values read on each scrape, written
 * in the text exposition format 0.0.4. Hand-written because Linli needs a dozen series and no
 * sessions, exemplars or protobuf: one class to read instead of a dependency tree.
 */
final class MetricsRegistry {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private interface Family {
    void write(StringBuilder out);
  }

  private final List<Family> families = new CopyOnWriteArrayList<>();

  /** A counter with labels; each distinct label tuple is one series. */
  final class Counter implements Family {
    private final String name;
    private final String help;
    private final List<String> labels;
    private final Map<List<String>, DoubleAdder> series = new ConcurrentHashMap<>();

    private Counter(String name, String help, String... labels) {
      this.name = name;
      this.help = help;
      this.labels = List.of(labels);
    }

    void inc(double by, String... values) {
      series.computeIfAbsent(List.of(values), k -> new DoubleAdder()).add(by);
    }

    @Override
    public void write(StringBuilder out) {
      header(out, name, help, "counter");
      series.forEach((values, v) -> sample(out, name, labels, values, null, v.sum()));
    }
  }

  /** A histogram with labels: per series, counts per upper bound, a sum and a count. */
  final class Histogram implements Family {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final List<String> labels;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    private record Series(LongAdder[] buckets, DoubleAdder sum, LongAdder count) {}

    private Histogram(String name, String help, double[] bounds, String... labels) {
      this.name = name;
      this.help = help;
      this.bounds = bounds.clone();
      Arrays.sort(this.bounds);
      this.labels = List.of(labels);
    }

    void observe(double value, String... values) {
      Series s = series.computeIfAbsent(List.of(values), k -> {
        LongAdder[] b = new LongAdder[bounds.length];
        Arrays.setAll(b, i -> new LongAdder());
        return new Series(b, new DoubleAdder(), new LongAdder());
      });
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          s.buckets[i].increment();
          break;
        }
      }
      s.sum.add(value);
      s.count.increment();
    }

    @Override
    public void write(StringBuilder out) {
      header(out, name, help, "histogram");
      series.forEach((values, s) -> {
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
          cumulative += s.buckets[i].sum();
          sample(out, name + "_bucket", labels, values, number(bounds[i]), cumulative);
        }
        // Read the count once and use it for +Inf too, so the two always agree within a scrape.
        long count = Math.max(s.count.sum(), cumulative);
        sample(out, name + "_bucket", labels, values, "+Inf", count);
        sample(out, name + "_sum", labels, values, null, s.sum.sum());
        sample(out, name + "_count", labels, values, null, count);
      });
    }
  }

  Counter counter(String name, String help, String... labels) {
    Counter c = new Counter(name, help, labels);
    families.add(c);
    return c;
  }

  Histogram histogram(String name, String help, double[] bounds, String... labels) {
    Histogram h = new Histogram(name, help, bounds, labels);
    families.add(h);
    return h;
  }

  /** A value without labels read at each scrape ({@code type}: gauge or counter). */
  void callback(String name, String help, String type, Supplier<Number> value) {
    families.add(out -> {
      header(out, name, help, type);
      sample(out, name, List.of(), List.of(), null, value.get().doubleValue());
    });
  }

  String scrape() {
    StringBuilder out = new StringBuilder(8192);
    for (Family f : families) {
      f.write(out);
    }
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, List<String> labels, List<String> values, String le,
      double value) {
    out.append(name);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      pairs.add(labels.get(i) + "=\"" + escape(values.get(i)) + "\"");
    }
    if (le != null) {
      pairs.add("le=\"" + le + "\"");
    }
    if (!pairs.isEmpty()) {
      out.append('{').append(String.join(",", pairs)).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
  }

  private static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
