package linli.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written for the tests from the
 * format's description (promtool is not available here). It refuses anything the format does not
 * allow: bad names, bad escapes, samples before their TYPE, a family split in two, repeated series,
 * histograms whose buckets are not cumulative or whose +Inf bucket is not the count, summary samples
 * other than quantiles, _sum and _count.
 */
final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  record Sample(String name, Map<String, String> labels, double value) {}

  final List<Sample> samples = new ArrayList<>();
  final Map<String, String> types = new LinkedHashMap<>();
  final Map<String, String> help = new HashMap<>();

  static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a line feed");
    }
    Set<String> closedFamilies = new HashSet<>();
    Set<String> seenSeries = new HashSet<>();
    String currentFamily = null;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          String[] parts = line.split(" ", 4);
          if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            String name = parts[2];
            require(METRIC_NAME.matcher(name).matches(), "bad metric name " + name);
            if (parts[1].equals("TYPE")) {
              require(parts.length == 4 && TYPES.contains(parts[3]), "bad TYPE line");
              require(!p.types.containsKey(name), "second TYPE for " + name);
              require(p.samples.stream().noneMatch(s -> family(s.name(), p.types).equals(name)),
                  "TYPE after samples of " + name);
              p.types.put(name, parts[3]);
            } else {
              require(!p.help.containsKey(name), "second HELP for " + name);
              String doc = parts.length == 4 ? parts[3] : "";
              checkEscapes(doc, false);
              p.help.put(name, doc);
            }
          }
          continue;
        }
        Sample s = sample(line);
        String family = family(s.name(), p.types);
        require(p.types.containsKey(family), "sample " + s.name() + " has no TYPE line before it");
        if (!family.equals(currentFamily)) {
          require(closedFamilies.add(family), "family " + family + " appears in two places");
          currentFamily = family;
        }
        String type = p.types.get(family);
        if (type.equals("histogram")) {
          require(s.name().equals(family + "_bucket") || s.name().equals(family + "_sum")
              || s.name().equals(family + "_count"), "histogram sample " + s.name());
          require(s.name().endsWith("_bucket") == s.labels().containsKey("le"), "le only on _bucket: " + s.name());
        } else if (type.equals("summary")) {
          require(s.name().equals(family + "_sum") || s.name().equals(family + "_count")
              || s.name().equals(family) && s.labels().containsKey("quantile"), "summary sample " + s.name());
        } else {
          require(s.name().equals(family), "sample " + s.name() + " in family " + family);
        }
        if (type.equals("counter")) {
          require(s.value() >= 0, "negative counter " + s.name());
        }
        require(seenSeries.add(s.name() + new TreeMap<>(s.labels())), "repeated series " + s.name() + s.labels());
        p.samples.add(s);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage() + ": " + line, e);
      }
    }
    p.checkHistograms();
    return p;
  }

  /** The family a sample belongs to: a histogram's _bucket, _sum and _count belong to its name. */
  private static String family(String name, Map<String, String> types) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
          return base;
        }
      }
    }
    return name;
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    require(METRIC_NAME.matcher(name).matches(), "bad metric name '" + name + "'");
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        require(eq > i, "label without =");
        String label = line.substring(i, eq);
        require(LABEL_NAME.matcher(label).matches() && !label.startsWith("__"), "bad label name '" + label + "'");
        require(line.charAt(eq + 1) == '"', "label value must be quoted");
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(j + 1);
            require(next == '\\' || next == '"' || next == 'n', "bad escape \\" + next);
            value.append(next == 'n' ? '\n' : next);
            j += 2;
          } else {
            value.append(c);
            j++;
          }
        }
        require(labels.put(label, value.toString()) == null, "label " + label + " twice");
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        } else {
          require(line.charAt(i) == '}', "expected , or }");
        }
      }
      i++;
    }
    require(i < line.length() && line.charAt(i) == ' ', "expected a space before the value");
    String[] rest = line.substring(i + 1).split(" ");
    require(rest.length == 1 || rest.length == 2, "expected a value and an optional timestamp");
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, labels, value(rest[0]));
  }

  private static double value(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        require(v.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"), "bad value '" + v + "'");
        yield Double.parseDouble(v);
      }
    };
  }

  private static void checkEscapes(String doc, boolean quotes) {
    for (int j = 0; j < doc.length(); j++) {
      if (doc.charAt(j) == '\\') {
        require(j + 1 < doc.length() && (doc.charAt(j + 1) == '\\' || doc.charAt(j + 1) == 'n'
            || (quotes && doc.charAt(j + 1) == '"')), "bad escape in HELP");
        j++;
      }
    }
  }

  private void checkHistograms() {
    types.forEach((family, type) -> {
      if (!type.equals("histogram")) {
        return;
      }
      Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
      for (Sample s : samples) {
        if (s.name().equals(family + "_bucket")) {
          Map<String, String> key = new TreeMap<>(s.labels());
          key.remove("le");
          buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
      }
      buckets.forEach((labels, series) -> {
        double lastLe = Double.NEGATIVE_INFINITY;
        double lastCount = 0;
        for (Sample b : series) {
          double le = value(b.labels().get("le"));
          require(le > lastLe, family + labels + ": le not ascending");
          require(b.value() >= lastCount, family + labels + ": buckets not cumulative");
          lastLe = le;
          lastCount = b.value();
        }
        require(lastLe == Double.POSITIVE_INFINITY, family + labels + ": no +Inf bucket");
        require(value(family + "_count", labels) == lastCount, family + labels + ": +Inf bucket is not the count");
        require(!Double.isNaN(value(family + "_sum", labels)), family + labels + ": no sum");
      });
    });
  }

  /** The value of the series with exactly these labels; NaN when absent. */
  double value(String name, Map<String, String> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && new TreeMap<>(s.labels()).equals(new TreeMap<>(labels)))
        .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
  }

  /** As {@link #value}, with 0 for a series not (yet) there. */
  double valueOrZero(String name, Map<String, String> labels) {
    double v = value(name, labels);
    return Double.isNaN(v) ? 0 : v;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
